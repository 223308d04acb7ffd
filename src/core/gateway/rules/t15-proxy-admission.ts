import type { ManifestObject } from "../../model/manifest.js";
import { isRecord } from "../../load/objects.js";
import { defineGatewayRule, type GatewayRuleContext, type Violation } from "./context.js";

type Labels = Readonly<Record<string, string>>;
const NS_KEY = "io.kubernetes.pod.namespace";
const OWNING = ["gateway.envoyproxy.io/owning-gateway-namespace", "gateway.envoyproxy.io/owning-gateway-name"];
const BROAD_ENTITIES = ["world", "cluster", "all", "ingress"];

/** `k8s:app` / `any:app` → `app` (Cilium source prefixes, §7.2). */
const bare = (k: string): string => k.replace(/^(k8s|any):/, "");

/** matchLabels (and `In` expressions) of a selector as written, keys without source prefix. */
const requiredLabels = (sel: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isRecord(sel)) return out;
  if (isRecord(sel.matchLabels)) for (const [k, v] of Object.entries(sel.matchLabels)) out[bare(k)] = String(v);
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [])
    if (isRecord(e) && e.operator === "In" && Array.isArray(e.values) && e.values.length === 1) out[bare(String(e.key))] = String(e.values[0]);
  return out;
};

/** Backend pods of the exposure table: namespace and labels (T15 looks at the policies selecting them). */
const backendPods = (ctx: GatewayRuleContext): Array<{ ns: string; labels: Labels }> =>
  ctx.analysis.rows.flatMap((r) => {
    const b = r.backend;
    if (!b?.selector) return [];
    const ns = b.service ? b.service.split("/")[0]! : b.namespace;
    return b.pods.length ? b.pods.map((p) => ({ ns, labels: p.labels })) : [{ ns, labels: b.selector }];
  });

/** Why one `fromEndpoints` selector is not a precise "proxies of this gateway" selector, if it is about proxies at all. */
const endpointProblem = (sel: Record<string, string>, proxyNs: string, platformLabels: readonly string[]): string | undefined => {
  const keys = Object.keys(sel);
  const envoyish = sel["app.kubernetes.io/name"] === "envoy" || keys.some((k) => k.startsWith("gateway.envoyproxy.io/"));
  const ns = sel[NS_KEY];
  if (envoyish && ns === undefined) return "selects Envoy pods without k8s:io.kubernetes.pod.namespace, so it only matches pods in the policy's own namespace";
  if (ns === proxyNs && !OWNING.every((k) => k in sel) && !platformLabels.some((k) => k in sel)) return `admits every pod of ${proxyNs}, not only the proxies of one gateway`;
  return undefined;
};

const ruleProblems = (rule: Record<string, unknown>, proxyNs: string, platformLabels: readonly string[]): string[] => {
  const out: string[] = [];
  const entities = Array.isArray(rule.fromEntities) ? rule.fromEntities.map(String) : [];
  for (const e of entities.filter((e) => BROAD_ENTITIES.includes(e)))
    out.push(e === "ingress" ? "fromEntities: ingress is Cilium's own Ingress identity, not Envoy Gateway" : `fromEntities: ${e} is too broad (or, for world, never the proxy→pod hop)`);
  for (const sel of Array.isArray(rule.fromEndpoints) ? rule.fromEndpoints : []) {
    const problem = endpointProblem(requiredLabels(sel), proxyNs, platformLabels);
    if (problem) out.push(`fromEndpoints ${problem}`);
  }
  return out;
};

const ingressRules = (o: ManifestObject): Record<string, unknown>[] => {
  const specs = [o.body.spec, ...(Array.isArray(o.body.specs) ? o.body.specs : [])].filter(isRecord);
  return specs.flatMap((s) => (Array.isArray(s.ingress) ? s.ingress.filter(isRecord) : []));
};

const selectsBackend = (o: ManifestObject, pods: ReturnType<typeof backendPods>): boolean => {
  const spec = isRecord(o.body.spec) ? o.body.spec : {};
  const want = requiredLabels(spec.endpointSelector);
  return pods.some((p) => p.ns === o.namespace && Object.entries(want).every(([k, v]) => p.labels[k] === v || (k === NS_KEY && v === p.ns)));
};

/**
 * T15 (§8, §7.2): tenant CiliumNetworkPolicies that admit north-south traffic select the proxies
 * by namespace AND owning-gateway labels — not world/cluster/all/ingress entities, not the whole
 * proxy namespace, not `app.kubernetes.io/name: envoy` without a namespace.
 */
export const t15ProxyAdmission = defineGatewayRule({
  id: "T15",
  name: "proxy-admission",
  description: "Backends admit only their gateway's proxies",
  severity: "warning",
  check(ctx) {
    const pods = backendPods(ctx);
    const proxyNs = ctx.analysis.objects.egConfig.controllerNamespace;
    const out: Violation[] = [];
    for (const o of ctx.manifests) {
      if (o.kind !== "CiliumNetworkPolicy" || !o.namespace || !ctx.tenantOf(o.namespace) || !selectsBackend(o, pods)) continue;
      const problems = [...new Set(ingressRules(o).flatMap((r) => ruleProblems(r, proxyNs, ctx.settings.platformProxyLabels)))];
      if (problems.length === 0) continue;
      out.push({
        message: `CiliumNetworkPolicy ${o.namespace}/${o.name} admits north-south traffic imprecisely: ${problems.join("; ")}`,
        at: o.at(["spec", "ingress"]),
        fix: "admit fromEndpoints with k8s:io.kubernetes.pod.namespace: envoy-gateway-system and gateway.envoyproxy.io/owning-gateway-{namespace,name} of your gateway",
        subject: `${o.namespace}/${o.name}`,
      });
    }
    return out;
  },
});
