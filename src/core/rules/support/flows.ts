import { ALL_L4_PORTS, formatPorts, intersectPorts, isEmptyPorts, subtractPorts, unionPorts } from "../../algebra/port-set.js";
import { portListOf } from "../../config/config-values.js";
import type { ConfigException } from "../../config/types.js";
import type { Connection } from "../../engine/access.js";
import type { SideResult } from "../../engine/resolve.js";
import type { Peer } from "../../model/peer.js";
import type { PortSet } from "../../model/ports.js";
import type { Provenance } from "../../model/rule.js";
import { peerNames } from "../../report/peer-names.js";
import type { RuleContext } from "../define-rule.js";

/** A flow the rule objects to, before grouping: the connection, the ports concerned, and the group labels. */
export interface FlowPart {
  from: string;
  to: string;
  fromTenant?: string;
  toTenant?: string;
  ports: PortSet;
  causes: readonly Provenance[];
  pods: readonly string[];
}

/** Flows grouped at namespace level: one finding per (from, to), ports united exactly. */
export interface FlowGroup extends FlowPart {
  key: string;
  waivedBy?: ConfigException;
}

/**
 * Effective-access rules report a connection only when some enforcement point explicitly allows it.
 * A connection that exists only because neither side is in default deny is the `default-deny`
 * rule's finding (one per namespace and direction), not one per peer (decision documented in docs/rules).
 */
export const isExplicit = (c: Connection): boolean => Boolean(c.egress?.enforced || c.ingress?.enforced);

const allowsOn = (side: SideResult | undefined, ports: PortSet): Provenance[] =>
  side?.enforced ? side.allowedBy.filter((a) => !isEmptyPorts(intersectPorts(a.ports, ports))).map((a) => a.rule) : [];

/** The allow rules behind a connection on some ports: the receiving side's ingress first, then the sender's egress. */
export const connectionCauses = (c: Connection, ports: PortSet): Provenance[] => [...allowsOn(c.ingress, ports), ...allowsOn(c.egress, ports)];

/** Namespace-level label of a peer: its namespace for pods, else its own name (`entity:host`, a CIDR, a DNS name). */
export const groupLabel = (peer: Peer): string => (peer.kind === "endpoint" ? peer.namespace : (peerNames(peer)[0] ?? peer.id));

/** Pod names of an endpoint, for messages. */
export const podsOf = (peer: Peer): string[] => (peer.kind === "endpoint" ? peerNames(peer) : []);

interface Pending {
  first: FlowPart;
  waivedBy?: ConfigException;
  ports: PortSet[];
  causes: Map<string, Provenance>;
  pods: Set<string>;
}

/** Groups flows by (from, to, waiver); ports are united once, when listed (one union per group, not per flow). */
export class FlowGroups {
  private readonly groups = new Map<string, Pending>();

  add(part: FlowPart, waivedBy?: ConfigException): void {
    const key = `${part.from}\u0000${part.to}${waivedBy ? `\u0000exception ${waivedBy.index}` : ""}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { first: part, ports: [], causes: new Map(), pods: new Set(), ...(waivedBy ? { waivedBy } : {}) }));
    g.ports.push(part.ports);
    for (const c of part.causes) {
      const at = `${c.file}\u0000${c.line}\u0000${c.col}`;
      if (!g.causes.has(at)) g.causes.set(at, c);
    }
    for (const p of part.pods) g.pods.add(p);
  }

  list(): FlowGroup[] {
    return [...this.groups]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, g]) => ({
        ...g.first,
        key,
        ports: unionPorts(...g.ports),
        causes: [...g.causes.values()],
        pods: [...g.pods],
        ...(g.waivedBy ? { waivedBy: g.waivedBy } : {}),
      }));
  }
}

/** Split a flow into the part exceptions cover and the rest, and file both into the groups. */
export function addWithExceptions(ctx: RuleContext, groups: FlowGroups, c: { from: Peer; to: Peer }, part: FlowPart): void {
  const { remaining, covered } = ctx.exceptions.cover(c.from, c.to, part.ports);
  for (const { exception, ports } of covered) groups.add({ ...part, ports }, exception);
  if (!isEmptyPorts(remaining)) groups.add({ ...part, ports: remaining });
}

/** `a, b and 3 more`. */
export const listSome = (items: readonly string[], max = 3): string =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;

export const waiverOf = (e: ConfigException | undefined): { by: "exception"; detail: string } | undefined =>
  e ? { by: "exception", detail: `exceptions[${e.index}] (${e.from.text} → ${e.to.text}, reason: ${e.reason}${e.expires ? `, expires ${e.expires}` : ""})` } : undefined;

/** Ports for messages: `TCP 443`, `all ports`. */
export const portsText = (ports: PortSet): string => {
  const text = formatPorts(ports);
  return text === "all" ? "all ports" : text === "all TCP/UDP/SCTP" ? "all TCP, UDP and SCTP ports" : text;
};

/** Ports as config text; none when every TCP/UDP/SCTP port is concerned (omitted `ports` means every port). */
export const configPorts = (ports: PortSet): string[] => (isEmptyPorts(subtractPorts(ALL_L4_PORTS, ports)) ? [] : portListOf(ports));

/** The exception a team would add to `.github/bulkhead.yml` to approve a flow, as flow-style YAML. */
export function exceptionSnippet(from: string, to: string, portSet: PortSet): string {
  const ports = configPorts(portSet);
  const portText = ports.length ? `, ports: [${ports.map((p) => `"${p}"`).join(", ")}]` : "";
  return `{from: "${from}", to: "${to}"${portText}, reason: "<ticket>", expires: "<YYYY-MM-DD>"}`;
}

/** `CiliumNetworkPolicy sales/baseline spec.ingress[0] (sales/baseline.yaml:12)`. */
export const describeCause = (p: Provenance): string => `${p.kind} ${p.policy} ${p.rulePath} (${p.file}:${p.line})`;

/** Report one flow group with the fields every flow rule shares. */
export function reportFlow<M extends string>(
  ctx: RuleContext<M>,
  g: FlowGroup,
  report: { messageId: M; data: Record<string, string>; fix: string; identity?: string },
): void {
  const waived = waiverOf(g.waivedBy);
  ctx.report({
    messageId: report.messageId,
    data: report.data,
    at: g.causes[0] ?? ctx.locate.namespace(g.from),
    causes: g.causes,
    fix: report.fix,
    identity: report.identity ?? `${g.from}→${g.to}`,
    from: g.from,
    to: g.to,
    ports: g.ports,
    ...(g.fromTenant !== undefined ? { fromTenant: g.fromTenant } : {}),
    ...(g.toTenant !== undefined ? { toTenant: g.toTenant } : {}),
    ...(waived ? { waived } : {}),
  });
}
