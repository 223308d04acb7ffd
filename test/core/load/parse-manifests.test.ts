import { describe, expect, it } from "vitest";
import type { ManifestObject } from "../../../src/core/model/manifest.js";
import { fixture, parse, where } from "./support.js";

const ids = (os: readonly ManifestObject[]) => os.map((o) => `${o.kind} ${o.namespace ?? "-"}/${o.name} @${o.position.file}:${o.position.line}:${o.position.col}`);
const pos = (o: ManifestObject | undefined, ...path: (string | number)[]) => {
  const p = o!.at(path);
  return `${p.file}:${p.line}:${p.col}`;
};

const pod = (name: string, extra = "") => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n${extra}`;

describe("parseManifests: documents and positions", () => {
  it("reads multi-document files and ignores empty and non-object documents quietly", () => {
    const text = [
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n",
      "# only a comment\n",
      "",
      "just a string\n",
      "- a\n- list\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: a\n",
    ].join("---\n");
    const { objects, diagnostics } = parse({ "all.yaml": text });
    expect(diagnostics).toEqual([]);
    expect(ids(objects)).toEqual(["Namespace -/a @all.yaml:1:1", "ConfigMap a/c @all.yaml:14:1"]);
  });

  it("keeps line numbers right with CRLF line ends and a byte-order mark", () => {
    const text = "\uFEFF" + pod("p", "  labels:\n    app: web\n") + "---\n" + pod("q");
    const { objects, diagnostics } = parse({ "crlf.yaml": text.replace(/\n/g, "\r\n") });
    expect(diagnostics).toEqual([]);
    expect(ids(objects)).toEqual(["Pod -/p @crlf.yaml:1:1", "Pod -/q @crlf.yaml:8:1"]);
    expect(pos(objects[0], "metadata", "labels", "app")).toBe("crlf.yaml:6:10");
    expect(objects[0]!.body).toEqual({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { app: "web" } } });
  });

  it("reads only .yaml, .yml and .json files", () => {
    const { objects } = parse({ "a.yml": pod("a"), "b.YAML": pod("b"), "c.txt": pod("c"), "d.json": '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d"}}' });
    expect(objects.map((o) => o.name)).toEqual(["a", "b", "d"]);
  });

  it.each([
    ["a scalar value on the key's line", ["metadata", "name"], "p.yaml:4:9"],
    ["a block map: the key", ["spec", "containers", 0, "ports"], "p.yaml:9:5"],
    ["a sequence item", ["spec", "containers", 0, "ports", 1], "p.yaml:11:7"],
    ["a field of a sequence item", ["spec", "containers", 0, "ports", 1, "containerPort"], "p.yaml:12:22"],
    ["a flow map value", ["metadata", "labels"], "p.yaml:5:11"],
    ["a flow map entry", ["metadata", "labels", "tier"], "p.yaml:5:28"],
    ["a missing field: its nearest ancestor", ["spec", "containers", 0, "resources", "limits"], "p.yaml:8:5"],
    ["an index out of range: the sequence", ["spec", "containers", 3], "p.yaml:7:3"],
    ["a scalar cannot be indexed: the scalar", ["metadata", "name", "x"], "p.yaml:4:9"],
    ["the empty path: the object", [], "p.yaml:1:1"],
    ["through an alias: the anchored text", ["spec", "nodeSelector", "zone"], "p.yaml:14:24"],
  ])("at() finds %s", (_what, path, expected) => {
    const text = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata:",
      "  name: p",
      "  labels: {app: web, tier: front}",
      "spec:",
      "  containers:",
      "  - name: web",
      "    ports:",
      "    - containerPort: 80",
      "    - name: metrics",
      "      containerPort: 9090",
      "  affinity: {}",
      "  x-zone: &zone {zone: a}",
      "  nodeSelector: *zone",
    ].join("\n");
    const { objects, diagnostics } = parse({ "p.yaml": text });
    expect(diagnostics).toEqual([]);
    expect(pos(objects[0], ...path)).toBe(expected);
  });
});

describe("parseManifests: List wrappers", () => {
  it("unwraps a YAML List; positions are inside the wrapper, at() is relative to the item", () => {
    const text = [
      "apiVersion: v1",
      "kind: List",
      "items:",
      "- apiVersion: v1",
      "  kind: Service",
      "  metadata: {name: web, namespace: shop}",
      "- apiVersion: apps/v1",
      "  kind: Deployment",
      "  metadata:",
      "    name: web",
      "    namespace: shop",
      "- 42",
    ].join("\n");
    const { objects, diagnostics } = parse({ "list.yaml": text });
    expect(diagnostics).toEqual([]);
    expect(ids(objects)).toEqual(["Service shop/web @list.yaml:4:3", "Deployment shop/web @list.yaml:7:3"]);
    expect(pos(objects[1], "metadata", "namespace")).toBe("list.yaml:11:16");
    expect(pos(objects[1], "items")).toBe("list.yaml:7:3");
  });

  it("unwraps a typed JSON list whose items have no kind (kubectl get -o json)", () => {
    const { objects, diagnostics } = parse({ "pods.json": fixture("pod-list.json") });
    expect(diagnostics).toEqual([]);
    expect(ids(objects)).toEqual(["Pod shop/web-1 @pods.json:5:5", "Pod shop/db-0 @pods.json:9:5"]);
    expect(objects[0]!.apiVersion).toBe("v1");
    expect(pos(objects[0], "spec", "containers", 0, "ports", 0, "containerPort")).toBe("pods.json:7:91");
    expect(pos(objects[1], "metadata", "namespace")).toBe("pods.json:10:49");
  });
});

describe("parseManifests: invalid objects", () => {
  it.each([
    ["no kind", "apiVersion: v1\nmetadata: {name: a}\n", [["MISSING_KIND", "x.yaml", 1, 1]]],
    ["no apiVersion", "kind: Pod\nmetadata: {name: a}\n", [["MISSING_KIND", "x.yaml", 1, 1]]],
    ["a non-string kind", "apiVersion: v1\nkind: 3\nmetadata: {name: a}\n", [["MISSING_KIND", "x.yaml", 2, 7]]],
    ["no name", "apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: a\n", [["MISSING_NAME", "x.yaml", 3, 1]]],
    ["no metadata", "apiVersion: v1\nkind: Pod\n", [["MISSING_NAME", "x.yaml", 1, 1]]],
    ["a non-string name", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a]\n", [["MISSING_NAME", "x.yaml", 4, 9]]],
    ["a non-string namespace", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: {}\n", [["INVALID_FIELD", "x.yaml", 5, 14]]],
  ])("skips an object with %s", (_what, text, expected) => {
    const { objects, diagnostics } = parse({ "x.yaml": `${text}---\n${pod("ok")}` });
    expect(where(diagnostics)).toEqual(expected);
    expect(objects.map((o) => o.name)).toEqual(["ok"]);
  });

  it("reports MISSING_KIND as a warning and MISSING_NAME as an error", () => {
    const { diagnostics } = parse({ "x.yaml": "a: 1\n---\napiVersion: v1\nkind: Pod\n" });
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["MISSING_KIND", "warning"],
      ["MISSING_NAME", "error"],
    ]);
  });

  it("keeps the first of two objects with the same identity", () => {
    const files = {
      "a.yaml": pod("p", "  namespace: shop\n") + "---\n" + pod("p"),
      "b.yaml": "# again\n" + pod("p", "  namespace: shop\n"),
      // Same kind and name in another API group is another object (e.g. Calico's NetworkPolicy).
      "c.yaml": "apiVersion: projectcalico.org/v3\nkind: Pod\nmetadata: {name: p, namespace: shop}\n",
    };
    const { objects, diagnostics } = parse(files);
    expect(where(diagnostics)).toEqual([["DUPLICATE_OBJECT", "b.yaml", 2, 1]]);
    expect(diagnostics[0]!.severity).toBe("error");
    expect(diagnostics[0]!.message).toContain("a.yaml:1");
    expect(ids(objects)).toEqual(["Pod shop/p @a.yaml:1:1", "Pod -/p @a.yaml:7:1", "Pod shop/p @c.yaml:1:1"]);
  });
});
