import { parseArgs } from "node:util";
import { analyzeChange } from "../../core/analyze/analyze-change.js";
import { formatPorts } from "../../core/algebra/port-set.js";
import type { AccessChange } from "../../core/diff/diff-access.js";
import { EXIT, readInputDirectory, reportDiagnostics, UsageError, type Output } from "../io.js";
import { commonOptions, readCommon } from "./common-options.js";

const line = (c: AccessChange): string => {
  const before = c.before ? c.before.ports : "no connections";
  const after = c.after ? c.after.ports : "no connections";
  const l7 = c.l7Changed ? ` (L7: ${c.before?.l7.join("; ") || "none"} → ${c.after?.l7.join("; ") || "none"})` : "";
  return `${c.change.padEnd(7)} ${c.from} => ${c.to} : ${before} → ${after}${l7}`;
};

/** `bulkhead diff <base-dir> <head-dir>`: connections added, removed and changed. */
export async function runDiff(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...commonOptions, format: { type: "string", default: "txt" } } });
  if (positionals.length !== 2) throw new UsageError("usage: bulkhead diff <base-dir> <head-dir> [--format txt|json]");
  const common = readCommon(values);
  const [base, head] = await Promise.all(positionals.map(readInputDirectory));
  const analysis = analyzeChange(base!.files, head!.files, common);
  const diagnostics = [...head!.diagnostics, ...analysis.head.repo.diagnostics];
  if (values.format === "json") {
    const changes = analysis.changes.map((c) => ({
      change: c.change,
      from: c.from,
      to: c.to,
      before: c.before?.ports ?? null,
      after: c.after?.ports ?? null,
      opened: formatPorts(c.opened),
      closed: formatPorts(c.closed),
      l7Changed: c.l7Changed,
    }));
    io.out(JSON.stringify({ changes, diagnostics }, null, 2) + "\n");
  } else if (values.format === "txt") {
    io.out(analysis.changes.length ? analysis.changes.map(line).join("\n") + "\n" : "No access changes.\n");
  } else throw new UsageError("--format must be txt or json");
  return reportDiagnostics(diagnostics, io) ? EXIT.incomplete : EXIT.ok;
}
