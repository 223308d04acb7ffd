import rule from "../../../src/core/rules/broad-entity.js";
import { ccnp, cnp, knp, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

ruleTester(rule, {
  valid: [
    { name: "tenant policies that name namespaces", files: tenants() },
    { name: "a clusterwide policy (clusterwide-policy's concern)", files: { ...tenants(), "c.yaml": ccnp("dns", "endpointSelector: {}\negress:\n  - toEntities: [cluster]") } },
    { name: "a platform policy", files: { ...tenants(), "p.yaml": cnp("kube-system", "out", "endpointSelector: {}\negress:\n  - toEntities: [world]") } },
    { name: "a deny rule with world narrows access", files: { ...tenants(), "d.yaml": cnp("sales", "no-world", "endpointSelector: {}\negressDeny:\n  - toEntities: [world]") } },
  ],
  invalid: [
    {
      name: "cluster in a namespaced policy reaches every namespace (ENT-1)",
      files: { ...tenants(), "p.yaml": cnp("sales", "all-cluster", "endpointSelector: {}\negress:\n  - toEntities: [cluster] # <- cluster") },
      errors: [{ messageId: "broadEntity", at: "p.yaml#cluster", from: "sales", to: "cluster" }],
    },
    {
      name: "world and all, once each per policy and direction",
      files: { ...tenants(), "p.yaml": cnp("marketing", "open", "endpointSelector: {}\ningress:\n  - fromEntities: [world, all] # <- both\n  - fromEntities: [world]") },
      errors: [
        { messageId: "broadEntity", at: "p.yaml#both", from: "all", to: "marketing" },
        { messageId: "broadEntity", at: "p.yaml#both", from: "world", to: "marketing" },
      ].sort((a, b) => (a.from < b.from ? 1 : -1)),
    },
    {
      name: "a NetworkPolicy rule with no peer (PEER-3, KNP-2)",
      files: { ...tenants(), "k.yaml": knp("sales", "open", "podSelector: {}\ningress:\n  - ports: [{port: 443}] # <- open") },
      errors: [{ messageId: "noPeer", at: "k.yaml#open" }],
    },
  ],
});
