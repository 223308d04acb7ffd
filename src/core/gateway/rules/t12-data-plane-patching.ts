import { nsName } from "../kinds/read.js";
import { defineGatewayRule, type Violation } from "./context.js";

/**
 * T12 (§8, §5.5): no EnvoyPatchPolicy and no EnvoyExtensionPolicy with lua/wasm/extProc/
 * dynamicModule in tenant namespaces unless the platform approved it: they can rewrite anything.
 */
export const t12DataPlanePatching = defineGatewayRule({
  id: "T12",
  name: "data-plane-patching",
  description: "No tenant data-plane patches or extensions without approval",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const p of ctx.analysis.objects.extensionPolicies) {
      if (!ctx.tenantOf(p.meta.namespace) || ctx.approved(p.meta.annotations)) continue;
      if (p.meta.kind !== "EnvoyPatchPolicy" && p.meta.kind !== "EnvoyExtensionPolicy") continue;
      if (p.extensions.length === 0) continue;
      out.push({
        message: `${p.meta.kind} ${nsName(p.meta)} changes the shared proxies (${p.extensions.join(", ")}); the exposure it creates cannot be analysed`,
        at: p.meta.object.position,
        fix: `remove it, or have the platform review it and add the ${ctx.settings.approvalAnnotation} annotation`,
        subject: `${p.meta.kind}|${nsName(p.meta)}`,
      });
    }
    return out;
  },
});
