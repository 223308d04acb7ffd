import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseManifests } from "../../../src/core/load/index.js";
import type { LoadLimits } from "../../../src/core/load/index.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";

/** Helpers shared by the loader tests. */
export const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)), "utf8");

/** Parse files given as `{path: text}`. */
export const parse = (files: Record<string, string>, limits?: Partial<LoadLimits>) =>
  parseManifests(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    limits,
  );

/** `[code, file, line, col]`: what the tests pin down exactly. */
export const where = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.file, d.line, d.col]);
