import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyPullRequest, generateRepository, shapeFor } from "./generate.js";

/**
 * `npm run bench [-- 1k 4k 16k]`: generate synthetic multi-tenant repositories (tenants × 2
 * namespaces × 10 workloads, policies in proportion) with a PR-sized change on top, and report
 * median wall time and peak memory of `bulkhead access` and `bulkhead diff`, next to the time
 * merely loading the same files takes with the `yaml` package and with js-yaml `loadAll` (the
 * fastest YAML loader on npm: the practical floor). Without sizes: the foundation's 4k shape.
 * BENCH_RUNS (default 5) sets the repetitions; BENCH_SIZES="1k,4k" is the same as arguments.
 * A benchmark, not a timed test: it prints figures and never fails.
 */
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
/** Composing with `yaml` takes half a minute at 16k; it is measured up to this size only. */
const YAML_MAX_WORKLOADS = 4000;
const measureScript = join(dirname(fileURLToPath(import.meta.url)), "measure.js");

const parseSize = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)(k?)$/i.exec(s.trim());
  if (!m) throw new Error(`not a size: ${s} (e.g. 1k, 4k, 16k or 4000 workloads)`);
  return Math.round(Number(m[1]) * (m[2] ? 1000 : 1));
};
const requested = process.argv.slice(2).length ? process.argv.slice(2) : (process.env.BENCH_SIZES ?? "4k").split(",");
const sizes = requested.map(parseSize).sort((a, b) => a - b);

interface Sample {
  ms: number;
  maxRssMiB: number;
  changes?: number;
  withFileLine?: number;
}
interface Figure {
  ms: number;
  minMs: number;
  maxMs: number;
  peakMiB: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const sample = (args: string[]): Sample =>
  JSON.parse(execFileSync(process.execPath, [measureScript, ...args], { encoding: "utf8", maxBuffer: 1 << 30 })) as Sample;

function writeTree(root: string, files: Map<string, string>): number {
  let bytes = 0;
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(" ");
const mib = (n: number): string => `${n.toFixed(0)} MiB`;

/** Measure every operation RUNS times, interleaved, so that changing machine load hits all alike. */
function measureSize(workloads: number): Map<string, Figure> {
  const shape = shapeFor(workloads);
  const root = mkdtempSync(join(tmpdir(), "bulkhead-bench-"));
  try {
    const baseFiles = generateRepository(shape);
    const headFiles = applyPullRequest(baseFiles);
    const bytes = writeTree(join(root, "base"), baseFiles);
    writeTree(join(root, "head"), headFiles);
    const [base, head] = [join(root, "base"), join(root, "head")];
    const changed = [...headFiles].filter(([p, t]) => baseFiles.get(p) !== t).length;
    const total = shape.tenants * shape.namespacesPerTenant * shape.workloadsPerNamespace;
    console.log(
      `\n${total} workloads: ${shape.tenants} tenants × ${shape.namespacesPerTenant} namespaces × ${shape.workloadsPerNamespace} workloads, ` +
        `${baseFiles.size} files, ${(bytes / 1e6).toFixed(1)} MB per side, ${changed} files changed by the PR; median of ${RUNS} run(s); load ${load()}`,
    );
    const ops: Array<[string, string[]]> = [
      ...(total <= YAML_MAX_WORKLOADS
        ? ([
            ["yaml parse (one side)", ["yaml", base]],
            ["yaml parse (both sides)", ["yaml", base, head]],
          ] as Array<[string, string[]]>)
        : []),
      ["js-yaml loadAll (one side)", ["js-yaml", base]],
      ["js-yaml loadAll (both sides)", ["js-yaml", base, head]],
      ["bulkhead access", ["access", base]],
      ["bulkhead diff", ["diff", base, head]],
      ["app review, first push", ["push-first", base, head]],
      ["app review, next push", ["push-next", base, head]],
    ];
    const samples = new Map<string, Sample[]>(ops.map(([name]) => [name, []]));
    for (let r = 0; r < RUNS; r++) for (const [name, args] of ops) samples.get(name)!.push(sample(args));
    const figures = new Map<string, Figure>();
    for (const [name, list] of samples) {
      const ms = list.map((s) => s.ms);
      figures.set(name, { ms: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), peakMiB: Math.max(...list.map((s) => s.maxRssMiB)) });
    }
    printSize(figures);
    const found = sample(["findings", base, head]);
    console.log(`  diff findings: ${found.changes} connection changes, ${found.withFileLine} of them name the rule with file:line`);
    console.log(`  load after: ${load()}`);
    return figures;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function printSize(f: Map<string, Figure>): void {
  const floor = (side: "one side" | "both sides") => f.get(`js-yaml loadAll (${side})`)!.ms;
  const yamlParse = (side: "one side" | "both sides") => f.get(`yaml parse (${side})`)?.ms;
  console.log(`  ${"operation".padEnd(30)} ${"median".padStart(9)} ${"min-max".padStart(15)} ${"peak".padStart(9)}  ${"× js-yaml".padStart(9)} ${"× yaml".padStart(7)}`);
  for (const [name, m] of f) {
    const side = name === "bulkhead access" || name.includes("one side") ? "one side" : "both sides";
    const y = yamlParse(side);
    console.log(
      `  ${name.padEnd(30)} ${`${m.ms.toFixed(0)} ms`.padStart(9)} ${`${m.minMs.toFixed(0)}-${m.maxMs.toFixed(0)} ms`.padStart(15)} ${mib(m.peakMiB).padStart(9)}  ` +
        `${`${(m.ms / floor(side)).toFixed(2)}×`.padStart(9)} ${(y ? `${(m.ms / y).toFixed(2)}×` : "-").padStart(7)}`,
    );
  }
}

console.log(`bulkhead bench: ${new Date().toISOString()}, node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load ${load()}`);
const results = new Map(sizes.map((s) => [s, measureSize(s)]));

// Issue 7's targets, where the sizes measured allow checking them.
const diffAt = (n: number) => results.get(n)?.get("bulkhead diff");
const four = results.get(4000);
console.log("\ntargets:");
if (four) {
  const d = four.get("bulkhead diff")!;
  const floor = four.get("js-yaml loadAll (both sides)")!.ms;
  const yaml = four.get("yaml parse (both sides)")?.ms;
  console.log(`  4k diff ${d.ms.toFixed(0)} ms = ${(d.ms / floor).toFixed(2)}× js-yaml (target ≤ 3×)${yaml ? `, ${(d.ms / yaml).toFixed(2)}× yaml (target ≤ 2×)` : ""}; peak ${mib(d.peakMiB)} (target < 1024 MiB)`);
  const a = four.get("bulkhead access")!;
  console.log(`  4k access ${a.ms.toFixed(0)} ms = ${(a.ms / four.get("js-yaml loadAll (one side)")!.ms).toFixed(2)}× js-yaml; peak ${mib(a.peakMiB)}`);
}
if (diffAt(1000) && diffAt(4000)) console.log(`  growth 1k → 4k: diff × ${(diffAt(4000)!.ms / diffAt(1000)!.ms).toFixed(2)} (target ≤ 6; linear would be 4)`);
if (diffAt(16000)) console.log(`  16k diff completes: ${diffAt(16000)!.ms.toFixed(0)} ms, peak ${mib(diffAt(16000)!.peakMiB)} (target < 2048 MiB)`);
