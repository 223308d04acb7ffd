import { nsName } from "../kinds/read.js";
import type { Meta, TargetSelector } from "../model.js";
import { EG_GROUP } from "../model.js";
import { defineGatewayRule, positionOf, type Violation } from "./context.js";

/**
 * T17 (§8, §4 C6): cross-namespace policy attachment is platform-only: tenant policies keep
 * `targetSelectors[].namespaces.from` unset/Same, and tenants author no ReferenceGrant from
 * gateway.envoyproxy.io kinds.
 */
export const t17CrossNamespaceAttachment = defineGatewayRule({
  id: "T17",
  name: "cross-namespace-attachment",
  description: "Only the platform attaches policies across namespaces",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    const { objects } = ctx.analysis;
    const policies: Array<{ meta: Meta; targetSelectors: readonly TargetSelector[] }> = [...objects.securityPolicies, ...objects.clientTrafficPolicies, ...objects.extensionPolicies];
    for (const p of policies.filter((p) => ctx.tenantOf(p.meta.namespace)))
      for (const s of p.targetSelectors.filter((s) => s.namespacesFrom && s.namespacesFrom !== "Same"))
        out.push({ message: `${p.meta.kind} ${nsName(p.meta)} selects targets in other namespaces (namespaces.from: ${s.namespacesFrom})`, at: positionOf(s), fix: "remove targetSelectors[].namespaces; only the platform attaches policies across namespaces", subject: `${p.meta.kind}|${nsName(p.meta)}` });
    for (const g of objects.grants.filter((g) => ctx.tenantOf(g.meta.namespace)))
      for (const f of g.from.filter((f) => f.group === EG_GROUP))
        out.push({ message: `ReferenceGrant ${nsName(g.meta)} lets ${f.kind} in ${f.namespace} attach to or read objects of ${g.meta.namespace}`, at: positionOf(f), fix: "remove it; cross-namespace policy attachment is for the platform", subject: `${nsName(g.meta)}|${f.kind}|${f.namespace}` });
    return out;
  },
});
