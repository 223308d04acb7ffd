import { analyzeChange } from "../../src/core/analyze/analyze-change.js";
import { changedLines } from "../../src/core/review/changed-lines.js";
import { describe, expect, it } from "vitest";
import { parseManifests } from "../../src/core/load/index.js";
import type { SourceFile } from "../../src/core/model/position.js";
import { reviewChange } from "../../src/core/review/review-change.js";

/**
 * Denial of service by a pull request far below every input limit (maxFileBytes 5 MiB, maxFiles
 * 20,000): the work Bulkhead does must stay proportionate to the input. The app reviews on the
 * Node.js event loop, so one slow review stalls every webhook of every installation, and one that
 * runs out of memory kills them all.
 *
 * The checks measure one call with a generous bound, or compare a hostile input with a benign one of
 * the same size (docs/security.md B4–B7, all fixed).
 */

const ms = (work: () => unknown): number => {
  const started = performance.now();
  work();
  return performance.now() - started;
};

const NOW = new Date("2026-03-02T12:00:00Z");
const file = (path: string, text: string): SourceFile => ({ path, text });

/** A ConfigMap with `keys` entries in one map. */
const bigMap = (keys: number, eol = "\n"): string =>
  ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: sales}", "data:", ...Array.from({ length: keys }, (_, i) => `  k${i}: v`), ""].join(eol);

describe("bounded: what the limits already keep cheap", () => {
  it("a 5 MiB file of a million empty documents", () => {
    const text = "---\n".repeat(1_000_000);
    let result: ReturnType<typeof parseManifests> | undefined;
    expect(ms(() => (result = parseManifests([file("docs.yaml", text)])))).toBeLessThan(2000);
    expect(result!.objects).toEqual([]);
  });

  it("a 1.2 MB map of 100,000 keys (LF line ends, read by the fast path)", () => {
    const text = bigMap(100_000);
    let result: ReturnType<typeof parseManifests> | undefined;
    expect(ms(() => (result = parseManifests([file("big.yaml", text)])))).toBeLessThan(2000);
    expect(result!.objects.map((o) => o.name)).toEqual(["big"]);
  });

  it("a 1.7 MB JSON List of 20,000 items", () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}`, namespace: "sales" } }));
    const text = JSON.stringify({ apiVersion: "v1", kind: "List", items });
    let result: ReturnType<typeof parseManifests> | undefined;
    expect(ms(() => (result = parseManifests([file("list.json", text)])))).toBeLessThan(2000);
    expect(result!.objects).toHaveLength(20_000);
  });
});

/** A ConfigMap whose `keys` entries are spread over maps of `per` keys each (`per` = keys: one map). */
const groupedMap = (keys: number, per: number, eol: string): string =>
  [
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: {name: big, namespace: sales}",
    "data:",
    ...Array.from({ length: keys }, (_, i) => (i % per === 0 ? `  g${i / per}:${eol}` : "") + `    k${i}: v`),
    "",
  ].join(eol);

/** `count` namespaces with one pod each, all reaching each other (no policy). */
const namespaces = (count: number): SourceFile =>
  file(
    "pods.yaml",
    Array.from({ length: count }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns${i}, labels: {app: p}}\nspec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}\n`).join("---\n"),
  );

/**
 * Known bugs. Absolute times depend on the machine and its load, so each check compares the hostile
 * input with a benign one of the same size that takes the same code path (or, for the access diff,
 * counts what the review materialises): the ratios are several times the thresholds today, and
 * about 1 once fixed.
 */
describe("bounded: fixed denial-of-service bugs", () => {
  // B4, fixed: the yaml path composes with uniqueKeys: false and checks duplicates with a Set
  // (src/core/load/yaml-path.ts duplicateKeys). CRLF files now take the fast path (withLf), so the
  // yaml path is forced here with `reference`, as for every file the fast path declines.
  it("one map of 15,000 keys costs no more than the same keys in maps of 100, on the yaml path", () => {
    const reference = { reference: true };
    const one = ms(() => parseManifests([file("one.yaml", groupedMap(15_000, 15_000, "\r\n"))], undefined, reference));
    const split = ms(() => parseManifests([file("split.yaml", groupedMap(15_000, 100, "\r\n"))], undefined, reference));
    expect(one / split, `one map ${Math.round(one)} ms, maps of 100 ${Math.round(split)} ms`).toBeLessThan(2);
  });

  it("a duplicate key in a 15,000-key map is still found, at the repeated key, on the yaml path", () => {
    const text = groupedMap(15_000, 15_000, "\n") + "    k7: again\n";
    const { diagnostics } = parseManifests([file("dup.yaml", text)], undefined, { reference: true });
    expect(diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([["YAML_DUPLICATE_KEY", 15_006, 5]]);
  });

  // Fixed (B5): src/core/load/flow-depth-guard.ts rejects absurd flow nesting before either parser runs.
  it(
    "a document nested 100,000 levels deep (200 KB) is rejected at no more cost than parsing a flat one of the same size",
    () => {
      const depth = 100_000;
      const prefix = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: sales}\ndata: ";
      let result: ReturnType<typeof parseManifests> | undefined;
      const deep = ms(() => (result = parseManifests([file("deep.yaml", `${prefix}${"[".repeat(depth)}${"]".repeat(depth)}\n`)])));
      const flat = ms(() => parseManifests([file("flat.yaml", `${prefix}[${"0,".repeat(depth - 1)}0]\n`)]));
      expect(result!.diagnostics.map((d) => d.code)).toEqual(["YAML_TOO_DEEP"]);
      expect(deep / flat, `deep ${Math.round(deep)} ms, flat ${Math.round(flat)} ms`).toBeLessThan(3);
    },
  );

});

/**
 * B7, fixed: without default deny every pod reaches every other, so the pairwise access diff is
 * Θ(pods²) by nature. Per pairwise change the review now does a constant, small amount of work
 * (provenance and port texts shared, groups appended in place), and budgets on pairwise work
 * (DEFAULT_LIMITS in analyze-change.ts: 1M pairs per side, 100k pairwise changes) stop it before
 * memory runs out: past one the review fails closed with ANALYSIS_TOO_LARGE, never a "pass".
 */
describe("bounded: a PR that adds namespaces without default deny (B7)", () => {
  it("below the budget every pair is reported: 80 namespaces (12 KB) take under 3 s", () => {
    let review: ReturnType<typeof reviewChange> | undefined;
    const took = ms(() => (review = reviewChange({ base: [], head: [namespaces(80)], now: NOW })));
    expect(took).toBeLessThan(3000);
    // Every pairwise change is accounted for by the aggregated rows (each pair of namespaces crosses tenants: one row each).
    expect(review!.changes.reduce((n, c) => n + c.count, 0)).toBe(analyzeChange([], [namespaces(80)]).changes.length);
    expect(review!.diagnostics.map((d) => d.code)).not.toContain("ANALYSIS_TOO_LARGE");
  });

  it("past the budget (1,200 namespaces, 188 KB: 1.4M pairs) the review stops in bounded time and fails closed with ANALYSIS_TOO_LARGE", () => {
    let review: ReturnType<typeof reviewChange> | undefined;
    const heapBefore = process.memoryUsage().heapUsed;
    const took = ms(() => (review = reviewChange({ base: [], head: [namespaces(1200)], now: NOW })));
    expect(took).toBeLessThan(15_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(1 << 30);
    expect(review!.gate).toBe("fail");
    expect(review!.changes).toEqual([]);
    const d = review!.diagnostics.find((x) => x.code === "ANALYSIS_TOO_LARGE");
    expect(d).toMatchObject({ severity: "error", file: "pods.yaml" });
    expect(d!.message).toContain("fails closed");
  });

  it("a pairwise-change budget fails closed too, and the rules still see every connection", () => {
    const review = reviewChange({ base: [], head: [namespaces(40)], now: NOW, limits: { changes: 1000 } });
    expect(review.gate).toBe("fail");
    expect(review.changes).toEqual([]);
    expect(review.diagnostics.find((x) => x.code === "ANALYSIS_TOO_LARGE")!.message).toMatch(/pairwise changes, more than the 1,000/);
    const full = reviewChange({ base: [], head: [namespaces(40)], now: NOW });
    expect(review.findings).toEqual(full.findings);
  });
});

describe("bounded: line diff of a rewritten manifest", () => {
  // changed-lines.ts caps Myers' diff (maxEditLength) and counts the whole file as changed past it;
  // uncapped, a rewrite of 8,000 lines took ~13 s (O(lines × edits)).
  it("a PR that rewrites every line of an 8,000-line manifest is diffed in bounded time, and every line counts as changed", () => {
    const lines = (prefix: string) => bigMap(8_000).replace(/ {2}k(\d+): v/g, `  ${prefix}$1: v`);
    let changed: ReturnType<typeof changedLines> | undefined;
    const took = ms(() => (changed = changedLines([file("big.yaml", lines("a"))], [file("big.yaml", lines("b"))])));
    expect(took).toBeLessThan(2_000);
    expect(changed!.get("big.yaml")!.size).toBe(lines("b").split("\n").filter(Boolean).length);
  });
});
