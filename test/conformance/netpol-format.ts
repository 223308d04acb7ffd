import type { Connection } from "../../src/core/engine/access.js";
import type { Peer } from "../../src/core/model/peer.js";
import type { PortSet, Protocol } from "../../src/core/model/ports.js";

/** Translate our access model into np-guard/netpol-analyzer's txt grammar (see its README in ../shared). */

const PROTOS: readonly Protocol[] = ["SCTP", "TCP", "UDP"];

export function formatConns(ports: PortSet): string {
  const full = (p: Protocol) => ports[p]?.length === 1 && ports[p]![0]!.from <= 1 && ports[p]![0]!.to === 65535;
  if (PROTOS.every(full)) return "All Connections";
  return PROTOS.filter((p) => ports[p]?.length)
    .map((p) => `${p} ${ports[p]!.map((iv) => (iv.from === iv.to ? `${iv.from}` : `${Math.max(iv.from, 1)}-${iv.to}`)).join(",")}`)
    .join(",");
}

/** Names of a peer in netpol-analyzer's output; IPv6 blocks and non-workload peers are not part of its model. */
export function netpolNames(peer: Peer): string[] {
  if (peer.kind === "cidr") return peer.family === 4 ? [`${peer.first}-${peer.last}[External]`] : [];
  if (peer.kind === "endpoint") return peer.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`);
  return [];
}

export interface NetpolLine {
  from: string;
  to: string;
  conns: string;
  ports: PortSet;
}

export function netpolLines(connections: readonly Connection[]): NetpolLine[] {
  const out: NetpolLine[] = [];
  for (const c of connections) {
    const hasL4 = PROTOS.some((p) => c.ports[p]?.length);
    if (!hasL4) continue;
    for (const from of netpolNames(c.from))
      for (const to of netpolNames(c.to)) if (from !== to) out.push({ from, to, conns: formatConns(c.ports), ports: c.ports });
  }
  return out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

export const renderConnlist = (lines: readonly NetpolLine[]): string[] => lines.map((l) => `${l.from} => ${l.to} : ${l.conns}`);
