import { DEFAULT_LOAD_LIMITS, isManifestPath } from "../core/load/index.js";
import { diagnostic, type Diagnostic } from "../core/model/diagnostic.js";
import type { TreeFile } from "./ports.js";

/**
 * Which files of a tree are manifests, with the same rule as the CLI's directory reader
 * (src/cli/read-directory.ts): `.yaml`/`.yml`/`.json`, outside dot-directories (`.github`, …)
 * and `node_modules`. Past `maxFiles` the rest is not read and an error says so.
 */
export function selectManifests(tree: readonly TreeFile[], maxFiles = DEFAULT_LOAD_LIMITS.maxFiles): { files: TreeFile[]; diagnostics: Diagnostic[] } {
  const all = tree.filter((f) => isManifestPath(f.path) && !f.path.split("/").some((part) => part.startsWith(".") || part === "node_modules"));
  if (all.length <= maxFiles) return { files: all, diagnostics: [] };
  const at = { file: all[maxFiles]!.path, line: 1, col: 1 };
  const message = `more than ${maxFiles} manifest files; reading stopped here, the rest was not analysed`;
  return { files: all.slice(0, maxFiles), diagnostics: [diagnostic("TOO_MANY_FILES", "error", message, at)] };
}

/** Same paths with the same content: nothing the analysis reads differs. */
export function sameFiles(a: readonly TreeFile[], b: readonly TreeFile[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Map(a.map((f) => [f.path, f.id]));
  return b.every((f) => ids.get(f.path) === f.id);
}
