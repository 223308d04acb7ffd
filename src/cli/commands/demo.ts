import { fileURLToPath } from "node:url";
import type { Output } from "../io.js";
import { runAccess } from "./access.js";
import { runDiff } from "./diff.js";

const example = (path: string): string => fileURLToPath(new URL(`../../../examples/${path}`, import.meta.url));

/**
 * `bulkhead demo`: the effective access of the bundled multi-tenant example, then the PR comment
 * Bulkhead would post on one of the example pull requests (`examples/prs/`).
 */
export async function runDemo(args: string[], io: Output): Promise<number> {
  // One east-west and one north-south pull request by default; any folder of examples/prs/ on request.
  const prs = args.length ? args : ["marketing-opens-to-sales", "gateway-hostname-hijack"];
  io.out(`== Effective access of examples/multi-tenant (Cilium semantics) ==\nRepresentative peers such as sales/* stand for "any pod in sales".\n\n`);
  const access = await runAccess([example("multi-tenant")], io);
  for (const pr of prs) {
    io.out(`\n== The PR comment Bulkhead posts on examples/prs/${pr} (tenant rules: examples/multi-tenant/.github/bulkhead.yml) ==\n\n`);
    const diff = await runDiff([example(`prs/${pr}/base`), example(`prs/${pr}/head`), "--config", example("multi-tenant/.github/bulkhead.yml"), "--format", "md"], io);
    io.out(`\n(gate: ${diff === 1 ? "fail — the check run 'bulkhead' would block the merge" : "pass"})\n`);
  }
  io.out(`\nOther pull requests: npm run demo -- <folder of examples/prs/>\n`);
  return access;
}
