import { lstatSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import type { Dirent } from "node:fs";
import { join } from "node:path";
import { decodeUtf8, isManifestPath, linkProblem, resolveLimits, resolveRepoLink } from "../core/load/index.js";
import type { LoadLimits, RepoEntry } from "../core/load/index.js";
import { diagnostic } from "../core/model/diagnostic.js";
import type { Diagnostic } from "../core/model/diagnostic.js";
import type { SourceFile } from "../core/model/position.js";

const at = (file: string) => ({ file, line: 1, col: 1 });

/** Dot-directories (.git, .github, ...) hold no deployed manifests; node_modules holds packages. */
const skippedDirectory = (name: string): boolean => name.startsWith(".") || name === "node_modules";

/**
 * Read every manifest (`.yaml`, `.yml`, `.json`) under `root`, recursively, as UTF-8 text with
 * paths relative to `root` (`/`-separated, sorted). A manifest-named symbolic link is read as its
 * target, under the link's path, when the target is a regular file inside `root` (GitOps tools
 * follow such links: security.md B2); a link that could be a manifest or a directory and leads
 * outside `root`, nowhere, into a loop or to a directory is never followed and is an error
 * `SYMLINK_SKIPPED`. Nothing outside `root` is ever looked at. Limits are enforced before reading,
 * so a hostile tree costs little.
 */
export async function readManifestDirectory(
  root: string,
  limits?: Partial<LoadLimits>,
): Promise<{ files: SourceFile[]; diagnostics: Diagnostic[] }> {
  // Synchronous reads on purpose: manifests are small and many, and every asynchronous read costs
  // several thread-pool round trips (reading took longer than parsing). The CLI has nothing to overlap.
  const bounds = resolveLimits(limits);
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [];
  for (const { rel, source } of listManifests(root, bounds.maxFiles, diagnostics)) {
    const r = readOne(root, rel, source, bounds.maxFileBytes);
    if (r.file) files.push(r.file);
    for (const d of r.diagnostics) diagnostics.push(d);
  }
  return { files, diagnostics: sortByFile(diagnostics) };
}

/** Stable order for readers: by file, walk diagnostics first within a file. */
const sortByFile = (ds: Diagnostic[]): Diagnostic[] =>
  ds.map((d, i) => ({ d, i })).sort((a, b) => compare(a.d.file, b.d.file) || a.i - b.i).map((x) => x.d);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Pending {
  rel: string;
  type: "directory" | "file" | "link";
}

/**
 * Walk the tree depth-first without recursion (a deep tree cannot overflow the stack) and without
 * following links. Entries are visited in the order of their full paths (a directory sorts as
 * `name/`), so the result comes out sorted and TOO_MANY_FILES keeps the first files by path.
 */
function listManifests(root: string, maxFiles: number, diagnostics: Diagnostic[]): Array<{ rel: string; source: string }> {
  const found: Array<{ rel: string; source: string }> = [];
  const stack: Pending[] = [{ rel: "", type: "directory" }];
  while (stack.length > 0) {
    const { rel, type } = stack.pop()!;
    let source = rel;
    if (type === "link") {
      const target = resolveRepoLink(rel, (path) => lookup(root, path));
      if (target.kind !== "file") {
        diagnostics.push(diagnostic("SYMLINK_SKIPPED", "error", linkProblem(target), at(rel)));
        continue;
      }
      // A directory-like name (no extension) linking to a file: not a manifest.
      if (!isManifestPath(rel)) continue;
      source = target.path;
    }
    if (type === "file" || type === "link") {
      if (found.length >= maxFiles) {
        const message = `more than ${maxFiles} manifest files; reading stopped here, the rest was not analysed`;
        diagnostics.push(diagnostic("TOO_MANY_FILES", "error", message, at(rel)));
        break;
      }
      found.push({ rel, source });
    } else {
      const children = readEntries(root, rel, diagnostics);
      for (let k = children.length - 1; k >= 0; k--) stack.push(children[k]!);
    }
  }
  return found;
}

/** The entries of one directory worth visiting, in path order. */
function readEntries(root: string, dir: string, diagnostics: Diagnostic[]): Pending[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch (e) {
    diagnostics.push(diagnostic("READ_ERROR", "error", `cannot read directory: ${errorText(e)}`, at(dir || ".")));
    return [];
  }
  const out: Array<Pending & { key: string }> = [];
  for (const entry of entries) {
    const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isSymbolicLink()) {
      // Only links that could be a manifest or a directory are worth a note.
      if (isManifestPath(rel) || !entry.name.includes(".")) out.push({ rel, type: "link", key: entry.name });
    } else if (entry.isDirectory()) {
      if (!skippedDirectory(entry.name)) out.push({ rel, type: "directory", key: `${entry.name}/` });
    } else if (entry.isFile() && isManifestPath(rel)) out.push({ rel, type: "file", key: entry.name });
  }
  return out.sort((a, b) => compare(a.key, b.key));
}

/**
 * One path of the tree under `root`, without following it; never called for a path outside `root`
 * (resolveRepoLink stops at the root). Anything but a file, a directory or a link reads as absent.
 */
function lookup(root: string, path: string): RepoEntry | undefined {
  const full = join(root, path);
  try {
    const stat = lstatSync(full);
    if (stat.isSymbolicLink()) return { kind: "link", target: readlinkSync(full, "utf8") };
    if (stat.isDirectory()) return { kind: "directory" };
    return stat.isFile() ? { kind: "file" } : undefined;
  } catch {
    return undefined;
  }
}

/** `rel` as the analysis names it, its content read from `source` (the target of a link, else `rel`). */
function readOne(root: string, rel: string, source: string, maxBytes: number): { file?: SourceFile; diagnostics: Diagnostic[] } {
  const full = join(root, source);
  try {
    const stat = lstatSync(full);
    if (stat.size > maxBytes) return tooLarge(rel, maxBytes);
    const bytes = readFileSync(full);
    // The file may have grown between stat and read.
    if (bytes.length > maxBytes) return tooLarge(rel, maxBytes);
    return decodeUtf8(rel, bytes);
  } catch (e) {
    return { diagnostics: [diagnostic("READ_ERROR", "error", `cannot read file: ${errorText(e)}`, at(rel))] };
  }
}

const tooLarge = (rel: string, maxBytes: number) => ({
  diagnostics: [diagnostic("FILE_TOO_LARGE", "error", `file is larger than ${maxBytes} bytes and was not read`, at(rel))],
});

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
