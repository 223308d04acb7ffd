import { describe, expect, it } from "vitest";
import { parseManifests } from "../../../src/core/load/index.js";

// security.md B1: kubectl, Argo CD and Flux split on `---` lines and hand each document to go-yaml,
// which drops a BOM at the start of its input; a BOM there must not hide the object.
describe("a byte-order mark at the start of a later document", () => {
  const text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n";
  for (const reference of [false, true]) {
    it(`is dropped on the ${reference ? "yaml" : "fast"} path, without moving positions`, () => {
      const { objects, diagnostics } = parseManifests([{ path: "x.yaml", text }], undefined, { reference });
      expect(diagnostics).toEqual([]);
      expect(objects.map((o) => o.name)).toEqual(["a", "b"]);
      expect(objects[1]!.at(["metadata", "name"])).toEqual({ file: "x.yaml", line: 8, col: 9 });
    });
  }
  it("is dropped after a `---` line with trailing blanks and CRLF", () => {
    const { objects } = parseManifests([{ path: "x.yaml", text: text.replace("---\n", "---  \r\n") }]);
    expect(objects.map((o) => o.name)).toEqual(["a", "b"]);
  });
});
