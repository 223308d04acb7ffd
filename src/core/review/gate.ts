import type { GateMode } from "../config/types.js";
import type { Inventory } from "../model/inventory.js";
import type { Tenancy } from "../tenancy/tenancy.js";
import type { ChangedLines } from "./changed-lines.js";
import type { Diagnostic, Finding, GateResult } from "./types.js";

/** Errors that are modelled rather than gaps: the object is rejected, so it is absent (OBJ-4) and `invalid-policy` reports it. */
const MODELLED: ReadonlySet<string> = new Set(["INVALID_POLICY", "INVALID_SELECTOR"]);

/** `CiliumNetworkPolicy sales/baseline` → `sales`; cluster-scoped or absent → undefined (concerns every tenant). */
const namespaceOf = (d: Diagnostic): string | undefined => {
  const ref = d.object?.slice(d.object.indexOf(" ") + 1);
  return ref?.includes("/") ? ref.slice(0, ref.indexOf("/")) : undefined;
};

/**
 * Head errors that leave the analysis incomplete for a tenant namespace (or for an unknown one:
 * a file that could not be read may hold anything). With `gate: new` only those the change brings
 * count: in a file it touched, or absent from the base; a broken file nobody touched does not
 * block unrelated changes, but is still listed.
 */
export function incompleteAnalysis(
  head: readonly Diagnostic[],
  base: readonly Diagnostic[],
  context: { changed: ChangedLines; tenancy: Tenancy; inventory: Inventory; mode: GateMode },
): Diagnostic[] {
  const before = new Set(base.map((d) => `${d.code}\u0000${d.file}`));
  return head.filter((d) => {
    if (d.severity !== "error" || MODELLED.has(d.code)) return false;
    const ns = namespaceOf(d);
    if (ns !== undefined && context.tenancy.namespaceOwner(ns, context.inventory.namespaces.get(ns)?.labels ?? {}).kind !== "tenant") return false;
    return context.mode === "all" || context.changed.has(d.file) || !before.has(`${d.code}\u0000${d.file}`);
  });
}

/** A finding that fails the gate under the mode: unwaived errors, new ones only for `gate: new`. */
export const gates = (f: Finding, mode: GateMode): boolean => !f.waived && f.severity === "error" && (mode === "all" || f.new);

/**
 * `new` fails only on new unwaived errors; `all` on every unwaived error; either way an unusable
 * config or an incomplete analysis of a tenant namespace fails closed.
 */
export function decideGate(findings: readonly Finding[], mode: GateMode, failClosed: boolean): GateResult {
  return failClosed || findings.some((f) => gates(f, mode)) ? "fail" : "pass";
}
