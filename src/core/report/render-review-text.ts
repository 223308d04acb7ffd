import type { AggregatedChange, Finding, NorthSouthChange, Review } from "../review/types.js";
import { groupFindings, sortDiagnostics, verdictLine } from "./comment/facts.js";
import { portsText } from "./comment/tables.js";
import { oneLine } from "./markdown-escape.js";

/**
 * Plain text for terminals and CI logs. Manifest text is reduced to one printable line: an escape
 * sequence in a workload name must not be able to drive the reader's terminal.
 */
const p = (text: string): string => oneLine(text);

const CHANGE_SIGN = { added: "+ opened ", removed: "- closed ", changed: "~ changed" } as const;

function findingLines(f: Finding): string[] {
  const lines = [`  ${f.severity.padEnd(7)} ${p(f.rule)}  ${p(f.file)}:${f.line}:${f.col}`, `      ${p(f.message)}`];
  if (f.from || f.to) lines.push(`      flow: ${p(f.from ?? "?")} => ${p(f.to ?? "?")}${f.ports ? ` (${p(f.ports)})` : ""}`);
  if (f.waived) lines.push(`      waived by ${f.waived.by}: ${p(f.waived.detail)}`);
  else if (f.fix) lines.push(`      fix: ${p(f.fix)}`);
  return lines;
}

function changeLines(c: AggregatedChange): string[] {
  const tags = [c.crossTenant ? "cross-tenant" : "", c.count > 1 ? `${c.count} pairs` : ""].filter(Boolean);
  const l7 = (xs: readonly string[]): string => (xs.length ? ` (L7: ${xs.map(p).join("; ")})` : "");
  const lines = [
    `  ${CHANGE_SIGN[c.change]} ${p(c.from)} => ${p(c.to)} : ${p(portsText(c))}${tags.length ? `  [${tags.join(", ")}]` : ""}`,
    `      ${p(c.before)}${l7(c.l7Before)} -> ${p(c.after)}${l7(c.l7After)}`,
  ];
  const rules = c.change === "removed" ? c.rulesBefore : c.rulesAfter;
  for (const r of rules) lines.push(`      ${c.change === "removed" ? "was allowed by" : "allowed by"}: ${p(r)}`);
  return lines;
}

/** The sentence already says what happened ("now reachable…", "no longer exposed…", "changed (…)…"). */
const NORTH_SOUTH_SIGN = { added: "+", removed: "-", changed: "~" } as const;

function northSouthLines(c: NorthSouthChange): string[] {
  return [
    `  ${NORTH_SOUTH_SIGN[c.change]} ${p(c.summary)}${c.newlyPublic ? "  [newly public]" : ""}`,
    `      via ${p(c.gateway)} listener ${p(c.listener)}, ${p(c.route)} (${p(c.file)}:${c.line})`,
  ];
}

function block(title: string, items: readonly string[][]): string[] {
  return items.length ? ["", `${title} (${items.length})`, ...items.flat()] : [];
}

export interface TextMeta {
  baseSha?: string;
  headSha?: string;
}

/** `bulkhead diff --format txt`: the whole report, never shortened. */
export function renderReviewText(review: Review, meta: TextMeta = {}): string {
  const g = groupFindings(review.findings);
  const status = review.gate === "fail" ? "FAIL" : "PASS";
  const lines = [`${status}  ${verdictLine(review, false)}`];
  const base = meta.baseSha ?? review.baseRef;
  const head = meta.headSha ?? review.headRef;
  if (base || head) lines.push(`base ${p(base ?? "-")} -> head ${p(head ?? "-")}`);
  for (const n of review.notes) lines.push(`note: ${p(n)}`);
  if (review.observeMode) lines.push("note: observe mode (no .github/bulkhead.yml on the base): namespaces are tenants, findings do not gate.");
  lines.push(
    ...block("New violations", g.violations.map(findingLines)),
    ...block(review.observeMode ? "New findings" : "New warnings", g.newWarnings.map(findingLines)),
    ...block("Access changes", review.changes.map(changeLines)),
    ...block("North-south exposure changes", (review.northSouth ?? []).map(northSouthLines)),
    ...block("Waived findings", g.waived.map(findingLines)),
    ...block("Pre-existing findings", g.preexisting.map(findingLines)),
    ...block(
      "Diagnostics",
      sortDiagnostics(review.diagnostics).map((d) => [`  ${p(d.file)}:${d.line}:${d.col}: ${d.severity} ${p(d.code)}: ${p(d.message)}${d.object ? ` (${p(d.object)})` : ""}`]),
    ),
  );
  return `${lines.join("\n")}\n`;
}
