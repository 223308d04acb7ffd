import { evaluateQuery, type QueryResult, type Reason } from "../engine/evaluate.js";
import { computeExposure, type GatewayAnalysis } from "../gateway/exposure.js";
import { evaluateNorthSouth, type NorthSouthPath } from "../gateway/north-south.js";
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from "../gateway/settings.js";
import { withDiagnostics, type Diagnostic } from "../model/diagnostic.js";
import type { RepositoryAnalysis } from "./analyze-repository.js";

/** Sources that stand for any client on the Internet: besides the direct path, they may come in through a gateway. */
export const INTERNET_SOURCES: ReadonlySet<string> = new Set(["entity:world", "entity:world-ipv4", "entity:world-ipv6"]);

/**
 * One path from the Internet through a gateway (`cause: "gateway-route"`), or the statement that
 * there is none (`"no-gateway-route"`). Listed after the direct path's reasons, told apart by `side`.
 */
export interface GatewayReason {
  side: "gateway";
  decision: "allow" | "deny";
  cause: "gateway-route" | "no-gateway-route";
  message: string;
  /** `ns/name` of the gateway, its listener, the URL, the route (`HTTPRoute ns/name`) and its rule, the match. */
  gateway?: string;
  listener?: string;
  url?: string;
  route?: string;
  routeRule?: number;
  match?: string;
  /** Effective SecurityPolicies of the route rule, and what an anonymous client meets. */
  policies?: readonly string[];
  access?: NorthSouthPath["access"];
  effective?: boolean;
  shadowedBy?: readonly string[];
  /** The Cilium hops of the path (Internet → proxy, proxy → backend), as the engine explains them. */
  hops?: readonly Reason[];
}

export type ExplainReason = Reason | GatewayReason;

/** `QueryResult` plus where the verdict comes from; the direct (east-west) reasons come first, unchanged. */
export interface ExplainResult extends Omit<QueryResult, "reasons"> {
  reasons: readonly ExplainReason[];
  /** What admits the connection: `direct` (the policies of both ends), `gateway` (a route through a gateway), both, or none (deny). */
  via: ReadonlyArray<"direct" | "gateway">;
  /** Whether gateways were considered: only for Internet sources and a workload as destination. */
  northSouth: boolean;
}

export interface Explainer {
  explain(query: { from: string; to: string; port: string }): ExplainResult | { error: string };
  /** Problems reading the gateway objects not already among the analysis' diagnostics (empty until an Internet query needed them). */
  diagnostics(): Diagnostic[];
}

const gatewayReason = (p: NorthSouthPath): GatewayReason => ({
  side: "gateway",
  decision: p.effective && p.access !== "closed" ? "allow" : "deny",
  cause: "gateway-route",
  message: p.summary,
  gateway: p.gateway,
  listener: p.listener,
  url: p.url,
  route: p.route,
  routeRule: p.rule,
  match: p.match,
  policies: p.policies,
  access: p.access,
  effective: p.effective,
  shadowedBy: p.shadowedBy,
  hops: p.cilium,
});

/**
 * Answer `from to port` questions on one analysed repository (CLI `eval`, app `/bulkhead explain`).
 * Any query is evaluated directly: the source's egress and the destination's ingress (EVAL-2). For
 * an Internet source (`entity:world`) and a workload, the routes through gateways count too (§7,
 * docs/gateway.md): the verdict is allow when the direct path or a gateway path admits the
 * connection, and `via` says which. The exposure table is computed once, on the first such query.
 *
 * @example
 * const explainer = createExplainer(analyzeRepository(files));
 * explainer.explain({ from: "entity:world", to: "tenant-a/shop", port: "8080/TCP" }); // { verdict: "allow", via: ["gateway"], … }
 */
export function createExplainer(analysis: RepositoryAnalysis, settings: GatewaySettings = DEFAULT_GATEWAY_SETTINGS): Explainer {
  let exposure: GatewayAnalysis | undefined;
  const gateways = (): GatewayAnalysis => (exposure ??= computeExposure(analysis, analysis.model, settings));
  return {
    explain(query) {
      const direct = evaluateQuery(analysis.model, query.from, query.to, query.port);
      if ("error" in direct) return direct;
      const directly = direct.verdict === "allow" ? (["direct"] as const) : [];
      // An address, a DNS name or an entity is no gateway backend: only the direct path applies.
      const ns = INTERNET_SOURCES.has(query.from) ? evaluateNorthSouth(gateways(), analysis.model, query.to, query.port) : undefined;
      if (ns === undefined || "error" in ns) return { ...direct, via: directly, northSouth: false };
      const paths: GatewayReason[] = ns.paths.length
        ? ns.paths.map(gatewayReason)
        : [{ side: "gateway", decision: "deny", cause: "no-gateway-route", message: `no internet-facing gateway route has ${query.to} port ${ns.port} as its backend` }];
      const via = [...directly, ...(ns.verdict === "allow" ? (["gateway"] as const) : [])];
      return { ...direct, verdict: via.length > 0 ? "allow" : "deny", reasons: [...direct.reasons, ...paths], via, northSouth: true };
    },
    diagnostics: () => withDiagnostics(analysis.diagnostics, exposure?.diagnostics ?? []).slice(analysis.diagnostics.length),
  };
}
