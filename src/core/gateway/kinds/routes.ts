import type { FieldPath } from "../../model/manifest.js";
import type { BackendRef, ParentRef, Redirect, Route, RouteKind, RouteMatch, RouteRule, StringMatch } from "../model.js";
import { GATEWAY_GROUP } from "../model.js";
import type { GatewayReader } from "./read.js";

/** GW2: group defaults to gateway.networking.k8s.io, kind to Gateway, namespace to the route's. */
const readParentRefs = (r: GatewayReader, namespace: string): ParentRef[] =>
  r.items(r.spec.parentRefs, ["spec", "parentRefs"]).map(({ item, path }) => ({
    object: r.object,
    path,
    group: r.string(item.group, [...path, "group"]) ?? GATEWAY_GROUP,
    kind: r.string(item.kind, [...path, "kind"]) ?? "Gateway",
    namespace: r.string(item.namespace, [...path, "namespace"]) ?? namespace,
    name: r.string(item.name, [...path, "name"]) ?? "",
    sectionName: r.string(item.sectionName, [...path, "sectionName"]),
    port: r.optionalPort(item.port, [...path, "port"]),
  }));

/** A BackendObjectReference (§4 C1: namespace defaults to the route's; group "" = core). */
const readBackendRef = (r: GatewayReader, raw: Record<string, unknown>, path: FieldPath, namespace: string, mirror: boolean): BackendRef => {
  const weight = raw.weight;
  return {
    object: r.object,
    path,
    group: r.string(raw.group, [...path, "group"]) ?? "",
    kind: r.string(raw.kind, [...path, "kind"]) ?? "Service",
    namespace: r.string(raw.namespace, [...path, "namespace"]) ?? namespace,
    name: r.string(raw.name, [...path, "name"]) ?? "",
    port: r.optionalPort(raw.port, [...path, "port"]),
    weight: typeof weight === "number" && Number.isInteger(weight) && weight >= 0 ? weight : 1,
    mirror,
  };
};

const stringMatch = (r: GatewayReader, raw: unknown, path: FieldPath, defaultType: string): StringMatch | undefined => {
  const m = r.record(raw, path);
  if (!m) return undefined;
  return { type: r.string(m.type, [...path, "type"]) ?? defaultType, value: r.string(m.value, [...path, "value"]) ?? "/" };
};

const namedMatches = (r: GatewayReader, raw: unknown, path: FieldPath) =>
  r.items(raw, path).map(({ item, path: p }) => ({
    name: r.string(item.name, [...p, "name"]) ?? "",
    type: r.string(item.type, [...p, "type"]) ?? "Exact",
    value: r.string(item.value, [...p, "value"]) ?? "",
  }));

/** GW3: no `matches` = PathPrefix "/" (HTTPRoute); GRPCRoute without matches matches every method. */
const readMatches = (r: GatewayReader, raw: unknown, path: FieldPath, kind: RouteKind): RouteMatch[] => {
  const items = r.items(raw, path);
  if (items.length === 0) {
    const path: StringMatch | undefined = kind === "HTTPRoute" ? { type: "PathPrefix", value: "/" } : undefined;
    return [{ path, method: undefined, headers: [], query: [], grpc: undefined, defaulted: true }];
  }
  return items.map(({ item, path: p }) => {
    const grpcMethod = kind === "GRPCRoute" ? r.record(item.method, [...p, "method"]) : undefined;
    return {
      path: kind === "HTTPRoute" ? (stringMatch(r, item.path, [...p, "path"], "PathPrefix") ?? { type: "PathPrefix", value: "/" }) : undefined,
      method: kind === "HTTPRoute" ? r.string(item.method, [...p, "method"]) : undefined,
      headers: namedMatches(r, item.headers, [...p, "headers"]),
      query: namedMatches(r, item.queryParams, [...p, "queryParams"]),
      grpc: grpcMethod
        ? { ...(typeof grpcMethod.service === "string" ? { service: grpcMethod.service } : {}), ...(typeof grpcMethod.method === "string" ? { method: grpcMethod.method } : {}) }
        : undefined,
      defaulted: false,
    };
  });
};

const readRule = (r: GatewayReader, raw: Record<string, unknown>, path: FieldPath, index: number, kind: RouteKind, namespace: string): RouteRule => {
  const backendRefs = r.items(raw.backendRefs, [...path, "backendRefs"]).map(({ item, path: p }) => readBackendRef(r, item, p, namespace, false));
  let redirect: Redirect | undefined;
  const extensionRefs: string[] = [];
  for (const { item, path: p } of r.items(raw.filters, [...path, "filters"])) {
    const mirror = r.record(item.requestMirror, [...p, "requestMirror"]);
    const mirrorRef = r.record(mirror?.backendRef, [...p, "requestMirror", "backendRef"]);
    if (mirrorRef) backendRefs.push(readBackendRef(r, mirrorRef, [...p, "requestMirror", "backendRef"], namespace, true));
    const rd = r.record(item.requestRedirect, [...p, "requestRedirect"]);
    if (rd) {
      const code = rd.statusCode;
      redirect = { scheme: r.string(rd.scheme, [...p, "requestRedirect", "scheme"]), hostname: r.string(rd.hostname, [...p, "requestRedirect", "hostname"]), statusCode: typeof code === "number" ? code : 302 };
    }
    const ext = r.record(item.extensionRef, [...p, "extensionRef"]);
    if (ext) extensionRefs.push(`${String(ext.kind)} ${String(ext.name)}`);
  }
  return {
    object: r.object,
    path,
    index,
    name: r.string(raw.name, [...path, "name"]),
    matches: readMatches(r, raw.matches, [...path, "matches"], kind),
    backendRefs,
    redirect,
    extensionRefs,
  };
};

/** HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute: one reader, kind-specific matches (GW3). */
export const readRoute = (r: GatewayReader): Route => {
  const meta = r.meta();
  const kind = meta.kind as RouteKind;
  const hostnames = kind === "TCPRoute" || kind === "UDPRoute" ? [] : r.strings(r.spec.hostnames, ["spec", "hostnames"]);
  const rules = r.items(r.spec.rules, ["spec", "rules"]).map(({ item, path }, i) => readRule(r, item, path, i, kind, meta.namespace));
  return { meta, kind, parentRefs: readParentRefs(r, meta.namespace), hostnames: hostnames.map((h) => h.toLowerCase()), rules };
};
