import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceFile } from "../../src/core/model/position.js";

/** `../shared` beside the repository: read-only oracles and references, read at test time, never copied. */
export const SHARED = fileURLToPath(new URL("../../../shared/", import.meta.url));

export const sharedPath = (...parts: string[]): string => join(SHARED, ...parts);

/** Read every .yaml/.yml/.json file under a directory (test helper; the CLI has its own bounded reader). */
export function readTree(dir: string): SourceFile[] {
  if (!existsSync(dir)) return [];
  const out: SourceFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/i.test(name)) out.push({ path: relative(dir, full).split(sep).join("/"), text: readFileSync(full, "utf8") });
    }
  };
  walk(dir);
  return out;
}
