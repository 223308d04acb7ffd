/**
 * Hostname algebra of the Gateway API (§3.1, GW3, GW5). `*` stands for "any host" (unset);
 * `*.d` matches one or more labels in front of `d` (not `d` itself).
 */

export const CATCH_ALL = "*";

const isWildcard = (h: string): boolean => h.startsWith("*.");
const suffixOf = (wildcard: string): string => wildcard.slice(1); // "*.d" → ".d"

/** Does wildcard `*.d` cover `name` (a precise name or a narrower wildcard)? */
const wildcardCovers = (wildcard: string, name: string): boolean => {
  const suffix = suffixOf(wildcard);
  const bare = isWildcard(name) ? name.slice(1) : `.${name}`;
  // `*.d` covers `x.d` and `*.x.d` but not `d` nor `*.d`'s siblings.
  return bare.endsWith(suffix) && bare !== suffix;
};

/** §3.1 step 3: the intersection of one route hostname with one listener hostname, if any. */
export const intersectHostname = (route: string, listener: string): string | undefined => {
  if (route === listener) return route;
  if (listener === CATCH_ALL) return route;
  if (route === CATCH_ALL) return listener;
  const rw = isWildcard(route);
  const lw = isWildcard(listener);
  if (lw && !rw) return wildcardCovers(listener, route) ? route : undefined;
  if (rw && !lw) return wildcardCovers(route, listener) ? listener : undefined;
  if (rw && lw) {
    if (wildcardCovers(listener, route)) return route;
    if (wildcardCovers(route, listener)) return listener;
  }
  return undefined;
};

/**
 * §3.1 steps 1-5: intersected hostnames of a route on a listener. Empty route hostnames = the
 * listener's hostname (or `*`); unset listener hostname = the route's hostnames.
 */
export const intersectHostnames = (routeHosts: readonly string[], listenerHost: string | undefined): string[] => {
  const listener = listenerHost ?? CATCH_ALL;
  if (routeHosts.length === 0) return [listener];
  const out = routeHosts.map((h) => intersectHostname(h, listener)).filter((h): h is string => h !== undefined);
  return [...new Set(out)];
};

/** Is `host` (precise or wildcard) equal to or under `domain`? `*` is under nothing (T1). */
export const hostUnderDomain = (host: string, domain: string): boolean => {
  if (host === CATCH_ALL) return false;
  const bare = isWildcard(host) ? host.slice(2) : host;
  return bare === domain || bare.endsWith(`.${domain}`);
};

/** Can a request host match both patterns? (collisions, T3 "covering several tenants") */
export const hostsOverlap = (a: string, b: string): boolean => intersectHostname(a, b) !== undefined;

/**
 * Envoy virtual-host choice (§3.2): exact names first, then the longest wildcard suffix, then `*`.
 * Returns a sort key where smaller is more specific.
 */
export const hostSpecificity = (host: string): number => (host === CATCH_ALL ? 1e9 : isWildcard(host) ? 1e6 - host.length : -host.length);

/** Does a request for precise-or-wildcard `host` reach vhost `vhost` before `*`-style fallbacks? */
export const vhostCovers = (vhost: string, host: string): boolean =>
  vhost === CATCH_ALL || vhost === host || (isWildcard(vhost) && wildcardCovers(vhost, host));
