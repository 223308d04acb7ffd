import type { Inventory, Service, Workload } from "../model/inventory.js";
import { nsName } from "./kinds/read.js";
import type { Backend, BackendRef, GatewayObjects, Route, ServiceFacts } from "./model.js";
import { EG_GROUP, GATEWAY_GROUP } from "./model.js";
import { refAllowed, type RefAllowed } from "./references.js";

/** Where one backendRef sends traffic, as far as the manifests tell (§6.2 step 8). */
export interface BackendTarget {
  ref: BackendRef;
  kind: string;
  namespace: string;
  name: string;
  refAllowed: RefAllowed;
  /** Why EG answers 500 instead of forwarding (§3.4, §4 C4/C5); undefined = forwards. */
  failure: string | undefined;
  service: Service | undefined;
  servicePort: number | undefined;
  targetPort: number | string | undefined;
  pods: readonly Workload[];
  /** For an EG Backend: the endpoint and what it resolves to (e.g. a Service's clusterIP). */
  via: string | undefined;
  /** Backend endpoints outside the Service model (FQDN or unresolved IP). */
  external: { host: string; port: number } | undefined;
  /** The selector-less Service case: endpoints unknown (§6.2 step 8). */
  ambiguous: string | undefined;
}

const podsOf = (inventory: Inventory, svc: Service): Workload[] =>
  svc.selector === null
    ? []
    : inventory.workloads.filter((w) => w.namespace === svc.namespace && Object.entries(svc.selector!).every(([k, v]) => w.podLabels[k] === v));

/** A container port name resolves per pod; the first workload that names it decides (display only). */
export const numericTargetPort = (target: number | string | undefined, pods: readonly Workload[]): number | undefined =>
  typeof target === "number" ? target : pods.flatMap((w) => w.namedPorts).find((p) => p.name === target)?.port;

const empty = (ref: BackendRef, allowed: RefAllowed): BackendTarget => ({
  ref,
  kind: ref.kind,
  namespace: ref.namespace,
  name: ref.name,
  refAllowed: allowed,
  failure: undefined,
  service: undefined,
  servicePort: undefined,
  targetPort: undefined,
  pods: [],
  via: undefined,
  external: undefined,
  ambiguous: undefined,
});

/** Resolve a Service and one of its ports (C5: `port` is the Service port, required, TCP unless UDPRoute). */
const viaService = (t: BackendTarget, inventory: Inventory, facts: readonly ServiceFacts[], ns: string, name: string, port: number | undefined, udp: boolean): BackendTarget => {
  const service = inventory.services.find((s) => s.namespace === ns && s.name === name);
  const fact = facts.find((s) => s.namespace === ns && s.name === name);
  if (!service) return { ...t, failure: `Service ${ns}/${name} is not in the manifests` };
  if (fact?.type === "ExternalName") return { ...t, service, failure: "ExternalName Services are rejected by EG ≥ 1.9 (§4 C5)" };
  const sp = service.ports.find((p) => p.port === port);
  if (!sp) return { ...t, service, failure: `Service ${ns}/${name} has no port ${port ?? "(port missing)"}` };
  if (sp.protocol !== (udp ? "UDP" : "TCP")) return { ...t, service, failure: `Service port ${port} is ${sp.protocol}` };
  const pods = podsOf(inventory, service);
  const ambiguous = service.selector === null ? `Service ${ns}/${name} has no selector: endpoints unknown` : undefined;
  return { ...t, service, servicePort: sp.port, targetPort: sp.targetPort, pods, ambiguous };
};

const CLUSTER_DNS = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/;

/** §4 C5, EG10: a Backend's endpoints are raw addresses; resolve them against Service clusterIPs and DNS names. */
const viaBackend = (t: BackendTarget, backend: Backend, inventory: Inventory, objects: GatewayObjects): BackendTarget => {
  const ep = backend.endpoints[0];
  if (!ep) return { ...t, failure: `Backend ${nsName(backend.meta)} has no endpoints` };
  if (ep.ip) {
    const via = `${ep.ip.address}:${ep.ip.port}`;
    const svc = objects.services.find((s) => s.clusterIPs.includes(ep.ip!.address));
    if (!svc) return { ...t, via, external: { host: ep.ip.address, port: ep.ip.port }, ambiguous: `unknown in-cluster destination ${via}` };
    return { ...viaService(t, inventory, objects.services, svc.namespace, svc.name, ep.ip.port, false), via };
  }
  if (ep.fqdn) {
    const via = `${ep.fqdn.hostname}:${ep.fqdn.port}`;
    const m = CLUSTER_DNS.exec(ep.fqdn.hostname);
    if (m) return { ...viaService(t, inventory, objects.services, m[2]!, m[1]!, ep.fqdn.port, false), via };
    return { ...t, via, external: { host: ep.fqdn.hostname, port: ep.fqdn.port } };
  }
  return { ...t, via: `unix:${ep.unix ?? ""}`, ambiguous: "unix socket endpoint" };
};

/**
 * Resolve one backendRef of a route (§4, §6.2 step 8): grant check, then Service (port, targetPort,
 * pods) or EG Backend (enabled? endpoints → Service clusterIPs). Failures are data: the rule
 * stays installed and answers 500.
 */
export function resolveBackend(route: Route, ref: BackendRef, objects: GatewayObjects, inventory: Inventory): BackendTarget {
  const group = ref.group === "core" ? "" : ref.group;
  const from = { group: GATEWAY_GROUP, kind: route.kind, namespace: route.meta.namespace };
  const allowed = refAllowed(objects, from, { group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
  const t = empty(ref, allowed);
  const isService = group === "" && ref.kind === "Service";
  if (allowed === "denied") {
    // The target is still shown (what the rule asks for), but EG answers 500 (§4 C4).
    const failure = `no ReferenceGrant in ${ref.namespace} admits ${route.kind} from ${route.meta.namespace} (RefNotPermitted)`;
    return { ...(isService ? viaService(t, inventory, objects.services, ref.namespace, ref.name, ref.port, false) : t), failure };
  }
  if (isService) return viaService(t, inventory, objects.services, ref.namespace, ref.name, ref.port, route.kind === "UDPRoute");
  if (group === EG_GROUP && ref.kind === "Backend") {
    if (!objects.egConfig.enableBackend) return { ...t, failure: "Backend is disabled (extensionApis.enableBackend is false)" };
    const backend = objects.backends.find((b) => b.meta.namespace === ref.namespace && b.meta.name === ref.name);
    return backend ? viaBackend(t, backend, inventory, objects) : { ...t, failure: `Backend ${ref.namespace}/${ref.name} is not in the manifests` };
  }
  if (ref.kind === "ServiceImport") return { ...t, ambiguous: "ServiceImport endpoints live in other clusters" };
  return { ...t, failure: `backendRef kind ${group || "core"}/${ref.kind} is not supported by EG` };
}
