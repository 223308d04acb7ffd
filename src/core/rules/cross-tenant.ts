import { isEmptyPorts, subtractPorts } from "../algebra/port-set.js";
import type { Connection } from "../engine/access.js";
import { describeOwner, tenantOf, type Owner } from "../tenancy/tenancy.js";
import { defineRule, type RuleContext } from "./define-rule.js";
import { connectionCauses, describeCause, exceptionSnippet, groupFlows, groupLabel, isExplicit, listSome, podPairs, reportFlow, portsText, type FlowPart } from "./support/flows.js";
import { connectionClasses } from "./support/connection-classes.js";
import { MemoTable } from "./support/rule-memo.js";

/** The flow of one connection between tenants beyond `shared` (null: none): a function of the connection, tenancy and config. */
const FLOWS = new MemoTable<Connection, FlowPart | null>("cross-tenant flow of a connection");

function flowOf(ctx: RuleContext, c: Connection, a: Owner, b: Owner): FlowPart | null {
  const ports = subtractPorts(c.ports, ctx.exceptions.sharedPorts(c.to, c.ports));
  if (isEmptyPorts(ports)) return null;
  const fromTenant = tenantOf(a);
  const toTenant = tenantOf(b);
  return {
    from: groupLabel(c.from),
    to: groupLabel(c.to),
    ...(fromTenant !== undefined ? { fromTenant } : {}),
    ...(toTenant !== undefined ? { toTenant } : {}),
    ports,
    causes: connectionCauses(c, ports),
    pods: podPairs(c.from, c.to),
  };
}

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
    // `crossing` holds endpoint-to-endpoint connections across tenants; this rule wants the explicit ones.
    const groups = groupFlows(ctx, connectionClasses(ctx).crossing, FLOWS, (c) =>
      isExplicit(c) ? flowOf(ctx, c, ctx.tenancy.ownerOf(c.from), ctx.tenancy.ownerOf(c.to)) : null,
    );
    for (const g of groups.list())
      reportFlow(ctx, g, () => {
        const fromOwner = g.fromTenant !== undefined ? `tenant ${g.fromTenant}` : describeOwner({ kind: "unassigned", namespace: g.from });
        const toOwner = g.toTenant !== undefined ? `tenant ${g.toTenant}` : describeOwner({ kind: "unassigned", namespace: g.to });
        const cause = g.causes[0];
        const narrow = cause ? `Narrow ${describeCause(cause)} so that it stops matching pods of the other tenant` : "Put both namespaces into default deny";
        return {
          messageId: "crossTenant",
          data: { from: g.from, to: g.to, fromOwner, toOwner, ports: portsText(g.ports), pods: listSome(g.pods) },
          fix: `${narrow}. If the flow is intended, an owner of ${toOwner} can approve this pull request, or add to \`exceptions\` in .github/bulkhead.yml: ${exceptionSnippet(g.from, g.to, g.ports)}.`,
        };
      });
  },
});
