import type { Position } from "./position.js";

/**
 * Severity of a diagnostic.
 * - `error`: something we could not analyse, or a policy Cilium/Kubernetes would reject (enforced by nobody).
 *   The analysis is *incomplete* or the tenant is *not protected as written*; gates fail closed on it.
 * - `warning`: analysed, but the verdict depends on a documented uncertainty or a surprising semantic.
 * - `info`: quietly noteworthy (e.g. out-of-scope kind that we skip on purpose).
 */
export type Severity = "error" | "warning" | "info";

/** Diagnostics are data, never exceptions. `code` is stable and documented in docs/diagnostics.md. */
export interface Diagnostic extends Position {
  code: string;
  severity: Severity;
  message: string;
  /** `kind ns/name` of the object concerned, when there is one. */
  object?: string;
  /** Spec rule id(s) this diagnostic is about, e.g. "FQDN-3". */
  rule?: string;
}

/** A sink that collects diagnostics, passed down like eemeli/yaml's onError. */
export type DiagnosticSink = (d: Diagnostic) => void;

export const diagnostic = (
  code: string,
  severity: Severity,
  message: string,
  at: Position,
  extra: { object?: string; rule?: string } = {},
): Diagnostic => ({ code, severity, message, file: at.file, line: at.line, col: at.col, ...extra });

/**
 * `known` plus the diagnostics of `extra` reported at no (code, place) of `known`: the Namespaces
 * and Services the north-south model reads are read by the inventory too, so both may report the
 * same field. `known` itself is kept as it is.
 */
export function withDiagnostics(known: readonly Diagnostic[], extra: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): string => `${d.code}\u0000${d.file}\u0000${d.line}\u0000${d.col}`;
  const seen = new Set(known.map(key));
  return [...known, ...extra.filter((d) => !seen.has(key(d)) && (seen.add(key(d)), true))];
}
