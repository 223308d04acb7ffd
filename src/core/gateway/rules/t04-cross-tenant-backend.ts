import { nsName } from "../kinds/read.js";
import { GATEWAY_GROUP } from "../model.js";
import { grantsFor } from "../references.js";
import { defineGatewayRule, positionOf, type Violation } from "./context.js";

/**
 * T4 (§8, §4): a backendRef or requestMirror from tenant X into tenant Y needs a ReferenceGrant in Y
 * with `from.namespace: X`, a specific `to.name`, and the platform's approval annotation.
 */
export const t04CrossTenantBackend = defineGatewayRule({
  id: "T4",
  name: "cross-tenant-backend",
  description: "Cross-tenant backendRefs need a narrow, approved ReferenceGrant",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const route of ctx.analysis.objects.routes) {
      const from = ctx.tenantOf(route.meta.namespace);
      if (!from) continue;
      for (const ref of route.rules.flatMap((r) => r.backendRefs)) {
        const to = ctx.tenantOf(ref.namespace);
        if (!to || to === from || ref.namespace === route.meta.namespace) continue;
        const grants = grantsFor(ctx.analysis.objects, { group: GATEWAY_GROUP, kind: route.kind, namespace: route.meta.namespace }, { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
        const ok = grants.some((g) => ctx.approved(g.meta.annotations) && g.to.some((t) => t.name === ref.name));
        if (ok) continue;
        const state = grants.length === 0 ? "without a ReferenceGrant" : "with a ReferenceGrant that is not approved or not limited to this name";
        out.push({
          message: `${route.kind} ${nsName(route.meta)} ${ref.mirror ? "mirrors to" : "routes to"} ${ref.kind} ${ref.namespace}/${ref.name} of tenant ${to} ${state}`,
          at: positionOf(ref),
          fix: `ask ${to} for a ReferenceGrant in ${ref.namespace} (from ${route.kind} in ${route.meta.namespace}, to ${ref.kind} ${ref.name}) approved by the platform`,
          subject: `${nsName(route.meta)}|${ref.kind}|${ref.namespace}/${ref.name}`,
        });
      }
    }
    return out;
  },
});
