import { analyzeChange, type AnalysisLimits, type TooLarge } from "../analyze/analyze-change.js";
import { policyKey } from "../analyze/analyze-repository.js";
import type { KeptPolicy } from "../analyze/keep-valid-base.js";
import type { AccessChange } from "../diff/diff-access.js";
import type { SourceFile } from "../model/position.js";
import type { Profile } from "../model/profile.js";
import type { ParseCache } from "../load/parse-cache.js";
import type { ReviewMemo } from "./review-memo.js";
import type { SideAnalysis } from "../rules/define-rule.js";

export type { KeptPolicy };

export interface ReviewSides {
  base: SideAnalysis;
  head: SideAnalysis;
  changes: AccessChange[];
  kept: KeptPolicy[];
  tooLarge?: TooLarge;
}

/** Both sides as the rules see them: `analyzeChange` (common footing, OBJ-5) plus which head policies were kept from the base. */
export function analyzeSides(base: readonly SourceFile[], head: readonly SourceFile[], profile: Profile, shared: { cache?: ParseCache; memo?: ReviewMemo; limits?: Partial<AnalysisLimits> } = {}): ReviewSides {
  const { cache, memo, limits } = shared;
  const change = analyzeChange(base, head, { profile, ...(cache ? { cache } : {}), ...(memo ? { memo: memo.change } : {}), ...(limits ? { limits } : {}) });
  const keptKeys = new Set(change.kept.map((k) => policyKey(k.head.object)));
  const side = (which: "base" | "head"): SideAnalysis => {
    const s = change[which];
    return { side: which, repo: s.repo, model: s.model, connections: s.connections, keptFromBase: which === "base" ? new Set() : keptKeys };
  };
  return { base: side("base"), head: side("head"), changes: change.changes, kept: change.kept, ...(change.tooLarge ? { tooLarge: change.tooLarge } : {}) };
}
