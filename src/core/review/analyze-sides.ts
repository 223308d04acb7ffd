import { buildAccessModel, compiledPolicies, compileRepository, policyKey, type CompiledRepository, type PolicyEntry } from "../analyze/analyze-repository.js";
import { diffAccess, type AccessChange } from "../diff/diff-access.js";
import { computeAccess } from "../engine/access.js";
import { externalCuts } from "../engine/universe.js";
import type { FieldPath, ManifestObject } from "../model/manifest.js";
import type { SourceFile } from "../model/position.js";
import type { CompiledPolicy, Provenance } from "../model/rule.js";
import type { Profile } from "../model/profile.js";
import { accessRows } from "../report/access-rows.js";
import type { SideAnalysis } from "../rules/define-rule.js";

/** A policy whose head version is invalid while its base version was valid (OBJ-5). */
export interface KeptPolicy {
  head: PolicyEntry;
  base: PolicyEntry;
}

export interface ReviewSides {
  base: SideAnalysis;
  head: SideAnalysis;
  changes: AccessChange[];
  kept: KeptPolicy[];
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
function keepValidBaseVersions(base: CompiledRepository, head: CompiledRepository): { repo: CompiledRepository; kept: KeptPolicy[] } {
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

/**
 * Analyse both sides the way `analyzeChange` does (common external cuts and common peers, so that
 * both sides talk about the same address blocks and pods), with OBJ-5 applied to the head and the connections kept for the rules.
 */
export function analyzeSides(base: readonly SourceFile[], head: readonly SourceFile[], profile: Profile): ReviewSides {
  const baseRepo = compileRepository(base, profile);
  const { repo: headRepo, kept } = keepValidBaseVersions(baseRepo, compileRepository(head, profile));
  const repos = [baseRepo, headRepo] as const;
  const cuts = {
    ingress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "ingress")),
    egress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "egress")),
  };
  const keptKeys = new Set(kept.map((k) => policyKey(k.head.object)));
  const [b, h] = repos.map((repo, i): SideAnalysis => {
    // Both sides share peers (selectors, entities, DNS names of either side), as in analyzeChange.
    const model = buildAccessModel(repo, { cuts, alsoPeersOf: compiledPolicies(repos[1 - i]!) });
    return { side: i === 0 ? "base" : "head", repo, model, connections: computeAccess(model), keptFromBase: i === 0 ? new Set() : keptKeys };
  }) as [SideAnalysis, SideAnalysis];
  return { base: b, head: h, changes: diffAccess(accessRows(b.connections), accessRows(h.connections)), kept };
}
