import { ALL_L4_PORTS, equalPorts, formatPorts, intersectPorts, isEmptyPorts, subtractPorts, unionPorts } from "../../algebra/port-set.js";
import { portListOf } from "../../config/config-values.js";
import type { ConfigException } from "../../config/types.js";
import type { Connection } from "../../engine/access.js";
import type { SideResult } from "../../engine/resolve.js";
import type { Peer } from "../../model/peer.js";
import type { PortSet } from "../../model/ports.js";
import type { Provenance } from "../../model/rule.js";
import { peerNames } from "../../report/peer-names.js";
import type { RuleContext, RuleReport } from "../define-rule.js";
import { MemoTable, type RuleMemo } from "./rule-memo.js";

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

function addAllows(out: Provenance[], side: SideResult | undefined, ports: PortSet): void {
  if (!side?.enforced) return;
  for (let i = 0; i < side.allowedBy.length; i++) {
    const a = side.allowedBy[i]!;
    if (!isEmptyPorts(intersectPorts(a.ports, ports))) out.push(a.rule);
  }
}

/** The allow rules behind a connection on some ports: the receiving side's ingress first, then the sender's egress. */
export function connectionCauses(c: Connection, ports: PortSet): Provenance[] {
  const out: Provenance[] = [];
  addAllows(out, c.ingress, ports);
  addAllows(out, c.egress, ports);
  return out;
}

/** Namespace-level label of a peer: its namespace for pods, else its own name (`entity:host`, a CIDR, a DNS name). */
export const groupLabel = (peer: Peer): string => (peer.kind === "endpoint" ? peer.namespace : (peerNames(peer)[0] ?? peer.id));

/** Pod names of an endpoint, for messages. */
export const podsOf = (peer: Peer): string[] => (peer.kind === "endpoint" ? peerNames(peer) : []);

/** `a → b` for every pod of `from` and every pod of `to`. */
export function podPairs(from: Peer, to: Peer): string[] {
  const out: string[] = [];
  const sources = podsOf(from);
  const targets = podsOf(to);
  for (let i = 0; i < sources.length; i++) for (let j = 0; j < targets.length; j++) out.push(`${sources[i]} → ${targets[j]}`);
  return out;
}

interface Entry {
  part: FlowPart;
  waivedBy?: ConfigException;
}

interface Pending {
  parts: FlowPart[];
  waivedBy: ConfigException | undefined;
}

/** A group built from these very parts (same objects, same order) and waiver is the same group. */
const GROUPS = new MemoTable<FlowPart, Array<{ parts: readonly FlowPart[]; waivedBy: ConfigException | undefined; group: FlowGroup }>>("flow groups by their first part");

/** The group of a single flow with at most one cause and one pod line: nothing to merge (most groups of external-egress). */
function singleGroup(key: string, part: FlowPart, waivedBy: ConfigException | undefined): FlowGroup {
  return { ...part, key, ...(waivedBy ? { waivedBy } : {}) };
}

function buildGroup(key: string, parts: readonly FlowPart[], waivedBy: ConfigException | undefined): FlowGroup {
  if (parts.length === 1 && parts[0]!.causes.length <= 1 && parts[0]!.pods.length <= 1) return singleGroup(key, parts[0]!, waivedBy);
  const causes = new Map<string, Provenance>();
  // Parts of a group mostly share their provenance objects: an object seen before is a place seen
  // before, so only new objects need a place key.
  const seen = new Set<Provenance>();
  const pods = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    for (let j = 0; j < part.causes.length; j++) {
      const c = part.causes[j]!;
      if (seen.has(c)) continue;
      seen.add(c);
      const at = `${c.file}\u0000${c.line}\u0000${c.col}`;
      if (!causes.has(at)) causes.set(at, c);
    }
    for (let j = 0; j < part.pods.length; j++) pods.add(part.pods[j]!);
  }
  // Parts of a group usually carry equal (canonical) port sets: their union is the first of them.
  const first = parts[0]!.ports;
  let ports = first;
  for (let i = 1; i < parts.length && ports === first; i++) if (!equalPorts(parts[i]!.ports, first)) ports = unionPorts(...parts.map((p) => p.ports));
  return {
    ...parts[0]!,
    key,
    ports,
    causes: [...causes.values()],
    pods: [...pods],
    ...(waivedBy ? { waivedBy } : {}),
  };
}

const sameParts = (a: readonly FlowPart[], b: readonly FlowPart[]): boolean => a.length === b.length && a.every((p, i) => p === b[i]);

/**
 * Groups flows by (from, to, waiver); ports are united once, when listed (one union per group, not
 * per flow). A group whose parts are the objects of a group the other side built is that group.
 */
export class FlowGroups {
  // By `from`, then `to`, then waiver: no key string per flow (thousands of flows, few groups).
  private readonly byFrom = new Map<string, Map<string, Pending[]>>();
  private readonly groups: Pending[] = [];

  constructor(private readonly memo: RuleMemo) {}

  add(part: FlowPart, waivedBy?: ConfigException): void {
    let byTo = this.byFrom.get(part.from);
    if (!byTo) this.byFrom.set(part.from, (byTo = new Map()));
    let same = byTo.get(part.to);
    if (!same) byTo.set(part.to, (same = []));
    let g = same.find((x) => x.waivedBy?.index === waivedBy?.index);
    if (!g) {
      same.push((g = { parts: [], waivedBy }));
      this.groups.push(g);
    }
    g.parts.push(part);
  }

  list(): FlowGroup[] {
    const table = this.memo.of(GROUPS);
    return this.groups
      .map((g) => ({ ...g, key: `${g.parts[0]!.from}\u0000${g.parts[0]!.to}${g.waivedBy ? `\u0000exception ${g.waivedBy.index}` : ""}` }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ key, parts, waivedBy }) => {
        const known = table.get(parts[0]!);
        const hit = known?.find((k) => k.waivedBy === waivedBy && sameParts(k.parts, parts));
        if (hit) return hit.group;
        const group = buildGroup(key, parts, waivedBy);
        if (known) known.push({ parts, waivedBy, group });
        else table.set(parts[0]!, [{ parts, waivedBy, group }]);
        return group;
      });
  }
}

/**
 * How exceptions split one flow part: the same part object always stands for the same flow (its
 * peers are checked), and the split depends only on the config, so it is memoised with the part.
 */
const SPLITS = new MemoTable<FlowPart, { from: Peer; to: Peer; entries: readonly Entry[] }>("flow part split by exceptions");

/** Split a flow into the part exceptions cover and the rest, and file both into the groups. */
export function addWithExceptions(ctx: RuleContext, groups: FlowGroups, c: { from: Peer; to: Peer }, part: FlowPart): void {
  if (ctx.exceptions.active.length === 0) {
    groups.add(part); // nothing to cover: the part is the remainder, whole
    return;
  }
  const table = ctx.memo.of(SPLITS);
  let split = table.get(part);
  if (split && split.from === c.from && split.to === c.to) {
    // Replays what `cover` records, so that exception-unused sees the same use on both sides.
    for (const e of split.entries) if (e.waivedBy) ctx.exceptions.markUsed(e.waivedBy);
  } else {
    const { remaining, covered } = ctx.exceptions.cover(c.from, c.to, part.ports);
    const entries: Entry[] = covered.map(({ exception, ports }) => ({ part: { ...part, ports }, waivedBy: exception }));
    if (!isEmptyPorts(remaining)) entries.push({ part: remaining === part.ports ? part : { ...part, ports: remaining } });
    table.set(part, (split = { from: c.from, to: c.to, entries }));
  }
  for (const e of split.entries) groups.add(e.part, e.waivedBy);
}

/**
 * The flows of some connections, grouped, exceptions applied. `flowOf` says what a connection
 * contributes (null: nothing); it must depend only on the connection, tenancy and config, because
 * it is memoised per connection in `table` and the other side of the review re-uses it (RuleMemo).
 */
export function groupFlows(ctx: RuleContext, connections: readonly Connection[], table: MemoTable<Connection, FlowPart | null>, flowOf: (c: Connection) => FlowPart | null): FlowGroups {
  const groups = new FlowGroups(ctx.memo);
  const flows = ctx.memo.of(table);
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!; // an indexed loop: thousands of connections, mostly run before the JIT optimises it
    let part = flows.get(c);
    if (part === undefined) flows.set(c, (part = flowOf(c)));
    if (part) addWithExceptions(ctx, groups, c, part);
  }
  return groups;
}

/** `a, b and 3 more`. */
export const listSome = (items: readonly string[], max = 3): string =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;

export const waiverOf = (e: ConfigException | undefined): { by: "exception"; detail: string } | undefined =>
  e ? { by: "exception", detail: `exceptions[${e.index}] (${e.from.text} → ${e.to.text}, reason: ${e.reason}${e.expires ? `, expires ${e.expires}` : ""})` } : undefined;

/**
 * `formatPorts`, once per port set object: findings format their ports twice (message and field),
 * and flows of a group share their sets. Port sets are immutable, so the text is the object's.
 */
const formatted = new WeakMap<PortSet, string>();
export function portsFormat(ports: PortSet): string {
  let text = formatted.get(ports);
  if (text === undefined) formatted.set(ports, (text = formatPorts(ports)));
  return text;
}

/** Ports for messages: `TCP 443`, `all ports`. */
export const portsText = (ports: PortSet): string => {
  const text = portsFormat(ports);
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

/** What a flow rule says about one group; `reportFlow` adds the fields every flow rule shares. */
export interface FlowReport<M extends string> {
  messageId: M;
  data: Record<string, string>;
  fix: string;
  identity?: string;
}

/** A flow group object belongs to one rule's report (groups are memoised by their parts, parts per rule). */
const FLOW_REPORTS = new MemoTable<FlowGroup, RuleReport>("report of a flow group");

function flowReport<M extends string>(g: FlowGroup, report: FlowReport<M>, at: RuleReport["at"]): RuleReport<M> {
  const waived = waiverOf(g.waivedBy);
  return {
    messageId: report.messageId,
    data: report.data,
    at,
    causes: g.causes,
    fix: report.fix,
    identity: report.identity ?? `${g.from}→${g.to}`,
    from: g.from,
    to: g.to,
    ports: g.ports,
    ...(g.fromTenant !== undefined ? { fromTenant: g.fromTenant } : {}),
    ...(g.toTenant !== undefined ? { toTenant: g.toTenant } : {}),
    ...(waived ? { waived } : {}),
  };
}

/**
 * Report one flow group. `describe` runs once per group object: it must read nothing but the group
 * and review-wide inputs (tenancy, config). A group without a cause points at its namespace, which
 * depends on the side's repository, so that report is never re-used.
 */
export function reportFlow<M extends string>(ctx: RuleContext<M>, g: FlowGroup, describe: () => FlowReport<M>): void {
  const cause = g.causes[0];
  if (!cause) {
    ctx.report(flowReport(g, describe(), ctx.locate.namespace(g.from)));
    return;
  }
  ctx.report(ctx.memo.get(FLOW_REPORTS, g, () => flowReport(g, describe(), cause)) as RuleReport<M>);
}
