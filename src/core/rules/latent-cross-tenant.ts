import { equalPorts, intersectPorts, isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import type { Connection } from "../engine/access.js";
import type { SideResult } from "../engine/resolve.js";
import type { Universe } from "../engine/universe.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import type { PortSet } from "../model/ports.js";
import type { CompiledRule, Direction } from "../model/rule.js";
import { crossesTenants, tenantOf, type Owner } from "../tenancy/tenancy.js";
import { defineRule, type RuleContext } from "./define-rule.js";
import { addWithExceptions, describeCause, exceptionSnippet, FlowGroups, groupLabel, podPairs, reportFlow, portsText, type FlowPart } from "./support/flows.js";
import { connectionClasses } from "./support/connection-classes.js";
import { MemoTable } from "./support/rule-memo.js";

type ConnectionIndex = Map<string, Map<string, Connection>>;

/**
 * The side's effective connections between tenants, by source and destination id. Only crossing
 * pairs are ever looked up, and crossing is symmetric, so the crossing class holds every one.
 */
function indexConnections(connections: readonly Connection[]): ConnectionIndex {
  const index: ConnectionIndex = new Map();
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!;
    let byTo = index.get(c.from.id);
    if (!byTo) index.set(c.from.id, (byTo = new Map()));
    byTo.set(c.to.id, c);
  }
  return index;
}

/**
 * The endpoints among a rule's peers that belong to another tenant than `own`: a function of the
 * universe (the rule's peers in it), the owner and the rule. Kept per owner in small maps: a
 * subject asks for each of its rules, and most rules of a tenant name only its own pods.
 */
const NO_PEERS: readonly EndpointPeer[] = [];
const CROSSING = new MemoTable<Universe, Map<Owner, Map<CompiledRule, readonly EndpointPeer[]>>>("rule peers of another tenant");

function crossingByOwner(ctx: RuleContext): Map<Owner, Map<CompiledRule, readonly EndpointPeer[]>> {
  const table = ctx.memo.of(CROSSING);
  const universe = ctx.analysis.model.universe;
  let byOwner = table.get(universe);
  if (!byOwner) table.set(universe, (byOwner = new Map()));
  return byOwner;
}

function crossingPeers(ctx: RuleContext, byRule: Map<CompiledRule, readonly EndpointPeer[]>, rule: CompiledRule, own: Owner & { kind: "tenant" }): readonly EndpointPeer[] {
  let out = byRule.get(rule);
  if (!out) {
    // Mostly none: a list only when there is a peer to put in it.
    let found: EndpointPeer[] | undefined;
    const peers = ctx.analysis.model.rulePeers(rule);
    for (let i = 0; i < peers.length; i++) {
      const p = peers[i]!;
      if (p.kind === "endpoint" && crossesTenants(own, ctx.tenancy.ownerOf(p))) (found ??= []).push(p);
    }
    byRule.set(rule, (out = found ?? NO_PEERS));
  }
  return out;
}

/**
 * The latent flow of one crossing pair: a function of this side's verdict, the peers and the ports
 * already open (the effective connection's, which also names the peers). Only pairs with blocked
 * ports are memoised: finding that there are none is cheaper than a lookup.
 */
const OPEN = new MemoTable<SideResult, Map<Connection, FlowPart | null>>("latent flow beside a connection");
const BLOCKED = new MemoTable<SideResult, Map<Peer, Map<Peer, FlowPart | null>>>("latent flow of a blocked pair");

function latentFlow(ctx: RuleContext, from: EndpointPeer, to: EndpointPeer, side: SideResult, blocked: PortSet): FlowPart | null {
  const ports = subtractPorts(blocked, ctx.exceptions.sharedPorts(to, side.ports));
  if (isEmptyPorts(ports)) return null;
  const causes = side.allowedBy.filter((a) => !isEmptyPorts(intersectPorts(a.ports, ports))).map((a) => a.rule);
  const fromTenant = tenantOf(ctx.tenancy.ownerOf(from));
  const toTenant = tenantOf(ctx.tenancy.ownerOf(to));
  return {
    from: `${groupLabel(from)}`,
    to: `${groupLabel(to)}`,
    ...(fromTenant !== undefined ? { fromTenant } : {}),
    ...(toTenant !== undefined ? { toTenant } : {}),
    ports,
    causes,
    pods: podPairs(from, to),
  };
}

function openFlow(ctx: RuleContext, from: EndpointPeer, to: EndpointPeer, side: SideResult, connection: Connection): FlowPart | null {
  if (equalPorts(side.ports, connection.ports)) return null; // the usual case, told without building a difference
  const blocked = subtractPorts(side.ports, connection.ports);
  if (isEmptyPorts(blocked)) return null; // the usual case: everything this side grants is open already
  const table = ctx.memo.of(OPEN);
  let byConnection = table.get(side);
  if (!byConnection) table.set(side, (byConnection = new Map()));
  let part = byConnection.get(connection);
  if (part === undefined) byConnection.set(connection, (part = latentFlow(ctx, from, to, side, blocked)));
  return part;
}

function blockedFlow(ctx: RuleContext, from: EndpointPeer, to: EndpointPeer, side: SideResult): FlowPart | null {
  if (isEmptyPorts(side.ports)) return null; // no connection: all this side grants is blocked, and it grants nothing
  const table = ctx.memo.of(BLOCKED);
  let byFrom = table.get(side);
  if (!byFrom) table.set(side, (byFrom = new Map()));
  let byTo = byFrom.get(from);
  if (!byTo) byFrom.set(from, (byTo = new Map()));
  let part = byTo.get(to);
  if (part === undefined) byTo.set(to, (part = latentFlow(ctx, from, to, side, side.ports)));
  return part;
}

/** What one direction's walk over the endpoints shares. */
interface Scan {
  ctx: RuleContext;
  groups: FlowGroups;
  connections: () => ConnectionIndex;
  crossing: Map<Owner, Map<CompiledRule, readonly EndpointPeer[]>>;
}

/**
 * One endpoint's explicit grants to pods of other tenants that the other side's policy blocks.
 * Indexed loops, no per-call allocation on the common path: this runs for every endpoint and
 * direction, mostly before the JIT has optimised it (where for-of allocates per element).
 */
function latentGrants(scan: Scan, subject: EndpointPeer, direction: Direction): void {
  const { ctx, groups, connections } = scan;
  const { model } = ctx.analysis;
  if (!model.enforced(subject, direction)) return; // an unenforced side grants nothing explicitly (default-deny's finding)
  const own = ctx.tenancy.ownerOf(subject);
  if (own.kind !== "tenant") return;
  // Peers already handled, by id; most subjects have one crossing peer at most, so the set is made at the second.
  let first: string | undefined;
  let seen: Set<string> | undefined;
  const allows = model.index.forEndpoint(subject, direction).allows;
  let byRule = scan.crossing.get(own);
  if (!byRule) scan.crossing.set(own, (byRule = new Map()));
  for (let r = 0; r < allows.length; r++) {
    // Only peers of other tenants matter: a peer of the own tenant is skipped whichever rule names it.
    const peers = crossingPeers(ctx, byRule, allows[r]!, own);
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i]!;
      if (peer === subject || peer.id === first || seen?.has(peer.id)) continue;
      if (first === undefined) first = peer.id;
      else (seen ??= new Set([first])).add(peer.id);
      const from = direction === "egress" ? subject : peer;
      const to = direction === "egress" ? peer : subject;
      const connection = connections().get(from.id)?.get(to.id);
      // An effective connection already carries this side's verdict; only blocked pairs need resolving.
      const side = (direction === "egress" ? connection?.egress : connection?.ingress) ?? model.side(subject, direction, peer);
      const part = connection ? openFlow(ctx, from, to, side, connection) : blockedFlow(ctx, from, to, side);
      if (part) addWithExceptions(ctx, groups, { from, to }, part);
    }
  }
}

/**
 * A policy that admits another tenant although the other side still blocks it (EVAL-2 makes the flow
 * fail today): the grant becomes effective as soon as the other tenant opens its side.
 */
export default defineRule({
  id: "latent-cross-tenant",
  meta: {
    description: "A tenant's policy admits pods of another tenant although the other side's policy still blocks the flow.",
    defaultSeverity: "error",
    docs: "docs/rules/latent-cross-tenant.md",
    consentable: true,
    messages: {
      latentEgress: "A policy of {{from}} lets its pods send to pods in {{to}} ({{toOwner}}) on {{ports}}; only {{to}}'s ingress policy blocks it today",
      latentIngress: "A policy of {{to}} admits pods from {{from}} ({{fromOwner}}) on {{ports}}; only {{from}}'s egress policy blocks it today",
    },
  },
  check(ctx) {
    const egress = new FlowGroups(ctx.memo);
    const ingress = new FlowGroups(ctx.memo);
    let index: ConnectionIndex | undefined;
    const connections = (): ConnectionIndex => (index ??= indexConnections(connectionClasses(ctx).crossing));
    const crossing = crossingByOwner(ctx);
    const egressScan: Scan = { ctx, groups: egress, connections, crossing };
    const ingressScan: Scan = { ctx, groups: ingress, connections, crossing };
    const endpoints = ctx.analysis.model.universe.endpoints;
    for (let i = 0; i < endpoints.length; i++) {
      latentGrants(egressScan, endpoints[i]!, "egress");
      latentGrants(ingressScan, endpoints[i]!, "ingress");
    }
    for (const [direction, groups] of [["egress", egress], ["ingress", ingress]] as const)
      for (const g of groups.list())
        reportFlow(ctx, g, () => {
          const cause = g.causes[0];
          const data = {
            from: g.from,
            to: g.to,
            fromOwner: g.fromTenant ? `tenant ${g.fromTenant}` : "no tenant",
            toOwner: g.toTenant ? `tenant ${g.toTenant}` : "no tenant",
            ports: portsText(g.ports),
          };
          return {
            messageId: direction === "egress" ? "latentEgress" : "latentIngress",
            data,
            identity: `${direction}:${g.from}→${g.to}`,
            fix: `${cause ? `Narrow ${describeCause(cause)}` : "Narrow the policy"} so that it only selects pods of its own tenant; if the flow is intended, add to \`exceptions\`: ${exceptionSnippet(g.from, g.to, g.ports)}.`,
          };
        });
  },
});
