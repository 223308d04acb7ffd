import { namespaceAdmitted } from "../attach.js";
import { CATCH_ALL, hostsOverlap } from "../hostnames.js";
import { nsName } from "../kinds/read.js";
import type { Gateway, Listener } from "../model.js";
import { defineGatewayRule, type GatewayRuleContext, type Violation } from "./context.js";

/** Tenant namespaces of the repository a listener admits (A5); `from: All` admits all of them. */
export const admittedTenants = (ctx: GatewayRuleContext, g: Gateway, l: Listener): string[] => {
  const { objects } = ctx.analysis;
  return [...objects.namespaces.keys()].filter(
    (ns) => ctx.tenantOf(ns) !== undefined && namespaceAdmitted(l.allowedRoutes.from, l.allowedRoutes.selector, g.meta.namespace, ns, objects),
  );
};

/** Tenants whose domains a listener hostname overlaps (`*.example.com` overlaps a.example.com and b.example.com). */
const tenantsCovered = (ctx: GatewayRuleContext, hostname: string): string[] => {
  const tenants = new Set([...ctx.analysis.objects.namespaces.keys()].map(ctx.tenantOf).filter((t): t is string => t !== undefined));
  return [...tenants].filter((t) => ctx.domainsOf(t).some((d) => hostsOverlap(hostname, d) || hostsOverlap(hostname, `*.${d}`)));
};

/**
 * T3 (§8): shared listeners that admit tenant routes pin a hostname: not unset or `*`, and not a
 * wildcard covering several tenants' domains (one listener or ListenerSet per tenant domain).
 */
export const t03ListenerHostname = defineGatewayRule({
  id: "T3",
  name: "listener-hostname",
  description: "Shared listeners admitting tenant routes pin a hostname of one tenant",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const g of ctx.analysis.objects.gateways.filter(ctx.isPlatformGateway)) {
      for (const l of g.listeners) {
        const tenants = admittedTenants(ctx, g, l);
        if (tenants.length === 0 && l.allowedRoutes.from !== "All") continue;
        const hostname = l.hostname ?? CATCH_ALL;
        const covered = hostname === CATCH_ALL ? [] : tenantsCovered(ctx, hostname);
        const why = hostname === CATCH_ALL ? "pins no hostname" : covered.length > 1 ? `hostname ${hostname} covers several tenants (${covered.join(", ")})` : undefined;
        if (!why) continue;
        out.push({
          message: `listener ${nsName(g.meta)}/${l.name} admits tenant routes${tenants.length ? ` (${tenants.join(", ")})` : ""} and ${why}`,
          at: l.object.at(l.hostname ? [...l.path, "hostname"] : l.path),
          fix: "give each tenant domain its own listener (or ListenerSet) with hostname *.<tenant domain>",
          subject: `${nsName(g.meta)}/${l.name}`,
        });
      }
    }
    return out;
  },
});
