import { blockContains, parseCidr, parseIp } from "../../algebra/ip-space.js";
import { nsName } from "../kinds/read.js";
import { EG_GROUP } from "../model.js";
import { defineGatewayRule, positionOf, type GatewayRuleContext, type Violation } from "./context.js";

const inCidrs = (ip: string, cidrs: readonly string[]): boolean => {
  const a = parseIp(ip);
  return !!a && cidrs.some((c) => {
    const b = parseCidr(c);
    return !!b && b.family === a.family && blockContains(b, { family: a.family, first: a.value, last: a.value });
  });
};

/** Backend IP endpoints that land inside the cluster: a known clusterIP, or the pod/Service CIDRs. */
const inClusterIp = (ctx: GatewayRuleContext, ip: string): string | undefined => {
  const svc = ctx.analysis.objects.services.find((s) => s.clusterIPs.includes(ip));
  if (svc) return `the clusterIP of Service ${svc.namespace}/${svc.name}`;
  if (inCidrs(ip, ctx.settings.serviceCIDRs)) return "the Service CIDR";
  if (inCidrs(ip, ctx.settings.podCIDRs)) return "the pod CIDR";
  return undefined;
};

/**
 * T11 (§8, §4 C5, EG10): tenants may not route to EG `Backend`s (raw addresses no ReferenceGrant
 * governs) or ExternalName Services; Backend IP endpoints must lie outside the cluster's ranges.
 */
export const t11BackdoorBackends = defineGatewayRule({
  id: "T11",
  name: "backdoor-backends",
  description: "No EG Backend or ExternalName backends in tenant routes",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    const { objects } = ctx.analysis;
    for (const route of objects.routes.filter((r) => ctx.tenantOf(r.meta.namespace))) {
      for (const ref of route.rules.flatMap((r) => r.backendRefs)) {
        const external = ref.kind === "Service" && ref.group === "" && objects.services.some((s) => s.namespace === ref.namespace && s.name === ref.name && s.type === "ExternalName");
        if (!(ref.group === EG_GROUP && ref.kind === "Backend") && !external) continue;
        out.push({
          message: `${route.kind} ${nsName(route.meta)} uses ${external ? "ExternalName Service" : "EG Backend"} ${ref.namespace}/${ref.name}, which bypasses ReferenceGrants and tenant policy`,
          at: positionOf(ref),
          fix: "route to a Service of your own namespace; external destinations go through the platform",
          subject: `${nsName(route.meta)}|${ref.kind}|${ref.namespace}/${ref.name}`,
        });
      }
    }
    for (const b of objects.backends)
      for (const ep of b.endpoints) {
        const where = ep.ip ? inClusterIp(ctx, ep.ip.address) : undefined;
        if (where)
          out.push({ message: `Backend ${nsName(b.meta)} points at ${ep.ip!.address}, ${where}`, at: positionOf(ep), fix: "Backend IP endpoints must be outside pod and Service CIDRs", subject: `${nsName(b.meta)}|${ep.ip!.address}` });
      }
    return out;
  },
});
