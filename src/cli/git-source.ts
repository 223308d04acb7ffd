import { execFileSync } from "node:child_process";
import type { Diagnostic } from "../core/model/diagnostic.js";
import type { SourceFile } from "../core/model/position.js";
import { decodeUtf8, isManifestPath, resolveLimits } from "../core/load/index.js";
import { UsageError } from "./io.js";

/**
 * Read the manifests of one commit of a local git repository (`--base-ref/--head-ref`), so the same
 * check runs in any CI without the app. Nothing from the repository is executed: only `git ls-tree`
 * and `git cat-file` read objects.
 */
const git = (cwd: string, args: string[], input?: string): Buffer =>
  execFileSync("git", args, { cwd, maxBuffer: 1 << 30, ...(input !== undefined ? { input } : {}), stdio: ["pipe", "pipe", "pipe"] });

export function resolveRef(repo: string, ref: string): string {
  try {
    return git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).toString().trim();
  } catch {
    throw new UsageError(`not a commit in ${repo}: ${ref}`);
  }
}

interface TreeEntry {
  path: string;
  sha: string;
  size: number;
}

function listTree(repo: string, commit: string): TreeEntry[] {
  const out = git(repo, ["ls-tree", "-r", "-z", "--long", commit]).toString();
  return out
    .split("\0")
    .filter(Boolean)
    .flatMap((line) => {
      const [meta, path] = line.split("\t") as [string, string];
      const [, type, sha, size] = meta.trim().split(/\s+/) as [string, string, string, string];
      return type === "blob" ? [{ path, sha, size: Number(size) }] : [];
    });
}

/** Blobs by SHA in one `git cat-file --batch` call. */
function readBlobs(repo: string, shas: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (shas.length === 0) return out;
  const data = git(repo, ["cat-file", "--batch"], shas.join("\n") + "\n");
  let pos = 0;
  for (const sha of shas) {
    const nl = data.indexOf(10, pos);
    const header = data.subarray(pos, nl).toString();
    const size = Number(header.split(" ")[2]);
    out.set(sha, data.subarray(nl + 1, nl + 1 + size));
    pos = nl + 1 + size + 1;
  }
  return out;
}

export interface CommitFiles {
  files: SourceFile[];
  config?: SourceFile;
  diagnostics: Diagnostic[];
}

export function readCommit(repo: string, ref: string, configPath: string): CommitFiles {
  const commit = resolveRef(repo, ref);
  const limits = resolveLimits();
  const entries = listTree(repo, commit);
  const hidden = (p: string) => p.split("/").some((s) => s.startsWith(".") || s === "node_modules");
  const wanted = entries.filter((e) => e.path === configPath || (isManifestPath(e.path) && !hidden(e.path) && e.size <= limits.maxFileBytes));
  const blobs = readBlobs(repo, wanted.map((e) => e.sha));
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [];
  let config: SourceFile | undefined;
  for (const e of wanted) {
    const decoded = decodeUtf8(e.path, blobs.get(e.sha)!);
    diagnostics.push(...decoded.diagnostics);
    if (e.path === configPath) config = decoded.file;
    else files.push(decoded.file);
  }
  for (const e of entries)
    if (isManifestPath(e.path) && !hidden(e.path) && e.size > limits.maxFileBytes)
      diagnostics.push({ code: "FILE_TOO_LARGE", severity: "error", message: `${e.path} is ${e.size} bytes, over the ${limits.maxFileBytes}-byte limit; it was not analysed`, file: e.path, line: 1, col: 1 });
  return { files, ...(config ? { config } : {}), diagnostics };
}
