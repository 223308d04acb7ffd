import rule from "../../../src/core/rules/fqdn-without-dns.js";
import { cnp, namespaces, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

const toSalesforce = (ns: string) => cnp(ns, "salesforce", 'endpointSelector: {}\negress:\n  - toFQDNs: [{matchPattern: "*.salesforce.com"}] # <- fqdn\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]');
const dnsWithoutL7 = cnp(
  "sales",
  "dns",
  'endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]\n    toPorts: [{ports: [{port: "53", protocol: UDP}]}]',
);

ruleTester(rule, {
  valid: [
    { name: "a DNS rule with an L7 DNS section covers the name", files: { ...tenants(), "f.yaml": toSalesforce("sales") } },
    { name: "no FQDN rules", files: tenants() },
  ],
  invalid: [
    {
      name: "DNS allowed at L4 only: the proxy never sees the answers (FQDN-3)",
      files: { "namespaces.yaml": namespaces("sales"), "d.yaml": dnsWithoutL7, "f.yaml": toSalesforce("sales") },
      errors: [{ messageId: "noDnsVisibility", at: "f.yaml#fqdn", from: "sales", to: "*.salesforce.com" }],
    },
    {
      name: "a DNS rule that does not cover the name",
      files: {
        "namespaces.yaml": namespaces("sales"),
        "d.yaml": cnp("sales", "dns", 'endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]\n    toPorts:\n      - ports: [{port: "53", protocol: UDP}]\n        rules: {dns: [{matchPattern: "*.example.com"}]}'),
        "f.yaml": toSalesforce("sales"),
      },
      errors: [{ messageId: "noDnsVisibility", at: "f.yaml#fqdn" }],
    },
  ],
});
