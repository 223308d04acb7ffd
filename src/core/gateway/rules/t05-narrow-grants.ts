import { nsName } from "../kinds/read.js";
import { defineGatewayRule, positionOf, type Violation } from "./context.js";

/**
 * T5 (§8, §4 C2/C6): ReferenceGrants in tenant namespaces name their targets (`to[].name`), admit
 * another tenant only when approved, and never hand Secrets to a foreign namespace's Gateways.
 */
export const t05NarrowGrants = defineGatewayRule({
  id: "T5",
  name: "narrow-reference-grants",
  description: "ReferenceGrants are narrow and approved",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const g of ctx.analysis.objects.grants) {
      const tenant = ctx.tenantOf(g.meta.namespace);
      if (!tenant) continue;
      const name = nsName(g.meta);
      for (const t of g.to.filter((t) => t.name === undefined))
        out.push({ message: `ReferenceGrant ${name} grants every ${t.kind} in ${g.meta.namespace} (to.name unset)`, at: positionOf(t), fix: "set to[].name to the one object that is shared", subject: `${name}|to|${t.kind}` });
      for (const f of g.from) {
        const other = ctx.tenantOf(f.namespace);
        if (other && other !== tenant && !ctx.approved(g.meta.annotations))
          out.push({ message: `ReferenceGrant ${name} admits tenant ${other} (${f.kind} in ${f.namespace}) without platform approval`, at: positionOf(f), fix: `have the platform review it and add the ${ctx.settings.approvalAnnotation} annotation`, subject: `${name}|from|${f.namespace}` });
        if (f.kind === "Gateway" && f.namespace !== g.meta.namespace && g.to.some((t) => t.kind === "Secret"))
          out.push({ message: `ReferenceGrant ${name} lets Gateways in ${f.namespace} use Secrets of ${g.meta.namespace}`, at: positionOf(f), fix: "keep tenant certificates in a ListenerSet of the tenant's own namespace, or let the platform hold them", subject: `${name}|secret|${f.namespace}` });
      }
    }
    return out;
  },
});
