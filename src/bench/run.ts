import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyPullRequest, generateRepository, type BenchShape } from "./generate.js";

/**
 * `npm run bench`: generate a synthetic multi-tenant repository and report the median wall time and
 * peak memory of `bulkhead access` and `bulkhead diff`, next to the time the `yaml` package needs
 * merely to parse the same files. A benchmark, not a timed test: it prints figures, it never fails.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const shape: BenchShape = {
  tenants: Number(process.env.BENCH_TENANTS ?? 200),
  namespacesPerTenant: 2,
  workloadsPerNamespace: Number(process.env.BENCH_WORKLOADS ?? 10),
};
const measureScript = join(dirname(fileURLToPath(import.meta.url)), "measure.js");

function writeTree(root: string, files: Map<string, string>): number {
  let bytes = 0;
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(args: string[]): { ms: number; maxRssMiB: number } {
  const samples = Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, [measureScript, ...args], { encoding: "utf8", maxBuffer: 1 << 30 })) as { ms: number; maxRssMiB: number });
  return { ms: median(samples.map((s) => s.ms)), maxRssMiB: Math.max(...samples.map((s) => s.maxRssMiB)) };
}

const root = mkdtempSync(join(tmpdir(), "bulkhead-bench-"));
try {
  const base = generateRepository(shape);
  const bytes = writeTree(join(root, "base"), base);
  writeTree(join(root, "head"), applyPullRequest(base));
  const workloads = shape.tenants * shape.namespacesPerTenant * shape.workloadsPerNamespace;
  console.log(`bulkhead bench: ${shape.tenants} tenants × ${shape.namespacesPerTenant} namespaces × ${shape.workloadsPerNamespace} workloads = ${workloads} workloads, ${base.size} files, ${(bytes / 1e6).toFixed(1)} MB per side; median of ${RUNS} runs`);
  const parse1 = measure(["parse", join(root, "base")]);
  const parse2 = measure(["parse", join(root, "base"), join(root, "head")]);
  const access = measure(["access", join(root, "base")]);
  const diff = measure(["diff", join(root, "base"), join(root, "head"), "--format", "json"]);
  const row = (name: string, m: { ms: number; maxRssMiB: number }, floor: number) =>
    `${name.padEnd(34)} ${m.ms.toFixed(0).padStart(7)} ms  ${m.maxRssMiB.toFixed(0).padStart(5)} MiB peak  ${(m.ms / floor).toFixed(2)}× yaml parse`;
  console.log(row("yaml parse (one side)", parse1, parse1.ms));
  console.log(row("yaml parse (both sides)", parse2, parse2.ms));
  console.log(row("bulkhead access", access, parse1.ms));
  console.log(row("bulkhead diff", diff, parse2.ms));
} finally {
  rmSync(root, { recursive: true, force: true });
}
