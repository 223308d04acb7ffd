import type { AccessModel } from "../engine/access-model.js";
import { parsePortQuery, type Reason } from "../engine/evaluate.js";
import { resolvePeerRef } from "../engine/peer-ref.js";
import type { EndpointPeer } from "../model/peer.js";
import { describeExposure } from "./diff-exposure.js";
import type { GatewayAnalysis } from "./exposure.js";
import type { ExposureRow } from "./exposure-row.js";
import { describeMatch, describeUrl, routeRef } from "./exposure-row.js";

/** One way an Internet client reaches a workload: through a gateway, a route and its policies. */
export interface NorthSouthPath {
  gateway: string;
  listener: string;
  url: string;
  route: string;
  rule: number;
  match: string;
  policies: readonly string[];
  access: ExposureRow["authz"]["access"];
  effective: boolean;
  /** Why the path is blocked, when it is. */
  reason: string | undefined;
  shadowedBy: readonly string[];
  /** The Cilium hops (proxy ingress, proxy egress, backend ingress), as the engine explains them. */
  cilium: readonly Reason[];
  summary: string;
}

export interface NorthSouthResult {
  from: string;
  to: string;
  port: string;
  verdict: "allow" | "deny";
  paths: readonly NorthSouthPath[];
  /** Why, in sentences: one per path, or why there is none. */
  reasons: readonly string[];
}

const servesPeer = (r: ExposureRow, peer: EndpointPeer): boolean => {
  const b = r.backend;
  if (!b) return false;
  const names = new Set(peer.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`));
  if (b.pods.some((p) => names.has(p.workload))) return true;
  const ns = b.service ? b.service.split("/")[0] : b.namespace;
  return peer.workloads.length === 0 && peer.namespace === ns && !!b.selector && Object.entries(b.selector).every(([k, v]) => peer.labels.get(`k8s:${k}`) === v);
};

const toPath = (r: ExposureRow): NorthSouthPath => ({
  gateway: `${r.gateway.namespace}/${r.gateway.name}`,
  listener: `${r.listener.name} (${r.listener.protocol} ${r.listener.port} → ${r.listener.containerPort})`,
  url: describeUrl(r),
  route: routeRef(r),
  rule: r.route.rule,
  match: describeMatch(r.match),
  policies: r.authz.policies,
  access: r.authz.access,
  effective: r.effective,
  reason: r.reason,
  shadowedBy: r.shadowedBy,
  cilium: r.cilium?.reasons ?? [],
  summary: `via ${r.gateway.namespace}/${r.gateway.name} listener ${r.listener.name}, ${routeRef(r)} rule ${r.route.rule}: ${describeExposure(r)}`,
});

/**
 * Answer `from entity:world to <workload> port <port>/TCP` (§7): an Internet client reaches tenant
 * pods only through a gateway, so the answer is the exposure rows whose backend pods are that
 * workload on that target port, naming the gateway, route and policies, with the Cilium hops.
 *
 * @example
 * evaluateNorthSouth(gw, model, "tenant-a/shop", "8080/TCP").verdict // "allow"
 */
export function evaluateNorthSouth(analysis: GatewayAnalysis, model: AccessModel, to: string, port: string): NorthSouthResult | { error: string } {
  const peer = resolvePeerRef(to, model.universe);
  if ("error" in peer) return peer;
  if (peer.peer.kind !== "endpoint") return { error: `${to} is not a workload; north-south queries name a workload (ns/name)` };
  const q = parsePortQuery(port);
  if ("error" in q) return q;
  const target = peer.peer;
  const rows = analysis.rows.filter((r) => servesPeer(r, target) && r.backend?.targetPort === q.port && q.protocol === (r.route.kind === "UDPRoute" ? "UDP" : "TCP"));
  const paths = rows.filter((r) => r.gateway.internetFacing !== false).map(toPath);
  const open = paths.filter((p) => p.effective && p.access !== "closed");
  const verdict = open.length > 0 ? "allow" : "deny";
  const reasons = paths.length
    ? paths.map((p) => `${p.effective ? (p.access === "closed" ? "✗" : "✓") : "✗"} ${p.summary}`)
    : [`no internet-facing gateway route has ${to} port ${port} as its backend; pods have no public address, so the Internet cannot reach it`];
  return { from: "entity:world", to, port: `${q.port}/${q.protocol}`, verdict, paths, reasons };
}

/** Plain-text rendering for `bulkhead eval`/`explain`, in the style of the east-west output. */
export const renderNorthSouth = (r: NorthSouthResult): string =>
  [`${r.from} -> ${r.to} ${r.port}: ${r.verdict.toUpperCase()} (north-south, through the gateway)`, ...r.reasons.map((x) => `  ${x}`), ...r.paths.flatMap((p) => p.cilium.map((c) => `    ${c.decision === "allow" ? "✓" : "✗"} ${c.message}`))].join("\n") + "\n";
