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

const sideRules = (side: Connection["egress"]): string[] => {
  if (!side) return ["n/a"];
  if (!side.enforced) return ["unrestricted"];
  return [...new Set(side.allowedBy.map((a) => ruleRef(a.rule)))];
};

const byText = (a: AccessRow, b: AccessRow): number => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0);

/** Expand connections between identity groups into sorted rows between named peers. */
export function accessRows(connections: readonly Connection[]): AccessRow[] {
  const rows: AccessRow[] = [];
  for (const c of connections) {
    const ports = formatPorts(c.ports);
    const l7 = c.l7.flatMap((r) => describeL7(r.rules).map((d) => `${formatPorts(r.ports)}: ${d}`));
    const egress = sideRules(c.egress);
    const ingress = sideRules(c.ingress);
    for (const from of peerNames(c.from))
      for (const to of peerNames(c.to)) {
        if (from === to && c.from.kind === "endpoint" && c.from.workloads.length > 0) continue;
        rows.push({ from, to, ports, portSet: c.ports, l7, egress, ingress });
      }
  }
  return rows.sort(byText);
}
