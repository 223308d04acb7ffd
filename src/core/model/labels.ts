/**
 * Labels as Cilium sees them on an identity: keys carry a source prefix (`k8s:app`, `reserved:world`).
 * See spec §3.1 and LBL-1.
 */
export type Labels = ReadonlyMap<string, string>;

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/**
 * One requirement of a normalised selector. `key` is source-prefixed (`any:app`, `k8s:io.kubernetes.pod.namespace`).
 * `any:` matches a label of that key from any source (LBL-1).
 */
export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: readonly string[];
}

/** A normalised label selector: all requirements are ANDed; no requirement = matches everything in scope (SUBJ-1). */
export interface Selector {
  requirements: readonly Requirement[];
}

/** Well-known identity label keys (spec §3.1). */
export const LABEL = {
  namespace: "k8s:io.kubernetes.pod.namespace",
  serviceAccount: "k8s:io.cilium.k8s.policy.serviceaccount",
  cluster: "k8s:io.cilium.k8s.policy.cluster",
  namespaceLabelPrefix: "k8s:io.cilium.k8s.namespace.labels.",
} as const;

export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
