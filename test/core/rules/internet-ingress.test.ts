import rule from "../../../src/core/rules/internet-ingress.js";
import { cnp, knp, namespaces, tenants } from "./fixtures.js";
import { ruleTester, TEST_CONFIG } from "./rule-tester.js";

const ingress = (ns: string, rule: string) => cnp(ns, "ingress", `endpointSelector: {}\ningress:\n${rule}`);

ruleTester(rule, {
  valid: [
    { name: "ingress only from inside the namespace", files: tenants() },
    { name: "from the Gateway's Envoy (the ingress entity)", files: { ...tenants(), "i.yaml": ingress("sales", "  - fromEntities: [ingress]") } },
    {
      name: "an approved source",
      files: { ...tenants(), "i.yaml": ingress("sales", "  - fromCIDR: [198.51.100.7/32]") },
      config: TEST_CONFIG.replace('cidrs: ["203.0.113.0/24"]}', 'cidrs: ["203.0.113.0/24"]}\n    ingress: {cidrs: ["198.51.100.0/24"]}'),
    },
    { name: "ingress not in default deny: default-deny's finding", files: { "namespaces.yaml": namespaces("sales") } },
  ],
  invalid: [
    {
      name: "a CIDR rule open to the Internet",
      files: { ...tenants(), "i.yaml": ingress("marketing", '  - fromCIDR: [0.0.0.0/0] # <- world\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]') },
      errors: [{ messageId: "internetIngress", at: "i.yaml#world", from: "0.0.0.0/0", to: "marketing", ports: "TCP 443" }],
    },
    {
      name: "a NetworkPolicy rule without `from` admits every source, IPv4 and IPv6 (KNP-2)",
      files: { ...tenants(), "k.yaml": knp("sales", "open", "podSelector: {}\ningress:\n  - ports: [{port: 8443}] # <- open") },
      errors: [
        { messageId: "internetIngress", at: "k.yaml#open", from: "0.0.0.0/0", to: "sales", ports: "TCP 8443" },
        { messageId: "internetIngress", at: "k.yaml#open", from: "::/0", to: "sales", ports: "TCP 8443" },
      ],
    },
  ],
});
