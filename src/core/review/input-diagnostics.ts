import type { Diagnostic } from "../model/diagnostic.js";
import type { Review } from "./types.js";

/**
 * Files the reader could not read (too large, too many, unreadable, symlinks) are part of the
 * result: on the head they fail the gate — never judge part of a change as if it were all of it —
 * and on the base they are reported as warnings. Shared by the app and the CLI.
 */
export function withInputDiagnostics(review: Review, read: { base: readonly Diagnostic[]; head: readonly Diagnostic[] } | undefined): Review {
  if (!read) return review;
  const headFiles = new Set(read.head.map((d) => d.file));
  const baseOnly = read.base
    .filter((d) => !headFiles.has(d.file))
    .map((d) => ({ ...d, severity: d.severity === "error" ? ("warning" as const) : d.severity, message: `on the base commit: ${d.message}` }));
  if (read.head.length === 0 && baseOnly.length === 0) return review;
  const failed = read.head.some((d) => d.severity === "error");
  return { ...review, gate: failed ? "fail" : review.gate, diagnostics: [...read.head, ...baseOnly, ...review.diagnostics] };
}
