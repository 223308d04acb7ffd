import type { EnvoyService } from "./model.js";
import type { ClientIpSource } from "./model.js";
import { isInternalLoadBalancer } from "./infrastructure.js";
import type { GatewaySettings } from "./settings.js";

/** Annotations that make a cloud LoadBalancer an L4 pass-through LB (§5.4, T9). */
const L4_ANNOTATIONS: ReadonlyArray<[string, RegExp]> = [
  ["service.beta.kubernetes.io/aws-load-balancer-type", /^(nlb|external|nlb-ip)$/i],
  ["cloud.google.com/l4-rbs", /^enabled$/i],
];

export const isL4PassThrough = (s: EnvoyService, settings: GatewaySettings): boolean =>
  settings.assumeL4LoadBalancer || L4_ANNOTATIONS.some(([k, v]) => v.test(s.annotations[k] ?? ""));

/** Only reachable through a trusted front (source ranges, internal LB, ClusterIP)? */
const directlyReachable = (s: EnvoyService): boolean =>
  s.type !== "ClusterIP" && s.loadBalancerSourceRanges.length === 0 && !isInternalLoadBalancer(s);

/**
 * §5.4: can `clientCIDRs` be trusted for a listener? `spoofable`: a client chooses the address
 * (XFF or custom header reachable directly); otherwise `problem` says why the address seen is
 * not the client's (SNAT with externalTrafficPolicy Cluster, or an LB that is not L4 pass-through).
 */
export function clientIpTrust(source: ClientIpSource, s: EnvoyService, settings: GatewaySettings): { spoofable: boolean; problem: string | undefined } {
  if (source.startsWith("xff:") || source === "custom-header") {
    return directlyReachable(s)
      ? { spoofable: true, problem: `the client IP is read from ${source === "custom-header" ? "a custom header" : `X-Forwarded-For (${source})`} while the Envoy Service is reachable directly (no loadBalancerSourceRanges, not internal), so clients can forge it` }
      : { spoofable: false, problem: undefined };
  }
  if (source !== "peer") return { spoofable: false, problem: undefined };
  if (s.externalTrafficPolicy === "Cluster") return { spoofable: false, problem: "externalTrafficPolicy: Cluster SNATs traffic, so the client IP is a node address" };
  if (s.type === "LoadBalancer" && !isL4PassThrough(s, settings)) return { spoofable: false, problem: "the LoadBalancer is not known to be an L4 pass-through LB (annotation), so the peer address may be the LB's" };
  return { spoofable: false, problem: undefined };
}
