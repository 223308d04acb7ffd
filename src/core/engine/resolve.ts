import { fqdnPatternCovers, normalizeFqdn } from "../algebra/fqdn-pattern.js";
import { ALL_PORTS, intersectPorts, isEmptyPorts, subtractPorts, unionPorts } from "../algebra/port-set.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import type { PortSet } from "../model/ports.js";
import type { Profile } from "../model/profile.js";
import type { CompiledRule, Direction, L7Rules, Provenance } from "../model/rule.js";
import { peerMatches } from "./peer-match.js";
import type { DirectionRules } from "./rule-index.js";
import { rulePorts } from "./rule-ports.js";

export interface RuleHit {
  rule: Provenance;
  ports: PortSet;
}

export interface L7Restriction {
  ports: PortSet;
  rules: L7Rules;
  provenance: Provenance;
}

/** Why a direction decided as it did (EVAL-3). */
export type SideReason = "allowed" | "not-enforced" | "explicit-deny" | "default-deny";

/** The verdict of one enforcement point (EVAL-2) for one peer: which ports pass, and why. */
export interface SideResult {
  direction: Direction;
  endpoint: string;
  enforced: boolean;
  /** Ports that pass this side (allows minus denies). */
  ports: PortSet;
  /** Default-deny statements that put the endpoint into enforcement (DD-2..DD-8). */
  enforcedBy: readonly Provenance[];
  /** Allow rules that matched this peer, with the ports each grants (before denies). */
  allowedBy: readonly RuleHit[];
  deniedBy: readonly RuleHit[];
  /** Ports that pass only through an L7 proxy filter (L7-3), after L7-4 lifted what an L4 allow covers. */
  l7: readonly L7Restriction[];
  /** Allow rules that matched but cannot take effect (FQDN-3), with the reason. */
  ineffective: readonly { rule: Provenance; reason: string }[];
}

/** The local host reaches every local pod (DD-7, allow-localhost=always under Kubernetes). */
export const ALLOW_LOCALHOST: Provenance = {
  kind: "Cilium agent",
  policy: "allow-localhost",
  rulePath: "DD-7",
  file: "(cilium agent default)",
  line: 0,
  col: 0,
};

/** FQDN-3: a toFQDNs allow only learns addresses when a DNS L7 rule lets the pod resolve the name. */
function fqdnVisible(rule: CompiledRule, peer: Peer, rules: DirectionRules): boolean {
  if (rule.peer.kind !== "fqdn" || peer.kind !== "fqdn") return true;
  const name = peer.pattern;
  return rules.allows.some(
    (r) =>
      r.l7?.protocol === "dns" &&
      r.l7.dns.some((d) =>
        d.matchName !== undefined ? normalizeFqdn(d.matchName) === name : d.matchPattern !== undefined && fqdnPatternCovers(d.matchPattern, name),
      ),
  );
}

type SourcedHit = RuleHit & { source?: CompiledRule };

const hits = (matching: readonly CompiledRule[], direction: Direction, subject: EndpointPeer, peer: Peer): SourcedHit[] =>
  matching.map((r) => ({ rule: r.provenance, ports: rulePorts(r, direction, subject, peer), source: r })).filter((h) => !isEmptyPorts(h.ports));

const matchingPeer = (rules: readonly CompiledRule[], peer: Peer): CompiledRule[] => rules.filter((r) => peerMatches(r.peer, peer));

/** The allow and deny rules of a DirectionRules that select the peer, when the caller already knows them. */
export interface MatchingRules {
  allows: readonly CompiledRule[];
  denies: readonly CompiledRule[];
}

/**
 * The one place where precedence is decided (EVAL-3, DENY-1, COMB-1, DD-1, L7-4):
 * explicit deny beats every allow of every kind; allows are united; a direction not in default
 * deny passes everything not denied; L7 restrictions hold only where no plain L4 allow covers the port.
 */
export function resolveSide(
  subject: EndpointPeer,
  direction: Direction,
  peer: Peer,
  rules: DirectionRules,
  profile: Profile,
  matching: MatchingRules = { allows: matchingPeer(rules.allows, peer), denies: matchingPeer(rules.denies, peer) },
): SideResult {
  const mode = profile.enforcementMode;
  const enforcedBy = rules.defaultDeny.filter((d) => d.enables).map((d) => d.provenance);
  const enforced = mode === "always" || (mode === "default" && enforcedBy.length > 0);
  const denied = mode === "never" ? [] : hits(matching.denies, direction, subject, peer);
  const deniedPorts = unionPorts(...denied.map((h) => h.ports));

  const matched = hits(matching.allows, direction, subject, peer);
  const allowed = matched.filter((h) => !h.source || fqdnVisible(h.source, peer, rules));
  const ineffective = matched.filter((h) => !allowed.includes(h)).map((h) => ({ rule: h.rule, reason: "FQDN-3: no DNS L7 rule lets the pod resolve this name, so the FQDN allow never learns an address" }));
  if (direction === "ingress" && profile.allowLocalhost && peer.kind === "entity" && peer.entity === "host") {
    allowed.push({ rule: ALLOW_LOCALHOST, ports: ALL_PORTS });
  }

  const granted = enforced ? unionPorts(...allowed.map((h) => h.ports)) : ALL_PORTS;
  const ports = subtractPorts(granted, deniedPorts);
  const plainL4 = enforced ? unionPorts(...allowed.filter((h) => !h.source?.l7).map((h) => h.ports)) : ALL_PORTS;
  const l7: L7Restriction[] = [];
  for (const h of allowed) {
    const rulesL7 = h.source?.l7;
    if (!rulesL7) continue;
    const restricted = intersectPorts(subtractPorts(h.ports, plainL4), ports);
    if (!isEmptyPorts(restricted)) l7.push({ ports: restricted, rules: rulesL7, provenance: h.rule });
  }
  return {
    direction,
    endpoint: subject.id,
    enforced,
    ports,
    enforcedBy,
    allowedBy: allowed.map(({ rule, ports: p }) => ({ rule, ports: p })),
    deniedBy: denied.map(({ rule, ports: p }) => ({ rule, ports: p })),
    l7,
    ineffective,
  };
}

export const sideReason = (side: SideResult, port: PortSet): SideReason => {
  if (!isEmptyPorts(intersectPorts(side.ports, port))) return side.enforced ? "allowed" : "not-enforced";
  if (side.deniedBy.some((d) => !isEmptyPorts(intersectPorts(d.ports, port)))) return "explicit-deny";
  return "default-deny";
};
