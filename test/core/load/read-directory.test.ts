import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifestDirectory } from "../../../src/cli/read-directory.js";
import { parseManifests } from "../../../src/core/load/index.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n`;

let root = "";

const write = (rel: string, content: string | Uint8Array) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "bulkhead-read-"));
  write("b.yaml", pod("b"));
  write("a/x.yaml", pod("x"));
  write("a-c.yml", pod("c"));
  write("data.json", JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "j" } }));
  write("notes.txt", "not a manifest");
  write("crlf.yaml", "\uFEFF" + pod("crlf").replace(/\n/g, "\r\n"));
  write("bad-utf8.yaml", new Uint8Array([...new TextEncoder().encode(pod("u") + "  labels: {a: x"), 0xc3, 0x28, ...new TextEncoder().encode("}\n")]));
  write("big.yaml", pod("big") + "#".repeat(1000));
  // A directory whose name looks like a manifest is still a directory.
  write("dir.yaml/inner.yaml", pod("inner"));
  // Dot-directories and node_modules are not deployed manifests.
  write(".github/workflows/ci.yml", "on: push\n");
  write(".hidden/secret.yaml", pod("hidden"));
  write("node_modules/pkg/x.yaml", pod("pkg"));
  symlinkSync(join(root, "b.yaml"), join(root, "link.yaml"));
  symlinkSync(join(root, "a"), join(root, "linkdir"));
  symlinkSync(join(root, "notes.txt"), join(root, "link.txt"));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const where = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.file, d.line, d.col]);

describe("readManifestDirectory", () => {
  it("reads manifests recursively, sorted, with relative /-paths, without following links", async () => {
    const { files, diagnostics } = await readManifestDirectory(root, { maxFileBytes: 1000 });
    expect(files.map((f) => f.path)).toEqual(["a-c.yml", "a/x.yaml", "b.yaml", "bad-utf8.yaml", "crlf.yaml", "data.json", "dir.yaml/inner.yaml"]);
    expect(where(diagnostics)).toEqual([
      ["INVALID_UTF8", "warning", "bad-utf8.yaml", 5, 16],
      ["FILE_TOO_LARGE", "error", "big.yaml", 1, 1],
      ["SYMLINK_SKIPPED", "info", "link.yaml", 1, 1],
      ["SYMLINK_SKIPPED", "info", "linkdir", 1, 1],
    ]);
  });

  it("decodes UTF-8 and drops the BOM, so positions stay right", async () => {
    const { files } = await readManifestDirectory(root);
    const parsed = parseManifests(files);
    expect(parsed.diagnostics).toEqual([]);
    const crlf = parsed.objects.find((o) => o.name === "crlf")!;
    expect(crlf.at(["metadata", "name"])).toEqual({ file: "crlf.yaml", line: 4, col: 9 });
    expect(parsed.objects.find((o) => o.name === "u")!.body.metadata).toEqual({ name: "u", labels: { a: "x\uFFFD(" } });
  });

  it("stops after maxFiles files, keeping the first ones by path", async () => {
    const { files, diagnostics } = await readManifestDirectory(root, { maxFiles: 3 });
    expect(files.map((f) => f.path)).toEqual(["a-c.yml", "a/x.yaml", "b.yaml"]);
    expect(where(diagnostics)).toEqual([["TOO_MANY_FILES", "error", "bad-utf8.yaml", 1, 1]]);
  });

  it("reports a directory it cannot read", async () => {
    const { files, diagnostics } = await readManifestDirectory(join(root, "does-not-exist"));
    expect(files).toEqual([]);
    expect(where(diagnostics)).toEqual([["READ_ERROR", "error", ".", 1, 1]]);
  });
});
