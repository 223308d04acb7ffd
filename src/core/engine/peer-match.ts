import { blockContains, blocksOverlap, parseCidr, type AddressBlock } from "../algebra/ip-space.js";
import { fqdnPatternCovers, normalizeFqdn } from "../algebra/fqdn-pattern.js";
import { selectorMatches } from "../algebra/selector.js";
import type { Labels } from "../model/labels.js";
import type { EntityName, Peer } from "../model/peer.js";
import type { CidrBlock, PeerMatcher } from "../model/rule.js";

const CLUSTER_ENTITIES = new Set(["host", "remote-node", "kube-apiserver", "ingress", "health", "init", "unmanaged"]);

/** Shared label sets of external peers (allocated once: selector matching is the hot path). */
const WORLD_LABELS: Record<"4" | "6" | "any", Labels> = {
  "4": new Map([["reserved:world", ""], ["reserved:world-ipv4", ""]]),
  "6": new Map([["reserved:world", ""], ["reserved:world-ipv6", ""]]),
  any: new Map([["reserved:world", ""]]),
};

const worldLabels = (family: 4 | 6 | undefined): Labels => WORLD_LABELS[family === undefined ? "any" : family === 4 ? "4" : "6"];

/** Identity labels of any peer, for selector matching. External peers carry `reserved:world` (§3.1, NS-6). */
export const peerLabels = (peer: Peer): Labels => {
  switch (peer.kind) {
    case "endpoint":
    case "entity":
      return peer.labels;
    case "cidr":
      return worldLabels(peer.family);
    case "fqdn":
      return worldLabels(undefined);
  }
};

/** §5: which peers an entity selects. `cluster` covers every pod of the local cluster and the nodes (ENT-1). */
function entityMatches(entity: EntityName, peer: Peer): boolean {
  switch (entity) {
    case "all":
      return true;
    case "none":
      return false;
    case "world":
      return peer.kind === "cidr" || peer.kind === "fqdn";
    case "world-ipv4":
      return peer.kind === "cidr" && peer.family === 4;
    case "world-ipv6":
      return peer.kind === "cidr" && peer.family === 6;
    case "cluster":
    case "cluster-mesh":
      return peer.kind === "endpoint" || (peer.kind === "entity" && CLUSTER_ENTITIES.has(peer.entity));
    default:
      return peer.kind === "entity" && peer.entity === entity;
  }
}

const parsedBlocks = new WeakMap<CidrBlock, { cidr: AddressBlock | undefined; except: (AddressBlock | undefined)[] }>();

/** Parse a rule's CIDR entry once; matching runs for every (rule, external peer) pair. */
const parsedBlock = (b: CidrBlock) => {
  let hit = parsedBlocks.get(b);
  if (!hit) {
    hit = { cidr: parseCidr(b.cidr), except: b.except.map(parseCidr) };
    parsedBlocks.set(b, hit);
  }
  return hit;
};

/** CIDR-2: the entry's cidr minus its excepts must contain the whole block. */
const blockCovers = (b: CidrBlock, block: AddressBlock): boolean => {
  const p = parsedBlock(b);
  if (!p.cidr || !blockContains(p.cidr, block)) return false;
  return p.except.every((e) => !e || !blocksOverlap(e, block));
};

export const isWholeFamily = (b: CidrBlock): boolean => {
  const block = parsedBlock(b).cidr;
  return block !== undefined && b.except.length === 0 && block.first === 0n && b.cidr.endsWith("/0");
};

/**
 * Does a rule's peer matcher select this peer? CIDR rules never match cluster members (CIDR-3).
 * A DNS name's addresses are unknown: only whole-family CIDRs (`0.0.0.0/0`, `::/0`) are sure to contain them.
 */
export function peerMatches(matcher: PeerMatcher, peer: Peer): boolean {
  switch (matcher.kind) {
    case "all":
      return true;
    case "none":
      return false;
    case "selector": {
      const labels = peerLabels(peer);
      return matcher.selectors.some((s) => selectorMatches(s, labels));
    }
    case "entities":
      return matcher.entities.some((e) => entityMatches(e, peer));
    case "cidr": {
      if (peer.kind === "fqdn") return matcher.blocks.some(isWholeFamily);
      if (peer.kind !== "cidr") return false;
      const whole = { family: peer.family, first: peer.start, last: peer.end };
      return matcher.blocks.some((b) => blockCovers(b, whole));
    }
    case "fqdn":
      if (peer.kind !== "fqdn") return false;
      return matcher.selectors.some((s) =>
        s.matchName !== undefined ? normalizeFqdn(s.matchName) === peer.pattern : s.matchPattern !== undefined && fqdnPatternCovers(s.matchPattern, peer.pattern),
      );
  }
}
