import type { Selector } from "../../model/labels.js";
import type { FieldPath } from "../../model/manifest.js";
import type { PortMatcher } from "../../model/ports.js";
import type { CompiledRule, Direction, L7Rules, PeerMatcher, RuleAction } from "../../model/rule.js";
import { positionFirstProvenance } from "../shared/provenance.js";
import type { CiliumContext } from "./context.js";
import { CODES, formatPath, isAbsent } from "./context.js";
import { compileIcmps } from "./icmp.js";
import { checkRequires, compilePeer } from "./peers.js";
import { compileToPorts } from "./ports.js";
import { matchesInit } from "./selectors.js";

export type SectionName = "ingress" | "ingressDeny" | "egress" | "egressDeny";

export const SECTIONS: readonly { name: SectionName; direction: Direction; action: RuleAction }[] = [
  { name: "ingress", direction: "ingress", action: "allow" },
  { name: "ingressDeny", direction: "ingress", action: "deny" },
  { name: "egress", direction: "egress", action: "allow" },
  { name: "egressDeny", direction: "egress", action: "deny" },
];

const INGRESS_COMMON = ["fromEndpoints", "fromRequires", "fromCIDR", "fromCIDRSet", "fromEntities", "fromGroups", "fromNodes"];
const EGRESS_COMMON = ["toEndpoints", "toRequires", "toCIDR", "toCIDRSet", "toEntities", "toServices", "toGroups", "toNodes"];
/** Fields of each section's rule type ([C-api-ingress], [C-api-egress]). `toFQDNs` is listed for egressDeny only to reject it (FQDN-1). */
const FIELDS: Record<SectionName, readonly string[]> = {
  ingress: [...INGRESS_COMMON, "toPorts", "icmps", "authentication"],
  ingressDeny: [...INGRESS_COMMON, "toPorts", "icmps"],
  egress: [...EGRESS_COMMON, "toFQDNs", "toPorts", "icmps", "authentication"],
  egressDeny: [...EGRESS_COMMON, "toFQDNs", "toPorts", "icmps"],
};

export interface ElementInput {
  section: (typeof SECTIONS)[number];
  raw: unknown;
  /** Field path of the element, e.g. ["specs", 0, "egress", 2]. */
  path: FieldPath;
  subject: Selector;
  /** CCNP `nodeSelector` rule: validated like Cilium does, compiled by nobody (HOST-1). */
  hostPolicy: boolean;
}

/**
 * One element of `ingress`/`ingressDeny`/`egress`/`egressDeny` → compiled rules.
 * - no peer and no ports: nothing (PEER-4; it still counts for default deny, which the caller handles);
 * - no peer but ports/ICMP: every peer (PEER-3);
 * - no ports: every port and protocol, ICMP included (L4-5);
 * - several `toPorts` entries of which some carry L7 rules: one rule per entry, path `….toPorts[k]`.
 */
export function compileRuleElement(c: CiliumContext, input: ElementInput): CompiledRule[] {
  const { section, path, subject } = input;
  const rec = c.record(input.raw, path, FIELDS[section.name]);
  if (rec === undefined) return [];
  if (section.name === "egressDeny" && !isAbsent(rec.toFQDNs))
    c.invalid([...path, "toFQDNs"], "egressDeny has no toFQDNs: FQDN peers can only be allowed", "FQDN-1");
  checkRequires(c, rec, path, section.direction === "ingress" ? "fromRequires" : "toRequires");
  if (section.action === "allow" && !isAbsent(rec.authentication)) checkAuthentication(c, rec.authentication, [...path, "authentication"]);
  const init = matchesInit(subject);
  const peer = compilePeer(c, { rec, path, direction: section.direction, action: section.action, init });
  // Absent lists read as empty: their paths are only built when there is something to read.
  const toPorts = isAbsent(rec.toPorts) ? NO_ITEMS : (c.list(rec.toPorts, [...path, "toPorts"]) ?? NO_ITEMS);
  const icmps = isAbsent(rec.icmps) ? NO_ITEMS : (c.list(rec.icmps, [...path, "icmps"]) ?? NO_ITEMS);
  if (toPorts.length > 0 && icmps.length > 0)
    c.invalid([...path, "icmps"], "the icmps block may only be present without toPorts: use a separate rule", "L4-6");
  const input4 = { direction: section.direction, action: section.action, hostPolicy: input.hostPolicy };
  const portRules = toPorts.length > 0 ? compileToPorts(c, toPorts, [...path, "toPorts"], input4) : [];
  const icmpMatchers = icmps.length > 0 ? compileIcmps(c, icmps, [...path, "icmps"]) : [];
  if (!c.ok || input.hostPolicy) return [];
  if (peer === undefined && toPorts.length === 0 && icmps.length === 0) return [];
  const make = (ports: readonly PortMatcher[] | null, at: FieldPath, l7?: L7Rules): CompiledRule => {
    const provenance = positionFirstProvenance(c.object, at, c.object.kind, c.policy, formatPath(at));
    const { direction, action } = section;
    return l7 ? { direction, action, subject, peer: peer ?? ALL, ports, provenance, l7 } : { direction, action, subject, peer: peer ?? ALL, ports, provenance };
  };
  if (icmps.length > 0) return icmpMatchers.length > 0 ? [make(icmpMatchers, path)] : [];
  if (toPorts.length === 0) return [make(null, path)];
  const nonEmpty = portRules.filter((r) => r.matchers.length > 0);
  if (nonEmpty.length === 1 || !nonEmpty.some((r) => r.l7)) {
    const matchers = nonEmpty.flatMap((r) => r.matchers);
    return matchers.length > 0 ? [make(matchers, path, nonEmpty[0]?.l7)] : [];
  }
  return nonEmpty.map((r) => make(r.matchers, r.path, r.l7));
}

const ALL: PeerMatcher = { kind: "all" };
const NO_ITEMS: readonly unknown[] = [];

/** Mutual authentication adds a SPIFFE handshake requirement on top of the allow; we do not model it. */
function checkAuthentication(c: CiliumContext, raw: unknown, at: FieldPath): void {
  const rec = c.record(raw, at, ["mode"]);
  const mode = rec ? c.string(rec.mode, [...at, "mode"]) : undefined;
  if (mode === undefined || mode === "disabled") return;
  c.report(
    CODES.unsupportedField,
    "warning",
    at,
    `authentication.mode "${mode}" is not modelled: traffic this rule allows also needs mutual authentication to succeed`,
  );
}
