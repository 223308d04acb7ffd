import { blockContains, parseCidr, parseIp } from "../algebra/ip-space.js";
import type { Authorization, AuthzRule, SecurityFeatures } from "./model.js";

/** Authentication features present, in EG filter order (§5.2: extAuth → apiKey → basic → OIDC → JWT). */
export const authnOf = (f: SecurityFeatures | undefined): string[] => {
  if (!f) return [];
  const out: string[] = [];
  if (f.extAuth) out.push("extAuth");
  if (f.apiKeyAuth) out.push("apiKey");
  if (f.basicAuth) out.push("basicAuth");
  if (f.oidc) out.push("oidc");
  if (f.jwt) out.push("jwt");
  return out;
};

/**
 * Authentication that rejects a request without valid credentials (T6): JWT with `optional` or
 * `failOpen` lets requests through (§5.2), and a fail-open extAuth does too.
 */
export const enforcingAuthn = (f: SecurityFeatures | undefined): string[] =>
  authnOf(f).filter((a) => (a === "jwt" ? !f!.jwt!.optional && !f!.jwt!.failOpen : a === "extAuth" ? !f!.extAuth!.failOpen : true));

const describePrincipal = (r: AuthzRule): string[] => {
  const parts: string[] = [];
  if (r.methods.length) parts.push(`methods ${r.methods.join(",")}`);
  if (r.operationPath) parts.push(`path ${r.operationPath.type} ${r.operationPath.value}`);
  if (r.clientCIDRs.length) parts.push(`clientCIDRs ${r.clientCIDRs.join(",")}`);
  if (r.jwt) {
    const claims = r.jwt.claims.map((c) => `claim ${c.name} ${c.valueType === "StringArray" ? "contains" : "="} ${c.values.join(",")}`);
    const scopes = r.jwt.scopes.length ? [`scope ${r.jwt.scopes.join(",")}`] : [];
    parts.push(["jwt", ...claims, ...scopes].join(" "));
  }
  for (const h of r.headers) parts.push(`header ${h.name} in ${h.values.join(",")}`);
  if (r.geo) parts.push("clientIPGeoLocations");
  if (r.cel) parts.push(`cel ${r.cel}`);
  return parts;
};

/** One authorization rule in words, e.g. `allow jwt scope shop:read` or `allow clientCIDRs 203.0.113.0/24`. */
export const describeAuthzRule = (r: AuthzRule): string => [r.action.toLowerCase(), ...describePrincipal(r)].join(" ");

/** A request as far as authorization can see it (§5.3); absent attributes are simply absent. */
export interface AuthzRequest {
  clientIp?: string;
  method?: string;
  path?: string;
  jwt?: { provider: string; claims: Readonly<Record<string, string | readonly string[]>>; scopes: readonly string[] };
  headers?: Readonly<Record<string, string>>;
}

const ipIn = (ip: string | undefined, cidrs: readonly string[]): boolean => {
  const addr = ip === undefined ? undefined : parseIp(ip);
  if (!addr) return false;
  const block = { family: addr.family, first: addr.value, last: addr.value };
  return cidrs.some((c) => {
    const cidr = parseCidr(c);
    return cidr !== undefined && cidr.family === block.family && blockContains(cidr, block);
  });
};

const pathMatches = (m: NonNullable<AuthzRule["operationPath"]>, path: string | undefined): boolean => {
  if (path === undefined) return false;
  if (m.type === "Exact") return path === m.value;
  if (m.type === "PathPrefix") return path === m.value || path.startsWith(m.value.endsWith("/") ? m.value : `${m.value}/`);
  return false; // RegularExpression: not evaluated (treated as not matching)
};

const jwtMatches = (want: NonNullable<AuthzRule["jwt"]>, got: AuthzRequest["jwt"]): boolean => {
  if (!got || got.provider !== want.provider) return false;
  const claimOk = want.claims.every((c) => {
    const v = got.claims[c.name];
    const values = typeof v === "string" ? [v] : (v ?? []);
    return values.some((x) => c.values.includes(x));
  });
  return claimOk && want.scopes.every((s) => got.scopes.includes(s));
};

/** §5.3: a rule matches iff every part present matches (principal types ANDed, each any-of). */
export const authzRuleMatches = (r: AuthzRule, q: AuthzRequest): boolean =>
  (r.methods.length === 0 || (q.method !== undefined && r.methods.includes(q.method))) &&
  (!r.operationPath || pathMatches(r.operationPath, q.path)) &&
  (r.clientCIDRs.length === 0 || ipIn(q.clientIp, r.clientCIDRs)) &&
  (!r.jwt || jwtMatches(r.jwt, q.jwt)) &&
  r.headers.every((h) => q.headers?.[h.name.toLowerCase()] !== undefined && h.values.includes(q.headers[h.name.toLowerCase()]!)) &&
  !r.geo &&
  !r.cel;

/**
 * §5.3: rules in order, the first match decides; no match → defaultAction (unset = Deny).
 *
 * @example
 * evaluateAuthorization(authz, { clientIp: "203.0.113.7" }) // → { decision: "Allow", rule: 0 }
 */
export function evaluateAuthorization(authz: Authorization, q: AuthzRequest): { decision: "Allow" | "Deny"; rule: number | "default" } {
  const index = authz.rules.findIndex((r) => authzRuleMatches(r, q));
  return index < 0 ? { decision: authz.defaultAction, rule: "default" } : { decision: authz.rules[index]!.action, rule: index };
}

/**
 * Who an anonymous Internet client is to this policy: `open` (nothing stops it), `authenticated`
 * (credentials needed), `restricted` (authorization conditions it may or may not meet), `closed`.
 */
export function anonymousAccess(f: SecurityFeatures | undefined): "open" | "authenticated" | "restricted" | "closed" {
  if (enforcingAuthn(f).length > 0) return "authenticated";
  const authz = f?.authorization;
  if (!authz) return "open";
  let conditional = false;
  for (const r of authz.rules) {
    if (describePrincipal(r).length > 0) {
      conditional = true;
      continue;
    }
    // An unconditional rule decides for everyone not decided by an earlier, conditional one.
    return conditional ? "restricted" : r.action === "Allow" ? "open" : "closed";
  }
  if (conditional) return "restricted";
  return authz.defaultAction === "Allow" ? "open" : "closed";
}
