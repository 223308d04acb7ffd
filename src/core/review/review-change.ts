import { parseConfig } from "../config/parse-config.js";
import type { TenantConfig } from "../config/types.js";
import type { TooLarge } from "../analyze/analyze-change.js";
import { diagnostic, withDiagnostics, type Diagnostic } from "../model/diagnostic.js";
import type { SourceFile } from "../model/position.js";
import { ciliumProfile, type Profile } from "../model/profile.js";
import { evaluateRules, type RuleFinding } from "../rules/evaluate-rules.js";
import { RuleMemo } from "../rules/support/rule-memo.js";
import type { SideAnalysis } from "../rules/define-rule.js";
import { createTenancy, type Tenancy } from "../tenancy/tenancy.js";
import { aggregateChanges } from "./aggregate-changes.js";
import { withInputDiagnostics } from "./input-diagnostics.js";
import { analyzeSides } from "./analyze-sides.js";
import { changedLines } from "./changed-lines.js";
import { classifyFindings, sortFindings } from "./classify-findings.js";
import { decideGate, gates, incompleteAnalysis } from "./gate.js";
import { reviewNorthSouth } from "./north-south.js";
import { brokenConfigNote, CONFIG_PATH, configChangedNote, incompleteNote, keptNote, observeNote } from "./notes.js";
import type { AggregatedChange, Finding, Review, ReviewInput } from "./types.js";

/** The Cilium profile with what the config says about the cluster (§17 version table, DD-1). */
export function profileOf(config: TenantConfig | undefined): Profile {
  const c = config?.cilium;
  return {
    ...ciliumProfile,
    ...(c?.version ? { ciliumVersion: c.version } : {}),
    ...(c?.policyEnforcementMode ? { enforcementMode: c.policyEnforcementMode } : {}),
  };
}

/** The config file is not a manifest, even if a caller hands it over with the rest. */
const manifestsOnly = (files: readonly SourceFile[], configPath: string | undefined): SourceFile[] =>
  files.filter((f) => f.path !== CONFIG_PATH && f.path !== configPath);

function countsOf(changes: readonly AggregatedChange[], findings: readonly Finding[]): Review["counts"] {
  return {
    opened: changes.filter((c) => c.change === "added").length,
    closed: changes.filter((c) => c.change === "removed").length,
    changed: changes.filter((c) => c.change === "changed").length,
    newViolations: findings.filter((f) => gates(f, "new")).length,
    preexisting: findings.filter((f) => !f.new && !f.waived).length,
    waived: findings.filter((f) => f.waived).length,
  };
}

const count = (n: number): string => n.toLocaleString("en-US");

/** B7: the analysis stopped at a budget on pairwise work; the review fails closed and says how to proceed. */
function tooLargeDiagnostic(t: TooLarge): Diagnostic {
  const what =
    t.limit === "changes"
      ? `this change alters access between ${count(t.sources)} sources and ${count(t.destinations)} destinations: ${count(t.count)} pairwise changes, more than the ${count(t.max)} a review computes`
      : `the access on the ${t.side} side exceeds ${count(t.max)} pairwise connections (among ${count(t.sources)} workloads; usually pods outside default deny, which reach every other pod)`;
  return diagnostic(
    "ANALYSIS_TOO_LARGE",
    "error",
    `${what}. The access diff was not computed and the review fails closed. Split the change or put the workloads it adds into default deny; to see the whole diff, run it locally with higher limits (bulkhead diff --max-pairs N --max-changes N).`,
    { file: t.file, line: t.line, col: 1 },
  );
}

/** The rules on the head, then the base. One memo for both: the base run re-uses the head's per-object work (RuleMemo). */
function runRules(sides: { head: SideAnalysis; base: SideAnalysis }, tenancy: Tenancy, config: TenantConfig | undefined, now: Date): [head: RuleFinding[], base: RuleFinding[]] {
  const memo = new RuleMemo();
  return [evaluateRules({ analysis: sides.head, tenancy, config, now, memo }), evaluateRules({ analysis: sides.base, tenancy, config, now, memo })];
}

/**
 * Review a change: the one use case the GitHub App and the CLI both call.
 *
 * 1. Parse `.github/bulkhead.yml` from the base (none → observe mode; invalid → fail closed).
 * 2. Analyse base and head on common footing, the head with OBJ-5 applied (an invalid update keeps the old policy).
 * 3. Run the tenant-isolation rules on each side (east-west, and the north-south rules T1–T18).
 * 4. Tell new findings from pre-existing ones by identity, point new ones at the lines the change touched, apply consents.
 * 5. Aggregate the access diff for people, diff the north-south exposure; decide the gate; write notes and counts.
 *
 * @example
 * const review = reviewChange({ base, head, config, now: new Date() });
 * if (review.gate === "fail") exitCode = 1; // what `bulkhead diff` does
 */
export function reviewChange(input: ReviewInput): Review {
  const parsed = input.config ? parseConfig(input.config) : undefined;
  const config = parsed?.config;
  const brokenConfig = input.config !== undefined && config === undefined;
  const base = manifestsOnly(input.base, input.config?.path);
  const head = manifestsOnly(input.head, input.config?.path);
  const sides = analyzeSides(base, head, profileOf(config), {
    ...(input.parseCache ? { cache: input.parseCache } : {}),
    ...(input.memo ? { memo: input.memo } : {}),
    ...(input.limits ? { limits: input.limits } : {}),
  });
  const tooLarge = sides.tooLarge ? [tooLargeDiagnostic(sides.tooLarge)] : [];
  const tenancy = createTenancy(config);
  const changed = changedLines(base, head);
  const classified = classifyFindings(
    ...runRules(sides, tenancy, config, input.now),
    changed,
    input.consents,
    input.author,
  );
  const findings = sortFindings(classified);
  const changes = aggregateChanges(sides.changes, [sides.base.model.universe, sides.head.model.universe], tenancy);
  const northSouth = reviewNorthSouth(sides.base, sides.head, config);
  const headDiagnostics = [...tooLarge, ...withDiagnostics(sides.head.repo.diagnostics, northSouth.head)];
  const baseDiagnostics = withDiagnostics(sides.base.repo.diagnostics, northSouth.base);
  const mode = config?.gate ?? "new";
  const incomplete = incompleteAnalysis(headDiagnostics, baseDiagnostics, { changed, tenancy, inventory: sides.head.repo.inventory, mode });
  const notes = [
    ...(input.config === undefined ? [observeNote()] : []),
    ...(brokenConfig ? [brokenConfigNote(input.config!.path)] : []),
    ...(input.configChangedInChange ? [configChangedNote()] : []),
    ...sides.kept.map(keptNote),
    ...(incomplete.length ? [incompleteNote(incomplete)] : []),
  ];
  return withInputDiagnostics({
    // Over a budget the access diff is not computed, so nothing says the change is safe: fail closed in every mode.
    gate: decideGate(findings, mode, brokenConfig || incomplete.length > 0 || tooLarge.length > 0),
    ...(input.baseRef !== undefined ? { baseRef: input.baseRef } : {}),
    ...(input.headRef !== undefined ? { headRef: input.headRef } : {}),
    observeMode: input.config === undefined,
    notes,
    changes,
    northSouth: northSouth.changes,
    findings,
    diagnostics: [...(parsed?.diagnostics ?? []), ...headDiagnostics],
    counts: countsOf(changes, findings),
  }, input.readDiagnostics);
}
