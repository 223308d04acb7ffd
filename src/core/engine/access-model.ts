import type { EndpointPeer, Peer } from "../model/peer.js";
import type { Profile } from "../model/profile.js";
import type { CompiledPolicy, CompiledRule, Direction } from "../model/rule.js";
import { ExternalIndex } from "./external-index.js";
import { isWholeFamily, peerMatches } from "./peer-match.js";
import { resolveSide, type SideResult } from "./resolve.js";
import { pinnedNamespaces, RuleIndex, type DirectionRules } from "./rule-index.js";
import type { Universe } from "./universe.js";

/**
 * Everything needed to answer access questions for one side (base or head) of a change:
 * the peers, the rules indexed by subject, and caches so that each (rule, direction) is matched
 * against the universe once.
 */
export class AccessModel {
  readonly index: RuleIndex;
  private readonly sources: readonly Peer[];
  private readonly destinations: readonly Peer[];
  private readonly rulePeerCache = new WeakMap<CompiledRule, readonly Peer[]>();
  private readonly rulePeerSets = new WeakMap<CompiledRule, ReadonlySet<Peer>>();
  private readonly matchers = new WeakMap<DirectionRules, { sets: ReadonlySet<Peer>[]; specific: boolean[] }>();
  private readonly sideCache = { ingress: new WeakMap<EndpointPeer, Map<number | string, SideResult>>(), egress: new WeakMap<EndpointPeer, Map<number | string, SideResult>>() };
  private externalIndexes?: { ingress: ExternalIndex; egress: ExternalIndex };
  private universeIndex?: { ingress: ReadonlyMap<Peer, number>; egress: ReadonlyMap<Peer, number> };

  constructor(
    readonly universe: Universe,
    readonly policies: readonly CompiledPolicy[],
    readonly profile: Profile,
  ) {
    this.index = new RuleIndex(policies);
    this.sources = [...universe.endpoints, ...universe.entities, ...universe.externalSources];
    this.destinations = [...universe.endpoints, ...universe.entities, ...universe.externalDestinations];
  }

  /** Peers on the far side of a rule: sources for ingress, destinations for egress. */
  peersOf(direction: Direction): readonly Peer[] {
    return direction === "ingress" ? this.sources : this.destinations;
  }

  /** The peers one rule matches, found through the namespace index when the peer selector is pinned. */
  rulePeers(rule: CompiledRule): readonly Peer[] {
    const hit = this.rulePeerCache.get(rule);
    if (hit) return hit;
    const m = rule.peer;
    const result = this.candidatesFor(rule).filter((p) => peerMatches(m, p));
    this.rulePeerCache.set(rule, result);
    return result;
  }

  private external(direction: Direction): ExternalIndex {
    this.externalIndexes ??= { ingress: new ExternalIndex(this.universe.externalSources), egress: new ExternalIndex(this.universe.externalDestinations) };
    return this.externalIndexes[direction];
  }

  /** A superset of the peers a rule's matcher can select, chosen by matcher kind so that most rules never scan every peer. */
  private candidatesFor(rule: CompiledRule): readonly Peer[] {
    const m = rule.peer;
    const external = rule.direction === "ingress" ? this.universe.externalSources : this.universe.externalDestinations;
    switch (m.kind) {
      case "none":
        return [];
      case "cidr":
        return this.external(rule.direction).cidrCandidates(m.blocks, isWholeFamily);
      case "fqdn":
        return this.external(rule.direction).fqdnCandidates(m.selectors);
      case "entities":
        return m.entities.some((e) => e === "all" || e === "cluster" || e === "cluster-mesh") ? this.peersOf(rule.direction) : [...this.universe.entities, ...external];
      case "selector": {
        const pins = m.selectors.map(pinnedNamespaces);
        if (pins.every((p) => p !== undefined)) return [...new Set(pins.flat())].flatMap((ns) => this.universe.endpointsByNamespace.get(ns) ?? []);
        return this.peersOf(rule.direction);
      }
      case "all":
        return this.peersOf(rule.direction);
    }
  }

  /**
   * One enforcement point's verdict for one peer (EVAL-2), shared between the peers that the
   * endpoint's rules cannot tell apart. A verdict depends on the peer only through which of the
   * endpoint's rules match it, except for named ports resolved at an egress destination, FQDN
   * visibility (FQDN-3) and the local host (DD-7): those verdicts are cached per peer. Matching uses
   * each rule's peer set, exact for universe peers; any other peer is resolved directly.
   */
  side(endpoint: EndpointPeer, direction: Direction, peer: Peer): SideResult {
    this.universeIndex ??= { ingress: new Map(this.sources.map((p, i) => [p, i])), egress: new Map(this.destinations.map((p, i) => [p, i])) };
    const rules = this.index.forEndpoint(endpoint, direction);
    const position = this.universeIndex[direction].get(peer);
    if (position === undefined) return resolveSide(endpoint, direction, peer, rules, this.profile);
    // Which rules match, as bits (allows first, then denies); a string only for very long rule lists.
    const { sets, specific } = this.matchersOf(rules, direction);
    const wide = sets.length > 30;
    let mask = 0;
    let long = "";
    let perPeer = direction === "ingress" && peer.kind === "entity" && peer.entity === "host";
    for (let k = 0; k < sets.length; k++) {
      if (!sets[k]!.has(peer)) continue;
      if (wide) long += `,${k}`;
      else mask |= 1 << k;
      perPeer ||= specific[k]!;
    }
    const key: number | string = perPeer || wide ? `${mask}${long}#${perPeer ? position : ""}` : mask;
    let byKey = this.sideCache[direction].get(endpoint);
    if (!byKey) this.sideCache[direction].set(endpoint, (byKey = new Map()));
    let result = byKey.get(key);
    if (!result) byKey.set(key, (result = resolveSide(endpoint, direction, peer, rules, this.profile)));
    return result;
  }

  /** Per endpoint and direction: the peer set of each rule (allows, then denies) and whether it is peer-specific. */
  private matchersOf(rules: DirectionRules, direction: Direction): { sets: ReadonlySet<Peer>[]; specific: boolean[] } {
    let hit = this.matchers.get(rules);
    if (!hit) {
      const all = [...rules.allows, ...rules.denies];
      this.matchers.set(rules, (hit = { sets: all.map((r) => this.rulePeerSet(r)), specific: all.map((r) => peerSpecific(r, direction)) }));
    }
    return hit;
  }

  private rulePeerSet(rule: CompiledRule): ReadonlySet<Peer> {
    let set = this.rulePeerSets.get(rule);
    if (!set) this.rulePeerSets.set(rule, (set = new Set(this.rulePeers(rule))));
    return set;
  }

  /** Is the endpoint in default deny for that direction (DD-1..DD-8)? */
  enforced(endpoint: EndpointPeer, direction: Direction): boolean {
    const mode = this.profile.enforcementMode;
    if (mode !== "default") return mode === "always";
    return this.index.forEndpoint(endpoint, direction).defaultDeny.some((d) => d.enables);
  }

  /** Peers an endpoint might reach (egress) or be reached from (ingress): a superset of those allowed. */
  candidates(endpoint: EndpointPeer, direction: Direction): readonly Peer[] {
    if (!this.enforced(endpoint, direction)) return this.peersOf(direction);
    const out = new Set<Peer>();
    for (const r of this.index.forEndpoint(endpoint, direction).allows) for (const p of this.rulePeers(r)) out.add(p);
    if (direction === "ingress" && this.profile.allowLocalhost) {
      for (const e of this.universe.entities) if (e.entity === "host") out.add(e);
    }
    return [...out];
  }
}

/** Rules whose verdict depends on the peer beyond matching it (see `side`). */
const peerSpecific = (r: CompiledRule, direction: Direction): boolean =>
  r.peer.kind === "fqdn" || (direction === "egress" && r.ports !== null && r.ports.some((m) => m.kind === "named"));

export function createAccessModel(universe: Universe, policies: readonly CompiledPolicy[], profile: Profile): AccessModel {
  return new AccessModel(universe, policies, profile);
}
