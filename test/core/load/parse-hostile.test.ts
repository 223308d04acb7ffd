import { describe, expect, it } from "vitest";
import { decodeUtf8 } from "../../../src/core/load/index.js";
import { fixture, parse, where } from "./support.js";

const names = (r: ReturnType<typeof parse>) => r.objects.map((o) => o.name);
const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;

describe("malformed YAML", () => {
  it.each([
    ["an unclosed flow map", "apiVersion: v1\nkind: Pod\nmetadata: {name: a\n", [["YAML_SYNTAX", "bad.yaml", 4, 1]]],
    ["tab indentation", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n", [["YAML_SYNTAX", "bad.yaml", 4, 1]]],
    ["a nested compact mapping", "apiVersion: v1\nkind: Pod: x\nmetadata:\n  name: a\n", [["YAML_SYNTAX", "bad.yaml", 2, 7]]],
    ["an alias without anchor", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: *nope\n", [["YAML_SYNTAX", "bad.yaml", 1, 1]]],
    ["a duplicate key", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n", [["YAML_DUPLICATE_KEY", "bad.yaml", 5, 3]]],
  ])("reports %s, skips that document and still loads the rest", (_what, text, expected) => {
    const result = parse({ "bad.yaml": `${text}---\n${pod("same-file")}`, "good.yaml": pod("other-file") });
    expect(where(result.diagnostics)).toEqual(expected);
    expect(result.diagnostics.every((d) => d.severity === "error")).toBe(true);
    expect(names(result)).toEqual(["same-file", "other-file"]);
  });

  it("reports a duplicate key in JSON", () => {
    const result = parse({ "x.json": '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "kind": "Service"\n}\n' });
    expect(where(result.diagnostics)).toEqual([["YAML_DUPLICATE_KEY", "x.json", 4, 3]]);
    expect(result.objects).toEqual([]);
  });
});

describe("hostile input is bounded", () => {
  const laughs = (levels: number) => {
    const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(",")}]`);
    return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
  };

  it("stops a billion-laughs alias bomb quickly and keeps the next document", () => {
    const started = performance.now();
    const result = parse({ "bomb.yaml": `${laughs(10)}---\n${pod("after")}` });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(where(result.diagnostics)).toEqual([["YAML_ALIAS_LIMIT", "bomb.yaml", 1, 1]]);
    expect(names(result)).toEqual(["after"]);
  });

  it("applies maxAliasCount from the limits", () => {
    const text = "apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: &l {app: a}}\nspec: {x: *l, y: *l, z: *l}\n";
    expect(parse({ "a.yaml": text }).diagnostics).toEqual([]);
    expect(where(parse({ "a.yaml": text }, { maxAliasCount: 2 }).diagnostics)).toEqual([["YAML_ALIAS_LIMIT", "a.yaml", 1, 1]]);
  });

  it("rejects recursive aliases, which would make a cyclic body", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: loop}\ndata: &d {a: *d, b: *d, c: *d}\n";
    const result = parse({ "loop.yaml": text });
    expect(where(result.diagnostics)).toEqual([["YAML_TOO_DEEP", "loop.yaml", 1, 1]]);
    expect(result.objects).toEqual([]);
  });

  const nested = (levels: number) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${"{a: ".repeat(levels)}1${"}".repeat(levels)}\n`;

  it.each([
    [63, []],
    [64, [["YAML_TOO_DEEP", "deep.yaml", 1, 1]]],
    [5000, [["YAML_TOO_DEEP", "deep.yaml", expect.any(Number), expect.any(Number)]]],
  ])("limits nesting to 64 levels (%i maps under the root map)", (levels, expected) => {
    const result = parse({ "deep.yaml": nested(levels) });
    expect(where(result.diagnostics)).toEqual(expected);
    expect(result.objects).toHaveLength(expected.length === 0 ? 1 : 0);
  });

  it("counts depth through aliases", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: &x ${"[".repeat(40)}${"]".repeat(40)}\ny: ${"[".repeat(30)}*x${"]".repeat(30)}\n`;
    expect(where(parse({ "a.yaml": text }).diagnostics)).toEqual([["YAML_TOO_DEEP", "a.yaml", 1, 1]]);
  });

  it("skips a file over maxFileBytes, counting UTF-8 bytes", () => {
    const text = pod("é".repeat(20)); // 44 ASCII bytes + 20 two-byte characters = 84 bytes, 64 UTF-16 units
    expect(where(parse({ "a.yaml": text }, { maxFileBytes: 84 }).diagnostics)).toEqual([]);
    const result = parse({ "a.yaml": text, "b.yaml": pod("b") }, { maxFileBytes: 83 });
    expect(where(result.diagnostics)).toEqual([["FILE_TOO_LARGE", "a.yaml", 1, 1]]);
    expect(names(result)).toEqual(["b"]);
  });

  it("stops after maxFiles manifest files", () => {
    const result = parse({ "a.yaml": pod("a"), "notes.txt": "x", "b.yaml": pod("b"), "c.yaml": pod("c"), "d.yaml": pod("d") }, { maxFiles: 2 });
    expect(where(result.diagnostics)).toEqual([["TOO_MANY_FILES", "c.yaml", 1, 1]]);
    expect(names(result)).toEqual(["a", "b"]);
  });
});

describe("unrendered templates", () => {
  it("skips a Helm template file with one warning", () => {
    const result = parse({ "templates/deployment.yaml": fixture("helm-deployment.yaml"), "ok.yaml": pod("ok") });
    expect(where(result.diagnostics)).toEqual([["UNRENDERED_TEMPLATE", "templates/deployment.yaml", 4, 9]]);
    expect(result.diagnostics[0]!.severity).toBe("warning");
    expect(result.diagnostics[0]!.message).toContain("unrendered Helm/Go template");
    expect(names(result)).toEqual(["ok"]);
  });

  it.each([
    ["an action starting a line", "metadata:\n  name: a\n{{- if .Values.enabled }}\n", 3, 1],
    ["an action inside a plain scalar", "metadata:\n  name: a\nspec:\n  image: repo/app:{{ .Values.tag }}\n", 4, 19],
    ["toYaml in a plain scalar", "metadata:\n  name: a\n  labels: x {{ toYaml .Values.labels }}\n", 3, 13],
  ])("detects %s", (_what, body, line, col) => {
    const result = parse({ "t.yaml": `apiVersion: v1\nkind: Pod\n${body}` });
    expect(where(result.diagnostics)).toEqual([["UNRENDERED_TEMPLATE", "t.yaml", line + 2, col]]);
  });

  it.each([
    ["quoted strings", 'metadata:\n  name: a\n  annotations:\n    x: "{{ .Values.x }}"\n    y: \'{{ .Values.y }}\'\n'],
    ["comments", "metadata:\n  name: a # {{ .Values.name }}\n"],
    ["block scalars", "metadata:\n  name: a\ndata:\n  tpl: |\n    {{ .Values.x }}\n"],
    ["run-time templates of other tools", "metadata:\n  name: a\n  annotations:\n    summary: Instance {{ $labels.instance }} down\n"],
  ])("leaves {{ }} in %s alone", (_what, body) => {
    const result = parse({ "t.yaml": `apiVersion: v1\nkind: Pod\n${body}` });
    expect(result.diagnostics).toEqual([]);
    expect(names(result)).toEqual(["a"]);
  });

  it("loads a PrometheusRule full of alert templates", () => {
    const result = parse({ "alerts.yaml": fixture("alert-rules.yaml") });
    expect(result.diagnostics).toEqual([]);
    expect(result.objects.map((o) => o.kind)).toEqual(["PrometheusRule"]);
  });
});

describe("decodeUtf8", () => {
  const bytes = (text: string, ...extra: number[]) => new Uint8Array([...new TextEncoder().encode(text), ...extra]);

  it("drops a BOM and decodes valid UTF-8 without diagnostics, a written U+FFFD included", () => {
    const result = decodeUtf8("a.yaml", new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("a: \uFFFD é\n")]));
    expect(result).toEqual({ file: { path: "a.yaml", text: "a: \uFFFD é\n" }, diagnostics: [] });
  });

  it("reports invalid bytes as INVALID_UTF8 at the first replacement", () => {
    const result = decodeUtf8("a.yaml", bytes("a: 1\nb: x", 0xff, 0x0a));
    expect(result.file.text).toBe("a: 1\nb: x\uFFFD\n");
    expect(where(result.diagnostics)).toEqual([["INVALID_UTF8", "a.yaml", 2, 5]]);
    expect(result.diagnostics[0]!.severity).toBe("warning");
  });
});
