import { DEFAULT_LOAD_LIMITS } from "../../../src/core/load/index.js";
import { createHash } from "node:crypto";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { GitHub } from "../../../src/app/github.js";
import { createContentCache, GitHubFileSource } from "../../../src/app/github-file-source.js";
import { createMetrics } from "../../../src/app/metrics.js";
import { reviewPullRequest, type ReviewDeps, type ReviewReport } from "../../../src/app/review-pull-request.js";
import { main } from "../../../src/cli/main.js";
import { readManifestDirectory } from "../../../src/cli/read-directory.js";
import { analyzeRepository, type RepositoryAnalysis } from "../../../src/core/analyze/analyze-repository.js";
import { decodeUtf8, isManifestPath } from "../../../src/core/load/index.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";
import type { SourceFile } from "../../../src/core/model/position.js";
import { reviewChange } from "../../../src/core/review/review-change.js";
import type { Review } from "../../../src/core/review/types.js";
import { InMemoryPublisher } from "../../fakes/in-memory-publisher.js";
import { InMemoryPullRequests } from "../../fakes/in-memory-pull-requests.js";
import { generate, type Generator } from "./generators.js";

/**
 * The hostile-input corpus: `test/cases/hostile/<case>/` holds the files a pull request adds to (or
 * overwrites in) one small, valid multi-tenant repository, `test/cases/hostile/_repository/`, and
 * `expected.yaml`. A case is run through the three ways Bulkhead reads a change: the core use case
 * (`analyzeRepository` + `reviewChange`), the CLI (`bulkhead diff <base-dir> <head-dir>`, which
 * reads directories with `readManifestDirectory`) and the GitHub App (`reviewPullRequest` over the
 * real `GitHubFileSource`, fed by a fake Git Trees/Blobs API).
 */
export const CASES = fileURLToPath(new URL("../../cases/hostile/", import.meta.url));
export const REPOSITORY = join(CASES, "_repository");
export const CONFIG_PATH = ".github/bulkhead.yml";

export interface ExpectedDiagnostic {
  code: string;
  severity: Diagnostic["severity"];
  file: string;
  line: number;
  /** Left out where the column is not meaningful (e.g. where a stack overflow happened). */
  col?: number;
}

export interface Query {
  from: string;
  to: string;
  port: string;
  verdict: "allow" | "deny";
}

export type EntryPoint = "core" | "cli" | "app";

export interface Expected {
  description: string;
  /**
   * Exactly the diagnostics of the head as the core sees it: `decodeUtf8` of every manifest, then
   * `analyzeRepository` (parse, inventory, compile). Order does not matter.
   */
  diagnostics: ExpectedDiagnostic[];
  /** Exactly the diagnostics of the CLI's directory reader (`readManifestDirectory`) on the head. */
  reader?: ExpectedDiagnostic[];
  /** The verdict of all three entry points: reviewChange's gate, `bulkhead diff`'s exit code, the app's check conclusion. */
  gate: "pass" | "fail";
  /** When the gate fails: `file:line` that the review names (an error diagnostic or a gating finding) and the check annotates. */
  failsAt?: string[];
  /** Objects (`Kind ns/name`, `Kind name` when cluster-scoped) the case's files must still yield. */
  loaded?: string[];
  /** Objects that must not be loaded (e.g. behind a symlink, inside a template). */
  notLoaded?: string[];
  /** Queries on the head, in addition to those of the repository (see BASELINE_QUERIES). */
  queries?: Query[];
  /** Wall-time bound for each entry point, in ms (default 2000). */
  maxMs?: number;
  /** Files made by the runner rather than committed (huge or numerous): see generators.ts. */
  generate?: Generator[];
  /** Symbolic links in the head, `target` relative to the link; `outside/` of the case is written beside the repository. */
  symlinks?: Array<{ path: string; target: string }>;
  /**
   * Entry points that cannot see what the case is about, and why (symbolic links exist only for the
   * readers: the core receives regular files). No test is registered for them.
   */
  notApplicable?: Partial<Record<EntryPoint, string>>;
}

/** One file or link of a commit. */
export type Entry = { kind: "file"; bytes: Uint8Array } | { kind: "link"; target: string };
/** A commit: path → entry, `/`-separated paths. */
export type Tree = Map<string, Entry>;

export interface Case {
  name: string;
  dir: string;
  expected: Expected;
  base: Tree;
  head: Tree;
  /** Files of the case's `outside/` folder: what a symlink could point at, outside the repository. */
  outside: Tree;
  /** Paths the case adds or overwrites (committed and generated, not the repository's own). */
  own: Set<string>;
}

/**
 * Queries that hold on the repository and must still hold on the head of every case: each is
 * enforced by a policy of a file the case does not touch, so it shows that the rest of the
 * repository is still analysed. Skipped when the case overwrites that file.
 */
export const BASELINE_QUERIES: ReadonlyArray<Query & { file: string }> = [
  { from: "entity:world", to: "sales/api", port: "8080/TCP", verdict: "deny", file: "sales/baseline.yaml" },
  { from: "marketing/web", to: "sales/api", port: "8080/TCP", verdict: "deny", file: "sales/baseline.yaml" },
  { from: "sales/api", to: "sales/api", port: "8080/TCP", verdict: "allow", file: "sales/baseline.yaml" },
  { from: "entity:world", to: "marketing/web", port: "8080/TCP", verdict: "deny", file: "marketing/baseline.yaml" },
  { from: "marketing/web", to: "kube-system/coredns", port: "53/UDP", verdict: "allow", file: "marketing/baseline.yaml" },
];

export const caseNames = (): string[] =>
  readdirSync(CASES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("_"))
    .map((d) => d.name)
    .sort();

/** Every file under `dir` as bytes (links as links), `/`-separated paths relative to `dir`. */
export function readTreeBytes(dir: string, skip: (rel: string) => boolean = () => false): Tree {
  const out: Tree = new Map();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (skip(path)) continue;
      const full = join(dir, path);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out.set(path, { kind: "link", target: readlinkSync(full) });
      else if (stat.isDirectory()) walk(path);
      else out.set(path, { kind: "file", bytes: new Uint8Array(readFileSync(full)) });
    }
  };
  walk("");
  return out;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A case's expected.yaml (cheap: nothing is generated). */
export const readExpected = (name: string): Expected => parse(readFileSync(join(CASES, name, "expected.yaml"), "utf8")) as Expected;

export function loadCase(name: string): Case {
  const dir = join(CASES, name);
  const expected = readExpected(name);
  const repository = readTreeBytes(REPOSITORY);
  const added = readTreeBytes(dir, (rel) => rel === "expected.yaml" || rel === "outside");
  const base: Tree = new Map(repository);
  const head: Tree = new Map([...repository, ...added]);
  const own = new Set(added.keys());
  for (const g of expected.generate ?? []) {
    const made = generate(g);
    for (const side of ["base", "head"] as const) {
      for (const [path, content] of Object.entries(made[side] ?? {})) {
        (side === "base" ? base : head).set(path, { kind: "file", bytes: utf8(content) });
        if (side === "head") own.add(path);
      }
    }
  }
  for (const link of expected.symlinks ?? []) {
    head.set(link.path, { kind: "link", target: link.target });
    own.add(link.path);
  }
  const outside = existsSync(join(dir, "outside")) ? readTreeBytes(join(dir, "outside")) : new Map<string, Entry>();
  return { name, dir, expected, base, head, outside, own };
}

/** What both readers skip: dot-directories (`.github`, …) and `node_modules`. */
const hidden = (path: string): boolean => path.split("/").some((part) => part.startsWith(".") || part === "node_modules");

const text = (tree: Tree, path: string): string | undefined => {
  const e = tree.get(path);
  return e?.kind === "file" ? new TextDecoder().decode(e.bytes) : undefined;
};

export const configOf = (tree: Tree): SourceFile | undefined => {
  const t = text(tree, CONFIG_PATH);
  return t === undefined ? undefined : { path: CONFIG_PATH, text: t };
};

/** The manifests of a commit as the core receives them: regular files, decoded like both readers do, in path order. */
export function coreFiles(tree: Tree): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of [...tree.keys()].sort()) {
    const e = tree.get(path)!;
    if (e.kind !== "file" || !isManifestPath(path) || hidden(path)) continue;
    const decoded = decodeUtf8(path, e.bytes);
    files.push(decoded.file);
    diagnostics.push(...decoded.diagnostics);
  }
  return { files, diagnostics };
}

export const NOW = new Date("2026-03-02T12:00:00Z");

export interface CoreResult {
  diagnostics: Diagnostic[];
  analysis: RepositoryAnalysis;
  review: Review;
}

/** The core use case: what the head loads as, and the review of base → head with the base's config. */
export function runCore(c: Case): CoreResult {
  const head = coreFiles(c.head);
  const base = coreFiles(c.base);
  const analysis = analyzeRepository(head.files);
  const config = configOf(c.base);
  const review = reviewChange({ base: base.files, head: head.files, ...(config ? { config } : {}), now: NOW });
  return { diagnostics: [...head.diagnostics, ...analysis.diagnostics], analysis, review };
}

/**
 * The directory reader reads files in path order and stops at maxFiles, so files beyond a margin past
 * that limit can never be read: writing them would only cost time (100,000 files take 5–25 s here).
 */
const ON_DISK_FILES = DEFAULT_LOAD_LIMITS.maxFiles + 1_000;

/** Write a commit to disk, links included (at most ON_DISK_FILES entries, in path order). */
export function writeTree(root: string, tree: Tree): void {
  mkdirSync(root, { recursive: true });
  const entries = [...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, ON_DISK_FILES);
  for (const [path, e] of entries) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    if (e.kind === "file") writeFileSync(full, e.bytes);
    else symlinkSync(e.target, full);
  }
}

export interface CliResult {
  code: number;
  /** Wall time of `bulkhead diff` itself, not of writing the trees to disk. */
  ms: number;
  gate?: string;
  reader: Diagnostic[];
  out: string;
  err: string;
}

/** `bulkhead diff <base-dir> <head-dir> --format json`, the config read from the base directory. */
export async function runCli(c: Case): Promise<CliResult> {
  const root = mkdtempSync(join(tmpdir(), `bulkhead-hostile-${c.name}-`));
  try {
    writeTree(join(root, "base"), c.base);
    writeTree(join(root, "head"), c.head);
    writeTree(join(root, "outside"), c.outside);
    const reader = (await readManifestDirectory(join(root, "head"))).diagnostics;
    let out = "";
    let err = "";
    const started = performance.now();
    const code = await main(["diff", join(root, "base"), join(root, "head"), "--format", "json"], { out: (t) => (out += t), err: (t) => (err += t) });
    const ms = performance.now() - started;
    let gate: string | undefined;
    try {
      gate = (JSON.parse(out) as { gate?: string }).gate;
    } catch {
      gate = undefined;
    }
    return { code, gate, reader, out, err, ms };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The Git Trees and Blobs API over commits held in memory, enough for `GitHubFileSource`: one
 * recursive listing per commit (links with mode 120000, directories as trees), blobs in base64.
 */
export function fakeGitHub(commits: Record<string, Tree>): GitHub {
  const blobs = new Map<string, Uint8Array>();
  const trees = new Map<string, Array<Record<string, unknown>>>();
  for (const [sha, tree] of Object.entries(commits)) {
    const entries: Array<Record<string, unknown>> = [];
    const dirs = new Set<string>();
    for (const [path, e] of tree) {
      const parts = path.split("/");
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
      const bytes = e.kind === "file" ? e.bytes : utf8(e.target);
      const id = createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
      blobs.set(id, bytes);
      entries.push({ path, mode: e.kind === "file" ? "100644" : "120000", type: "blob", sha: id, size: bytes.byteLength });
    }
    for (const d of dirs) entries.push({ path: d, mode: "040000", type: "tree", sha: `tree-${d}` });
    trees.set(sha, entries);
  }
  const request = async (route: string, params: Record<string, string>) => {
    if (route === "GET /repos/{owner}/{repo}/git/trees/{tree_sha}") {
      const tree = trees.get(params.tree_sha!);
      if (!tree) throw Object.assign(new Error("Not Found"), { status: 404 });
      return { data: { sha: params.tree_sha, tree, truncated: false } };
    }
    if (route === "GET /repos/{owner}/{repo}/git/blobs/{file_sha}") {
      const bytes = blobs.get(params.file_sha!);
      if (!bytes) throw Object.assign(new Error("Not Found"), { status: 404 });
      return { data: { sha: params.file_sha, size: bytes.byteLength, content: Buffer.from(bytes).toString("base64"), encoding: "base64" } };
    }
    throw new Error(`unexpected request ${route}`);
  };
  return { request } as unknown as GitHub;
}

export const BASE_SHA = "b".repeat(40);
export const HEAD_SHA = "c".repeat(40);

export interface AppResult {
  report: ReviewReport;
  publisher: InMemoryPublisher;
  /** Every log call, as JSON text. */
  logs: string[];
}

/** The app's use case for PR #7 (author mallory): check run, sticky comment, logs. */
export async function runApp(c: Case): Promise<AppResult> {
  const repo = { owner: "acme", repo: "gitops" };
  const github = fakeGitHub({ [BASE_SHA]: c.base, [HEAD_SHA]: c.head });
  const pulls = new InMemoryPullRequests().add({ number: 7, state: "open", author: "mallory", base: { ref: "main", sha: BASE_SHA }, head: { sha: HEAD_SHA, repo } });
  const publisher = new InMemoryPublisher();
  const logs: string[] = [];
  const record = (level: string) => (...args: unknown[]) => void logs.push(JSON.stringify({ level, args }));
  const log = { info: record("info"), warn: record("warn"), error: record("error") } as unknown as ReviewDeps["log"];
  const deps: ReviewDeps = { repo, files: new GitHubFileSource(github, createContentCache()), pulls, publisher, metrics: createMetrics(), log, now: () => NOW };
  const report = await reviewPullRequest(deps, { kind: "pull_request", number: 7 });
  return { report, publisher, logs };
}

/** `code file:line:col` for messages. */
export const show = (d: Pick<Diagnostic, "code" | "severity" | "file" | "line" | "col">): string => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.col}`;

/**
 * Actual and expected diagnostics as sorted `severity CODE file:line:col` lines, ready for toEqual.
 * Where an expectation leaves the column out, the actual diagnostic at that code, file and line is
 * shown without its column too.
 */
export function compareDiagnostics(actual: readonly Diagnostic[], expected: readonly ExpectedDiagnostic[]): { actual: string[]; expected: string[] } {
  const at = (d: ExpectedDiagnostic): string => `${d.code} ${d.file}:${d.line}`;
  const noColumn = new Set(expected.filter((e) => e.col === undefined).map(at));
  const line = (d: ExpectedDiagnostic, col: number | undefined): string => `${d.severity} ${d.code} ${d.file}:${d.line}${col === undefined ? "" : `:${col}`}`;
  return {
    actual: actual.map((d) => line(d, noColumn.has(at(d)) ? undefined : d.col)).sort(),
    expected: expected.map((d) => line(d, d.col)).sort(),
  };
}

/** `Kind ns/name` or `Kind name`. */
export const objectName = (o: { kind: string; namespace?: string | undefined; name: string }): string => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;

/** Lines of the case's own committed text files worth looking for in logs (long enough not to occur by chance). */
export function contentProbes(c: Case): string[] {
  const probes = new Set<string>();
  for (const path of c.own) {
    const e = c.head.get(path);
    if (e?.kind !== "file" || e.bytes.byteLength > 1_000_000) continue;
    for (const line of new TextDecoder().decode(e.bytes).split(/\r?\n/)) {
      const t = line.trim();
      if (t.length >= 24 && !t.startsWith("#")) probes.add(t);
    }
  }
  return [...probes];
}
