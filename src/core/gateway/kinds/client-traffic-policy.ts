import type { ClientIpSource, ClientTrafficPolicy } from "../model.js";
import type { GatewayReader } from "./read.js";

/**
 * Which address EG treats as the client for `clientCIDRs` (§5.4, EG5): the TCP peer by default;
 * the N-th XFF entry from the right with `numTrustedHops`; trusted-CIDR walking; a custom header;
 * or the PROXY protocol header.
 */
const clientIpSource = (r: GatewayReader, spec: Record<string, unknown>): ClientIpSource => {
  const detection = r.record(spec.clientIPDetection, ["spec", "clientIPDetection"]);
  const xff = r.record(detection?.xForwardedFor, ["spec", "clientIPDetection", "xForwardedFor"]);
  if (xff) {
    if (Array.isArray(xff.trustedCIDRs) && xff.trustedCIDRs.length > 0) return "xff-trusted-cidrs";
    const hops = xff.numTrustedHops;
    return `xff:${typeof hops === "number" ? hops : 1}`;
  }
  if (detection?.customHeader !== undefined) return "custom-header";
  if (spec.proxyProtocol !== undefined || spec.enableProxyProtocol === true) return "proxy-protocol";
  return "peer";
};

export const readClientTrafficPolicy = (r: GatewayReader): ClientTrafficPolicy => ({
  meta: r.meta(),
  targetRefs: r.targetRefs(r.spec),
  targetSelectors: r.targetSelectors(r.spec),
  clientIpSource: clientIpSource(r, r.spec),
  source: { object: r.object, path: r.spec.clientIPDetection !== undefined ? ["spec", "clientIPDetection"] : ["spec"] },
});
