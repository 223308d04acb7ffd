import { intersectHostnames } from "./hostnames.js";
import { labelSelectorMatches, nsName } from "./kinds/read.js";
import type { FromNamespaces, Gateway, GatewayObjects, LabelSelector, Listener, ListenerSet, ParentRef, Route } from "./model.js";
import { GATEWAY_GROUP } from "./model.js";

/** A listener together with the Gateway whose proxies serve it (and the ListenerSet declaring it, if any). */
export interface ListenerContext {
  listener: Listener;
  gateway: Gateway;
  listenerSet: ListenerSet | undefined;
}

/** One (route, parentRef, listener) that passed A1-A6, with its intersected hostnames (§3.1). */
export interface Attachment extends ListenerContext {
  route: Route;
  parentRef: ParentRef;
  /** Intersected hostnames; `*` = catch-all; empty for TCP/UDP routes. */
  hosts: readonly string[];
}

export type RejectReason = "ParentNotFound" | "NotManaged" | "NoMatchingParent" | "NotAllowedByListeners" | "NoMatchingListenerHostname";

export interface Rejection {
  route: Route;
  parentRef: ParentRef;
  reason: RejectReason;
  message: string;
}

/** A4: EG's default route kinds per listener protocol [EG-code allowedRouteKindsForProtocol]. */
export const defaultKinds = (l: Listener): readonly string[] => {
  switch (l.protocol) {
    case "HTTP":
    case "HTTPS":
      return ["HTTPRoute", "GRPCRoute"];
    case "TLS":
      return l.tlsMode === "Passthrough" ? ["TLSRoute"] : ["TLSRoute", "TCPRoute"];
    case "TCP":
      return ["TCPRoute"];
    case "UDP":
      return ["UDPRoute"];
    default:
      return [];
  }
};

const kindAllowed = (l: Listener, kind: string): boolean =>
  l.allowedRoutes.kinds.length > 0
    ? l.allowedRoutes.kinds.some((k) => k.kind === kind && k.group === GATEWAY_GROUP)
    : defaultKinds(l).includes(kind);

/** A5 (and A2 for ListenerSets): does `from`/`selector` admit namespace `ns` of an owner in `ownerNs`? */
export const namespaceAdmitted = (
  from: FromNamespaces,
  selector: LabelSelector | undefined,
  ownerNs: string,
  ns: string,
  objects: GatewayObjects,
): boolean => {
  if (from === "All") return true;
  if (from === "Same") return ns === ownerNs;
  if (from !== "Selector" || !selector) return false; // EG: Selector without selector matches nothing
  const labels = objects.namespaces.get(ns)?.labels ?? { "kubernetes.io/metadata.name": ns };
  return labelSelectorMatches(selector, labels);
};

/** A2: Gateways of a GatewayClass managed by EG. A class missing from the repository is assumed EG's. */
export const managedGateways = (objects: GatewayObjects): Gateway[] =>
  objects.gateways.filter((g) => {
    const cls = objects.classes.find((c) => c.meta.name === g.className);
    return !cls || cls.controllerName === objects.egConfig.controllerName;
  });

/** Listeners a Gateway's proxies serve: its own, plus those of ListenerSets it admits (A2, §6.2 step 4). */
export const gatewayListeners = (gateway: Gateway, objects: GatewayObjects): ListenerContext[] => {
  const own = gateway.listeners.map((listener) => ({ listener, gateway, listenerSet: undefined }));
  const sets = objects.listenerSets.filter(
    (ls) =>
      ls.parent.namespace === gateway.meta.namespace &&
      ls.parent.name === gateway.meta.name &&
      namespaceAdmitted(gateway.allowedListeners.from, gateway.allowedListeners.selector, gateway.meta.namespace, ls.meta.namespace, objects),
  );
  return [...own, ...sets.flatMap((ls) => ls.listeners.map((listener) => ({ listener, gateway, listenerSet: ls })))];
};

/** A1/A3: the listeners one parentRef names (Gateway: its own only; ListenerSet: that set's only). */
const referencedListeners = (ref: ParentRef, all: readonly ListenerContext[]): ListenerContext[] | undefined => {
  if (ref.group !== GATEWAY_GROUP) return undefined;
  const owned =
    ref.kind === "Gateway"
      ? all.filter((c) => !c.listenerSet && c.gateway.meta.namespace === ref.namespace && c.gateway.meta.name === ref.name)
      : ref.kind === "ListenerSet" || ref.kind === "XListenerSet"
        ? all.filter((c) => c.listenerSet?.meta.namespace === ref.namespace && c.listenerSet.meta.name === ref.name)
        : [];
  return owned.length > 0 ? owned : undefined;
};

/** §3.1 step 6 (EG): a host equal to another listener's exact hostname on the same Gateway and port goes there. */
const dropSiblingHosts = (hosts: string[], ctx: ListenerContext, all: readonly ListenerContext[]): string[] => {
  const siblings = all.filter((c) => c.gateway === ctx.gateway && c.listener !== ctx.listener && c.listener.port === ctx.listener.port);
  const exact = new Set(siblings.map((c) => c.listener.hostname).filter((h): h is string => !!h && !h.startsWith("*")));
  return hosts.filter((h) => !exact.has(h));
};

const hostsFor = (route: Route, ctx: ListenerContext, all: readonly ListenerContext[]): string[] => {
  if (route.kind === "TCPRoute" || route.kind === "UDPRoute") return [""];
  return dropSiblingHosts(intersectHostnames(route.hostnames, ctx.listener.hostname), ctx, all);
};

/**
 * §2 A1-A6 for every route and parentRef: which listeners accept the route, with which hostnames.
 * A7 (invalid rules) is left to the exposure stage, which drops unusable rules individually.
 */
export function attachRoutes(objects: GatewayObjects): { attachments: Attachment[]; rejections: Rejection[] } {
  const all = managedGateways(objects).flatMap((g) => gatewayListeners(g, objects));
  const attachments: Attachment[] = [];
  const rejections: Rejection[] = [];
  for (const route of objects.routes) {
    for (const parentRef of route.parentRefs) {
      const reject = (reason: RejectReason, message: string) => rejections.push({ route, parentRef, reason, message });
      const owned = referencedListeners(parentRef, all);
      if (!owned) {
        reject("ParentNotFound", `${parentRef.kind} ${parentRef.namespace}/${parentRef.name} is not an Envoy Gateway parent in the manifests`);
        continue;
      }
      const named = owned.filter(
        (c) => (parentRef.sectionName === undefined || c.listener.name === parentRef.sectionName) && (parentRef.port === undefined || c.listener.port === parentRef.port),
      );
      if (named.length === 0) {
        reject("NoMatchingParent", `no listener named ${parentRef.sectionName ?? "*"} / port ${parentRef.port ?? "*"} on ${parentRef.namespace}/${parentRef.name}`);
        continue;
      }
      const allowed = named.filter(
        (c) =>
          kindAllowed(c.listener, route.kind) &&
          namespaceAdmitted(c.listener.allowedRoutes.from, c.listener.allowedRoutes.selector, c.listener.owner.namespace, route.meta.namespace, objects),
      );
      if (allowed.length === 0) {
        reject("NotAllowedByListeners", `listeners of ${nsName(parentRef)} do not admit ${route.kind} from namespace ${route.meta.namespace}`);
        continue;
      }
      const hosted = allowed.map((c) => ({ ...c, route, parentRef, hosts: hostsFor(route, c, all) })).filter((a) => a.hosts.length > 0);
      if (hosted.length === 0) reject("NoMatchingListenerHostname", `no hostname of ${route.kind} ${nsName(route.meta)} intersects a listener of ${nsName(parentRef)}`);
      attachments.push(...hosted);
    }
  }
  return { attachments, rejections };
}
