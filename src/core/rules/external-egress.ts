import { blockContains, blocksCover, formatBlock, parseCidr, splitAddressSpace, type AddressBlock } from "../algebra/ip-space.js";
import { fqdnPatternCovers } from "../algebra/fqdn-pattern.js";
import type { Tenant } from "../config/types.js";
import type { Connection } from "../engine/access.js";
import type { Peer } from "../model/peer.js";
import { defineRule } from "./define-rule.js";
import { connectionCauses, describeCause, FlowGroups, groupLabel, isExplicit, listSome, podsOf, reportFlow, portsText, type FlowPart } from "./support/flows.js";
import { connectionClasses } from "./support/connection-classes.js";
import { MemoTable, type RuleMemo } from "./support/rule-memo.js";

const blocksOf = (cidrs: readonly string[]): AddressBlock[] => cidrs.map(parseCidr).filter((b): b is AddressBlock => b !== undefined);

/**
 * The parts of an address block outside the approved CIDRs, adjacent parts merged. Exact: the block is
 * split at every allowlist boundary, so a block that only partly overlaps reports just the rest.
 */
export function outsideAllowlist(allow: readonly AddressBlock[], block: AddressBlock): AddressBlock[] {
  const out: AddressBlock[] = [];
  for (const atom of splitAddressSpace(block.family, [...allow, block])) {
    if (!blockContains(block, atom) || blocksCover(allow, atom)) continue;
    const last = out[out.length - 1];
    if (last && last.last + 1n === atom.first) last.last = atom.last;
    else out.push({ ...atom });
  }
  return out;
}

/** Destinations of one connection outside the tenant's allowlist: DNS names by exact pattern containment (FQDN-2), blocks by address. */
export function unapproved(tenant: Tenant, peer: Peer): string[] {
  if (peer.kind === "fqdn") return tenant.egress.fqdns.some((p) => fqdnPatternCovers(p, peer.pattern)) ? [] : [peer.pattern];
  if (peer.kind !== "cidr") return [];
  return outsideAllowlist(blocksOf(tenant.egress.cidrs), { family: peer.family, first: peer.start, last: peer.end }).map(formatBlock);
}

/**
 * `unapproved` per destination and allowlist (by content): tenants with the same allowlist, such as
 * every tenant of observe mode (none), reach the same few address blocks and DNS names.
 */
const UNAPPROVED = new MemoTable<Peer, Map<string, readonly string[]>>("destinations outside an allowlist");

function unapprovedOnce(memo: RuleMemo, tenant: Tenant, peer: Peer): readonly string[] {
  const table = memo.of(UNAPPROVED);
  let byAllowlist = table.get(peer);
  if (!byAllowlist) table.set(peer, (byAllowlist = new Map()));
  const key = (peer.kind === "fqdn" ? tenant.egress.fqdns : tenant.egress.cidrs).join("\n");
  let out = byAllowlist.get(key);
  if (!out) byAllowlist.set(key, (out = unapproved(tenant, peer)));
  return out;
}

/** The unapproved destinations of one connection, as flows: a function of the connection and the tenant's allowlist. */
const FLOWS = new MemoTable<Connection, readonly FlowPart[]>("unapproved external flows of a connection");

const flowsOf = (memo: RuleMemo, tenant: Tenant, c: Connection): FlowPart[] =>
  unapprovedOnce(memo, tenant, c.to).map((to) => ({ from: groupLabel(c.from), to, fromTenant: tenant.name, ports: c.ports, causes: connectionCauses(c, c.ports), pods: podsOf(c.from) }));

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
    const groups = { cidrs: new FlowGroups(ctx.memo), fqdns: new FlowGroups(ctx.memo) };
    const { tenantToExternal } = connectionClasses(ctx);
    const flows = ctx.memo.of(FLOWS);
    for (let i = 0; i < tenantToExternal.length; i++) {
      const c = tenantToExternal[i]!; // an indexed loop: thousands of connections, mostly run before the JIT optimises it
      if (c.from.kind !== "endpoint" || (c.to.kind !== "cidr" && c.to.kind !== "fqdn") || !isExplicit(c)) continue;
      const owner = ctx.tenancy.ownerOf(c.from);
      const tenant = owner.kind === "tenant" ? ctx.tenancy.tenant(owner.tenant) : undefined;
      if (!tenant) continue;
      const into = groups[c.to.kind === "fqdn" ? "fqdns" : "cidrs"];
      let parts = flows.get(c);
      if (!parts) flows.set(c, (parts = flowsOf(ctx.memo, tenant, c)));
      for (const part of parts) into.add(part);
    }
    for (const key of ["cidrs", "fqdns"] as const)
      for (const g of groups[key].list())
        reportFlow(ctx, g, () => {
          const tenant = ctx.tenancy.tenant(g.fromTenant!)!;
          const allowed = tenant.egress[key];
          const cause = g.causes[0];
          return {
            messageId: key === "fqdns" ? "unapprovedFqdn" : "unapprovedCidr",
            data: { from: g.from, to: g.to, tenant: tenant.name, ports: portsText(g.ports), allowed: allowed.length ? allowed.join(", ") : "none", pods: listSome(g.pods) },
            fix: `${cause ? `Narrow ${describeCause(cause)} to` : "Allow only"} destinations in the allowlist of tenant ${tenant.name}; if ${g.to} is approved, add it to tenants.${tenant.name}.egress.${key} in .github/bulkhead.yml (the change applies after merge).`,
          };
        });
  },
});
