import { intersectPorts } from "../algebra/port-set.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import type { PortSet } from "../model/ports.js";
import type { Profile } from "../model/profile.js";
import type { CompiledPolicy, CompiledRule, Direction } from "../model/rule.js";
import type { Connection } from "./access.js";
import { ModelSharing, PeerCaches } from "./model-sharing.js";
import { isWholeFamily, peerMatches } from "./peer-match.js";
import { EndpointVerdicts } from "./endpoint-verdicts.js";
import type { SideResult } from "./resolve.js";
import { pinnedNamespaces, RuleIndex, type DirectionRules } from "./rule-index.js";
import type { Universe } from "./universe.js";

/**
 * Everything needed to answer access questions for one side (base or head) of a change:
 * the peers, the rules indexed by subject, and caches so that each (rule, direction) is matched
 * against the universe once. With a ModelSharing, models on equal universes share their caches.
 */
export class AccessModel {
  readonly index: RuleIndex;
  readonly universe: Universe;
  private readonly caches: PeerCaches;
  private readonly rulesOf = { ingress: new Map<EndpointPeer, DirectionRules>(), egress: new Map<EndpointPeer, DirectionRules>() };
  private readonly verdictsOf = { ingress: new Map<EndpointPeer, EndpointVerdicts>(), egress: new Map<EndpointPeer, EndpointVerdicts>() };

  constructor(
    universe: Universe,
    readonly policies: readonly CompiledPolicy[],
    readonly profile: Profile,
    sharing?: ModelSharing,
  ) {
    this.index = new RuleIndex(policies);
    const create = (u: Universe) =>
      new PeerCaches(u, profile, [...u.endpoints, ...u.entities, ...u.externalSources], [...u.endpoints, ...u.entities, ...u.externalDestinations]);
    this.caches = sharing ? sharing.share(universe, profile, create) : create(universe);
    this.universe = this.caches.universe;
  }

  /** Let models built with `sharing` on an equal universe share this model's caches. */
  shareInto(sharing: ModelSharing): void {
    sharing.adopt(this.caches);
  }

  /** The peers of this model and `other` when both stand on one shared universe (the same peer objects), else undefined. */
  sharedPeers(other: AccessModel): { sources: readonly Peer[]; destinations: readonly Peer[] } | undefined {
    return this.caches === other.caches ? { sources: this.caches.sources, destinations: this.caches.destinations } : undefined;
  }

  /** Peers on the far side of a rule: sources for ingress, destinations for egress. */
  peersOf(direction: Direction): readonly Peer[] {
    return direction === "ingress" ? this.caches.sources : this.caches.destinations;
  }

  /** The peers one rule matches, found through the namespace index when the peer selector is pinned. */
  rulePeers(rule: CompiledRule): readonly Peer[] {
    const hit = this.caches.rulePeers.get(rule);
    if (hit) return hit;
    const m = rule.peer;
    const result = this.candidatesFor(rule).filter((p) => peerMatches(m, p));
    this.caches.rulePeers.set(rule, result);
    return result;
  }

  /** A superset of the peers a rule's matcher can select, chosen by matcher kind so that most rules never scan every peer. */
  private candidatesFor(rule: CompiledRule): readonly Peer[] {
    const m = rule.peer;
    const external = rule.direction === "ingress" ? this.universe.externalSources : this.universe.externalDestinations;
    switch (m.kind) {
      case "none":
        return [];
      case "cidr":
        return this.caches.external(rule.direction).cidrCandidates(m.blocks, isWholeFamily);
      case "fqdn":
        return this.caches.external(rule.direction).fqdnCandidates(m.selectors);
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
    return this.verdicts(endpoint, direction).of(peer);
  }

  /** The endpoint's verdicts in one direction: what `side` asks, resolved once per endpoint. */
  verdicts(endpoint: EndpointPeer, direction: Direction): EndpointVerdicts {
    let v = this.verdictsOf[direction].get(endpoint);
    if (!v) {
      const rules = this.rulesFor(endpoint, direction);
      let byRules = this.caches.sides.get(endpoint);
      if (!byRules) this.caches.sides.set(endpoint, (byRules = new Map()));
      let byKey = byRules.get(rules);
      if (!byKey) byRules.set(rules, (byKey = new Map()));
      v = new EndpointVerdicts(endpoint, direction, rules, this.matchersOf(rules, direction), this.caches.universeIndex[direction], byKey, this.profile);
      this.verdictsOf[direction].set(endpoint, v);
    }
    return v;
  }

  /** The endpoint's rules, interned so that the other side's equal list (same rule objects) shares verdicts. */
  private rulesFor(endpoint: EndpointPeer, direction: Direction): DirectionRules {
    let rules = this.rulesOf[direction].get(endpoint);
    if (!rules) this.rulesOf[direction].set(endpoint, (rules = this.caches.intern(this.index.forEndpoint(endpoint, direction), direction)));
    return rules;
  }

  /** Per interned rule list: the peer set of each rule (allows, then denies) and whether it is peer-specific. */
  private matchersOf(rules: DirectionRules, direction: Direction): { sets: ReadonlySet<Peer>[]; specific: boolean[] } {
    let hit = this.caches.matchers.get(rules);
    if (!hit) {
      const all = [...rules.allows, ...rules.denies];
      this.caches.matchers.set(rules, (hit = { sets: all.map((r) => this.rulePeerSet(r)), specific: all.map((r) => peerSpecific(r, direction)) }));
    }
    return hit;
  }

  private rulePeerSet(rule: CompiledRule): ReadonlySet<Peer> {
    let set = this.caches.rulePeerSets.get(rule);
    if (!set) this.caches.rulePeerSets.set(rule, (set = new Set(this.rulePeers(rule))));
    return set;
  }

  /** A connection computed before (by this model or a model sharing its caches) with these very verdicts. */
  connectionLike(from: Peer, to: Peer, egress: SideResult | undefined, ingress: SideResult | undefined): Connection | undefined {
    const c = this.caches.connections.get(from)?.get(to);
    return c && c.egress === egress && c.ingress === ingress ? c : undefined;
  }

  remember(c: Connection): void {
    let byTo = this.caches.connections.get(c.from);
    if (!byTo) this.caches.connections.set(c.from, (byTo = new Map()));
    if (!byTo.has(c.to)) byTo.set(c.to, c);
  }

  /** `intersectPorts`, once per pair of port sets: verdicts are shared, so their port sets repeat. */
  intersect(a: PortSet, b: PortSet): PortSet {
    let byB = this.caches.intersections.get(a);
    if (!byB) this.caches.intersections.set(a, (byB = new Map()));
    let hit = byB.get(b);
    if (!hit) byB.set(b, (hit = intersectPorts(a, b)));
    return hit;
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
    // The same for every endpoint with the same (interned) rules, on either side of a change.
    const rules = this.rulesFor(endpoint, direction);
    let out = this.caches.candidates.get(rules);
    if (!out) {
      const found = new Set<Peer>();
      for (const r of rules.allows) for (const p of this.rulePeers(r)) found.add(p);
      if (direction === "ingress" && this.profile.allowLocalhost) {
        for (const e of this.universe.entities) if (e.entity === "host") found.add(e);
      }
      this.caches.candidates.set(rules, (out = [...found]));
    }
    return out;
  }
}

/** Rules whose verdict depends on the peer beyond matching it (see `side`). */
const peerSpecific = (r: CompiledRule, direction: Direction): boolean =>
  r.peer.kind === "fqdn" || (direction === "egress" && r.ports !== null && r.ports.some((m) => m.kind === "named"));

export function createAccessModel(universe: Universe, policies: readonly CompiledPolicy[], profile: Profile): AccessModel {
  return new AccessModel(universe, policies, profile);
}
