import type { Attachment } from "../attach.js";
import { labelSelectorMatches, nsName } from "../kinds/read.js";
import type { SecurityPolicy } from "../model.js";
import { policiesAt, scopesOf } from "../policies.js";
import { defineGatewayRule, type GatewayRuleContext, type Violation } from "./context.js";

const ROUTE_KINDS = new Set(["HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"]);

/** Attachments of the routes a policy targets at route or rule level (§5.1 scopes 1-2). */
const targetedAttachments = (ctx: GatewayRuleContext, p: SecurityPolicy): Attachment[] =>
  ctx.analysis.attachments.filter(
    (a) =>
      a.route.meta.namespace === p.meta.namespace &&
      (p.targetRefs.some((r) => ROUTE_KINDS.has(r.kind) && r.kind === a.route.kind && r.name === a.route.meta.name) ||
        p.targetSelectors.some((s) => s.kind === a.route.kind && labelSelectorMatches(s.selector, a.route.meta.labels))),
  );

/** Platform policies on the Gateway/listener/ListenerSet chain above an attachment. */
const platformParents = (ctx: GatewayRuleContext, a: Attachment): SecurityPolicy[] =>
  scopesOf(a, undefined)
    .flatMap((s) => policiesAt(ctx.analysis.objects.securityPolicies, s, ctx.analysis.objects))
    .filter((p) => ctx.tenantOf(p.meta.namespace) === undefined);

/**
 * T7 (§8, §5.1): under a platform SecurityPolicy, a tenant route/rule policy must set `mergeType`
 * (otherwise it replaces the platform policy as a whole) and must not set the features the
 * platform owns (merge replaces whole features and lists).
 */
export const t07TenantPolicyOverride = defineGatewayRule({
  id: "T7",
  name: "tenant-policy-override",
  description: "Tenant SecurityPolicies merge into, and never replace, platform policy",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const p of ctx.analysis.objects.securityPolicies.filter((p) => ctx.tenantOf(p.meta.namespace))) {
      const parents = [...new Set(targetedAttachments(ctx, p).flatMap((a) => platformParents(ctx, a)))];
      if (parents.length === 0) continue;
      const names = parents.map((x) => nsName(x.meta)).join(", ");
      const owned = p.features.present.filter((f) => ctx.settings.platformOwnedFeatures.includes(f));
      if (!p.mergeType)
        out.push({ message: `SecurityPolicy ${nsName(p.meta)} has no mergeType, so it replaces platform policy ${names} for the routes it targets`, at: p.meta.object.at(["spec"]), fix: "set spec.mergeType: StrategicMerge so the platform policy keeps applying", subject: `${nsName(p.meta)}|mergeType` });
      if (owned.length > 0)
        out.push({ message: `SecurityPolicy ${nsName(p.meta)} sets ${owned.join(", ")}, which the platform policy ${names} owns (merge replaces whole features)`, at: p.meta.object.at(["spec", owned[0]!]), fix: `remove ${owned.join(", ")} from the tenant policy; ask the platform to change its policy instead`, subject: `${nsName(p.meta)}|owned` });
    }
    return out;
  },
});
