import { intersectPorts, isEmptyPorts, portSetOf } from "../algebra/port-set.js";
import type { Peer } from "../model/peer.js";
import type { Protocol } from "../model/ports.js";
import type { Provenance } from "../model/rule.js";
import { describeL7 } from "../report/describe-l7.js";
import type { AccessModel } from "./access-model.js";
import { resolvePeerRef } from "./peer-ref.js";
import { sideReason, type SideReason, type SideResult } from "./resolve.js";

const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP", "ICMP", "ICMPv6"];

/** One line of explanation: which side decided, why, and the rule behind it. */
export interface Reason {
  side: "egress" | "ingress";
  /** The endpoint whose policy this is (source for egress, destination for ingress). */
  endpoint: string;
  decision: "allow" | "deny";
  cause: SideReason | "not-managed";
  kind?: string;
  policy?: string;
  rule?: string;
  file?: string;
  line?: number;
  message: string;
}

export interface QueryResult {
  from: string;
  to: string;
  port: string;
  verdict: "allow" | "deny";
  /** e.g. "HTTP GET /api/.*" when an L7 proxy filters the allowed connection (L7-3). */
  l7?: string[];
  reasons: Reason[];
}

export type PortQuery = { protocol: Protocol; port: number };

export function parsePortQuery(text: string): PortQuery | { error: string } {
  const m = /^(\d+)\/([A-Za-z0-9]+)$/.exec(text.trim());
  const protocol = PROTOCOLS.find((p) => p.toLowerCase() === m?.[2]?.toLowerCase());
  if (!m || !protocol) return { error: `cannot read port "${text}": use PORT/PROTO, e.g. 443/TCP, 53/UDP, 8/ICMP` };
  const port = Number(m[1]);
  const max = protocol.startsWith("ICMP") ? 255 : 65535;
  if (port > max || (!protocol.startsWith("ICMP") && port < 1)) return { error: `port ${port} is out of range for ${protocol}` };
  return { protocol, port };
}

const where = (p: Provenance) => ({ kind: p.kind, policy: p.policy, rule: p.rulePath, file: p.file, line: p.line });
const describeRule = (p: Provenance): string => `${p.kind} ${p.policy} ${p.rulePath} (${p.file}:${p.line})`;

function sideReasons(side: SideResult, peerName: string, port: ReturnType<typeof portSetOf>): Reason[] {
  const base = { side: side.direction, endpoint: side.endpoint } as const;
  const cause = sideReason(side, port);
  const verb = side.direction === "egress" ? `egress of ${side.endpoint} to ${peerName}` : `ingress of ${side.endpoint} from ${peerName}`;
  if (cause === "explicit-deny") {
    return side.deniedBy
      .filter((d) => !isEmptyPorts(intersectPorts(d.ports, port)))
      .map((d) => ({ ...base, decision: "deny", cause, ...where(d.rule), message: `${verb}: explicitly denied by ${describeRule(d.rule)} (DENY-1)` }));
  }
  if (cause === "default-deny") {
    const by = side.enforcedBy[0];
    const ineffective = side.ineffective.map((i) => ` ${describeRule(i.rule)} would allow it, but ${i.reason}.`).join("");
    return [{ ...base, decision: "deny", cause, ...(by ? where(by) : {}), message: `${verb}: default deny (no rule allows it; enforced by ${side.enforcedBy.map(describeRule).join(", ")}).${ineffective}` }];
  }
  if (cause === "not-enforced") return [{ ...base, decision: "allow", cause, message: `${verb}: no policy puts ${side.endpoint} into ${side.direction} default deny, so it is allowed` }];
  return side.allowedBy
    .filter((a) => !isEmptyPorts(intersectPorts(a.ports, port)))
    .map((a) => ({ ...base, decision: "allow", cause, ...where(a.rule), message: `${verb}: allowed by ${describeRule(a.rule)}` }));
}

const l7At = (side: SideResult | undefined, port: ReturnType<typeof portSetOf>): string[] =>
  (side?.l7 ?? []).filter((r) => !isEmptyPorts(intersectPorts(r.ports, port))).flatMap((r) => describeL7(r.rules));

/** Evaluate one connection (EVAL-2): the source's egress AND the destination's ingress, each explained. */
export function evaluateConnection(model: AccessModel, from: Peer, to: Peer, query: PortQuery, names = { from: from.id, to: to.id }): QueryResult {
  const port = portSetOf(query.protocol, query.port);
  const egress = from.kind === "endpoint" ? model.side(from, "egress", to) : undefined;
  const ingress = to.kind === "endpoint" ? model.side(to, "ingress", from) : undefined;
  const reasons: Reason[] = [];
  if (egress) reasons.push(...sideReasons(egress, names.to, port));
  else reasons.push({ side: "egress", endpoint: names.from, decision: "allow", cause: "not-managed", message: `${names.from} is not a Cilium endpoint; only the destination's policy applies (EVAL-2, HOST-3)` });
  if (ingress) reasons.push(...sideReasons(ingress, names.from, port));
  else reasons.push({ side: "ingress", endpoint: names.to, decision: "allow", cause: "not-managed", message: `${names.to} is not a Cilium endpoint; only the source's policy applies (EVAL-2, HOST-3)` });
  const verdict = reasons.every((r) => r.decision === "allow") ? "allow" : "deny";
  const l7 = verdict === "allow" ? [...l7At(egress, port), ...l7At(ingress, port)] : [];
  return { from: names.from, to: names.to, port: `${query.port}/${query.protocol}`, verdict, ...(l7.length ? { l7 } : {}), reasons };
}

/** Evaluate a query written in the CLI syntax; returns an error message for unreadable peers or ports. */
export function evaluateQuery(model: AccessModel, from: string, to: string, port: string): QueryResult | { error: string } {
  const f = resolvePeerRef(from, model.universe);
  if ("error" in f) return f;
  const t = resolvePeerRef(to, model.universe);
  if ("error" in t) return t;
  const q = parsePortQuery(port);
  if ("error" in q) return q;
  return evaluateConnection(model, f.peer, t.peer, q, { from, to });
}
