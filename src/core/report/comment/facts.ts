import type { Diagnostic } from "../../model/diagnostic.js";
import type { Finding, Review } from "../../review/types.js";

/** A finding that fails the check: introduced by the change, not waived, configured as an error. */
export const isGating = (f: Finding): boolean => f.new && !f.waived && f.severity === "error";

/** Findings split the way every report shows them: what the PR must fix first, then context. */
export interface FindingGroups {
  violations: Finding[];
  newWarnings: Finding[];
  preexisting: Finding[];
  waived: Finding[];
}

export function groupFindings(findings: readonly Finding[]): FindingGroups {
  const groups: FindingGroups = { violations: [], newWarnings: [], preexisting: [], waived: [] };
  for (const f of findings) {
    if (f.waived) groups.waived.push(f);
    else if (!f.new) groups.preexisting.push(f);
    else if (f.severity === "error") groups.violations.push(f);
    else groups.newWarnings.push(f);
  }
  return groups;
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** Errors first (they make the analysis incomplete and fail the gate), then by place. */
export const sortDiagnostics = (ds: readonly Diagnostic[]): Diagnostic[] =>
  [...ds].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "5 connections opened, 1 closed, 2 changed", or a clear phrase when nothing changed. */
export function connectionsPhrase(counts: Review["counts"]): string {
  const parts: string[] = [];
  if (counts.opened) parts.push(`${plural(counts.opened, "connection")} opened`);
  if (counts.closed) parts.push(parts.length ? `${counts.closed} closed` : `${plural(counts.closed, "connection")} closed`);
  if (counts.changed) parts.push(parts.length ? `${counts.changed} changed` : `${plural(counts.changed, "connection")} changed`);
  return parts.length ? parts.join(", ") : "no network access changes";
}

/** "2 north-south exposure changes (1 newly open to the Internet)", or "" when there are none. */
export function northSouthPhrase(review: Review): string {
  const changes = review.northSouth ?? [];
  if (changes.length === 0) return "";
  const open = changes.filter((c) => c.newlyPublic).length;
  return `${plural(changes.length, "north-south exposure change")}${open ? ` (${open} newly open to the Internet)` : ""}`;
}

const errorCount = (review: Review): number => review.diagnostics.filter((d) => d.severity === "error").length;

/** The headline without icon, shared by the comment, the check title and the terminal output. */
export function headline(review: Review): string {
  const { counts } = review;
  const groups = groupFindings(review.findings);
  if (review.gate === "fail") {
    if (counts.newViolations > 0) return plural(counts.newViolations, "new violation");
    const errors = errorCount(review);
    if (errors > 0) return `Analysis incomplete: ${plural(errors, "error")}`;
    // Only a `gate: all` config fails on findings the PR did not introduce.
    const old = groups.preexisting.filter((f) => f.severity === "error").length;
    return old > 0 ? plural(old, "pre-existing violation") : "Check failed";
  }
  if (review.changes.length === 0 && !review.northSouth?.length && review.findings.length === 0) return "No network access changes";
  if (review.observeMode) {
    const n = groups.violations.length + groups.newWarnings.length;
    return `Observe mode: ${plural(n, "new finding")}, not gating`;
  }
  return "No new violations";
}

/** One line a reader can stop at: verdict, what moved, and what else is listed below. */
export function verdictLine(review: Review, icons = true): string {
  const icon = review.gate === "fail" ? "❌" : review.observeMode ? "👀" : "✅";
  const parts = [headline(review)];
  const northSouth = northSouthPhrase(review);
  // East-west and north-south are counted apart; "no network access changes" would contradict a north-south change.
  if (review.changes.length > 0 || (headline(review) !== "No network access changes" && !northSouth)) parts.push(connectionsPhrase(review.counts));
  if (northSouth) parts.push(northSouth);
  if (review.counts.preexisting) parts.push(`${review.counts.preexisting} pre-existing`);
  if (review.counts.waived) parts.push(`${review.counts.waived} waived`);
  const text = parts.join(" · ");
  return icons ? `${icon} ${text}` : text;
}
