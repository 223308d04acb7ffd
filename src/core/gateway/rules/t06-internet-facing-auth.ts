import { describeUrl, routeRef } from "../exposure-row.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T6 (§8, §5.1-5.3): every internet-facing route has an effective SecurityPolicy with enforcing
 * authentication (JWT optional/failOpen and failOpen extAuth do not count) or an authorization
 * whose defaultAction is Deny, unless the route is on the approved public list.
 */
export const t06InternetFacingAuth = defineGatewayRule({
  id: "T6",
  name: "internet-facing-auth",
  description: "Internet-facing routes require authentication or default-deny authorization",
  severity: "error",
  check(ctx) {
    const out = new Map<string, Violation>();
    for (const r of ctx.analysis.rows) {
      if (r.gateway.internetFacing === false || !r.backend || r.action === "redirect") continue;
      const route = `${r.route.namespace}/${r.route.name}`;
      if (ctx.settings.publicRoutes.includes(route)) continue;
      if (r.authz.enforcingAuthn.length > 0 || r.authz.defaultAction === "Deny") continue;
      const subject = `${route}|${r.route.rule}`;
      if (out.has(subject)) continue;
      const policy = r.authz.policy ? `its effective SecurityPolicy ${r.authz.policy} (${r.authz.level}) has no enforcing authentication and no default-Deny authorization` : "no SecurityPolicy applies";
      out.set(subject, {
        message: `${routeRef(r)} rule ${r.route.rule} is reachable from the Internet at ${describeUrl(r)}: ${policy}`,
        at: r.provenance.policy ?? r.provenance.route,
        fix: `add a SecurityPolicy on the route (jwt/oidc/basicAuth/apiKeyAuth, or authorization with defaultAction: Deny)${r.authz.overrides.length ? ` or set mergeType so ${r.authz.overrides.join(", ")} keeps applying` : ""}, or ask the platform to list ${route} in gateway.publicRoutes`,
        subject,
      });
    }
    return [...out.values()];
  },
});
