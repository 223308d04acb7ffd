import { describe, expect, it } from "vitest";
import { buildInventory, createParseCache, parseManifests } from "../../../src/core/load/index.js";
import type { ParsedManifests } from "../../../src/core/load/index.js";
import type { SourceFile } from "../../../src/core/model/position.js";

/**
 * The content-addressed parse cache must be invisible: the same objects, positions and diagnostics
 * (in the same order) as parsing again; only faster.
 */
const pod = (name: string, extra = "") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n${extra}`;
const files: SourceFile[] = [
  { path: "a.yaml", text: pod("a") + "---\n" + pod("b", "  labels: {app: 3}\n") },
  // A duplicate of a.yaml's first object: DUPLICATE_OBJECT is reported while replaying, in order.
  { path: "b.yaml", text: "# again\n" + pod("a") },
  { path: "bad.yaml", text: "apiVersion: v1\nkind: Pod\nmetadata: {name: x\n" },
  { path: "tpl.yaml", text: "kind: {{ .Values.kind }}\n" },
];

const observable = (r: ParsedManifests) => ({
  diagnostics: r.diagnostics,
  objects: r.objects.map((o) => ({ ...o, at: [o.at(["metadata", "name"]), o.at(["metadata", "labels", "app"])] })),
});

describe("createParseCache", () => {
  it("gives what parsing gives, on the first and on later runs", () => {
    const cache = createParseCache();
    const plain = observable(parseManifests(files));
    expect(observable(parseManifests(files, undefined, { cache }))).toEqual(plain);
    expect(observable(parseManifests(files, undefined, { cache }))).toEqual(plain);
    expect(cache.stats()).toEqual({ files: 4, hits: 4, misses: 4 });
  });

  it("shares the objects of unchanged files and re-parses changed ones", () => {
    const cache = createParseCache();
    const base = parseManifests(files, undefined, { cache });
    const fixed = { path: "bad.yaml", text: pod("x") };
    const head = parseManifests([files[0]!, files[1]!, fixed, files[3]!], undefined, { cache });
    expect(head.objects.find((o) => o.name === "a")).toBe(base.objects.find((o) => o.name === "a"));
    expect(head.objects.map((o) => o.name)).toEqual(["a", "b", "x"]);
    expect(cache.stats().misses).toBe(5);
  });

  it("keys entries by path and by load limits too", () => {
    const cache = createParseCache();
    parseManifests(files, undefined, { cache });
    const moved = parseManifests([{ path: "elsewhere.yaml", text: files[0]!.text }], undefined, { cache });
    expect(moved.objects[0]!.position.file).toBe("elsewhere.yaml");
    const bounded = parseManifests(files, { maxDepth: 2 }, { cache });
    expect(bounded.diagnostics.map((d) => d.code)).toContain("YAML_TOO_DEEP");
    expect(cache.stats().hits).toBe(0);
  });

  it("holds at most maxFiles files, dropping the least recently used paths", () => {
    const cache = createParseCache({ maxFiles: 2 });
    parseManifests(files.slice(0, 3), undefined, { cache });
    expect(cache.stats().files).toBe(2);
    parseManifests([files[2]!], undefined, { cache });
    expect(cache.stats().hits).toBe(1);
  });
});

describe("buildInventory re-reads nothing", () => {
  it("replays each object's diagnostics in order when the objects are read again", () => {
    const text = "apiVersion: apps/v9\nkind: Deployment\nmetadata: {name: w, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: 1}}\n";
    const { objects } = parseManifests([{ path: "w.yaml", text }]);
    const first: unknown[] = [];
    const second: unknown[] = [];
    const a = buildInventory(objects, (d) => first.push(d));
    const b = buildInventory(objects, (d) => second.push(d));
    expect(first.length).toBeGreaterThan(1);
    expect(second).toEqual(first);
    expect(b).toEqual(a);
  });
});
