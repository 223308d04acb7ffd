import { deepEqual } from "../algebra/deep-equal.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import type { PortSet } from "../model/ports.js";
import type { Profile } from "../model/profile.js";
import type { CompiledRule } from "../model/rule.js";
import type { Connection } from "./access.js";
import { ExternalIndex } from "./external-index.js";
import type { SideResult } from "./resolve.js";
import type { DirectionRules } from "./rule-index.js";
import type { Universe } from "./universe.js";

type TrieNode = Map<object, TrieNode | DirectionRules>;
/** Ends each rule list on a trie path, so that [a] + [b] and [a, b] + [] differ; after the last list it keys the interned object. */
const END_OF_LIST: object = Object.freeze({});

/**
 * Caches of everything that depends only on the peers (and the profile), not on which policies a
 * side has: which peers each rule matches, verdicts per endpoint and rule list, connections.
 * An AccessModel owns one; models of the two sides of a change share one when their universes are
 * equal, which is the common case (a change to policies; both sides share peers by design), so the
 * head re-uses every verdict whose endpoint, rules and peer are the base's.
 */
export class PeerCaches {
  readonly rulePeers = new Map<CompiledRule, readonly Peer[]>();
  readonly rulePeerSets = new Map<CompiledRule, ReadonlySet<Peer>>();
  /** Per (interned) rule list: each rule's peer set and whether its verdict is peer-specific. */
  readonly matchers = new Map<DirectionRules, { sets: ReadonlySet<Peer>[]; specific: boolean[] }>();
  /** Verdicts per endpoint, per interned rule list, per set of matching rules. */
  readonly sides = new Map<EndpointPeer, Map<DirectionRules, Map<number | string, SideResult>>>();
  readonly intersections = new Map<PortSet, Map<PortSet, PortSet>>();
  /** Candidate peers of enforced endpoints, per interned rule list (AccessModel.candidates). */
  readonly candidates = new Map<DirectionRules, readonly Peer[]>();
  /** Connections by source and destination, re-used when both verdicts are the same objects. */
  readonly connections = new Map<Peer, Map<Peer, Connection>>();
  readonly universeIndex: { ingress: ReadonlyMap<Peer, number>; egress: ReadonlyMap<Peer, number> };
  private externalIndexes?: { ingress: ExternalIndex; egress: ExternalIndex };
  private readonly interned = new Map<string, TrieNode>();

  constructor(
    readonly universe: Universe,
    readonly profile: Profile,
    readonly sources: readonly Peer[],
    readonly destinations: readonly Peer[],
  ) {
    this.universeIndex = { ingress: new Map(sources.map((p, i) => [p, i])), egress: new Map(destinations.map((p, i) => [p, i])) };
  }

  external(direction: "ingress" | "egress"): ExternalIndex {
    this.externalIndexes ??= { ingress: new ExternalIndex(this.universe.externalSources), egress: new ExternalIndex(this.universe.externalDestinations) };
    return this.externalIndexes[direction];
  }

  /** One object per distinct list of rule objects, so that equal lists of both sides share verdicts. */
  intern(rules: DirectionRules, direction: "ingress" | "egress"): DirectionRules {
    // A trie over the rule objects (no key strings: every endpoint of both sides is interned, twice).
    // The direction is part of the path: verdicts name it, and two empty lists must not meet.
    let node = this.interned.get(direction) ?? this.interned.set(direction, new Map()).get(direction)!;
    const step = (key: object): void => {
      let next = node.get(key);
      if (!next) node.set(key, (next = new Map()));
      node = next as TrieNode;
    };
    for (const list of [rules.allows, rules.denies, rules.defaultDeny]) {
      for (const r of list) step(r);
      step(END_OF_LIST);
    }
    const hit = node.get(END_OF_LIST) as DirectionRules | undefined;
    if (hit) return hit;
    node.set(END_OF_LIST, rules);
    return rules;
  }
}

/**
 * Lets the models of a change share PeerCaches: a universe equal (structurally, order included) to
 * one seen before is replaced by that one, so that both sides' peers are the same objects.
 */
export class ModelSharing {
  private readonly seen: Array<{ universe: Universe; profile: Profile; caches: PeerCaches }> = [];

  /** Offer the caches of a model built with another ModelSharing (an earlier change's base, see analyze/change-memo.ts). */
  adopt(caches: PeerCaches): void {
    if (!this.seen.some((s) => s.caches === caches)) this.seen.push({ universe: caches.universe, profile: caches.profile, caches });
  }

  /** The universe to build a model on (an equal earlier one if any) and the caches that go with it. */
  share(universe: Universe, profile: Profile, create: (u: Universe) => PeerCaches): PeerCaches {
    for (const s of this.seen) if (s.profile === profile && (s.universe === universe || deepEqual(s.universe, universe))) return s.caches;
    const caches = create(universe);
    this.seen.push({ universe, profile, caches });
    return caches;
  }
}
