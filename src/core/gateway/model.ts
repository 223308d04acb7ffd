import type { FieldPath, ManifestObject } from "../model/manifest.js";

/**
 * Typed view of the Gateway API and Envoy Gateway objects (spec §1). Every item keeps the
 * manifest object it came from and the path of the field, so findings and exposure rows can
 * point at `file:line`.
 */
export interface Source {
  object: ManifestObject;
  path: FieldPath;
}

export interface Meta {
  kind: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  object: ManifestObject;
}

export const GATEWAY_GROUP = "gateway.networking.k8s.io";
export const EG_GROUP = "gateway.envoyproxy.io";

/** A plain Kubernetes LabelSelector as written; `undefined` = field absent. */
export interface LabelSelector {
  matchLabels: Readonly<Record<string, string>>;
  matchExpressions: readonly { key: string; operator: string; values: readonly string[] }[];
}

export type FromNamespaces = "Same" | "All" | "Selector" | "None";

export interface AllowedRoutes {
  from: FromNamespaces;
  /** undefined when `selector` is absent (EG: matches nothing, §2 A5). */
  selector: LabelSelector | undefined;
  kinds: readonly { group: string; kind: string }[];
}

export type ListenerProtocol = "HTTP" | "HTTPS" | "TLS" | "TCP" | "UDP";

export interface Listener extends Source {
  name: string;
  port: number;
  protocol: string;
  hostname: string | undefined;
  tlsMode: "Terminate" | "Passthrough" | undefined;
  certificateRefs: readonly { group: string; kind: string; namespace: string; name: string }[];
  allowedRoutes: AllowedRoutes;
  /** The Gateway or ListenerSet that declares the listener (§2 A3, A5 "Same"). */
  owner: { kind: "Gateway" | "ListenerSet"; namespace: string; name: string };
}

export interface Gateway {
  meta: Meta;
  className: string;
  listeners: readonly Listener[];
  /** `spec.infrastructure.parametersRef` to an EnvoyProxy in the Gateway's namespace. */
  envoyProxyName: string | undefined;
  infrastructureLabels: Readonly<Record<string, string>>;
  allowedListeners: { from: FromNamespaces; selector: LabelSelector | undefined };
  addresses: readonly string[];
}

export interface GatewayClass {
  meta: Meta;
  controllerName: string;
  envoyProxy: { namespace: string; name: string } | undefined;
}

export interface ListenerSet {
  meta: Meta;
  parent: { namespace: string; name: string };
  listeners: readonly Listener[];
}

export type RouteKind = "HTTPRoute" | "GRPCRoute" | "TLSRoute" | "TCPRoute" | "UDPRoute";

export interface ParentRef extends Source {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName: string | undefined;
  port: number | undefined;
}

export interface BackendRef extends Source {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  port: number | undefined;
  weight: number;
  /** A `requestMirror` target rather than a traffic destination (§3.4, C3). */
  mirror: boolean;
}

export interface StringMatch {
  type: string;
  value: string;
}

export interface RouteMatch {
  path: StringMatch | undefined;
  method: string | undefined;
  headers: readonly (StringMatch & { name: string })[];
  query: readonly (StringMatch & { name: string })[];
  grpc: { service?: string; method?: string } | undefined;
  /** true when the rule had no `matches` (GW3: defaults to PathPrefix /). */
  defaulted: boolean;
}

export interface Redirect {
  scheme: string | undefined;
  hostname: string | undefined;
  statusCode: number;
}

export interface RouteRule extends Source {
  index: number;
  name: string | undefined;
  matches: readonly RouteMatch[];
  backendRefs: readonly BackendRef[];
  redirect: Redirect | undefined;
  /** Filters whose effect we do not model (ExtensionRef, direct responses). */
  extensionRefs: readonly string[];
}

export interface Route {
  meta: Meta;
  kind: RouteKind;
  parentRefs: readonly ParentRef[];
  hostnames: readonly string[];
  rules: readonly RouteRule[];
}

export interface ReferenceGrant {
  meta: Meta;
  from: readonly ({ group: string; kind: string; namespace: string } & Source)[];
  to: readonly ({ group: string; kind: string; name: string | undefined } & Source)[];
}

export interface TargetRef extends Source {
  group: string;
  kind: string;
  name: string;
  sectionName: string | undefined;
}

export interface TargetSelector extends Source {
  group: string;
  kind: string;
  selector: LabelSelector;
  /** `namespaces.from` (EG v1.8+); undefined = Same. */
  namespacesFrom: FromNamespaces | undefined;
}

export interface AuthzRule extends Source {
  name: string | undefined;
  action: "Allow" | "Deny";
  methods: readonly string[];
  operationPath: StringMatch | undefined;
  clientCIDRs: readonly string[];
  jwt: { provider: string; claims: readonly { name: string; values: readonly string[]; valueType: string }[]; scopes: readonly string[] } | undefined;
  headers: readonly { name: string; values: readonly string[] }[];
  geo: boolean;
  cel: string | undefined;
}

export interface Authorization extends Source {
  /** Unset = Deny (§5.3). */
  defaultAction: "Allow" | "Deny";
  rules: readonly AuthzRule[];
}

export interface JwtProvider {
  name: string;
  issuer: string | undefined;
  jwksHost: string | undefined;
}

/** The authentication/authorization features of a SecurityPolicy (after merging, §5.1). */
export interface SecurityFeatures {
  authorization: Authorization | undefined;
  jwt: { providers: readonly JwtProvider[]; optional: boolean; failOpen: boolean } | undefined;
  oidc: boolean;
  basicAuth: boolean;
  apiKeyAuth: boolean;
  extAuth: { failOpen: boolean } | undefined;
  cors: boolean;
  /** Top-level spec keys that carry a feature (for T7's "features the platform owns"). */
  present: readonly string[];
}

export type MergeType = "StrategicMerge" | "JSONMerge";

export interface SecurityPolicy {
  meta: Meta;
  targetRefs: readonly TargetRef[];
  targetSelectors: readonly TargetSelector[];
  mergeType: MergeType | undefined;
  features: SecurityFeatures;
  /** The spec's feature fields as written, for mergeType (JSON merge patch, §5.1). */
  rawFeatures: Readonly<Record<string, unknown>>;
}

export type ClientIpSource = "peer" | `xff:${number}` | "xff-trusted-cidrs" | "custom-header" | "proxy-protocol";

export interface ClientTrafficPolicy {
  meta: Meta;
  targetRefs: readonly TargetRef[];
  targetSelectors: readonly TargetSelector[];
  clientIpSource: ClientIpSource;
  source: Source;
}

export interface EnvoyService {
  type: string;
  annotations: Readonly<Record<string, string>>;
  externalTrafficPolicy: string;
  loadBalancerSourceRanges: readonly string[];
}

export interface EnvoyProxy {
  meta: Meta;
  service: EnvoyService;
  podLabels: Readonly<Record<string, string>>;
  mergeGateways: boolean;
}

export interface BackendEndpoint extends Source {
  ip: { address: string; port: number } | undefined;
  fqdn: { hostname: string; port: number } | undefined;
  unix: string | undefined;
}

export interface Backend {
  meta: Meta;
  endpoints: readonly BackendEndpoint[];
}

/** EnvoyPatchPolicy, EnvoyExtensionPolicy, BackendTrafficPolicy, HTTPRouteFilter: read for T12/T17. */
export interface ExtensionPolicy {
  meta: Meta;
  /** Data-plane extension features present (lua, wasm, extProc, dynamicModule). */
  extensions: readonly string[];
  targetSelectors: readonly TargetSelector[];
}

/** The EG startup config (ConfigMap `envoy-gateway-config`, §1). */
export interface EgConfig {
  controllerName: string;
  controllerNamespace: string;
  enableBackend: boolean;
  enableEnvoyPatchPolicy: boolean;
  gatewayNamespaceMode: boolean;
  source: Source | undefined;
}

export interface NamespaceInfo {
  name: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
  object: ManifestObject | undefined;
}

/** Service facts the inventory does not keep (type, clusterIP) but §4 C5 and T11 need. */
export interface ServiceFacts {
  namespace: string;
  name: string;
  type: string;
  clusterIPs: readonly string[];
  object: ManifestObject;
}

/** Everything read from one side of the repository. */
export interface GatewayObjects {
  classes: readonly GatewayClass[];
  gateways: readonly Gateway[];
  listenerSets: readonly ListenerSet[];
  routes: readonly Route[];
  grants: readonly ReferenceGrant[];
  securityPolicies: readonly SecurityPolicy[];
  clientTrafficPolicies: readonly ClientTrafficPolicy[];
  envoyProxies: readonly EnvoyProxy[];
  backends: readonly Backend[];
  extensionPolicies: readonly ExtensionPolicy[];
  egConfig: EgConfig;
  namespaces: ReadonlyMap<string, NamespaceInfo>;
  services: readonly ServiceFacts[];
}

export const DEFAULT_CONTROLLER_NAME = "gateway.envoyproxy.io/gatewayclass-controller";
export const DEFAULT_CONTROLLER_NAMESPACE = "envoy-gateway-system";
