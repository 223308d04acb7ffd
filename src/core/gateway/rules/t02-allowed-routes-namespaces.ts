import { isEmptySelector, nsName } from "../kinds/read.js";
import { defineGatewayRule, selectorPinned, type Violation } from "./context.js";

/**
 * T2 (§8, §2 A5): listeners of shared (platform) gateways must not admit routes `from: All`; a
 * `Selector` must select by kubernetes.io/metadata.name (or a platform-only label); `{}` counts as All.
 */
export const t02AllowedRoutesNamespaces = defineGatewayRule({
  id: "T2",
  name: "allowed-routes-namespaces",
  description: "Shared listeners admit routes only from namespaces named by the platform",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    for (const g of ctx.analysis.objects.gateways.filter(ctx.isPlatformGateway)) {
      for (const l of g.listeners) {
        const { from, selector } = l.allowedRoutes;
        const why =
          from === "All"
            ? "allowedRoutes.namespaces.from: All"
            : from === "Selector" && selector && isEmptySelector(selector)
              ? "an empty namespace selector ({}), which admits every namespace"
              : from === "Selector" && selector && !selectorPinned(selector, ctx.settings.platformNamespaceLabels)
                ? "a namespace selector on labels tenants can set (not kubernetes.io/metadata.name)"
                : undefined;
        if (!why) continue;
        out.push({
          message: `listener ${nsName(g.meta)}/${l.name} admits routes with ${why}`,
          at: l.object.at([...l.path, "allowedRoutes"]),
          fix: "use allowedRoutes.namespaces.from: Selector with matchExpressions on kubernetes.io/metadata.name In [<tenant namespaces>]",
          subject: `${nsName(g.meta)}/${l.name}`,
        });
      }
    }
    return out;
  },
});

