import { intersectPorts, isEmptyPorts, portSetOf } from "../algebra/port-set.js";
import type { Peer } from "../model/peer.js";
import type { HttpRule } from "../model/rule.js";
import type { AccessModel } from "./access-model.js";
import type { PortQuery } from "./evaluate.js";
import type { SideResult } from "./resolve.js";

export interface HttpRequest {
  method: string;
  path: string;
  host?: string;
  headers?: Readonly<Record<string, string>>;
}

/**
 * L7-2: method, path and host are POSIX extended regexes. We read them as matching the whole value
 * (upstream test policies anchor with `$`, the proxy's behaviour for unanchored ones is not verified).
 */
const fullMatch = (pattern: string | undefined, value: string | undefined): boolean => {
  if (!pattern) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value ?? "");
  } catch {
    return false;
  }
};

const headerPresent = (spec: string, headers: Readonly<Record<string, string>>): boolean => {
  const i = spec.indexOf(":");
  const name = (i < 0 ? spec : spec.slice(0, i)).trim().toLowerCase();
  const want = i < 0 ? undefined : spec.slice(i + 1).trim();
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  return found !== undefined && (want === undefined || found[1] === want);
};

export const httpRuleMatches = (rule: HttpRule, req: HttpRequest): boolean =>
  fullMatch(rule.method, req.method) &&
  fullMatch(rule.path, req.path) &&
  fullMatch(rule.host, req.host) &&
  (rule.headers ?? []).every((h) => headerPresent(h, req.headers ?? {}));

/** L7-3: a request passes a side whose port is L7-restricted only if some HTTP rule of that port matches it. */
function sidePasses(side: SideResult | undefined, query: PortQuery, req: HttpRequest): boolean {
  const port = portSetOf(query.protocol, query.port);
  const restrictions = (side?.l7 ?? []).filter((r) => !isEmptyPorts(intersectPorts(r.ports, port)));
  if (restrictions.length === 0) return true;
  return restrictions.some((r) => r.rules.protocol === "http" && r.rules.http.some((h) => httpRuleMatches(h, req)));
}

/** What the L7 proxies answer for one HTTP request on an allowed connection: `deny` means e.g. HTTP 403 (L7-3). */
export function httpRequestAllowed(model: AccessModel, from: Peer, to: Peer, query: PortQuery, req: HttpRequest): "allow" | "deny" {
  const egress = from.kind === "endpoint" ? model.side(from, "egress", to) : undefined;
  const ingress = to.kind === "endpoint" ? model.side(to, "ingress", from) : undefined;
  return sidePasses(egress, query, req) && sidePasses(ingress, query, req) ? "allow" : "deny";
}
