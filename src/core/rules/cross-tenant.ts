import { isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import { crossesTenants, describeOwner, tenantOf } from "../tenancy/tenancy.js";
import { defineRule } from "./define-rule.js";
import { addWithExceptions, connectionCauses, describeCause, exceptionSnippet, FlowGroups, groupLabel, isExplicit, listSome, podsOf, reportFlow, portsText } from "./support/flows.js";

/**
 * Effective cross-tenant access, either direction (EVAL-2: both enforcement points let it through).
 * `shared` flows and unexpired exceptions are subtracted exactly on ports.
 */
export default defineRule({
  id: "cross-tenant",
  meta: {
    description: "Pods of one tenant can reach pods of another tenant (or of a namespace no tenant owns), not covered by `shared` or an unexpired exception.",
    defaultSeverity: "error",
    docs: "docs/rules/cross-tenant.md",
    consentable: true,
    messages: {
      crossTenant: "Pods in {{from}} ({{fromOwner}}) can reach pods in {{to}} ({{toOwner}}) on {{ports}}: {{pods}}",
    },
  },
  check(ctx) {
    const groups = new FlowGroups();
    for (const c of ctx.analysis.connections) {
      if (c.from.kind !== "endpoint" || c.to.kind !== "endpoint" || !isExplicit(c)) continue;
      const a = ctx.tenancy.ownerOf(c.from);
      const b = ctx.tenancy.ownerOf(c.to);
      if (!crossesTenants(a, b)) continue;
      const ports = subtractPorts(c.ports, ctx.exceptions.sharedPorts(c.to, c.ports));
      if (isEmptyPorts(ports)) continue;
      const pods = podsOf(c.from).flatMap((f) => podsOf(c.to).map((t) => `${f} → ${t}`));
      const fromTenant = tenantOf(a);
      const toTenant = tenantOf(b);
      addWithExceptions(ctx, groups, c, {
        from: groupLabel(c.from),
        to: groupLabel(c.to),
        ...(fromTenant !== undefined ? { fromTenant } : {}),
        ...(toTenant !== undefined ? { toTenant } : {}),
        ports,
        causes: connectionCauses(c, ports),
        pods,
      });
    }
    for (const g of groups.list()) {
      const fromOwner = g.fromTenant !== undefined ? `tenant ${g.fromTenant}` : describeOwner({ kind: "unassigned", namespace: g.from });
      const toOwner = g.toTenant !== undefined ? `tenant ${g.toTenant}` : describeOwner({ kind: "unassigned", namespace: g.to });
      const cause = g.causes[0];
      const narrow = cause ? `Narrow ${describeCause(cause)} so that it stops matching pods of the other tenant` : "Put both namespaces into default deny";
      reportFlow(ctx, g, {
        messageId: "crossTenant",
        data: { from: g.from, to: g.to, fromOwner, toOwner, ports: portsText(g.ports), pods: listSome(g.pods) },
        fix: `${narrow}. If the flow is intended, an owner of ${toOwner} can approve this pull request, or add to \`exceptions\` in .github/bulkhead.yml: ${exceptionSnippet(g.from, g.to, g.ports)}.`,
      });
    }
  },
});
