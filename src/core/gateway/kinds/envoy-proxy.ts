import type { EnvoyProxy } from "../model.js";
import type { GatewayReader } from "./read.js";

/**
 * EnvoyProxy: the proxy Service (§6.2 step 2: type defaults to LoadBalancer, externalTrafficPolicy
 * to Local [EG12]), extra pod labels (§6.2 step 3) and `mergeGateways`.
 */
export const readEnvoyProxy = (r: GatewayReader): EnvoyProxy => {
  const base = ["spec", "provider", "kubernetes"];
  const provider = r.record(r.spec.provider, ["spec", "provider"]);
  const k8s = r.record(provider?.kubernetes, base);
  const svc = r.record(k8s?.envoyService, [...base, "envoyService"]);
  const svcPath = [...base, "envoyService"];
  const deployment = r.record(k8s?.envoyDeployment, [...base, "envoyDeployment"]);
  const pod = r.record(deployment?.pod, [...base, "envoyDeployment", "pod"]);
  return {
    meta: r.meta(),
    service: {
      type: r.string(svc?.type, [...svcPath, "type"]) ?? "LoadBalancer",
      annotations: r.labels(svc?.annotations, [...svcPath, "annotations"]),
      externalTrafficPolicy: r.string(svc?.externalTrafficPolicy, [...svcPath, "externalTrafficPolicy"]) ?? "Local",
      loadBalancerSourceRanges: r.strings(svc?.loadBalancerSourceRanges, [...svcPath, "loadBalancerSourceRanges"]),
    },
    podLabels: r.labels(pod?.labels, [...base, "envoyDeployment", "pod", "labels"]),
    mergeGateways: r.spec.mergeGateways === true,
  };
};
