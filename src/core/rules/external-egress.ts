import { blocksCover, parseCidr, type AddressBlock } from "../algebra/ip-space.js";
import { fqdnPatternCovers } from "../algebra/fqdn-pattern.js";
import { formatPorts } from "../algebra/port-set.js";
import type { Tenant } from "../config/types.js";
import type { Peer } from "../model/peer.js";
import { defineRule } from "./define-rule.js";
import { connectionCauses, describeCause, FlowGroups, groupLabel, isExplicit, listSome, podsOf, reportFlow } from "./support/flows.js";

/**
 * Is the destination inside the tenant's allowlist? Exact containment both ways: an address block
 * must lie entirely inside the union of the approved CIDRs, a DNS name or pattern entirely inside an
 * approved pattern (FQDN-2). Partial overlap is outside.
 */
export function allowlisted(tenant: Tenant, peer: Peer): boolean {
  if (peer.kind === "fqdn") return tenant.egress.fqdns.some((p) => fqdnPatternCovers(p, peer.pattern));
  if (peer.kind !== "cidr") return true;
  const allow = tenant.egress.cidrs.map(parseCidr).filter((b): b is AddressBlock => b !== undefined);
  return blocksCover(allow, { family: peer.family, first: peer.start, last: peer.end });
}

/** Egress from tenant pods to addresses or DNS names outside the tenant's `egress` allowlist. */
export default defineRule({
  id: "external-egress",
  meta: {
    description: "Tenant pods can reach an address or DNS name outside the cluster that the tenant's `egress` allowlist does not contain.",
    defaultSeverity: "error",
    docs: "docs/rules/external-egress.md",
    messages: {
      unapprovedCidr: "Pods in {{from}} (tenant {{tenant}}) can reach {{to}} on {{ports}}, which is outside the tenant's approved CIDRs ({{allowed}})",
      unapprovedFqdn: "Pods in {{from}} (tenant {{tenant}}) can reach {{to}} on {{ports}}, which is not covered by the tenant's approved DNS names ({{allowed}})",
    },
  },
  check(ctx) {
    const groups = { cidrs: new FlowGroups(), fqdns: new FlowGroups() };
    for (const c of ctx.analysis.connections) {
      if (c.from.kind !== "endpoint" || (c.to.kind !== "cidr" && c.to.kind !== "fqdn") || !isExplicit(c)) continue;
      const owner = ctx.tenancy.ownerOf(c.from);
      const tenant = owner.kind === "tenant" ? ctx.tenancy.tenant(owner.tenant) : undefined;
      if (!tenant || allowlisted(tenant, c.to)) continue;
      const part = { from: groupLabel(c.from), to: groupLabel(c.to), fromTenant: tenant.name, ports: c.ports, causes: connectionCauses(c, c.ports), pods: podsOf(c.from) };
      groups[c.to.kind === "fqdn" ? "fqdns" : "cidrs"].add(part);
    }
    for (const key of ["cidrs", "fqdns"] as const)
      for (const g of groups[key].list()) {
        const tenant = ctx.tenancy.tenant(g.fromTenant!)!;
        const allowed = tenant.egress[key];
        const cause = g.causes[0];
        reportFlow(ctx, g, {
          messageId: key === "fqdns" ? "unapprovedFqdn" : "unapprovedCidr",
          data: { from: g.from, to: g.to, tenant: tenant.name, ports: formatPorts(g.ports), allowed: allowed.length ? allowed.join(", ") : "none", pods: listSome(g.pods) },
          fix: `${cause ? `Narrow ${describeCause(cause)} to` : "Allow only"} destinations in the allowlist of tenant ${tenant.name}; if ${g.to} is approved, add it to tenants.${tenant.name}.egress.${key} in .github/bulkhead.yml (the change applies after merge).`,
        });
      }
  },
});
