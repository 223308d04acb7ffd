import type { FieldPath, ManifestObject } from "../model/manifest.js";
import type { CompiledPolicy, Provenance } from "../model/rule.js";
import { policyKey, type CompiledRepository, type PolicyEntry } from "./analyze-repository.js";

/** A policy whose head version is invalid while its base version was valid (OBJ-5). */
export interface KeptPolicy {
  head: PolicyEntry;
  base: PolicyEntry;
}

/** `specs[0].egress[2]` → `["specs", 0, "egress", 2]`. */
const fieldPath = (rulePath: string): FieldPath =>
  rulePath.split(/\.|(?=\[)/).flatMap((seg): Array<string | number> => (seg.startsWith("[") ? [Number(seg.slice(1, -1))] : seg ? [seg] : []));

/**
 * The base version's rules, with positions moved to the same fields of the head object: findings
 * then point into the head file, where the reader (and the check annotation) is.
 */
function atHeadPositions(compiled: CompiledPolicy, head: ManifestObject): CompiledPolicy {
  const move = <T extends { provenance: Provenance }>(x: T): T => ({ ...x, provenance: { ...x.provenance, ...head.at(fieldPath(x.provenance.rulePath)) } });
  return { ...compiled, rules: compiled.rules.map(move), defaultDeny: compiled.defaultDeny.map(move) };
}

/**
 * OBJ-5: the agent validates an update before replacing the previous generation, so a policy that
 * was valid on the base and is invalid on the head stays in force as it was. Model the head that way.
 * (A policy that is new and invalid is absent, OBJ-4, which is what compileRepository already gives.)
 */
export function keepValidBaseVersions(base: CompiledRepository, head: CompiledRepository): { repo: CompiledRepository; kept: KeptPolicy[] } {
  const valid = new Map(base.policies.filter((p) => p.compiled).map((p) => [policyKey(p.object), p]));
  const kept: KeptPolicy[] = [];
  const policies = head.policies.map((p) => {
    const before = valid.get(policyKey(p.object));
    if (p.compiled || !before || !p.diagnostics.some((d) => d.severity === "error")) return p;
    kept.push({ head: p, base: before });
    return { ...p, compiled: atHeadPositions(before.compiled!, p.object) };
  });
  return { repo: { ...head, policies }, kept };
}
