import type { Position } from "../model/position.js";
import type { CiliumComposition } from "./effectiveness.js";
import type { ClientIpSource, Redirect, RouteMatch } from "./model.js";
import type { PolicyLevel } from "./policies.js";
import type { RefAllowed } from "./references.js";

/** The SecurityPolicy that applies to a row, after precedence and merge (§5, §6.1 `authz`). */
export interface AuthzSummary {
  /** `ns/name` of the effective policy; a merged one reads `child + parent (StrategicMerge)`. */
  policy: string | undefined;
  policies: readonly string[];
  level: PolicyLevel | `${"rule" | "route"}-merged` | "none";
  authn: readonly string[];
  /** Authentication that really rejects requests without credentials (T6). */
  enforcingAuthn: readonly string[];
  rules: readonly string[];
  defaultAction: "Allow" | "Deny" | "n/a";
  clientIpSource: ClientIpSource;
  usesClientCIDRs: boolean;
  /** §5.4: a client can choose the address `clientCIDRs` checks. */
  spoofable: boolean;
  /** §5.4: why the address checked may not be the client's. */
  clientIpProblem: string | undefined;
  /** What an anonymous Internet client meets (§5.3). */
  access: "open" | "authenticated" | "restricted" | "closed";
  /** Parent policies this one replaces entirely (no mergeType). */
  overrides: readonly string[];
  conflicts: readonly string[];
  notes: readonly string[];
}

export type RowAction = "forward" | "redirect" | "direct-response" | "500" | "mirror";

export interface RowBackend {
  kind: string;
  namespace: string;
  name: string;
  port: number | undefined;
  weight: number;
  targetPort: number | string | undefined;
  pods: readonly { workload: string; labels: Readonly<Record<string, string>> }[];
  /** Service selector, shown as "tenant-a app=shop". */
  selector: Readonly<Record<string, string>> | undefined;
  refAllowed: RefAllowed;
  via: string | undefined;
  /** The Service a Backend's endpoint resolves to, if any. */
  service: string | undefined;
}

/** One exposure row (§6.1): listener → host → route match → backend → pods, with authz and §7.5 effectiveness. */
export interface ExposureRow {
  key: string;
  gateway: {
    namespace: string;
    name: string;
    className: string;
    internetFacing: boolean | "unknown";
    proxyNamespace: string;
    proxyLabels: Readonly<Record<string, string>>;
  };
  listener: {
    name: string;
    owner: string;
    protocol: string;
    port: number;
    containerPort: number;
    hostname: string | null;
    programmed: boolean;
  };
  host: string;
  route: { kind: string; namespace: string; name: string; rule: number; ruleName: string | undefined };
  match: RouteMatch | undefined;
  action: RowAction;
  redirect: Redirect | undefined;
  backend: RowBackend | undefined;
  authz: AuthzSummary;
  cilium: CiliumComposition | undefined;
  effective: boolean;
  /** Why the row is not effective (§7.5), or why EG answers 500. */
  reason: string | undefined;
  shadowedBy: string[];
  /** Services the proxy itself must reach for this row (JWKS, §7.4) that Cilium denies. */
  unreachableDependencies: string[];
  plaintext: boolean;
  ambiguous: string[];
  provenance: { route: Position; listener: Position; backendRef: Position | undefined; policy: Position | undefined };
}

/** `PathPrefix /login AND method GET` — or `any` for a defaulted match / L4 route. */
export const describeMatch = (m: RouteMatch | undefined): string => {
  if (!m || (m.defaulted && !m.path)) return "any";
  const parts: string[] = [];
  if (m.path) parts.push(`${m.path.type} ${m.path.value}`);
  if (m.method) parts.push(`method ${m.method}`);
  for (const h of m.headers) parts.push(`header ${h.name}=${h.value}`);
  for (const q of m.query) parts.push(`query ${q.name}=${q.value}`);
  if (m.grpc) parts.push(`grpc ${m.grpc.service ?? "*"}/${m.grpc.method ?? "*"}`);
  return parts.join(" AND ");
};

/** `redirect-301-https`, `forward`, `500` ... as the examples write it. */
export const describeAction = (r: Pick<ExposureRow, "action" | "redirect">): string =>
  r.action === "redirect" && r.redirect ? ["redirect", String(r.redirect.statusCode), r.redirect.scheme].filter(Boolean).join("-") : r.action;

export const routeRef = (r: Pick<ExposureRow, "route">): string => `${r.route.kind} ${r.route.namespace}/${r.route.name}`;

/** `Service tenant-a/shop:80`, or `Backend tenant-g/partner-api -> 10.96.40.10:80 = Service tenant-h/payments:80`. */
export const describeBackend = (b: RowBackend | undefined): string | undefined => {
  if (!b) return undefined;
  if (b.kind === "Backend") return `Backend ${b.namespace}/${b.name}${b.via ? ` -> ${b.via}` : ""}${b.service ? ` = Service ${b.service}` : ""}`;
  return `${b.kind} ${b.namespace}/${b.name}${b.port !== undefined ? `:${b.port}` : ""}`;
};

/** `tenant-a app=shop`: the namespace and selector of the backend pods. */
export const describePods = (b: RowBackend | undefined): string | undefined => {
  if (!b?.selector) return undefined;
  const ns = b.service ? b.service.split("/")[0] : b.namespace;
  return `${ns} ${Object.entries(b.selector).map(([k, v]) => `${k}=${v}`).join(",")}`;
};

/** The URL a row serves, e.g. `https://shop.a.example.com/admin`. */
export const describeUrl = (r: ExposureRow): string => {
  const scheme = r.listener.protocol === "HTTPS" ? "https" : r.listener.protocol === "HTTP" ? "http" : r.listener.protocol.toLowerCase();
  const host = r.host === "" ? "*" : r.host;
  const path = r.match?.path ? (r.match.path.type === "PathPrefix" && r.match.path.value !== "/" ? `${r.match.path.value}/*` : r.match.path.value) : "";
  const port = (scheme === "https" && r.listener.port === 443) || (scheme === "http" && r.listener.port === 80) ? "" : `:${r.listener.port}`;
  return `${scheme}://${host}${port}${path === "/" ? "/" : path}`;
};
