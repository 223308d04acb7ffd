import rule from "../../../src/core/rules/invalid-policy.js";
import { cnp, knp, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

const twoPeerKinds = cnp("sales", "mixed", "endpointSelector: {}\negress:\n  - toEndpoints: [{}]\n    toCIDR: [10.0.0.0/8] # <- bad");
const valid = cnp("sales", "mixed", "endpointSelector: {}\negress:\n  - toEndpoints: [{}]");

ruleTester(rule, {
  valid: [
    { name: "valid policies", files: tenants() },
    { name: "a policy that becomes valid", base: { ...tenants(), "p.yaml": twoPeerKinds }, files: { ...tenants(), "p.yaml": valid } },
  ],
  invalid: [
    {
      name: "two peer kinds in one rule (PEER-1): enforced by nobody (OBJ-4)",
      files: { ...tenants(), "p.yaml": twoPeerKinds },
      errors: [{ messageId: "invalid", at: "p.yaml#bad", col: 15, from: "CiliumNetworkPolicy sales/mixed" }],
    },
    {
      name: "a NetworkPolicy the API server rejects",
      files: { ...tenants(), "k.yaml": knp("sales", "bad-cidr", "podSelector: {}\negress:\n  - to:\n      - ipBlock: {cidr: 10.0.0.0/33} # <- bad") },
      errors: [{ messageId: "invalid", at: "k.yaml#bad", col: 27 }],
    },
    {
      name: "an update that breaks a valid policy: the old version stays in force (OBJ-5)",
      base: { ...tenants(), "p.yaml": valid },
      files: { ...tenants(), "p.yaml": twoPeerKinds },
      errors: [{ messageId: "invalidUpdate", at: "p.yaml#bad", col: 15 }],
    },
  ],
});
