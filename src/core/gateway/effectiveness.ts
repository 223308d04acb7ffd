import { parseCidr } from "../algebra/ip-space.js";
import type { AccessModel } from "../engine/access-model.js";
import { evaluateConnection, type Reason } from "../engine/evaluate.js";
import { podIdentityLabels } from "../engine/identity.js";
import { resolvePeerRef } from "../engine/peer-ref.js";
import { cidrPeer, fqdnPeer } from "../engine/universe.js";
import type { Inventory, Namespace } from "../model/inventory.js";
import { LABEL, NAMESPACE_NAME_LABEL } from "../model/labels.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import { numericTargetPort, type BackendTarget } from "./backends.js";
import type { GatewayInfra } from "./infrastructure.js";
import type { Gateway } from "./model.js";

/** Verdict of one Cilium enforcement point on the north-south path (§7.1). */
export type HopVerdict = "allow" | "deny" | "no-policy";

/** §7.5 Cilium part of an exposure row. */
export interface CiliumComposition {
  proxyIngress: HopVerdict;
  proxyEgress: HopVerdict;
  backendIngress: HopVerdict;
  /** Policies that allow the hops, `Kind ns/name`. */
  matchedPolicies: readonly string[];
  /** Policies that drop the proxy → backend hop, e.g. `CiliumNetworkPolicy tenant-d/api-ingress (backend ingress)`. */
  blockedBy: readonly string[];
  /** The engine's explanation of every hop, for `explain`/`eval`. */
  reasons: readonly Reason[];
  /** Why the hop could not be evaluated (unknown port, unknown pods). */
  unknown: string | undefined;
}

const namespaceOf = (inventory: Inventory, name: string): Namespace =>
  inventory.namespaces.get(name) ?? { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false };

const ownsLabels = (labels: Readonly<Record<string, string>>, want: Readonly<Record<string, string>>): boolean =>
  Object.entries(want).filter(([k]) => k.startsWith("gateway.envoyproxy.io/owning-")).every(([k, v]) => labels[k] === v);

/**
 * The Envoy proxy pods of a Gateway as an access-model peer (§7.2): a proxy Deployment found in the
 * manifests (namespace + owning-gateway labels), else a representative pod with EG's labels (EG8).
 */
export function proxyPeer(model: AccessModel, inventory: Inventory, gateway: Gateway, infra: GatewayInfra): EndpointPeer {
  const ns = infra.proxyNamespace;
  const workload = inventory.workloads.find((w) => w.namespace === ns && ownsLabels(w.podLabels, infra.proxyLabels));
  const real = workload && model.universe.endpoints.find((e) => e.workloads.some((w) => w.namespace === ns && w.name === workload.name && w.kind === workload.kind));
  if (real) return real;
  const account = `envoy-${gateway.meta.namespace}-${gateway.meta.name}`;
  const labels = podIdentityLabels(infra.proxyLabels, namespaceOf(inventory, ns), account, model.profile);
  const id = `${ns}/[envoy proxy of ${gateway.meta.namespace}/${gateway.meta.name}]`;
  return { kind: "endpoint", id, namespace: ns, labels, namedPorts: [], workloads: [], representative: `Envoy Gateway proxy pods of ${gateway.meta.namespace}/${gateway.meta.name}` };
}

/** The backend pods of a target as peers: real identity groups, else a representative from the Service selector. */
export function backendPeers(model: AccessModel, inventory: Inventory, t: BackendTarget): Peer[] {
  if (t.external) {
    const block = parseCidr(`${t.external.host}/${t.external.host.includes(":") ? 128 : 32}`);
    return [block ? cidrPeer(block) : fqdnPeer(t.external.host)];
  }
  if (!t.service?.selector) return [];
  const keys = new Set(t.pods.map((w) => `${w.namespace}/${w.kind}/${w.name}`));
  const real = model.universe.endpoints.filter((e) => e.workloads.some((w) => keys.has(`${w.namespace}/${w.kind}/${w.name}`)));
  if (real.length > 0) return real;
  if (t.pods.some((w) => w.hostNetwork)) return [];
  const labels = podIdentityLabels(t.service.selector, namespaceOf(inventory, t.service.namespace), "default", model.profile);
  labels.delete(LABEL.serviceAccount);
  const id = `${t.service.namespace}/[pods of Service ${t.service.name}]`;
  return [{ kind: "endpoint", id, namespace: t.service.namespace, labels, namedPorts: [], workloads: [], representative: `pods selected by Service ${t.service.namespace}/${t.service.name}` }];
}

const verdictOf = (reasons: readonly Reason[], side: "egress" | "ingress"): HopVerdict => {
  const mine = reasons.filter((r) => r.side === side);
  if (mine.some((r) => r.decision === "deny")) return "deny";
  return mine.every((r) => r.cause === "not-enforced" || r.cause === "not-managed") ? "no-policy" : "allow";
};

const policyRef = (r: Reason): string | undefined => (r.kind && r.policy ? `${r.kind} ${r.policy}` : undefined);

const portFor = (t: BackendTarget, peer: Peer): number | undefined =>
  t.external ? t.external.port : typeof t.targetPort === "number" ? t.targetPort : peer.kind === "endpoint" ? (peer.namedPorts.find((p) => p.name === t.targetPort)?.port ?? numericTargetPort(t.targetPort, t.pods)) : undefined;

/**
 * §7.5: does Cilium let the proxies reach the backend pods on the target port (proxy egress AND
 * backend ingress), and — if the proxies are ingress-selected — the world reach the proxies?
 */
export function composeCilium(model: AccessModel, proxy: EndpointPeer, t: BackendTarget, listenerContainerPort: number, peers: readonly Peer[]): CiliumComposition {
  const world = resolvePeerRef("entity:world", model.universe);
  const front = "peer" in world ? evaluateConnection(model, world.peer, proxy, { protocol: "TCP", port: listenerContainerPort }, { from: "entity:world", to: proxy.id }).reasons.filter((r) => r.side === "ingress") : [];
  const hops = peers.map((peer) => ({ peer, port: portFor(t, peer) }));
  const unknown = peers.length === 0 ? "no backend pods in the manifests" : hops.some((h) => h.port === undefined) ? `target port ${String(t.targetPort)} does not resolve` : undefined;
  const back = hops.flatMap((h) => (h.port === undefined ? [] : evaluateConnection(model, proxy, h.peer, { protocol: "TCP", port: h.port }).reasons));
  const reasons = [...front, ...back];
  const label = (r: Reason) => (r === front.find((x) => x === r) ? "proxy ingress" : r.side === "egress" ? "proxy egress" : "backend ingress");
  return {
    proxyIngress: verdictOf(front, "ingress"),
    proxyEgress: verdictOf(back, "egress"),
    backendIngress: verdictOf(back, "ingress"),
    matchedPolicies: [...new Set(reasons.filter((r) => r.decision === "allow").flatMap((r) => policyRef(r) ?? []))],
    blockedBy: [...new Set(reasons.filter((r) => r.decision === "deny").flatMap((r) => (policyRef(r) ? [`${policyRef(r)} (${label(r)})`] : [])))],
    reasons,
    unknown,
  };
}

/**
 * §7.4: a host the proxy contacts itself (JWKS, OIDC, extAuth). Returns the policies that deny
 * proxy egress to `host:port`, or an empty list when allowed (or the proxy is not egress-restricted).
 */
export function dependencyBlockedBy(model: AccessModel, proxy: EndpointPeer, host: string, port: number): string[] {
  const reasons = evaluateConnection(model, proxy, fqdnPeer(host), { protocol: "TCP", port }).reasons;
  return [...new Set(reasons.filter((r) => r.side === "egress" && r.decision === "deny").flatMap((r) => policyRef(r) ?? "default deny"))];
}
