import { gatewayListeners } from "../attach.js";
import { CATCH_ALL, hostUnderDomain } from "../hostnames.js";
import { isEmptySelector, nsName } from "../kinds/read.js";
import { defineGatewayRule, selectorPinned, type Violation } from "./context.js";

/**
 * T13 (§8, §2 A2): shared gateways delegate listeners only to named namespaces
 * (`allowedListeners` None or a Selector on kubernetes.io/metadata.name); a tenant ListenerSet's
 * hostnames satisfy T1 and its certificateRefs stay in its own namespace.
 */
export const t13ListenerSets = defineGatewayRule({
  id: "T13",
  name: "listener-set-delegation",
  description: "ListenerSets only where delegated, with the tenant's hostnames and certificates",
  severity: "error",
  check(ctx) {
    const out: Violation[] = [];
    const { objects } = ctx.analysis;
    for (const g of objects.gateways.filter(ctx.isPlatformGateway)) {
      const { from, selector } = g.allowedListeners;
      const bad = from === "All" || (from === "Selector" && selector !== undefined && (isEmptySelector(selector) || !selectorPinned(selector, ctx.settings.platformNamespaceLabels)));
      if (bad)
        out.push({ message: `Gateway ${nsName(g.meta)} accepts ListenerSets from namespaces it does not name (allowedListeners from: ${from})`, at: g.meta.object.at(["spec", "allowedListeners"]), fix: "use allowedListeners.namespaces.from: Selector on kubernetes.io/metadata.name, or None", subject: `${nsName(g.meta)}|allowedListeners` });
      for (const c of gatewayListeners(g, objects).filter((c) => c.listenerSet)) {
        const tenant = ctx.tenantOf(c.listenerSet!.meta.namespace);
        if (!tenant) continue;
        const l = c.listener;
        const host = l.hostname ?? CATCH_ALL;
        const where = `${nsName(c.listenerSet!.meta)}/${l.name}`;
        if (!ctx.domainsOf(tenant).some((d) => hostUnderDomain(host, d)))
          out.push({ message: `ListenerSet listener ${where} has hostname ${host}, not under ${tenant}'s domains`, at: l.object.at([...l.path, "hostname"]), fix: "set the listener hostname to (a wildcard under) the tenant's domain", subject: `${where}|hostname` });
        for (const cert of l.certificateRefs.filter((cr) => cr.namespace !== l.owner.namespace))
          out.push({ message: `ListenerSet listener ${where} uses certificate ${cert.namespace}/${cert.name} from another namespace`, at: l.object.at([...l.path, "tls"]), fix: "keep the certificate Secret in the ListenerSet's namespace", subject: `${where}|cert|${cert.namespace}/${cert.name}` });
      }
    }
    return out;
  },
});
