import { diagnostic } from "../model/diagnostic.js";
import type { DiagnosticSink } from "../model/diagnostic.js";
import type { ManifestObject } from "../model/manifest.js";
import { objectRef } from "../model/manifest.js";
import { apiVersionStatus } from "../load/workload-kinds.js";
import { readBackend } from "./kinds/backend.js";
import { readClientTrafficPolicy } from "./kinds/client-traffic-policy.js";
import { readNamespaceInfo, readServiceFacts } from "./kinds/core-facts.js";
import { defaultEgConfig, EG_CONFIG_MAP, readEgConfig } from "./kinds/eg-config.js";
import { readEnvoyProxy } from "./kinds/envoy-proxy.js";
import { readExtensionPolicy } from "./kinds/extension-policy.js";
import { readGateway, readGatewayClass, readListenerSet } from "./kinds/gateway.js";
import { GatewayReader } from "./kinds/read.js";
import { readReferenceGrant } from "./kinds/reference-grant.js";
import { readRoute } from "./kinds/routes.js";
import { readSecurityPolicy } from "./kinds/security-policy.js";
import type { GatewayObjects, NamespaceInfo } from "./model.js";

type Mutable = { -readonly [K in keyof GatewayObjects]: GatewayObjects[K] extends ReadonlyArray<infer T> ? T[] : GatewayObjects[K] };

/** One kind the gateway model reads: which apiVersions, and where its typed value goes. */
export interface GatewayKind {
  kind: string;
  apiVersions: readonly string[];
  /** apiVersions still served but deprecated (§0.1): read, with an info diagnostic. */
  deprecated?: readonly string[];
  read(r: GatewayReader, into: Mutable): void;
}

const GW = (...versions: string[]) => versions.map((v) => `gateway.networking.k8s.io/${v}`);
const EG = ["gateway.envoyproxy.io/v1alpha1"];

/** §0.1 apiVersion table: current and still-served older versions of every kind we model. */
const KINDS: readonly GatewayKind[] = [
  { kind: "GatewayClass", apiVersions: GW("v1", "v1beta1"), read: (r, o) => void o.classes.push(readGatewayClass(r)) },
  { kind: "Gateway", apiVersions: GW("v1", "v1beta1"), read: (r, o) => void o.gateways.push(readGateway(r)) },
  { kind: "ListenerSet", apiVersions: GW("v1"), read: (r, o) => void o.listenerSets.push(readListenerSet(r)) },
  { kind: "XListenerSet", apiVersions: ["gateway.networking.x-k8s.io/v1alpha1"], read: (r, o) => void o.listenerSets.push(readListenerSet(r)) },
  { kind: "HTTPRoute", apiVersions: GW("v1", "v1beta1"), read: (r, o) => void o.routes.push(readRoute(r)) },
  { kind: "GRPCRoute", apiVersions: GW("v1"), read: (r, o) => void o.routes.push(readRoute(r)) },
  { kind: "TLSRoute", apiVersions: GW("v1", "v1alpha2", "v1alpha3"), deprecated: GW("v1alpha2", "v1alpha3"), read: (r, o) => void o.routes.push(readRoute(r)) },
  { kind: "TCPRoute", apiVersions: GW("v1", "v1alpha2"), deprecated: GW("v1alpha2"), read: (r, o) => void o.routes.push(readRoute(r)) },
  { kind: "UDPRoute", apiVersions: GW("v1", "v1alpha2"), deprecated: GW("v1alpha2"), read: (r, o) => void o.routes.push(readRoute(r)) },
  { kind: "ReferenceGrant", apiVersions: GW("v1", "v1beta1"), read: (r, o) => void o.grants.push(readReferenceGrant(r)) },
  { kind: "SecurityPolicy", apiVersions: EG, read: (r, o) => void o.securityPolicies.push(readSecurityPolicy(r)) },
  { kind: "ClientTrafficPolicy", apiVersions: EG, read: (r, o) => void o.clientTrafficPolicies.push(readClientTrafficPolicy(r)) },
  { kind: "EnvoyProxy", apiVersions: EG, read: (r, o) => void o.envoyProxies.push(readEnvoyProxy(r)) },
  { kind: "Backend", apiVersions: EG, read: (r, o) => void o.backends.push(readBackend(r)) },
  ...["EnvoyPatchPolicy", "EnvoyExtensionPolicy", "BackendTrafficPolicy", "HTTPRouteFilter"].map(
    (kind): GatewayKind => ({ kind, apiVersions: EG, read: (r, o) => void o.extensionPolicies.push(readExtensionPolicy(r)) }),
  ),
  { kind: "Namespace", apiVersions: ["v1"], read: (r, o) => void addNamespace(o.namespaces as Map<string, NamespaceInfo>, readNamespaceInfo(r)) },
  { kind: "Service", apiVersions: ["v1"], read: (r, o) => void o.services.push(readServiceFacts(r)) },
  {
    kind: "ConfigMap",
    apiVersions: ["v1"],
    read: (r, o) => {
      if (r.object.name === EG_CONFIG_MAP) o.egConfig = readEgConfig(r.object, (d) => r.invalid(["data"], d.message));
    },
  },
];

/** The registry of gateway kinds, keyed by kind: one line per kind above (dispatch, never trial-parse). */
export const gatewayKinds: ReadonlyMap<string, GatewayKind> = new Map(KINDS.map((k) => [k.kind, k]));

const addNamespace = (map: Map<string, NamespaceInfo>, ns: NamespaceInfo): void => {
  if (!map.has(ns.name)) map.set(ns.name, ns);
};

const accepts = (o: ManifestObject, k: GatewayKind, report: DiagnosticSink): boolean => {
  const status = apiVersionStatus(o.apiVersion, k.apiVersions);
  if (status === "unknown") {
    const message = `${o.kind} with apiVersion ${o.apiVersion} is not one Bulkhead knows (${k.apiVersions.join(", ")}); it was read as ${k.apiVersions[0]}`;
    report(diagnostic("UNKNOWN_API_VERSION", "warning", message, o.at(["apiVersion"]), { object: objectRef(o) }));
  } else if (k.deprecated?.includes(o.apiVersion)) {
    const message = `${o.kind} ${o.apiVersion} is only served by experimental-channel CRDs and is deprecated; prefer ${k.apiVersions[0]}`;
    report(diagnostic("GATEWAY_DEPRECATED_API_VERSION", "info", message, o.at(["apiVersion"]), { object: objectRef(o) }));
  }
  return status !== "foreign";
};

/**
 * Read every Gateway API / Envoy Gateway object (plus the Namespace and Service facts the
 * north-south model needs) of one side of the repository. Problems are diagnostics, never throws.
 *
 * @example
 * const gw = readGatewayObjects(parseManifests(files).objects, (d) => diagnostics.push(d));
 * gw.routes.map((r) => r.meta.name);
 */
export function readGatewayObjects(objects: readonly ManifestObject[], report: DiagnosticSink): GatewayObjects {
  const into: Mutable = {
    classes: [],
    gateways: [],
    listenerSets: [],
    routes: [],
    grants: [],
    securityPolicies: [],
    clientTrafficPolicies: [],
    envoyProxies: [],
    backends: [],
    extensionPolicies: [],
    egConfig: defaultEgConfig(),
    namespaces: new Map(),
    services: [],
  };
  for (const object of objects) {
    const kind = gatewayKinds.get(object.kind);
    if (kind && accepts(object, kind, report)) kind.read(new GatewayReader(object, report), into);
  }
  const namespaces = into.namespaces as Map<string, NamespaceInfo>;
  for (const o of objects) {
    if (o.namespace !== undefined && !namespaces.has(o.namespace))
      namespaces.set(o.namespace, { name: o.namespace, labels: { "kubernetes.io/metadata.name": o.namespace }, annotations: {}, object: undefined });
  }
  return into;
}
