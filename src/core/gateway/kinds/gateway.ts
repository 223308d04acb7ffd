import type { FieldPath } from "../../model/manifest.js";
import type { AllowedRoutes, Gateway, GatewayClass, Listener, ListenerSet } from "../model.js";
import { GATEWAY_GROUP } from "../model.js";
import type { GatewayReader } from "./read.js";

/** `spec.listeners[i].allowedRoutes`; the whole field defaults to `{namespaces: {from: Same}}` (§2 A5, GW1). */
const readAllowedRoutes = (r: GatewayReader, raw: unknown, path: FieldPath): AllowedRoutes => {
  const allowed = r.record(raw, path);
  const namespaces = r.record(allowed?.namespaces, [...path, "namespaces"]);
  const kinds = r.items(allowed?.kinds, [...path, "kinds"]).map(({ item, path: p }) => ({
    group: r.string(item.group, [...p, "group"]) ?? GATEWAY_GROUP,
    kind: r.string(item.kind, [...p, "kind"]) ?? "",
  }));
  return {
    from: r.fromNamespaces(namespaces?.from, [...path, "namespaces", "from"], "Same"),
    selector: r.labelSelector(namespaces?.selector, [...path, "namespaces", "selector"]),
    kinds,
  };
};

/** Listeners of a Gateway or a ListenerSet: same schema (GW1, GW10). */
export const readListeners = (r: GatewayReader, owner: Listener["owner"]): Listener[] =>
  r.items(r.spec.listeners, ["spec", "listeners"]).map(({ item, path }) => {
    const tls = r.record(item.tls, [...path, "tls"]);
    const certificateRefs = r.items(tls?.certificateRefs, [...path, "tls", "certificateRefs"]).map(({ item: c, path: p }) => ({
      group: r.string(c.group, [...p, "group"]) ?? "",
      kind: r.string(c.kind, [...p, "kind"]) ?? "Secret",
      namespace: r.string(c.namespace, [...p, "namespace"]) ?? owner.namespace,
      name: r.string(c.name, [...p, "name"]) ?? "",
    }));
    const mode = tls ? r.enumOf(tls.mode, [...path, "tls", "mode"], ["Terminate", "Passthrough"] as const, "Terminate") : undefined;
    return {
      object: r.object,
      path,
      name: r.string(item.name, [...path, "name"]) ?? "",
      port: r.port(item.port, [...path, "port"]) ?? 0,
      protocol: r.string(item.protocol, [...path, "protocol"]) ?? "",
      hostname: r.string(item.hostname, [...path, "hostname"]),
      tlsMode: mode,
      certificateRefs,
      allowedRoutes: readAllowedRoutes(r, item.allowedRoutes, [...path, "allowedRoutes"]),
      owner,
    };
  });

export const readGateway = (r: GatewayReader): Gateway => {
  const meta = r.meta();
  const { spec } = r;
  const infra = r.record(spec.infrastructure, ["spec", "infrastructure"]);
  const params = r.record(infra?.parametersRef, ["spec", "infrastructure", "parametersRef"]);
  const allowedListeners = r.record(spec.allowedListeners, ["spec", "allowedListeners"]);
  const lsNamespaces = r.record(allowedListeners?.namespaces, ["spec", "allowedListeners", "namespaces"]);
  const addresses = r.items(spec.addresses, ["spec", "addresses"]).flatMap(({ item, path }) => r.string(item.value, [...path, "value"]) ?? []);
  return {
    meta,
    className: r.string(spec.gatewayClassName, ["spec", "gatewayClassName"]) ?? "",
    listeners: readListeners(r, { kind: "Gateway", namespace: meta.namespace, name: meta.name }),
    envoyProxyName: params && params.kind === "EnvoyProxy" ? r.string(params.name, ["spec", "infrastructure", "parametersRef", "name"]) : undefined,
    infrastructureLabels: r.labels(infra?.labels, ["spec", "infrastructure", "labels"]),
    // GW1/GW10: allowedListeners defaults to None.
    allowedListeners: {
      from: r.fromNamespaces(lsNamespaces?.from, ["spec", "allowedListeners", "namespaces", "from"], "None"),
      selector: r.labelSelector(lsNamespaces?.selector, ["spec", "allowedListeners", "namespaces", "selector"]),
    },
    addresses,
  };
};

export const readGatewayClass = (r: GatewayReader): GatewayClass => {
  const meta = r.meta();
  const params = r.record(r.spec.parametersRef, ["spec", "parametersRef"]);
  const name = params?.kind === "EnvoyProxy" ? r.string(params.name, ["spec", "parametersRef", "name"]) : undefined;
  const namespace = r.string(params?.namespace, ["spec", "parametersRef", "namespace"]) ?? "envoy-gateway-system";
  return {
    meta: { ...meta, namespace: "" },
    controllerName: r.string(r.spec.controllerName, ["spec", "controllerName"]) ?? "",
    envoyProxy: name ? { namespace, name } : undefined,
  };
};

/** ListenerSet and the pre-1.5 XListenerSet (same schema, §0.1). */
export const readListenerSet = (r: GatewayReader): ListenerSet => {
  const meta = r.meta();
  const parent = r.record(r.spec.parentRef, ["spec", "parentRef"]);
  return {
    meta,
    parent: {
      namespace: r.string(parent?.namespace, ["spec", "parentRef", "namespace"]) ?? meta.namespace,
      name: r.string(parent?.name, ["spec", "parentRef", "name"]) ?? "",
    },
    listeners: readListeners(r, { kind: "ListenerSet", namespace: meta.namespace, name: meta.name }),
  };
};
