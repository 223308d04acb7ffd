import { describeUrl, routeRef } from "../exposure-row.js";
import { gatewayInfra } from "../infrastructure.js";
import { nsName } from "../kinds/read.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T10 (§8): on internet-facing gateways tenant routes attach only to HTTPS/TLS listeners (use
 * `sectionName`), and the HTTP listener admits only the platform's redirect route (`from: Same`).
 */
export const t10PlaintextExposure = defineGatewayRule({
  id: "T10",
  name: "plaintext-exposure",
  description: "No plaintext HTTP exposure of tenant apps on internet-facing gateways",
  severity: "error",
  check(ctx) {
    const out = new Map<string, Violation>();
    for (const r of ctx.analysis.rows) {
      if (r.listener.protocol !== "HTTP" || r.gateway.internetFacing === false || r.action === "redirect") continue;
      if (!ctx.tenantOf(r.route.namespace)) continue;
      const subject = `${r.route.namespace}/${r.route.name}|${r.gateway.namespace}/${r.gateway.name}/${r.listener.name}`;
      if (!out.has(subject))
        out.set(subject, {
          message: `${routeRef(r)} attaches to plaintext listener ${r.gateway.namespace}/${r.gateway.name}/${r.listener.name} and serves ${describeUrl(r)} without TLS`,
          at: r.provenance.route,
          fix: "set parentRefs[].sectionName to the tenant's HTTPS listener",
          subject,
        });
    }
    for (const g of ctx.analysis.objects.gateways.filter(ctx.isPlatformGateway)) {
      if (gatewayInfra(g, ctx.analysis.objects).internetFacing === false) continue;
      for (const l of g.listeners.filter((l) => l.protocol === "HTTP" && l.allowedRoutes.from !== "Same"))
        out.set(`${nsName(g.meta)}/${l.name}`, {
          message: `plaintext listener ${nsName(g.meta)}/${l.name} admits routes from other namespaces (from: ${l.allowedRoutes.from})`,
          at: l.object.at([...l.path, "allowedRoutes"]),
          fix: "set allowedRoutes.namespaces.from: Same so only the platform's redirect route attaches",
          subject: `${nsName(g.meta)}/${l.name}`,
        });
    }
    return [...out.values()];
  },
});
