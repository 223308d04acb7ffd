import { computeAccess } from "../engine/access.js";
import { externalCuts } from "../engine/universe.js";
import type { AccessModel } from "../engine/access-model.js";
import { createParseCache, type ParseCache } from "../load/index.js";
import type { SourceFile } from "../model/position.js";
import type { Profile } from "../model/profile.js";
import { accessRows, type AccessRow } from "../report/access-rows.js";
import { diffAccess, type AccessChange } from "../diff/diff-access.js";
import { buildAccessModel, compiledPolicies, compileRepository, type CompiledRepository } from "./analyze-repository.js";
import type { RepresentativeMode } from "../engine/universe.js";

export interface ChangeSide {
  repo: CompiledRepository;
  model: AccessModel;
  rows: AccessRow[];
}

export interface ChangeAnalysis {
  base: ChangeSide;
  head: ChangeSide;
  changes: AccessChange[];
}

/**
 * Analyse both sides of a change on a common footing: the external address space of both sides is
 * split at the CIDRs either side mentions, so that the diff compares the same address blocks.
 */
export function analyzeChange(
  base: readonly SourceFile[],
  head: readonly SourceFile[],
  options: { profile?: Profile; representatives?: RepresentativeMode; cache?: ParseCache } = {},
): ChangeAnalysis {
  // Base and head share almost every file: each distinct file is parsed once, and its objects are shared.
  const cache = options.cache ?? createParseCache();
  const repos = [compileRepository(base, options.profile, undefined, cache), compileRepository(head, options.profile, undefined, cache)] as const;
  const cuts = {
    ingress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "ingress")),
    egress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "egress")),
  };
  const [b, h] = repos.map((repo, i) => {
    const other = compiledPolicies(repos[1 - i]!);
    const model = buildAccessModel(repo, { cuts, alsoPeersOf: other, ...(options.representatives ? { representatives: options.representatives } : {}) });
    return { repo, model, rows: accessRows(computeAccess(model)) };
  }) as [ChangeSide, ChangeSide];
  return { base: b, head: h, changes: diffAccess(b.rows, h.rows) };
}
