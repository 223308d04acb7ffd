import rule from "../../../src/core/rules/latent-cross-tenant.js";
import { cnp, namespaces, tenants } from "./fixtures.js";
import { ruleTester, TEST_CONFIG } from "./rule-tester.js";

const marketingFromSales = cnp(
  "marketing",
  "from-sales",
  `endpointSelector: {}
ingress:
  - fromEndpoints: # <- in
      - matchLabels: {io.kubernetes.pod.namespace: sales}
    toPorts:
      - ports: [{port: "8080", protocol: TCP}]`,
);
const salesToMarketing = cnp(
  "sales",
  "to-marketing",
  `endpointSelector: {}
egress:
  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: marketing}}] # <- out`,
);

ruleTester(rule, {
  valid: [
    { name: "tenants that keep to themselves", files: tenants() },
    {
      name: "both sides allow the same ports: effective, so cross-tenant's finding",
      files: { ...tenants(), "m.yaml": marketingFromSales, "s.yaml": salesToMarketing.replace("# <- out", '\n      toPorts: [{ports: [{port: "8080", protocol: TCP}]}]') },
    },
    { name: "a grant to the platform's DNS", files: tenants() },
    {
      name: "the receiving side is not in default deny: effective, not latent",
      files: { "namespaces.yaml": namespaces("sales", "marketing"), "s.yaml": salesToMarketing },
    },
    { name: "an exception approves the grant", files: { ...tenants(), "m.yaml": marketingFromSales }, config: `${TEST_CONFIG}exceptions:\n  - {from: sales, to: marketing, reason: MKT-1}\n` },
  ],
  invalid: [
    {
      name: "sales' egress admits more ports than marketing's ingress: the rest is latent",
      files: { ...tenants(), "m.yaml": marketingFromSales, "s.yaml": salesToMarketing },
      errors: [{ messageId: "latentEgress", at: "s.yaml#out", from: "sales", to: "marketing", ports: "TCP 1-8079,8081-65535 UDP all SCTP all ICMP all ICMPv6 all" }],
    },
    {
      name: "marketing admits sales, sales' egress blocks it",
      files: { ...tenants(), "m.yaml": marketingFromSales },
      errors: [{ messageId: "latentIngress", at: "m.yaml#in", from: "sales", to: "marketing", ports: "TCP 8080" }],
    },
    {
      name: "sales sends to marketing, marketing's ingress blocks it",
      files: { ...tenants(), "s.yaml": salesToMarketing },
      errors: [{ messageId: "latentEgress", at: "s.yaml#out", from: "sales", to: "marketing", ports: "all" }],
    },
  ],
});
