import { parseCidr } from "../algebra/ip-space.js";
import { normalizeFqdn } from "../algebra/fqdn-pattern.js";
import type { CidrPeer, FqdnPeer } from "../model/peer.js";
import type { CidrBlock, FqdnSelector } from "../model/rule.js";

/**
 * Candidate external peers of CIDR and FQDN rules without scanning every external peer for every
 * rule (which grows with the square of the number of namespaces that each name their own blocks
 * and names). Both lookups return a superset of the peers the rule can match, in universe order;
 * peer-match.ts still decides each one exactly.
 */
export class ExternalIndex {
  /** Address atoms per family, sorted by start: the split address space is disjoint. */
  private readonly atoms = new Map<4 | 6, Array<{ peer: CidrPeer; index: number }>>();
  private readonly fqdns: Array<{ peer: FqdnPeer; index: number }> = [];
  private readonly byName = new Map<string, number>();
  /** FQDN peers by their literal trailing labels, read from the end (`com` → `example` → ...). */
  private readonly suffixes: SuffixNode = { children: new Map(), indices: [] };
  /** Peers with a label that matches no name: every pattern covers them (FQDN-2 containment). */
  private readonly matchNothing: number[] = [];

  constructor(private readonly peers: ReadonlyArray<CidrPeer | FqdnPeer>) {
    peers.forEach((peer, index) => {
      if (peer.kind === "cidr") {
        const list = this.atoms.get(peer.family) ?? [];
        list.push({ peer, index });
        this.atoms.set(peer.family, list);
      } else this.addFqdn(peer, index);
    });
    for (const list of this.atoms.values()) list.sort((a, b) => (a.peer.start < b.peer.start ? -1 : a.peer.start > b.peer.start ? 1 : 0));
  }

  private addFqdn(peer: FqdnPeer, index: number): void {
    this.fqdns.push({ peer, index });
    this.byName.set(peer.pattern, index);
    const labels = peer.pattern.split(".");
    if (labels.some((l) => !VALID_LABEL.test(l))) {
      this.matchNothing.push(index);
      return;
    }
    let node = this.suffixes;
    node.indices.push(index);
    for (let k = labels.length - 1; k >= 0 && !labels[k]!.includes("*"); k--) {
      let child = node.children.get(labels[k]!);
      if (!child) node.children.set(labels[k]!, (child = { children: new Map(), indices: [] }));
      child.indices.push(index);
      node = child;
    }
  }

  /** Address atoms inside any of the blocks' CIDRs (excepts are left to the exact match), and DNS names if a block is a whole family. */
  cidrCandidates(blocks: readonly CidrBlock[], wholeFamily: (b: CidrBlock) => boolean): Array<CidrPeer | FqdnPeer> {
    const found = new Set<number>();
    for (const b of blocks) {
      if (wholeFamily(b)) for (const f of this.fqdns) found.add(f.index);
      const cidr = parseCidr(b.cidr);
      const list = cidr && this.atoms.get(cidr.family);
      if (!cidr || !list) continue;
      // First atom starting at or after the block; atoms inside the block follow it contiguously.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]!.peer.start < cidr.first) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < list.length && list[k]!.peer.end <= cidr.last; k++) found.add(list[k]!.index);
    }
    return this.inOrder(found);
  }

  /** DNS-name peers a toFQDNs selector may select: the exact name, or names sharing a pattern's literal suffix. */
  fqdnCandidates(selectors: readonly FqdnSelector[]): FqdnPeer[] {
    const found = new Set<number>();
    for (const s of selectors) {
      if (s.matchName !== undefined) {
        const hit = this.byName.get(normalizeFqdn(s.matchName));
        if (hit !== undefined) found.add(hit);
        continue;
      }
      if (s.matchPattern === undefined) continue;
      // A literal label covers only that same label (or a label that matches nothing); labels align from the end.
      const labels = normalizeFqdn(s.matchPattern).split(".");
      let node: SuffixNode | undefined = this.suffixes;
      for (let k = labels.length - 1; k >= 0 && node && !labels[k]!.includes("*"); k--) node = node.children.get(labels[k]!);
      for (const i of node?.indices ?? []) found.add(i);
      for (const i of this.matchNothing) found.add(i);
    }
    return this.inOrder(found) as FqdnPeer[];
  }

  private inOrder(found: Set<number>): Array<CidrPeer | FqdnPeer> {
    return [...found].sort((a, b) => a - b).map((i) => this.peers[i]!);
  }
}

interface SuffixNode {
  children: Map<string, SuffixNode>;
  indices: number[];
}

/** A label some name can have: DNS characters and `*` (normalised peers are lower case). */
const VALID_LABEL = /^[-a-z0-9_*]+$/;
