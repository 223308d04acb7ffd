import rule from "../../../src/core/rules/default-deny.js";
import { cnp, deployment, knp, namespaces, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

const marked = `apiVersion: v1 # <- ns
kind: Namespace
metadata:
  name: marketing
`;

ruleTester(rule, {
  valid: [
    { name: "tenants with a baseline", files: tenants() },
    {
      name: "a NetworkPolicy deny-all in both directions (DD-8)",
      files: { "namespaces.yaml": namespaces("sales"), "k.yaml": knp("sales", "deny-all", "podSelector: {}\npolicyTypes: [Ingress, Egress]") },
    },
    { name: "a platform namespace without policies", files: { ...tenants(), "ks.yaml": namespaces("kube-system") } },
    {
      name: "a tenant namespace only referenced by another namespace's policy is not this repository's",
      files: { "namespaces.yaml": namespaces("sales"), "sales.yaml": cnp("sales", "b", "endpointSelector: {}\ningress: [{}]\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: marketing}}]") },
    },
    { name: "policyEnforcementMode always", files: { "namespaces.yaml": namespaces("sales") }, config: "tenants: {sales: {namespaces: [sales]}}\ncilium: {policyEnforcementMode: always}\n" },
  ],
  invalid: [
    {
      name: "a declared namespace without any policy: both directions, at the Namespace",
      files: { "namespaces.yaml": namespaces("sales"), "marketing-ns.yaml": marked, "sales/baseline.yaml": tenants()["sales/baseline.yaml"]! },
      errors: [
        { messageId: "notDefaultDeny", at: "marketing-ns.yaml#ns", from: "marketing" },
        { messageId: "notDefaultDeny", at: "marketing-ns.yaml#ns", from: "marketing" },
      ],
    },
    {
      name: "an ingress-only policy leaves egress open (DD-2): at the workload",
      files: {
        "namespaces.yaml": namespaces("sales"),
        "web.yaml": deployment("sales", "web").replace("apiVersion: apps/v1", "apiVersion: apps/v1 # <- web"),
        "p.yaml": cnp("sales", "ingress-only", "endpointSelector: {}\ningress:\n  - fromEndpoints: [{}]"),
      },
      errors: [{ messageId: "notDefaultDeny", at: "web.yaml#web", from: "sales" }],
    },
  ],
});
