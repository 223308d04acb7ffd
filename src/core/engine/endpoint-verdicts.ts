import type { EndpointPeer, Peer } from "../model/peer.js";
import type { Profile } from "../model/profile.js";
import type { Direction } from "../model/rule.js";
import { resolveSide, type MatchingRules, type SideResult } from "./resolve.js";
import type { DirectionRules } from "./rule-index.js";

/** Rule lists longer than this key their matches by a string instead of a bit mask. */
const MASK_BITS = 30;

/**
 * One endpoint's verdicts in one direction, shared between the peers that the endpoint's rules
 * cannot tell apart (AccessModel.side). Everything a lookup needs that depends only on the endpoint
 * (its interned rules, each rule's peer set, the verdict cache) is resolved once, here: access
 * enumeration asks an endpoint for its verdict on tens of peers in a row.
 */
export class EndpointVerdicts {
  constructor(
    private readonly endpoint: EndpointPeer,
    private readonly direction: Direction,
    readonly rules: DirectionRules,
    /** Per rule (allows, then denies): the peers it matches, and whether its verdict is peer-specific. */
    private readonly matchers: { sets: readonly ReadonlySet<Peer>[]; specific: readonly boolean[] },
    /** Universe peers of this direction by position; a peer outside the universe is resolved directly. */
    private readonly positions: ReadonlyMap<Peer, number>,
    /** Verdicts by which rules match (shared with the other side of a change when its rules are the same). */
    private readonly byKey: Map<number | string, SideResult>,
    private readonly profile: Profile,
  ) {}

  /** The verdict for `peer` (EVAL-2). Peer-specific ones (named ports, FQDN-3, DD-7's host) are cached per peer. */
  of(peer: Peer): SideResult {
    const position = this.positions.get(peer);
    if (position === undefined) return resolveSide(this.endpoint, this.direction, peer, this.rules, this.profile);
    const { sets, specific } = this.matchers;
    const wide = sets.length > MASK_BITS;
    let mask = 0;
    let long = "";
    let perPeer = this.direction === "ingress" && peer.kind === "entity" && peer.entity === "host";
    for (let k = 0; k < sets.length; k++) {
      if (!sets[k]!.has(peer)) continue;
      if (wide) long += `,${k}`;
      else mask |= 1 << k;
      perPeer ||= specific[k]!;
    }
    const key: number | string = perPeer || wide ? `${mask}${long}#${perPeer ? position : ""}` : mask;
    let result = this.byKey.get(key);
    if (!result) this.byKey.set(key, (result = resolveSide(this.endpoint, this.direction, peer, this.rules, this.profile, this.matching(peer))));
    return result;
  }

  /** The rules whose peer sets hold the peer: what resolveSide would find by matching each rule again. */
  private matching(peer: Peer): MatchingRules {
    const { sets } = this.matchers;
    const { allows, denies } = this.rules;
    return { allows: allows.filter((_, k) => sets[k]!.has(peer)), denies: denies.filter((_, k) => sets[allows.length + k]!.has(peer)) };
  }
}
