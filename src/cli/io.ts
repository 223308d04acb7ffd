import { existsSync, statSync } from "node:fs";
import type { Diagnostic } from "../core/model/diagnostic.js";
import type { SourceFile } from "../core/model/position.js";
import { renderDiagnosticsText } from "../core/report/render-access.js";
import { readManifestDirectory } from "./read-directory.js";

/** Exit codes, documented in --help and docs/cli.md. */
export const EXIT = { ok: 0, gateFailed: 1, usage: 2, incomplete: 3 } as const;

export class UsageError extends Error {}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processOutput: Output = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Read a manifest directory, or fail with a usage error that names the path. */
export async function readInputDirectory(dir: string): Promise<{ files: SourceFile[]; diagnostics: Diagnostic[] }> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`not a directory: ${dir}`);
  return readManifestDirectory(dir);
}

/** Print diagnostics to stderr and tell whether the analysis is incomplete (any error). */
export function reportDiagnostics(diagnostics: readonly Diagnostic[], io: Output): boolean {
  if (diagnostics.length === 0) return false;
  io.err(renderDiagnosticsText(diagnostics) + "\n");
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) io.err(`bulkhead: ${errors} error(s): the analysis is incomplete or some policy is not enforced as written (exit code 3)\n`);
  return errors > 0;
}
