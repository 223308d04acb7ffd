import { formatPorts } from "../algebra/port-set.js";
import type { Connection } from "../engine/access.js";
import type { PortSet } from "../model/ports.js";
import type { Provenance } from "../model/rule.js";
import { describeL7 } from "./describe-l7.js";
import { peerNames } from "./peer-names.js";

/** A connection flattened for people and machines: one row per (workload, workload). */
export interface AccessRow {
  from: string;
  to: string;
  ports: string;
  portSet: PortSet;
  /** L7 restrictions, e.g. "TCP 8080: HTTP GET /public$". */
  l7: string[];
  /** Rules that allowed it at the source's egress; "unrestricted" when not in default deny; "n/a" for unmanaged sources. */
  egress: string[];
  ingress: string[];
}

export const ruleRef = (p: Provenance): string => `${p.policy} ${p.rulePath} (${p.file}:${p.line})`;

/** Verdicts, port sets, L7 lists and peers are shared between many connections: describe each once per call. */
const memo = <K, V>(describe: (k: K) => V): ((k: K) => V) => {
  const cache = new Map<K, V>();
  return (k) => {
    let v = cache.get(k);
    if (v === undefined) cache.set(k, (v = describe(k)));
    return v;
  };
};

const UNRESTRICTED: string[] = ["unrestricted"];
const NOT_APPLICABLE: string[] = ["n/a"];

const byText = (a: AccessRow, b: AccessRow): number => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0);

/**
 * Expand connections between identity groups into sorted rows between named peers. Rows of one
 * connection share their arrays (egress, ingress, l7): they are read, never modified.
 */
export function accessRows(connections: readonly Connection[]): AccessRow[] {
  const portsText = memo(formatPorts);
  const l7Texts = memo((l7: Connection["l7"]) => l7.flatMap((r) => describeL7(r.rules).map((d) => `${portsText(r.ports)}: ${d}`)));
  // Every endpoint outside default deny has its own verdict, but they all read "unrestricted", and many
  // enforced verdicts cite the same rules: equal provenance is one array, so that rows of different
  // connections share it and what reads rows (the diff's aggregation) can describe it once.
  const interned = new Map<string, string[]>();
  const rules = memo((side: NonNullable<Connection["egress"]>): string[] => {
    if (!side.enforced) return UNRESTRICTED;
    const refs = [...new Set(side.allowedBy.map((a) => ruleRef(a.rule)))];
    const key = refs.join("\n");
    const hit = interned.get(key);
    if (hit) return hit;
    interned.set(key, refs);
    return refs;
  });
  const names = memo(peerNames);
  const rows: AccessRow[] = [];
  for (const c of connections) {
    const ports = portsText(c.ports);
    const l7 = l7Texts(c.l7);
    const egress = c.egress ? rules(c.egress) : NOT_APPLICABLE;
    const ingress = c.ingress ? rules(c.ingress) : NOT_APPLICABLE;
    for (const from of names(c.from))
      for (const to of names(c.to)) {
        if (from === to && c.from.kind === "endpoint" && c.from.workloads.length > 0) continue;
        rows.push({ from, to, ports, portSet: c.ports, l7, egress, ingress });
      }
  }
  return rows.sort(byText);
}
