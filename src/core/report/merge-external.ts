import { equalPorts, formatPorts } from "../algebra/port-set.js";
import { blockToCidrs, formatBlock } from "../algebra/ip-space.js";
import type { Connection } from "../engine/access.js";
import type { Universe } from "../engine/universe.js";
import type { CidrPeer, Peer } from "../model/peer.js";
import { describeL7 } from "./describe-l7.js";

const sideKey = (s: Connection["egress"]): string =>
  !s ? "-" : !s.enforced ? "*" : [...new Set(s.allowedBy.map((a) => `${a.rule.file}:${a.rule.line}:${a.rule.rulePath}`))].sort().join("|");

/** Connections that agree on everything but the external block can be shown as one row. */
const mergeKey = (c: Connection, other: Peer): string =>
  [other.id, formatPorts(c.ports), c.l7.map((r) => describeL7(r.rules).join(",")).join(";"), sideKey(c.egress), sideKey(c.ingress)].join("\u0000");

const WORLD_ID = "entity:world";

function mergeBlocks(group: Connection[], side: "from" | "to", atoms: readonly CidrPeer[]): Connection[] {
  const peers = group.map((c) => c[side] as CidrPeer).sort((a, b) => (a.family - b.family) || (a.start < b.start ? -1 : 1));
  if (peers.length === atoms.length) {
    const world: CidrPeer = { ...peers[0]!, id: WORLD_ID, cidrs: ["0.0.0.0/0", "::/0"] };
    return [{ ...group[0]!, [side]: world }];
  }
  const out: Connection[] = [];
  let run: CidrPeer[] = [];
  const flush = () => {
    if (!run.length) return;
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const block = { family: first.family, first: first.start, last: last.end };
    const peer: CidrPeer = { ...first, id: formatBlock(block), last: last.last, end: last.end, cidrs: blockToCidrs(block) };
    out.push({ ...group[0]!, [side]: peer });
    run = [];
  };
  for (const p of peers) {
    const prev = run[run.length - 1];
    if (prev && (prev.family !== p.family || prev.end + 1n !== p.start)) flush();
    run.push(p);
  }
  flush();
  return out;
}

/**
 * For people: adjacent external address blocks that a peer reaches (or is reached from) identically,
 * by the same rules, are shown as one row; all of them together read "world". DNS-name destinations
 * reached exactly like the whole world add nothing and are folded into it. Diffs compare unmerged data.
 */
export function mergeExternalConnections(connections: readonly Connection[], universe: Universe): Connection[] {
  const out: Connection[] = [];
  const groups = new Map<string, { side: "from" | "to"; items: Connection[] }>();
  for (const c of connections) {
    const side = c.to.kind === "cidr" ? "to" : c.from.kind === "cidr" ? "from" : undefined;
    if (!side) {
      out.push(c);
      continue;
    }
    const other = side === "to" ? c.from : c.to;
    const k = `${side}\u0000${mergeKey(c, other)}`;
    const group = groups.get(k);
    if (group) group.items.push(c);
    else groups.set(k, { side, items: [c] });
  }
  const worldReach = new Map<string, Connection>();
  for (const { side, items } of groups.values()) {
    const atoms = side === "to" ? universe.externalDestinations.filter((p): p is CidrPeer => p.kind === "cidr") : universe.externalSources;
    for (const m of mergeBlocks(items, side, atoms)) {
      out.push(m);
      if (side === "to" && m.to.id === WORLD_ID) worldReach.set(m.from.id, m);
    }
  }
  return out.filter((c) => {
    if (c.to.kind !== "fqdn") return true;
    const world = worldReach.get(c.from.id);
    return !(world && equalPorts(world.ports, c.ports) && c.l7.length === 0 && world.l7.length === 0);
  });
}
