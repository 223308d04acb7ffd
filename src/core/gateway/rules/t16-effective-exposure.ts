import { describeBackend, describeUrl, routeRef } from "../exposure-row.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T16 (§8, §7.5): a configured exposure must be effective or intentionally disabled; a route whose
 * backend ref is denied or whose backend's Cilium policy drops the proxies is a broken deploy.
 */
export const t16EffectiveExposure = defineGatewayRule({
  id: "T16",
  name: "effective-exposure",
  description: "Configured exposure is effective (Cilium and references allow it)",
  severity: "warning",
  check(ctx) {
    const out = new Map<string, Violation>();
    for (const r of ctx.analysis.rows) {
      if (r.effective || !r.backend) continue;
      const subject = `${r.route.namespace}/${r.route.name}|${r.route.rule}|${describeBackend(r.backend)}`;
      const deps = r.unreachableDependencies.length ? `; the proxy also cannot reach ${r.unreachableDependencies.join(", ")}` : "";
      if (!out.has(subject))
        out.set(subject, {
          message: `${routeRef(r)} rule ${r.route.rule} (${describeUrl(r)} → ${describeBackend(r.backend)}) is configured but not effective: ${r.reason ?? "unknown"}${deps}`,
          at: r.provenance.backendRef ?? r.provenance.route,
          fix: r.action === "500" ? "fix the reference (ReferenceGrant, Service, port) or remove the rule" : "admit the gateway's proxies on the target port in the backend's policy (and in the proxies' egress policy)",
          subject,
        });
    }
    return [...out.values()];
  },
});
