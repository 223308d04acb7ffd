import { isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import type { Connection } from "../engine/access.js";
import { defineRule, type RuleContext } from "./define-rule.js";
import { configPorts, connectionCauses, describeCause, groupFlows, groupLabel, isExplicit, listSome, podPairs, podsOf, reportFlow, portsText, type FlowPart } from "./support/flows.js";
import { connectionClasses } from "./support/connection-classes.js";
import { MemoTable } from "./support/rule-memo.js";

/** Node-level identities a tenant has no business reaching unless `shared` says so (§5, §13). */
const NODE_ENTITIES: ReadonlySet<string> = new Set(["host", "remote-node", "kube-apiserver"]);

/** The flow of one connection from a tenant to the platform beyond `shared` (null: none): a function of the connection, tenancy and config. */
const FLOWS = new MemoTable<Connection, FlowPart | null>("platform flow of a connection");

function flowOf(ctx: RuleContext, c: Connection, tenant: string): FlowPart | null {
  const ports = subtractPorts(c.ports, ctx.exceptions.sharedPorts(c.to, c.ports));
  if (isEmptyPorts(ports)) return null;
  const pods = c.to.kind === "endpoint" ? podPairs(c.from, c.to) : podsOf(c.from);
  return { from: groupLabel(c.from), to: groupLabel(c.to), fromTenant: tenant, ports, causes: connectionCauses(c, ports), pods };
}

/** Tenant pods reaching platform namespaces, the nodes or the API server beyond `shared`. */
export default defineRule({
  id: "platform-access",
  meta: {
    description: "Tenant pods can reach pods of platform namespaces, the host, other nodes or kube-apiserver beyond the flows listed in `shared`.",
    defaultSeverity: "error",
    docs: "docs/rules/platform-access.md",
    messages: {
      platformPods: "Pods in {{from}} (tenant {{tenant}}) can reach platform pods in {{to}} on {{ports}}, beyond what `shared` allows: {{pods}}",
      nodeEntity: "Pods in {{from}} (tenant {{tenant}}) can reach {{to}} on {{ports}}, beyond what `shared` allows",
    },
  },
  check(ctx) {
    const groups = groupFlows(ctx, connectionClasses(ctx).tenantToPlatform, FLOWS, (c) => {
      if (c.from.kind !== "endpoint" || !isExplicit(c)) return null;
      const owner = ctx.tenancy.ownerOf(c.from);
      if (owner.kind !== "tenant") return null;
      const target = ctx.tenancy.ownerOf(c.to);
      return target.kind === "platform" || (target.kind === "node" && NODE_ENTITIES.has(target.entity)) ? flowOf(ctx, c, owner.tenant) : null;
    });
    for (const g of groups.list())
      reportFlow(ctx, g, () => {
        const cause = g.causes[0];
        const entity = g.to.startsWith("entity:");
        return {
          messageId: entity ? "nodeEntity" : "platformPods",
          data: { from: g.from, to: g.to, tenant: g.fromTenant!, ports: portsText(g.ports), pods: listSome(g.pods) },
          fix: `${cause ? `Narrow ${describeCause(cause)}` : "Narrow the rule"} to the platform services tenants may use (see \`shared\` in .github/bulkhead.yml); if every tenant needs this flow, the platform team can add it to \`shared\`: {to: "${entity ? g.to : `${g.to}/<label>=<value>`}"${configPorts(g.ports).length ? `, ports: [${configPorts(g.ports).map((p) => `"${p}"`).join(", ")}]` : ""}}.`,
        };
      });
  },
});
