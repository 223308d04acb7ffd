import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import jsYaml from "js-yaml";
import { LineCounter, parseAllDocuments } from "yaml";
import { main } from "../cli/main.js";
import { analyzeChange } from "../core/analyze/analyze-change.js";
import type { SourceFile } from "../core/model/position.js";
import { createParseCache } from "../core/load/index.js";
import { reviewChange } from "../core/review/review-change.js";
import { createReviewMemo } from "../core/review/review-memo.js";

/**
 * One measurement in a fresh process (so that peak RSS is this operation's own). Prints
 * `{"ms": wall time, "maxRssMiB": peak resident memory, ...}` as JSON. Operations:
 * - `yaml <dir>...`: compose every document with the `yaml` package (what the loader used to do);
 * - `js-yaml <dir>...`: js-yaml `loadAll`, the fastest YAML loader on npm: the practical floor;
 * - `access <dir>`, `diff <base> <head>`: the CLI, output discarded;
 * - `push-first <base> <head>`, `push-next <base> <head>`: the app's review of a PR's first push and
 *   of the next push (a fix-up to one file) with the first one's memo, files already read (timed: the review only);
 * - `findings <base> <head>`: not timed; how many changes the diff finds and how many name a rule
 *   with file:line.
 * Loaders read the files themselves (the CLI does too), so every figure includes reading.
 */
const [op, ...args] = process.argv.slice(2);
const silent = { out: () => undefined, err: () => undefined };

const manifests = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return manifests(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });

const load = (dirs: string[], each: (text: string) => void): void => {
  for (const dir of dirs) for (const file of manifests(dir)) each(readFileSync(file, "utf8"));
};

const sources = (dir: string): SourceFile[] => manifests(dir).map((f) => ({ path: relative(dir, f), text: readFileSync(f, "utf8") }));

/** A rule reference as rows print it: `policy path (file:line)`. */
const POSITIONED = /\(.+:\d+\)$/;

function findings(base: string, head: string): Record<string, number> {
  const { changes } = analyzeChange(sources(base), sources(head));
  const rules = (c: (typeof changes)[number]) => [...(c.after?.egress ?? []), ...(c.after?.ingress ?? []), ...(c.before?.egress ?? []), ...(c.before?.ingress ?? [])];
  return { changes: changes.length, withFileLine: changes.filter((c) => rules(c).some((r) => POSITIONED.test(r))).length };
}

/**
 * The app's two reviews of one PR, files already fetched: the first push (fresh parse cache and
 * memo) and the next push, a fix-up to one changed file, which re-uses the base's analysis
 * (review-memo.ts). Returns the review to time; the first push has already run for `next`.
 */
function pushes(which: "first" | "next", baseDir: string, headDir: string): () => unknown {
  const [base, head] = [sources(baseDir), sources(headDir)];
  const before = new Map(base.map((f) => [f.path, f.text]));
  const touched = head.find((f) => before.get(f.path) !== f.text);
  const fixup = head.map((f) => (f === touched ? { ...f, text: `${f.text}\n# second push\n` } : f));
  const shared = { parseCache: createParseCache(), memo: createReviewMemo(), now: new Date() };
  if (which === "first") return () => reviewChange({ base, head, ...shared });
  reviewChange({ base, head, ...shared });
  return () => reviewChange({ base, head: fixup, ...shared });
}

const review = op === "push-first" || op === "push-next" ? pushes(op === "push-first" ? "first" : "next", args[0]!, args[1]!) : undefined;

const start = performance.now();
let extra: Record<string, number> = {};
if (review) review();
else if (op === "yaml") load(args, (text) => parseAllDocuments(text, { lineCounter: new LineCounter() }));
else if (op === "js-yaml") load(args, (text) => jsYaml.loadAll(text));
else if (op === "findings") extra = findings(args[0]!, args[1]!);
else await main([op!, ...args, "--format", "json"], silent);
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...extra }) + "\n");
