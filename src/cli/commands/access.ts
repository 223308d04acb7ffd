import { parseArgs } from "node:util";
import { analyzeRepository } from "../../core/analyze/analyze-repository.js";
import { computeAccess } from "../../core/engine/access.js";
import { accessRows } from "../../core/report/access-rows.js";
import { mergeExternalConnections } from "../../core/report/merge-external.js";
import { renderAccess, type AccessFormat } from "../../core/report/render-access.js";
import { EXIT, readInputDirectory, reportDiagnostics, UsageError, type Output } from "../io.js";
import { commonOptions, readCommon } from "./common-options.js";

const FORMATS: readonly AccessFormat[] = ["txt", "md", "json", "csv"];

/** `bulkhead access <dir>`: every allowed connection. */
export async function runAccess(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...commonOptions, format: { type: "string", default: "txt" } } });
  if (positionals.length !== 1) throw new UsageError("usage: bulkhead access <dir> [--format txt|md|json|csv]");
  const format = values.format as AccessFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const common = readCommon(values);
  const input = await readInputDirectory(positionals[0]!);
  const analysis = analyzeRepository(input.files, common);
  const diagnostics = [...input.diagnostics, ...analysis.diagnostics];
  const rows = accessRows(mergeExternalConnections(computeAccess(analysis.model), analysis.model.universe));
  io.out(renderAccess(rows, format, diagnostics));
  return reportDiagnostics(diagnostics, io) ? EXIT.incomplete : EXIT.ok;
}
