import type { ManifestObject } from "../../model/manifest.js";
import type { CompileContext, PolicyKind } from "../../model/policy-kind.js";
import type { CompiledPolicy } from "../../model/rule.js";
import { compileCiliumPolicy } from "../cilium-shared/compile-policy.js";

/**
 * Compile a namespaced CiliumNetworkPolicy (OBJ-1): `spec` and/or `specs`, subject pinned to the
 * policy namespace (SUBJ-2), peers namespace-injected per §3.3. Invalid → null (OBJ-4).
 *
 * @example
 * const compiled = compileCiliumNetworkPolicy(object, { profile: ciliumProfile, inventory, report });
 * compiled?.rules[0]?.provenance.rulePath; // "spec.ingress[0]"
 */
export const compileCiliumNetworkPolicy = (object: ManifestObject, ctx: CompileContext): CompiledPolicy | null =>
  compileCiliumPolicy(object, ctx, false);

/** CiliumNetworkPolicy (`cilium.io/v2`, the only served version). */
export const ciliumNetworkPolicyKind: PolicyKind = {
  id: "cilium-network-policy",
  kind: "CiliumNetworkPolicy",
  apiVersions: ["cilium.io/v2"],
  compile: compileCiliumNetworkPolicy,
};

export { CODES as CILIUM_CODES } from "../cilium-shared/context.js";
