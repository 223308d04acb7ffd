import type { EgConfig, EnvoyProxy, EnvoyService, Gateway, GatewayObjects } from "./model.js";

/** What the analyser knows about the proxies serving one Gateway (§6.2 steps 1-3). */
export interface GatewayInfra {
  envoyProxy: EnvoyProxy | undefined;
  service: EnvoyService;
  /** §6.2 step 2: LoadBalancer without an internal annotation = true; ClusterIP = false; NodePort = unknown. */
  internetFacing: boolean | "unknown";
  proxyNamespace: string;
  /** Labels EG puts on the proxy pods (EG8). */
  proxyLabels: Readonly<Record<string, string>>;
}

/** Cloud annotations that make a LoadBalancer Service internal (§6.2 step 2). */
const INTERNAL_LB: ReadonlyArray<[string, RegExp]> = [
  ["service.beta.kubernetes.io/aws-load-balancer-internal", /^(true|0\.0\.0\.0\/0)$/i],
  ["service.beta.kubernetes.io/aws-load-balancer-scheme", /^internal$/i],
  ["networking.gke.io/load-balancer-type", /^internal$/i],
  ["cloud.google.com/load-balancer-type", /^internal$/i],
  ["service.beta.kubernetes.io/azure-load-balancer-internal", /^true$/i],
  ["service.beta.kubernetes.io/oci-load-balancer-internal", /^true$/i],
  ["service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type", /^private$/i],
  ["service.beta.kubernetes.io/openstack-internal-load-balancer", /^true$/i],
];

const DEFAULT_SERVICE: EnvoyService = { type: "LoadBalancer", annotations: {}, externalTrafficPolicy: "Local", loadBalancerSourceRanges: [] };

export const isInternalLoadBalancer = (s: EnvoyService): boolean =>
  INTERNAL_LB.some(([key, value]) => value.test(s.annotations[key] ?? ""));

const reachability = (s: EnvoyService): boolean | "unknown" => {
  if (s.type === "ClusterIP") return false;
  if (s.type === "NodePort") return "unknown";
  return !isInternalLoadBalancer(s);
};

/** §6.2 step 1: Gateway parametersRef (same namespace) over GatewayClass parametersRef over EG defaults. */
export const envoyProxyOf = (gateway: Gateway, objects: GatewayObjects): EnvoyProxy | undefined => {
  const find = (ns: string, name: string) => objects.envoyProxies.find((p) => p.meta.namespace === ns && p.meta.name === name);
  if (gateway.envoyProxyName) return find(gateway.meta.namespace, gateway.envoyProxyName);
  const cls = objects.classes.find((c) => c.meta.name === gateway.className);
  return cls?.envoyProxy ? find(cls.envoyProxy.namespace, cls.envoyProxy.name) : undefined;
};

/** §6.2 step 3 / EG8: labels of the proxy pods of one Gateway. */
export const proxyLabels = (gateway: Gateway, proxy: EnvoyProxy | undefined, eg: EgConfig): Record<string, string> => {
  const owning: Record<string, string> = proxy?.mergeGateways
    ? { "gateway.envoyproxy.io/owning-gatewayclass": gateway.className }
    : { "gateway.envoyproxy.io/owning-gateway-namespace": gateway.meta.namespace, "gateway.envoyproxy.io/owning-gateway-name": gateway.meta.name };
  return {
    "app.kubernetes.io/name": "envoy",
    "app.kubernetes.io/component": "proxy",
    "app.kubernetes.io/managed-by": "envoy-gateway",
    ...owning,
    ...(eg.gatewayNamespaceMode ? { "gateway.networking.k8s.io/gateway-name": gateway.meta.name } : {}),
    ...gateway.infrastructureLabels,
    ...(proxy?.podLabels ?? {}),
  };
};

export function gatewayInfra(gateway: Gateway, objects: GatewayObjects): GatewayInfra {
  const envoyProxy = envoyProxyOf(gateway, objects);
  const service = envoyProxy?.service ?? DEFAULT_SERVICE;
  return {
    envoyProxy,
    service,
    internetFacing: reachability(service),
    proxyNamespace: objects.egConfig.gatewayNamespaceMode ? gateway.meta.namespace : objects.egConfig.controllerNamespace,
    proxyLabels: proxyLabels(gateway, envoyProxy, objects.egConfig),
  };
}

/** §6.2 step 4: EG shifts privileged listener ports unless the proxy runs on the host. */
export const containerPort = (port: number): number => (port < 1024 ? port + 10000 : port);
