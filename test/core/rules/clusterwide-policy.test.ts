import rule from "../../../src/core/rules/clusterwide-policy.js";
import { ccnp, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "no clusterwide policy", files: tenants() },
    {
      name: "every pod may reach DNS (a platform flow)",
      files: { ...tenants(), "c.yaml": ccnp("dns", "endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]") },
    },
    {
      name: "a clusterwide policy pinned to one tenant",
      files: {
        ...tenants(),
        "c.yaml": ccnp("sales-internal", "endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: sales}}\ningress:\n  - fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: sales}}]"),
      },
    },
  ],
  invalid: [
    {
      name: "`{}` on both sides: every pod to every pod (§16 item 6)",
      files: { ...tenants(), "c.yaml": ccnp("allow-all", "endpointSelector: {}\ningress:\n  - fromEndpoints: [{}] # <- in\negress:\n  - toEndpoints: [{}] # <- out") },
      errors: [
        { messageId: "clusterwide", at: "c.yaml#in", from: "tenant marketing, tenant sales", to: "tenant marketing, tenant sales" },
        { messageId: "clusterwide", at: "c.yaml#out" },
      ],
    },
    {
      name: "namespace labels that select two tenants",
      files: {
        ...tenants(),
        "c.yaml": ccnp("sales-reads-marketing", "endpointSelector: {matchLabels: {io.cilium.k8s.namespace.labels.tenant: sales}}\negress:\n  - toEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.tenant: marketing}}] # <- out"),
      },
      errors: [{ messageId: "clusterwide", at: "c.yaml#out", from: "tenant sales", to: "tenant marketing" }],
    },
  ],
});
