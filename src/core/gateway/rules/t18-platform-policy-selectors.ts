import { nsName } from "../kinds/read.js";
import { defineGatewayRule, positionOf, type Violation } from "./context.js";

const ROUTE_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute"]);

/**
 * T18 (§8, §5.1): a mandatory platform SecurityPolicy must not depend on labels tenants set on
 * their routes; `targetSelectors` on route labels is opt-in for tenants.
 */
export const t18PlatformPolicySelectors = defineGatewayRule({
  id: "T18",
  name: "platform-policy-selectors",
  description: "Platform policies do not target routes by tenant-controlled labels",
  severity: "warning",
  check(ctx) {
    const out: Violation[] = [];
    for (const p of ctx.analysis.objects.securityPolicies.filter((p) => !ctx.tenantOf(p.meta.namespace)))
      for (const s of p.targetSelectors.filter((s) => ROUTE_KINDS.has(s.kind)))
        out.push({ message: `platform SecurityPolicy ${nsName(p.meta)} applies to ${s.kind}s by their labels, which tenants control: a tenant opts out by relabelling`, at: positionOf(s), fix: "target the Gateway or its listeners (targetRefs) instead", subject: `${nsName(p.meta)}|${s.kind}` });
    return out;
  },
});
