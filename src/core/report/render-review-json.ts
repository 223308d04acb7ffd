import type { Diagnostic } from "../model/diagnostic.js";
import type { AggregatedChange, Finding, NorthSouthChange, Review } from "../review/types.js";
import { isGating, sortDiagnostics, verdictLine } from "./comment/facts.js";
import { portsText } from "./comment/tables.js";

/** Bumped on any incompatible change of the JSON shape; scripts can check it. */
export const REVIEW_JSON_VERSION = 1;

/**
 * Every key is always present (absent values are `null`, never missing) and in a fixed order, so
 * that `jq` filters and diffs of two outputs are simple. Names are raw: JSON is data, consumers
 * that render it escape it themselves.
 */
const change = (c: AggregatedChange) => ({
  change: c.change,
  from: c.from,
  to: c.to,
  ports: portsText(c),
  before: c.before,
  after: c.after,
  opened: c.opened,
  closed: c.closed,
  fromTenant: c.fromTenant ?? null,
  toTenant: c.toTenant ?? null,
  crossTenant: c.crossTenant,
  l7Before: c.l7Before,
  l7After: c.l7After,
  rulesBefore: c.rulesBefore,
  rulesAfter: c.rulesAfter,
  count: c.count,
});

const northSouth = (c: NorthSouthChange) => ({
  change: c.change,
  aspects: c.aspects,
  summary: c.summary,
  newlyPublic: c.newlyPublic,
  gateway: c.gateway,
  listener: c.listener,
  url: c.url,
  route: c.route,
  backend: c.backend,
  access: c.access,
  effective: c.effective,
  internetFacing: c.internetFacing,
  file: c.file,
  line: c.line,
});

const finding = (f: Finding) => ({
  rule: f.rule,
  severity: f.severity,
  new: f.new,
  gating: isGating(f),
  message: f.message,
  file: f.file,
  line: f.line,
  col: f.col,
  fix: f.fix,
  from: f.from ?? null,
  to: f.to ?? null,
  ports: f.ports ?? null,
  waived: f.waived ?? null,
});

const diagnostic = (d: Diagnostic) => ({
  severity: d.severity,
  code: d.code,
  message: d.message,
  file: d.file,
  line: d.line,
  col: d.col,
  object: d.object ?? null,
  rule: d.rule ?? null,
});

/** `bulkhead diff --format json`. */
export function renderReviewJson(review: Review): string {
  const out = {
    version: REVIEW_JSON_VERSION,
    gate: review.gate,
    summary: verdictLine(review, false),
    observeMode: review.observeMode,
    baseRef: review.baseRef ?? null,
    headRef: review.headRef ?? null,
    counts: review.counts,
    notes: review.notes,
    changes: review.changes.map(change),
    northSouth: (review.northSouth ?? []).map(northSouth),
    findings: review.findings.map(finding),
    diagnostics: sortDiagnostics(review.diagnostics).map(diagnostic),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
