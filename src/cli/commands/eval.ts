import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyzeRepository } from "../../core/analyze/analyze-repository.js";
import { evaluateQuery, type QueryResult } from "../../core/engine/evaluate.js";
import { parseQueries } from "../../core/engine/parse-queries.js";
import { EXIT, readInputDirectory, reportDiagnostics, UsageError, type Output } from "../io.js";
import { commonOptions, readCommon } from "./common-options.js";

const renderText = (r: QueryResult): string =>
  [`${r.from} -> ${r.to} ${r.port}: ${r.verdict.toUpperCase()}${r.l7 ? ` (L7-restricted: ${r.l7.join("; ")})` : ""}`, ...r.reasons.map((x) => `  ${x.decision === "allow" ? "✓" : "✗"} ${x.message}`)].join("\n") + "\n";

/** `bulkhead eval <dir> --from A --to B --port 443/TCP` or `--queries file`: verdicts with their explanation. */
export async function runEval(args: string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...commonOptions, from: { type: "string" }, to: { type: "string" }, port: { type: "string" }, queries: { type: "string" }, json: { type: "boolean", default: false } },
  });
  if (positionals.length !== 1) throw new UsageError("usage: bulkhead eval <dir> --from <peer> --to <peer> --port <port>/<PROTO> [--json] | --queries <file>");
  const single = values.from !== undefined || values.to !== undefined || values.port !== undefined;
  if (single === (values.queries !== undefined)) throw new UsageError("give either --from, --to and --port, or --queries <file>");
  let queries: Array<{ from: string; to: string; port: string }>;
  if (values.queries !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.queries, "utf8");
    } catch {
      throw new UsageError(`cannot read query file ${values.queries}`);
    }
    queries = parseQueries(text);
  } else {
    if (!values.from || !values.to || !values.port) throw new UsageError("--from, --to and --port are all required");
    queries = [{ from: values.from, to: values.to, port: values.port }];
  }
  const input = await readInputDirectory(positionals[0]!);
  const entities = ["host", "remote-node", "kube-apiserver", "ingress", "health", "init", "unmanaged"] as const;
  const analysis = analyzeRepository(input.files, { ...readCommon(values), entities: [...entities] });
  let failed = false;
  for (const q of queries) {
    const r = evaluateQuery(analysis.model, q.from, q.to, q.port);
    if ("error" in r) {
      failed = true;
      if (values.json) io.out(JSON.stringify({ ...q, verdict: null, error: r.error, reasons: [] }) + "\n");
      else io.err(`bulkhead: ${r.error}\n`);
      continue;
    }
    io.out(values.json ? JSON.stringify(r) + "\n" : renderText(r));
  }
  const incomplete = reportDiagnostics([...input.diagnostics, ...analysis.diagnostics], io);
  if (failed) return EXIT.usage;
  return incomplete ? EXIT.incomplete : EXIT.ok;
}
