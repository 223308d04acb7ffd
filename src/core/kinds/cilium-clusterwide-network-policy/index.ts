import type { ManifestObject } from "../../model/manifest.js";
import type { CompileContext, PolicyKind } from "../../model/policy-kind.js";
import type { CompiledPolicy } from "../../model/rule.js";
import { compileCiliumPolicy } from "../cilium-shared/compile-policy.js";

/**
 * Compile a cluster-scoped CiliumClusterwideNetworkPolicy (OBJ-2): subject not pinned (SUBJ-3), peers
 * without a namespace key get `io.kubernetes.pod.namespace Exists` (NS-2). `nodeSelector` rules are host
 * policies: validated, then left out with HOST_POLICY_OUT_OF_SCOPE (SUBJ-4, HOST-1). Invalid → null (OBJ-4).
 *
 * @example
 * const compiled = compileCiliumClusterwideNetworkPolicy(object, { profile: ciliumProfile, inventory, report });
 * compiled?.policy; // "allow-dns" (no namespace)
 */
export const compileCiliumClusterwideNetworkPolicy = (object: ManifestObject, ctx: CompileContext): CompiledPolicy | null =>
  compileCiliumPolicy(object, ctx, true);

/** CiliumClusterwideNetworkPolicy (`cilium.io/v2`, the only served version). */
export const ciliumClusterwideNetworkPolicyKind: PolicyKind = {
  id: "cilium-clusterwide-network-policy",
  kind: "CiliumClusterwideNetworkPolicy",
  apiVersions: ["cilium.io/v2"],
  compile: compileCiliumClusterwideNetworkPolicy,
};
