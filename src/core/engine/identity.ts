import { isIdentityRelevantLabel } from "../algebra/label-filter.js";
import type { Namespace, Workload } from "../model/inventory.js";
import { LABEL } from "../model/labels.js";
import type { Profile } from "../model/profile.js";

/**
 * Identity labels of a pod as Cilium computes them (spec §3.1): filtered pod labels (LBL-3),
 * namespace, service account, cluster and the namespace's labels, all with the `k8s:` source.
 */
export function podIdentityLabels(
  podLabels: Readonly<Record<string, string>>,
  namespace: Namespace,
  serviceAccount: string,
  profile: Profile,
): Map<string, string> {
  const labels = new Map<string, string>();
  for (const [k, v] of Object.entries(podLabels)) {
    // LBL-3: pods cannot forge Cilium-owned labels, and filtered keys never reach the identity.
    if (k.startsWith("io.cilium.k8s.")) continue;
    if (profile.labelFilter && !isIdentityRelevantLabel(k)) continue;
    labels.set(`k8s:${k}`, v);
  }
  labels.set(LABEL.namespace, namespace.name);
  labels.set(LABEL.serviceAccount, serviceAccount);
  labels.set(LABEL.cluster, profile.clusterName);
  for (const [k, v] of Object.entries(namespace.labels)) labels.set(`${LABEL.namespaceLabelPrefix}${k}`, v);
  return labels;
}

/** Grouping key: workloads with the same identity labels and named ports are indistinguishable to policy (EVAL-1). */
export function identityKey(labels: ReadonlyMap<string, string>, workload: Pick<Workload, "namedPorts">): string {
  const l = [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`);
  const p = workload.namedPorts.map((n) => `${n.name.toLowerCase()}/${n.protocol}/${n.port}`).sort();
  return `${l.join("\u0000")}\u0001${p.join(",")}`;
}
