import { describeUrl, routeRef } from "../exposure-row.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T9 (§8, §5.4): an effective authorization using `clientCIDRs` needs a trustworthy client IP:
 * peer address behind an L4 pass-through LB with externalTrafficPolicy Local, or XFF/custom header
 * only when the Envoy Service is reachable solely through the trusted proxy.
 */
export const t09ClientCidrsTrust = defineGatewayRule({
  id: "T9",
  name: "client-cidrs-trust",
  description: "clientCIDRs allowlists rely on a client IP the client cannot forge",
  severity: "error",
  check(ctx) {
    const out = new Map<string, Violation>();
    for (const r of ctx.analysis.rows) {
      if (!r.authz.usesClientCIDRs || r.gateway.internetFacing === false || !r.authz.clientIpProblem) continue;
      const subject = `${r.authz.policy}|${r.gateway.namespace}/${r.gateway.name}/${r.listener.name}`;
      if (out.has(subject)) continue;
      out.set(subject, {
        message: `${r.authz.policy} allowlists clientCIDRs for ${routeRef(r)} (${describeUrl(r)}), but ${r.authz.clientIpProblem}${r.authz.spoofable ? ": any Internet client can pass" : ""}`,
        at: r.provenance.policy ?? r.provenance.route,
        fix: r.authz.spoofable
          ? "drop clientIPDetection (use the peer address behind an L4 LB with externalTrafficPolicy: Local), or restrict envoyService.loadBalancerSourceRanges to the trusted proxy"
          : "use an L4 pass-through LB (annotation) with externalTrafficPolicy: Local, or authenticate instead of allowlisting addresses",
        subject,
      });
    }
    return [...out.values()];
  },
});
