import rule from "../../../src/core/rules/external-egress.js";
import { cnp, namespaces, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

const egress = (ns: string, rule: string) => cnp(ns, "egress", `endpointSelector: {}\negress:\n${rule}`);
const https = `\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]`;

ruleTester(rule, {
  valid: [
    { name: "an approved DNS pattern", files: { ...tenants(), "e.yaml": egress("sales", `  - toFQDNs: [{matchPattern: "*.salesforce.com"}]${https}`) } },
    { name: "a name inside an approved pattern", files: { ...tenants(), "e.yaml": egress("sales", `  - toFQDNs: [{matchName: login.salesforce.com}]${https}`) } },
    { name: "a block inside an approved CIDR", files: { ...tenants(), "e.yaml": egress("sales", `  - toCIDR: [203.0.113.128/25]${https}`) } },
    { name: "egress not in default deny: default-deny's finding", files: { "namespaces.yaml": namespaces("sales") } },
    { name: "platform namespaces have no allowlist", files: { ...tenants(), "e.yaml": egress("kube-system", "  - toEntities: [world]") } },
  ],
  invalid: [
    {
      name: "a pattern wider than the approved one (FQDN-2: ** spans labels)",
      files: { ...tenants(), "e.yaml": egress("sales", `  - toFQDNs: [{matchPattern: "**.salesforce.com"}] # <- fqdn${https}`) },
      errors: [{ messageId: "unapprovedFqdn", at: "e.yaml#fqdn", from: "sales", to: "**.salesforce.com", ports: "TCP 443" }],
    },
    {
      name: "a block that only partly overlaps the approved CIDR",
      files: { ...tenants(), "e.yaml": egress("sales", `  - toCIDR: [203.0.112.0/23] # <- cidr${https}`) },
      errors: [{ messageId: "unapprovedCidr", at: "e.yaml#cidr", from: "sales", to: "203.0.112.0/24", ports: "TCP 443" }],
    },
    {
      name: "a tenant without an allowlist",
      files: { ...tenants(), "e.yaml": egress("marketing", `  - toCIDR: [198.51.100.0/24] # <- cidr`) },
      errors: [{ messageId: "unapprovedCidr", at: "e.yaml#cidr", from: "marketing", to: "198.51.100.0/24", ports: "all" }],
    },
  ],
});
