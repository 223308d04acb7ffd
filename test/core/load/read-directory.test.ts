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
  // Relative links: followed to a regular file inside the root (security.md B2), never out of it.
  write("docs/pod.txt", pod("linked"));
  symlinkSync("../docs/pod.txt", join(root, "a/linked.yaml"));
  symlinkSync("../a/linked.yaml", join(root, "docs/chain.yaml"));
  symlinkSync("../../etc/passwd.yaml", join(root, "docs/escape.yaml"));
  symlinkSync("chain.yaml", join(root, "docs/loop-a.yaml"));
  symlinkSync("loop-b.yaml", join(root, "docs/loop-b.yml"));
  symlinkSync("loop-b.yml", join(root, "docs/loop-b.yaml"));
  symlinkSync("../docs", join(root, "a/docs-link"));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const where = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.file, d.line, d.col]);

describe("readManifestDirectory", () => {
  it("reads manifests recursively, sorted, with relative /-paths, following links only to files inside the root", async () => {
    const { files, diagnostics } = await readManifestDirectory(root, { maxFileBytes: 1000 });
    expect(files.map((f) => f.path)).toEqual([
      "a-c.yml",
      "a/linked.yaml",
      "a/x.yaml",
      "b.yaml",
      "bad-utf8.yaml",
      "crlf.yaml",
      "data.json",
      "dir.yaml/inner.yaml",
      "docs/chain.yaml",
      "docs/loop-a.yaml",
    ]);
    // A link is read as its target, under its own path.
    expect(files.find((f) => f.path === "docs/chain.yaml")!.text).toBe(pod("linked"));
    expect(where(diagnostics)).toEqual([
      ["SYMLINK_SKIPPED", "error", "a/docs-link", 1, 1],
      ["INVALID_UTF8", "warning", "bad-utf8.yaml", 5, 16],
      ["FILE_TOO_LARGE", "error", "big.yaml", 1, 1],
      ["SYMLINK_SKIPPED", "error", "docs/escape.yaml", 1, 1],
      ["SYMLINK_SKIPPED", "error", "docs/loop-b.yaml", 1, 1],
      ["SYMLINK_SKIPPED", "error", "docs/loop-b.yml", 1, 1],
      // Absolute targets are outside the repository, wherever they point.
      ["SYMLINK_SKIPPED", "error", "link.yaml", 1, 1],
      ["SYMLINK_SKIPPED", "error", "linkdir", 1, 1],
    ]);
  });

  it("decodes UTF-8 and drops the BOM, so positions stay right", async () => {
    const { files } = await readManifestDirectory(root);
    const parsed = parseManifests(files);
    // The three paths that lead to docs/pod.txt are one object written three times.
    expect(parsed.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ["DUPLICATE_OBJECT", "docs/chain.yaml"],
      ["DUPLICATE_OBJECT", "docs/loop-a.yaml"],
    ]);
    const crlf = parsed.objects.find((o) => o.name === "crlf")!;
    expect(crlf.at(["metadata", "name"])).toEqual({ file: "crlf.yaml", line: 4, col: 9 });
    expect(parsed.objects.find((o) => o.name === "u")!.body.metadata).toEqual({ name: "u", labels: { a: "x\uFFFD(" } });
  });

  it("stops after maxFiles files, keeping the first ones by path", async () => {
    const { files, diagnostics } = await readManifestDirectory(root, { maxFiles: 3 });
    expect(files.map((f) => f.path)).toEqual(["a-c.yml", "a/linked.yaml", "a/x.yaml"]);
    expect(where(diagnostics)).toEqual([
      ["SYMLINK_SKIPPED", "error", "a/docs-link", 1, 1],
      ["TOO_MANY_FILES", "error", "b.yaml", 1, 1],
    ]);
  });

  it("reports a directory it cannot read", async () => {
    const { files, diagnostics } = await readManifestDirectory(join(root, "does-not-exist"));
    expect(files).toEqual([]);
    expect(where(diagnostics)).toEqual([["READ_ERROR", "error", ".", 1, 1]]);
  });
});
