import { equalPorts, isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import type { PortSet } from "../model/ports.js";
import type { AccessRow } from "../report/access-rows.js";

export type ChangeKind = "added" | "removed" | "changed";

/** One difference between the base and head access: a connection opened, closed, or changed. */
export interface AccessChange {
  change: ChangeKind;
  from: string;
  to: string;
  before?: AccessRow;
  after?: AccessRow;
  /** Ports the change opens and closes (exact set algebra, not text comparison). */
  opened: PortSet;
  closed: PortSet;
  /** True when the L7 restriction changed (added, lifted or altered) on the same ports. */
  l7Changed: boolean;
}

const key = (r: AccessRow): string => `${r.from}\u0000${r.to}`;
const EMPTY: PortSet = {};
const ORDER: Record<ChangeKind, number> = { changed: 0, added: 1, removed: 2 };

/**
 * Connections added, removed and changed between two access lists. Exact on port sets; ordered
 * changed → added → removed, then by source and destination, so the output is stable.
 */
export function diffAccess(base: readonly AccessRow[], head: readonly AccessRow[]): AccessChange[] {
  const before = new Map(base.map((r) => [key(r), r]));
  const after = new Map(head.map((r) => [key(r), r]));
  const out: AccessChange[] = [];
  for (const [k, b] of before) {
    const a = after.get(k);
    if (!a) {
      out.push({ change: "removed", from: b.from, to: b.to, before: b, opened: EMPTY, closed: b.portSet, l7Changed: false });
      continue;
    }
    const opened = subtractPorts(a.portSet, b.portSet);
    const closed = subtractPorts(b.portSet, a.portSet);
    const l7Changed = b.l7.join("\n") !== a.l7.join("\n");
    if (!isEmptyPorts(opened) || !isEmptyPorts(closed) || l7Changed || !equalPorts(a.portSet, b.portSet))
      out.push({ change: "changed", from: b.from, to: b.to, before: b, after: a, opened, closed, l7Changed });
  }
  for (const [k, a] of after)
    if (!before.has(k)) out.push({ change: "added", from: a.from, to: a.to, after: a, opened: a.portSet, closed: EMPTY, l7Changed: false });
  return out.sort((x, y) => ORDER[x.change] - ORDER[y.change] || (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
}
