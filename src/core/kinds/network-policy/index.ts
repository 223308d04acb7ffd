import type { PolicyKind } from "../../model/policy-kind.js";
import { KIND, compileNetworkPolicy } from "./compile.js";

/** Kubernetes NetworkPolicy (OBJ-3, KNP-1..5): translated into the rule model, as Cilium or upstream enforces it. */
export const networkPolicyKind: PolicyKind = {
  id: "network-policy",
  kind: KIND,
  apiVersions: ["networking.k8s.io/v1", "extensions/v1beta1"],
  compile: compileNetworkPolicy,
};

export { compileNetworkPolicy } from "./compile.js";
export { CODES as NETWORK_POLICY_CODES } from "./reader.js";
