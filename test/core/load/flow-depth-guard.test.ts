import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../src/core/load/index.js";

/** B5 (docs/security.md): absurd flow nesting is rejected before parsing, and only its own document. */
describe("flow depth guard", () => {
  const deep = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: a}\ndata: {x: ${"[".repeat(n)}${"]".repeat(n)}}\n`;
  const ok = "apiVersion: v1\nkind: Namespace\nmetadata: {name: kept}\n";

  it("skips the too-deep document, reports it where the guard tripped, and keeps the next document's positions", () => {
    const r = parseManifests([{ path: "f.yaml", text: `${deep(5_000)}---\n${ok}` }]);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([["YAML_TOO_DEEP", 4]]);
    expect(r.objects.map((o) => [o.kind, o.name, o.position.line])).toEqual([["Namespace", "kept", 6]]);
  });

  it("leaves ordinary nesting and brackets in comments alone", () => {
    const r = parseManifests([{ path: "f.yaml", text: `# ${"[".repeat(5_000)}\n${deep(20)}` }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(1);
  });
});
