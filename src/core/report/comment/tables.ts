import type { Diagnostic } from "../../model/diagnostic.js";
import type { AggregatedChange, Finding, NorthSouthChange } from "../../review/types.js";
import { literal, prose } from "../markdown-escape.js";

/** Table header and delimiter rows; cells of the header are our own words, never escaped. */
export const tableHead = (columns: readonly string[]): string =>
  `| ${columns.join(" | ")} |\n|${columns.map(() => "---").join("|")}|`;

export const tableRow = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

/** A table with a line under it saying how many rows were left out. */
export function table(columns: readonly string[], rows: readonly string[], keep: number, more: (n: number) => string): string {
  const shown = rows.slice(0, keep);
  const parts = shown.length ? [`${tableHead(columns)}\n${shown.join("\n")}`] : [];
  if (keep < rows.length) parts.push(more(rows.length - keep));
  return parts.join("\n\n");
}

/** A bullet list with the same "left out" line. */
export function list(rows: readonly string[], keep: number, more: (n: number) => string): string {
  const parts = keep > 0 ? [rows.slice(0, keep).join("\n")] : [];
  if (keep < rows.length) parts.push(more(rows.length - keep));
  return parts.join("\n\n");
}

export const where = (file: string, line: number, col?: number): string =>
  file ? literal(`${file}:${line}${col && col > 1 ? `:${col}` : ""}`, 160) : "–";

/** "from → to ports" for findings about a flow; "–" for the others. */
export function flow(f: Finding): string {
  if (!f.from && !f.to) return "–";
  const ports = f.ports ? ` on ${literal(f.ports, 60)}` : "";
  return `${literal(f.from ?? "?")} → ${literal(f.to ?? "?")}${ports}`;
}

export const findingCells = (f: Finding): string[] => [literal(f.rule, 60), where(f.file, f.line, f.col), flow(f), prose(f.message), prose(f.fix, 400)];
export const FINDING_COLUMNS = ["rule", "where", "flow", "finding", "fix"] as const;

export const waivedCells = (f: Finding): string[] => {
  const by = f.waived ? `${f.waived.by === "consent" ? "consent" : "exception"}: ${prose(f.waived.detail, 200)}` : "–";
  return [literal(f.rule, 60), f.new ? "new" : "pre-existing", where(f.file, f.line, f.col), flow(f), prose(f.message), by];
};
export const WAIVED_COLUMNS = ["rule", "status", "where", "flow", "finding", "waived by"] as const;

export const preexistingCells = (f: Finding): string[] => [literal(f.rule, 60), f.severity, where(f.file, f.line, f.col), flow(f), prose(f.message), prose(f.fix, 400)];
export const PREEXISTING_COLUMNS = ["rule", "severity", "where", "flow", "finding", "fix"] as const;

const CHANGE_LABEL = { added: "➕ opened", removed: "➖ closed", changed: "✏️ changed" } as const;

/** Port text with its L7 restrictions, e.g. "TCP 80 (L7: GET /api)". */
const sideText = (ports: string, l7: readonly string[]): string => (l7.length ? `${ports} (L7: ${l7.join("; ")})` : ports);

/** The ports a row is about: what was opened, closed, or both for a change. */
export function portsText(c: AggregatedChange): string {
  if (c.change === "added") return c.opened || c.after;
  if (c.change === "removed") return c.closed || c.before;
  const parts = [c.opened && c.opened !== "none" ? `+${c.opened}` : "", c.closed && c.closed !== "none" ? `−${c.closed}` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : "L7 only";
}

/** Provenance of the side that matters: the new rule, or the removed one for a closed row. */
export function provenance(c: AggregatedChange, max = 2): string {
  const rules = c.change === "removed" ? c.rulesBefore : c.rulesAfter;
  if (rules.length === 0) return "–";
  const shown = rules.slice(0, max).map((r) => literal(r, 160));
  return rules.length > max ? `${shown.join("<br>")}<br>+${rules.length - max} more` : shown.join("<br>");
}

export function changeLabel(c: AggregatedChange): string {
  const label: string = CHANGE_LABEL[c.change];
  const extra = [c.crossTenant ? "**cross-tenant**" : "", c.count > 1 ? `(${c.count} pairs)` : ""].filter(Boolean);
  return [label, ...extra].join(" ");
}

export const changeCells = (c: AggregatedChange): string[] => [
  changeLabel(c),
  literal(c.from),
  literal(c.to),
  literal(portsText(c), 80),
  `${literal(sideText(c.before, c.l7Before), 120)} → ${literal(sideText(c.after, c.l7After), 120)}`,
  provenance(c),
];
export const CHANGE_COLUMNS = ["change", "from", "to", "ports", "before → after", "rule"] as const;

const NORTH_SOUTH_LABEL = { added: "➕ added", removed: "➖ removed", changed: "✏️ changed" } as const;

/** One exposure change: the sentence (built from manifest names, so escaped), the gateway path and the route's place. */
export const northSouthCells = (c: NorthSouthChange): string[] => [
  [NORTH_SOUTH_LABEL[c.change], c.newlyPublic ? "**newly public**" : ""].filter(Boolean).join(" "),
  prose(c.summary),
  `${literal(c.gateway)} ${literal(c.listener, 80)}<br>${literal(c.route)}`,
  where(c.file, c.line),
];
export const NORTH_SOUTH_COLUMNS = ["change", "exposure", "via", "where"] as const;

const DIAG_ICON = { error: "❌", warning: "⚠️", info: "ℹ️" } as const;

/** "- ❌ error `CODE` at `file:line:col`: message". */
export const diagnosticItem = (d: Diagnostic): string =>
  `- ${DIAG_ICON[d.severity]} ${d.severity} ${literal(d.code, 60)} at ${where(d.file, d.line, d.col)}: ${prose(d.message)}${d.object ? ` (${literal(d.object)})` : ""}`;
