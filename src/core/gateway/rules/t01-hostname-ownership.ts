import { hostUnderDomain } from "../hostnames.js";
import { nsName } from "../kinds/read.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T1 (§8): every intersected hostname (§3.1) of a tenant route must be one of the tenant's domains
 * or under one; `*` or a wildcard broader than the domain is a violation.
 */
export const t01HostnameOwnership = defineGatewayRule({
  id: "T1",
  name: "hostname-ownership",
  description: "Tenant routes serve only hostnames under the tenant's domains",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const a of ctx.analysis.attachments) {
      const tenant = ctx.tenantOf(a.route.meta.namespace);
      if (!tenant || a.route.kind === "TCPRoute" || a.route.kind === "UDPRoute") continue;
      const domains = ctx.domainsOf(tenant);
      for (const host of a.hosts) {
        if (domains.some((d) => hostUnderDomain(host, d))) continue;
        const index = a.route.hostnames.indexOf(host);
        const at = a.route.meta.object.at(index >= 0 ? ["spec", "hostnames", index] : a.parentRef.path);
        const owned = domains.length ? `outside ${tenant}'s domains (${domains.join(", ")})` : `but ${tenant} has no domains configured`;
        out.push({
          message: `${a.route.kind} ${nsName(a.route.meta)} serves host ${host} on ${nsName(a.gateway.meta)}/${a.listener.name}, ${owned}`,
          at,
          fix: host === "*" ? "set spec.hostnames to names under the tenant's domains" : `remove ${host} from spec.hostnames, or ask the platform to add its domain to ${tenant}`,
          subject: `${nsName(a.route.meta)}|${host}`,
        });
      }
    }
    return out;
  },
});
