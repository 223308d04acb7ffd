import { intersectPorts, isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import type { Connection } from "../engine/access.js";
import type { EndpointPeer } from "../model/peer.js";
import type { Direction } from "../model/rule.js";
import { crossesTenants, tenantOf } from "../tenancy/tenancy.js";
import { defineRule, type RuleContext } from "./define-rule.js";
import { addWithExceptions, describeCause, exceptionSnippet, FlowGroups, groupLabel, podsOf, reportFlow, portsText } from "./support/flows.js";

const connectionIndex = new WeakMap<readonly Connection[], Map<string, Connection>>();
const pairKey = (from: string, to: string): string => `${from}\u0000${to}`;

function effective(connections: readonly Connection[]): Map<string, Connection> {
  let index = connectionIndex.get(connections);
  if (!index) {
    index = new Map(connections.map((c) => [pairKey(c.from.id, c.to.id), c]));
    connectionIndex.set(connections, index);
  }
  return index;
}

/** One endpoint's explicit grants to pods of other tenants that the other side's policy blocks. */
function latentGrants(ctx: RuleContext, groups: FlowGroups, subject: EndpointPeer, direction: Direction): void {
  const { model, connections } = ctx.analysis;
  if (!model.enforced(subject, direction)) return; // an unenforced side grants nothing explicitly (default-deny's finding)
  const own = ctx.tenancy.ownerOf(subject);
  if (own.kind !== "tenant") return;
  const seen = new Set<string>();
  for (const rule of model.index.forEndpoint(subject, direction).allows) {
    for (const peer of model.rulePeers(rule)) {
      if (peer.kind !== "endpoint" || peer === subject || seen.has(peer.id)) continue;
      seen.add(peer.id);
      const other = ctx.tenancy.ownerOf(peer);
      if (!crossesTenants(own, other)) continue;
      const [from, to] = direction === "egress" ? [subject, peer] : [peer, subject];
      const connection = effective(connections).get(pairKey(from.id, to.id));
      // An effective connection already carries this side's verdict; only blocked pairs need resolving.
      const side = (direction === "egress" ? connection?.egress : connection?.ingress) ?? model.side(subject, direction, peer);
      const open = connection?.ports ?? {};
      const ports = subtractPorts(subtractPorts(side.ports, open), ctx.exceptions.sharedPorts(to, side.ports));
      if (isEmptyPorts(ports)) continue;
      const causes = side.allowedBy.filter((a) => !isEmptyPorts(intersectPorts(a.ports, ports))).map((a) => a.rule);
      const [fromOwner, toOwner] = direction === "egress" ? [own, other] : [other, own];
      const fromTenant = tenantOf(fromOwner);
      const toTenant = tenantOf(toOwner);
      addWithExceptions(ctx, groups, { from, to }, {
        from: `${groupLabel(from)}`,
        to: `${groupLabel(to)}`,
        ...(fromTenant !== undefined ? { fromTenant } : {}),
        ...(toTenant !== undefined ? { toTenant } : {}),
        ports,
        causes,
        pods: podsOf(from).flatMap((f) => podsOf(to).map((t) => `${f} → ${t}`)),
      });
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
    const egress = new FlowGroups();
    const ingress = new FlowGroups();
    for (const e of ctx.analysis.model.universe.endpoints) {
      latentGrants(ctx, egress, e, "egress");
      latentGrants(ctx, ingress, e, "ingress");
    }
    for (const [direction, groups] of [["egress", egress], ["ingress", ingress]] as const)
      for (const g of groups.list()) {
        const cause = g.causes[0];
        const data = {
          from: g.from,
          to: g.to,
          fromOwner: g.fromTenant ? `tenant ${g.fromTenant}` : "no tenant",
          toOwner: g.toTenant ? `tenant ${g.toTenant}` : "no tenant",
          ports: portsText(g.ports),
        };
        reportFlow(ctx, g, {
          messageId: direction === "egress" ? "latentEgress" : "latentIngress",
          data,
          identity: `${direction}:${g.from}→${g.to}`,
          fix: `${cause ? `Narrow ${describeCause(cause)}` : "Narrow the policy"} so that it only selects pods of its own tenant; if the flow is intended, add to \`exceptions\`: ${exceptionSnippet(g.from, g.to, g.ports)}.`,
        });
      }
  },
});
