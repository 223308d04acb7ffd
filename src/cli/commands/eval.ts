import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { analyzeRepository } from "../../core/analyze/analyze-repository.js";
import { createExplainer } from "../../core/analyze/explain-query.js";
import { parseQueries } from "../../core/engine/parse-queries.js";
import { renderExplainText } from "../../core/report/render-explain.js";
import { EXIT, readInputDirectory, reportDiagnostics, UsageError, type Output } from "../io.js";
import { commonOptions, readCommon } from "./common-options.js";

/**
 * `bulkhead eval <dir> --from A --to B --port 443/TCP` or `--queries file`: verdicts with their
 * explanation. From `entity:world` to a workload, the paths through gateways count too
 * (docs/gateway.md): allowed if the direct path or a gateway path admits it, and `via` says which.
 */
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
  const explainer = createExplainer(analysis);
  let failed = false;
  for (const q of queries) {
    const r = explainer.explain(q);
    if ("error" in r) {
      failed = true;
      if (values.json) io.out(JSON.stringify({ ...q, verdict: null, error: r.error, reasons: [] }) + "\n");
      else io.err(`bulkhead: ${r.error}\n`);
      continue;
    }
    io.out(values.json ? JSON.stringify(r) + "\n" : renderExplainText(r));
  }
  const incomplete = reportDiagnostics([...input.diagnostics, ...analysis.diagnostics, ...explainer.diagnostics()], io);
  if (failed) return EXIT.usage;
  return incomplete ? EXIT.incomplete : EXIT.ok;
}
