import type { NamespaceInfo, ServiceFacts } from "../model.js";
import type { GatewayReader } from "./read.js";

/** Namespace labels and annotations: tenant label and `platform.example.com/domains` (§0.2). */
export const readNamespaceInfo = (r: GatewayReader): NamespaceInfo => {
  const meta = r.meta();
  // The API server always sets kubernetes.io/metadata.name (A5 selectors rely on it).
  return { name: meta.name, labels: { ...meta.labels, "kubernetes.io/metadata.name": meta.name }, annotations: meta.annotations, object: r.object };
};

/** Service type and cluster IPs (§4 C5 ExternalName, §6 Backend IP resolution, T11). */
export const readServiceFacts = (r: GatewayReader): ServiceFacts => {
  const { spec } = r;
  const ips = [r.string(spec.clusterIP, ["spec", "clusterIP"]), ...r.strings(spec.clusterIPs, ["spec", "clusterIPs"])];
  return {
    namespace: r.object.namespace ?? "default",
    name: r.object.name,
    type: r.string(spec.type, ["spec", "type"]) ?? "ClusterIP",
    clusterIPs: [...new Set(ips.filter((ip): ip is string => !!ip && ip !== "None"))],
    object: r.object,
  };
};
