import type { Diagnostic } from "../model/diagnostic.js";
import type { AccessRow } from "./access-rows.js";
import { escapeMarkdown, literal } from "./markdown-escape.js";

export type AccessFormat = "txt" | "md" | "json" | "csv";

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function renderAccessText(rows: readonly AccessRow[]): string {
  if (rows.length === 0) return "No connections are allowed.\n";
  const w = Math.max(...rows.map((r) => r.from.length));
  return rows
    .map((r) => `${r.from.padEnd(w)} => ${r.to} : ${r.ports}${r.l7.length ? `  [L7: ${r.l7.join("; ")}]` : ""}`)
    .join("\n")
    .concat("\n");
}

export function renderAccessMarkdown(rows: readonly AccessRow[]): string {
  const head = "| from | to | ports | L7 | allowed by (egress) | allowed by (ingress) |\n|---|---|---|---|---|---|\n";
  return (
    head +
    rows
      .map((r) =>
        [r.from, r.to, r.ports, r.l7.join("; ") || "–", r.egress.join("; "), r.ingress.join("; ")]
          .map((c, i) => (i < 3 ? literal(c) : escapeMarkdown(c)))
          .join(" | "),
      )
      .map((l) => `| ${l} |`)
      .join("\n") +
    "\n"
  );
}

export function renderAccessCsv(rows: readonly AccessRow[]): string {
  const lines = ["from,to,ports,l7,egress_rules,ingress_rules"];
  for (const r of rows) lines.push([r.from, r.to, r.ports, r.l7.join("; "), r.egress.join("; "), r.ingress.join("; ")].map(csvField).join(","));
  return lines.join("\n") + "\n";
}

export function renderAccessJson(rows: readonly AccessRow[], diagnostics: readonly Diagnostic[]): string {
  const connections = rows.map(({ portSet: _p, ...r }) => r);
  return JSON.stringify({ connections, diagnostics }, null, 2) + "\n";
}

export function renderAccess(rows: readonly AccessRow[], format: AccessFormat, diagnostics: readonly Diagnostic[]): string {
  switch (format) {
    case "txt":
      return renderAccessText(rows);
    case "md":
      return renderAccessMarkdown(rows);
    case "csv":
      return renderAccessCsv(rows);
    case "json":
      return renderAccessJson(rows, diagnostics);
  }
}

export function renderDiagnosticsText(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message}`).join("\n");
}
