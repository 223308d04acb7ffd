import { hostUnderDomain } from "../hostnames.js";
import { nsName } from "../kinds/read.js";
import type { Attachment } from "../attach.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T14 (§8, §3.2-3.3): two tenants must not produce the same intersected hostname on the same
 * (gateway, port) — whoever has the more specific match takes the other's traffic, whatever the
 * creation times. Reported on the routes of tenants that do not own the host (all, if none does).
 */
export const t14HostnameCollisions = defineGatewayRule({
  id: "T14",
  name: "hostname-collisions",
  description: "No hostname shared by two tenants on one gateway port",
  severity: "error",
  check(ctx) {
    const byHost = new Map<string, Array<{ a: Attachment; tenant: string }>>();
    for (const a of ctx.analysis.attachments) {
      const tenant = ctx.tenantOf(a.route.meta.namespace);
      if (!tenant) continue;
      for (const h of a.hosts) {
        const key = `${nsName(a.gateway.meta)}:${a.listener.port}|${h}`;
        byHost.set(key, [...(byHost.get(key) ?? []), { a, tenant }]);
      }
    }
    const out = new Map<string, Violation>();
    for (const [key, claims] of byHost) {
      const tenants = [...new Set(claims.map((c) => c.tenant))];
      if (tenants.length < 2) continue;
      const [where, host] = key.split("|") as [string, string];
      const owners = tenants.filter((t) => ctx.domainsOf(t).some((d) => hostUnderDomain(host, d)));
      for (const { a, tenant } of claims.filter((c) => owners.length === 0 || !owners.includes(c.tenant))) {
        const subject = `${nsName(a.route.meta)}|${key}`;
        out.set(subject, {
          message: `${a.route.kind} ${nsName(a.route.meta)} (tenant ${tenant}) claims host ${host} on ${where}, also served by ${tenants.filter((t) => t !== tenant).join(", ")}`,
          at: a.route.meta.object.at(["spec", "hostnames"]),
          fix: `remove ${host} from the route; each hostname belongs to one tenant`,
          subject,
        });
      }
    }
    return [...out.values()];
  },
});
