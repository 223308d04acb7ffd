import type { AccessModel } from "../engine/access-model.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { Inventory } from "../model/inventory.js";
import type { ManifestObject } from "../model/manifest.js";
import { attachRoutes, type Attachment, type Rejection } from "./attach.js";
import { summarizeAuthz } from "./authz-summary.js";
import { numericTargetPort, resolveBackend, type BackendTarget } from "./backends.js";
import { clientIpTrust } from "./client-ip.js";
import { backendPeers, composeCilium, dependencyBlockedBy, proxyPeer } from "./effectiveness.js";
import type { AuthzSummary, ExposureRow, RowAction, RowBackend } from "./exposure-row.js";
import { describeMatch } from "./exposure-row.js";
import { containerPort, gatewayInfra, type GatewayInfra } from "./infrastructure.js";
import { nsName } from "./kinds/read.js";
import { listenerProblem, ownerName } from "./listeners.js";
import type { Gateway, GatewayObjects, RouteMatch, RouteRule, SecurityFeatures } from "./model.js";
import { clientIpSourceOf, effectiveSecurity } from "./policies.js";
import { readGatewayObjects } from "./registry.js";
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from "./settings.js";
import { orderAndShadow } from "./vhosts.js";

/** The north-south analysis of one side of a change. */
export interface GatewayAnalysis {
  objects: GatewayObjects;
  attachments: readonly Attachment[];
  rejections: readonly Rejection[];
  infra: ReadonlyMap<string, GatewayInfra>;
  rows: readonly ExposureRow[];
  diagnostics: readonly Diagnostic[];
}

/** What computeExposure needs from the east-west analysis (a CompiledRepository fits). */
export interface ExposureInput {
  objects: readonly ManifestObject[];
  inventory: Inventory;
}

interface RowContext {
  a: Attachment;
  dependencies: readonly string[];
  host: string;
  rule: RouteRule;
  match: RouteMatch | undefined;
  infra: GatewayInfra;
  authz: AuthzSummary;
  problem: string | undefined;
  policyAt: ExposureRow["provenance"]["policy"];
}

const rowBackend = (t: BackendTarget): RowBackend => ({
  kind: t.kind,
  namespace: t.namespace,
  name: t.name,
  port: t.ref.port,
  weight: t.ref.weight,
  targetPort: numericTargetPort(t.targetPort, t.pods) ?? t.targetPort,
  pods: t.pods.map((w) => ({ workload: `${w.kind} ${w.namespace}/${w.name}`, labels: w.podLabels })),
  selector: t.service?.selector ?? undefined,
  refAllowed: t.refAllowed,
  via: t.via,
  service: t.kind === "Backend" && t.service ? `${nsName(t.service)}:${t.servicePort ?? ""}` : undefined,
});

const baseRow = (c: RowContext, action: RowAction): ExposureRow => {
  const { a, rule } = c;
  const l = a.listener;
  return {
    key: "",
    gateway: {
      namespace: a.gateway.meta.namespace,
      name: a.gateway.meta.name,
      className: a.gateway.className,
      internetFacing: c.infra.internetFacing,
      proxyNamespace: c.infra.proxyNamespace,
      proxyLabels: c.infra.proxyLabels,
    },
    listener: { name: l.name, owner: ownerName(a), protocol: l.protocol, port: l.port, containerPort: containerPort(l.port), hostname: l.hostname ?? null, programmed: c.problem === undefined },
    host: c.host,
    route: { kind: a.route.kind, namespace: a.route.meta.namespace, name: a.route.meta.name, rule: rule.index, ruleName: rule.name },
    match: c.match,
    action,
    redirect: rule.redirect,
    backend: undefined,
    authz: c.authz,
    cilium: undefined,
    effective: c.problem === undefined,
    reason: c.problem ? `listener not programmed: ${c.problem}` : undefined,
    shadowedBy: [],
    unreachableDependencies: [],
    plaintext: l.protocol === "HTTP" || l.protocol === "TCP" || l.protocol === "UDP",
    ambiguous: [],
    provenance: { route: a.route.meta.object.at(rule.path), listener: l.object.at(l.path), backendRef: undefined, policy: c.policyAt },
  };
};

/** One row per backendRef (weight 0 = no traffic, GW3); mirrors are rows of their own (§3.4). */
const forwardRows = (c: RowContext, objects: GatewayObjects, inventory: Inventory, model: AccessModel, proxy: ReturnType<typeof proxyPeer>): ExposureRow[] =>
  c.rule.backendRefs
    .filter((ref) => ref.weight > 0 || ref.mirror)
    .map((ref) => {
      const t = resolveBackend(c.a.route, ref, objects, inventory);
      const row = baseRow(c, t.failure ? "500" : ref.mirror ? "mirror" : "forward");
      row.backend = rowBackend(t);
      row.provenance.backendRef = ref.object.at(ref.path);
      if (t.ambiguous) row.ambiguous.push(t.ambiguous);
      if (t.failure) return { ...row, effective: false, reason: row.reason ?? t.failure };
      row.unreachableDependencies.push(...c.dependencies);
      const cilium = composeCilium(model, proxy, t, row.listener.containerPort, backendPeers(model, inventory, t));
      row.cilium = cilium;
      const blocked = cilium.blockedBy.length > 0 || cilium.proxyIngress === "deny" || cilium.proxyEgress === "deny" || cilium.backendIngress === "deny";
      if (cilium.unknown) row.ambiguous.push(cilium.unknown);
      const reason = row.reason ?? (blocked ? `Cilium drops the hop: ${cilium.blockedBy.join("; ") || "default deny"}` : undefined);
      return { ...row, effective: row.effective && !blocked, reason };
    });

const rowsOfRule = (c: RowContext, objects: GatewayObjects, inventory: Inventory, model: AccessModel, proxy: ReturnType<typeof proxyPeer>): ExposureRow[] => {
  if (c.rule.redirect) return [baseRow(c, "redirect")];
  const rows = forwardRows(c, objects, inventory, model, proxy);
  if (rows.some((r) => r.action !== "mirror")) return rows;
  if (c.rule.extensionRefs.length > 0) return [...rows, baseRow(c, "direct-response")];
  // §3.4: no usable backendRef and no filter that answers → 500.
  return [...rows, { ...baseRow(c, "500"), effective: false, reason: "rule has no backendRefs" }];
};

/** §7.4: JWKS hosts the proxy fetches itself; report those its egress policy denies. */
const jwksDependencies = (f: SecurityFeatures | undefined, model: AccessModel, proxy: ReturnType<typeof proxyPeer>): string[] =>
  (f?.jwt?.providers ?? []).flatMap((p) => {
    if (!p.jwksHost) return [];
    const blocked = dependencyBlockedBy(model, proxy, p.jwksHost, 443);
    return blocked.length ? [`JWKS ${p.jwksHost}:443 (${blocked.join(", ")})`] : [];
  });

const rowKey = (r: ExposureRow): string =>
  [`${r.gateway.namespace}/${r.gateway.name}`, `${r.listener.owner}/${r.listener.name}`, r.host, `${r.route.kind} ${r.route.namespace}/${r.route.name}`, r.route.rule, describeMatch(r.match), r.action === "mirror" ? "mirror" : "", r.backend ? `${r.backend.kind} ${r.backend.namespace}/${r.backend.name}:${r.backend.port ?? ""}` : ""].join("|");

/**
 * Compute the exposure table of one side (§6.2): attach routes (§2), intersect hostnames (§3.1),
 * one row per (listener, host, rule, match, backend), the effective SecurityPolicy (§5), and
 * whether Cilium lets the proxies through (§7.5). Rows are ordered by vhost and EG precedence.
 *
 * @example
 * const repo = compileRepository(files);
 * const gw = computeExposure(repo, buildAccessModel(repo));
 * gw.rows.filter((r) => r.gateway.internetFacing === true && r.authz.access === "open");
 */
export function computeExposure(input: ExposureInput, model: AccessModel, settings: GatewaySettings = DEFAULT_GATEWAY_SETTINGS): GatewayAnalysis {
  const diagnostics: Diagnostic[] = [];
  const objects = readGatewayObjects(input.objects, (d) => diagnostics.push(d));
  const { attachments, rejections } = attachRoutes(objects);
  const infra = new Map<string, GatewayInfra>();
  const proxies = new Map<Gateway, ReturnType<typeof proxyPeer>>();
  const rows: ExposureRow[] = [];
  for (const a of attachments) {
    const key = nsName(a.gateway.meta);
    if (!infra.has(key)) infra.set(key, gatewayInfra(a.gateway, objects));
    const gi = infra.get(key)!;
    if (!proxies.has(a.gateway)) proxies.set(a.gateway, proxyPeer(model, input.inventory, a.gateway, gi));
    const problem = listenerProblem(a, objects);
    const clientIp = clientIpSourceOf(a, objects);
    for (const rule of a.route.rules) {
      const sec = effectiveSecurity(a, rule, objects);
      const trust = clientIpTrust(clientIp, gi.service, settings);
      const summary = summarizeAuthz(sec, clientIp);
      const authz = summary.usesClientCIDRs ? { ...summary, spoofable: trust.spoofable, clientIpProblem: trust.problem } : summary;
      const dependencies = jwksDependencies(sec.features, model, proxies.get(a.gateway)!);
      const policyAt = sec.policy ? sec.policy.meta.object.position : undefined;
      const matches = rule.matches.length > 0 ? rule.matches : [undefined];
      for (const host of a.hosts)
        for (const match of matches) rows.push(...rowsOfRule({ a, host, rule, match, infra: gi, authz, problem, policyAt, dependencies }, objects, input.inventory, model, proxies.get(a.gateway)!));
    }
  }
  for (const r of rows) r.key = rowKey(r);
  return { objects, attachments, rejections, infra, rows: orderAndShadow(rows), diagnostics };
}
