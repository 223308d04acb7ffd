import { hostSpecificity, vhostCovers } from "./hostnames.js";
import type { ExposureRow } from "./exposure-row.js";
import { routeRef } from "./exposure-row.js";
import type { StringMatch } from "./model.js";

/**
 * §3.2: the virtual host a row lives in. HTTP listeners on one port share one route table (one
 * vhost per hostname); an HTTPS/TLS listener has its own (SNI picks the listener first).
 */
export const vhostKey = (r: ExposureRow): string => {
  const gw = `${r.gateway.namespace}/${r.gateway.name}:${r.listener.port}`;
  return r.listener.protocol === "HTTP" ? `${gw}|${r.host}` : `${gw}|${r.listener.owner}/${r.listener.name}|${r.host}`;
};

const PATH_RANK: Record<string, number> = { Exact: 0, RegularExpression: 1, PathPrefix: 2 };

/**
 * EG's route order inside a vhost [EG-code sort.go, §3.3]: Exact > RegularExpression > PathPrefix,
 * longer path, more headers, more query params; ties keep processing order (routes by
 * namespace/name since creation times are unknown, then rule and match order).
 */
export const compareRows = (a: ExposureRow, b: ExposureRow): number => {
  const pa = a.match?.path;
  const pb = b.match?.path;
  return (
    (PATH_RANK[pa?.type ?? "PathPrefix"] ?? 3) - (PATH_RANK[pb?.type ?? "PathPrefix"] ?? 3) ||
    (pb?.value.length ?? 0) - (pa?.value.length ?? 0) ||
    (b.match?.method ? 1 : 0) - (a.match?.method ? 1 : 0) ||
    (b.match?.headers.length ?? 0) - (a.match?.headers.length ?? 0) ||
    (b.match?.query.length ?? 0) - (a.match?.query.length ?? 0) ||
    `${a.route.namespace}/${a.route.name}`.localeCompare(`${b.route.namespace}/${b.route.name}`) ||
    a.route.rule - b.route.rule
  );
};

const trimSlash = (p: string): string => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);

/** GW3 element-wise prefix: `/abc` covers `/abc`, `/abc/x`, not `/abcd`. */
const prefixCovers = (prefix: string, path: string): boolean => {
  const p = trimSlash(prefix);
  return p === "/" || path === p || path.startsWith(`${p}/`);
};

/** Can one request match both paths? RegularExpression is not analysed (treated as no overlap). */
const pathsOverlap = (a: StringMatch | undefined, b: StringMatch | undefined): boolean => {
  if (!a || !b) return true;
  if (a.type === "RegularExpression" || b.type === "RegularExpression") return false;
  if (a.type === "Exact" && b.type === "Exact") return a.value === b.value;
  if (a.type === "Exact") return prefixCovers(b.value, a.value);
  if (b.type === "Exact") return prefixCovers(a.value, b.value);
  return prefixCovers(a.value, b.value) || prefixCovers(b.value, a.value);
};

const describePaths = (p: StringMatch | undefined): string =>
  !p ? "every request" : p.type === "PathPrefix" && trimSlash(p.value) !== "/" ? `${trimSlash(p.value)}, ${trimSlash(p.value)}/*` : p.value;

const sameMatch = (a: ExposureRow, b: ExposureRow): boolean => JSON.stringify(a.match) === JSON.stringify(b.match);

/** Rows of the same vhost that come earlier and overlap take those requests (§3.3, §6.2 step 7). */
const shadowWithin = (rows: ExposureRow[]): void => {
  rows.sort(compareRows);
  rows.forEach((row, i) => {
    for (const earlier of rows.slice(0, i)) {
      if (earlier.action === "mirror" || row.action === "mirror" || (routeRef(earlier) === routeRef(row) && earlier.route.rule === row.route.rule)) continue;
      if (!pathsOverlap(earlier.match?.path, row.match?.path)) continue;
      row.shadowedBy.push(`${routeRef(earlier)} rule ${earlier.route.rule} for ${describePaths(earlier.match?.path)}`);
      if (sameMatch(earlier, row) && earlier.route.namespace !== row.route.namespace)
        row.ambiguous.push(`identical match in ${routeRef(earlier)}: the older route wins and creation times are unknown (§5.6)`);
    }
  });
};

/** §3.2 "no fall-through between vhosts": a more specific host takes all its requests from `*`/wildcard vhosts. */
const shadowAcrossHosts = (rows: readonly ExposureRow[]): void => {
  const byPort = new Map<string, ExposureRow[]>();
  for (const r of rows) {
    const key = r.listener.protocol === "HTTP" ? `${r.gateway.namespace}/${r.gateway.name}:${r.listener.port}` : `${r.gateway.namespace}/${r.gateway.name}:${r.listener.port}|${r.listener.name}`;
    byPort.set(key, [...(byPort.get(key) ?? []), r]);
  }
  for (const group of byPort.values()) {
    const hosts = [...new Set(group.map((r) => r.host))];
    for (const r of group) {
      const narrower = hosts.filter((h) => h !== r.host && vhostCovers(r.host, h) && hostSpecificity(h) < hostSpecificity(r.host));
      for (const h of narrower) {
        const owners = [...new Set(group.filter((x) => x.host === h).map(routeRef))];
        r.shadowedBy.push(`host ${h} (${owners.join(", ")})`);
      }
    }
  }
};

/** Order rows by vhost and EG precedence, and record which rows shadow which. Mutates `shadowedBy`/`ambiguous`. */
export function orderAndShadow(rows: ExposureRow[]): ExposureRow[] {
  const groups = new Map<string, ExposureRow[]>();
  for (const r of rows) groups.set(vhostKey(r), [...(groups.get(vhostKey(r)) ?? []), r]);
  for (const g of groups.values()) if (g[0]?.listener.protocol === "HTTP" || g[0]?.listener.protocol === "HTTPS") shadowWithin(g);
  shadowAcrossHosts(rows.filter((r) => r.listener.protocol === "HTTP" || r.listener.protocol === "HTTPS"));
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([, g]) => g);
}
