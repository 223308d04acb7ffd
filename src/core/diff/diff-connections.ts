import type { Connection } from "../engine/access.js";
import type { Peer } from "../model/peer.js";
import { accessRows } from "../report/access-rows.js";
import { peerNames } from "../report/peer-names.js";
import { diffAccess, type AccessChange } from "./diff-access.js";

type ByPair = Map<Peer, Map<Peer, Connection>>;

const indexByPair = (connections: readonly Connection[]): ByPair => {
  const out: ByPair = new Map();
  for (const c of connections) {
    let byTo = out.get(c.from);
    if (!byTo) out.set(c.from, (byTo = new Map()));
    byTo.set(c.to, c);
  }
  return out;
};

/** The peers connections start from and end at; a CIDR block is a different peer as a source and as a destination. */
export interface PeerRoles {
  sources: readonly Peer[];
  destinations: readonly Peer[];
}

/** Does every name belong to one peer only? Then a row key (source name, destination name) names one pair of peers. */
function namesAreUnique(peers: readonly Peer[]): boolean {
  const owner = new Map<string, Peer>();
  for (const p of peers)
    for (const name of peerNames(p)) {
      const seen = owner.get(name);
      if (seen !== undefined && seen !== p) return false;
      owner.set(name, p);
    }
  return true;
}

/** Connections of one side whose pair of peers the other side connects differently (another object) or not at all. */
function differing(own: readonly Connection[], other: ByPair): Connection[] {
  return own.filter((c) => other.get(c.from)?.get(c.to) !== c);
}

/**
 * The access diff (diffAccess on the rows of both sides), computed from the connections that differ.
 * When both sides were built on one shared universe (engine/model-sharing.ts), a pair of peers the
 * change cannot affect is connected by the very same Connection object on both sides: its rows are
 * equal, so it adds nothing to the diff and is never expanded into rows. A PR touches a few policies
 * of a large repository, so this turns a diff of every pairwise row into one of the pairs it moved.
 * The shortcut is exact only while a row's key (source name, destination name) names a single pair
 * of peers; otherwise, and when the sides have different peers, every row is compared.
 *
 * @param shared the peers of both sides when they are the same objects (one universe), else undefined
 */
export function diffConnections(base: readonly Connection[], head: readonly Connection[], shared: PeerRoles | undefined): AccessChange[] {
  if (shared === undefined || !namesAreUnique(shared.sources) || !namesAreUnique(shared.destinations)) return diffAccess(accessRows(base), accessRows(head));
  return diffAccess(accessRows(differing(base, indexByPair(head))), accessRows(differing(head, indexByPair(base))));
}
