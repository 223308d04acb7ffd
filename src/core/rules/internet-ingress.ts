import { blocksCover, parseCidr, type AddressBlock } from "../algebra/ip-space.js";
import { defineRule } from "./define-rule.js";
import { connectionClasses } from "./support/connection-classes.js";
import { connectionCauses, describeCause, FlowGroups, groupLabel, isExplicit, listSome, podsOf, reportFlow, portsText } from "./support/flows.js";

/**
 * Addresses outside the cluster reaching tenant pods directly. Only the pod's ingress policy applies
 * to such traffic (HOST-3), so an allow there is the whole story. Traffic through the cluster's
 * Gateway arrives from the `ingress` entity and is not concerned.
 */
export default defineRule({
  id: "internet-ingress",
  meta: {
    description: "Addresses outside the cluster can open connections straight to tenant pods, outside the tenant's `ingress.cidrs` allowlist.",
    defaultSeverity: "error",
    docs: "docs/rules/internet-ingress.md",
    messages: {
      internetIngress: "{{from}} (outside the cluster) can reach pods in {{to}} (tenant {{tenant}}) on {{ports}}: {{pods}}",
    },
  },
  check(ctx) {
    const groups = new FlowGroups(ctx.memo);
    for (const c of connectionClasses(ctx).externalToEndpoint) {
      if (c.from.kind !== "cidr" || c.to.kind !== "endpoint" || !isExplicit(c)) continue;
      const owner = ctx.tenancy.ownerOf(c.to);
      const tenant = owner.kind === "tenant" ? ctx.tenancy.tenant(owner.tenant) : undefined;
      if (!tenant) continue;
      const allow = tenant.ingress.cidrs.map(parseCidr).filter((b): b is AddressBlock => b !== undefined);
      if (blocksCover(allow, { family: c.from.family, first: c.from.start, last: c.from.end })) continue;
      groups.add({ from: groupLabel(c.from), to: groupLabel(c.to), toTenant: tenant.name, ports: c.ports, causes: connectionCauses(c, c.ports), pods: podsOf(c.to) });
    }
    for (const g of groups.list())
      reportFlow(ctx, g, () => {
        const cause = g.causes[0];
        return {
          messageId: "internetIngress",
          data: { from: g.from, to: g.to, tenant: g.toTenant!, ports: portsText(g.ports), pods: listSome(g.pods) },
          fix: `${cause ? `Narrow ${describeCause(cause)}` : "Narrow the ingress rule"} to sources inside the cluster (for example expose the service through the Gateway, which reaches pods as the \`ingress\` entity); if ${g.from} is an approved source, add it to tenants.${g.toTenant}.ingress.cidrs in .github/bulkhead.yml.`,
        };
      });
  },
});
