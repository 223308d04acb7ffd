import { isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import { defineRule } from "./define-rule.js";
import { addWithExceptions, configPorts, connectionCauses, describeCause, FlowGroups, groupLabel, isExplicit, listSome, podsOf, reportFlow, portsText } from "./support/flows.js";

/** Node-level identities a tenant has no business reaching unless `shared` says so (§5, §13). */
const NODE_ENTITIES: ReadonlySet<string> = new Set(["host", "remote-node", "kube-apiserver"]);

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
    const groups = new FlowGroups();
    for (const c of ctx.analysis.connections) {
      if (c.from.kind !== "endpoint" || !isExplicit(c)) continue;
      const owner = ctx.tenancy.ownerOf(c.from);
      if (owner.kind !== "tenant") continue;
      const target = ctx.tenancy.ownerOf(c.to);
      if (target.kind !== "platform" && !(target.kind === "node" && NODE_ENTITIES.has(target.entity))) continue;
      const ports = subtractPorts(c.ports, ctx.exceptions.sharedPorts(c.to, c.ports));
      if (isEmptyPorts(ports)) continue;
      const pods = c.to.kind === "endpoint" ? podsOf(c.from).flatMap((f) => podsOf(c.to).map((t) => `${f} → ${t}`)) : podsOf(c.from);
      addWithExceptions(ctx, groups, c, { from: groupLabel(c.from), to: groupLabel(c.to), fromTenant: owner.tenant, ports, causes: connectionCauses(c, ports), pods });
    }
    for (const g of groups.list()) {
      const cause = g.causes[0];
      const entity = g.to.startsWith("entity:");
      reportFlow(ctx, g, {
        messageId: entity ? "nodeEntity" : "platformPods",
        data: { from: g.from, to: g.to, tenant: g.fromTenant!, ports: portsText(g.ports), pods: listSome(g.pods) },
        fix: `${cause ? `Narrow ${describeCause(cause)}` : "Narrow the rule"} to the platform services tenants may use (see \`shared\` in .github/bulkhead.yml); if every tenant needs this flow, the platform team can add it to \`shared\`: {to: "${entity ? g.to : `${g.to}/<label>=<value>`}"${configPorts(g.ports).length ? `, ports: [${configPorts(g.ports).map((p) => `"${p}"`).join(", ")}]` : ""}}.`,
      });
    }
  },
});
