/**
 * Cilium's identity-relevant label filter with the default agent configuration (spec LBL-3,
 * [C-labelsfilter] `defaultLabelPrefixCfg` / `filterLabels`).
 *
 * Each pattern is a regular expression that must match at the start of the label key. A label is kept
 * when no ignore pattern matches it, or when the longest matching include pattern is longer than the
 * shortest matching ignore pattern (`io.kubernetes.pod.namespace` beats `!io.kubernetes`). The default
 * list has no plain inclusive user pattern, so labels that match nothing are kept.
 */
interface LabelPrefix {
  /** Anchored at the start of the key. */
  expr: RegExp;
  ignore: boolean;
}

const prefix = (pattern: string, ignore: boolean): LabelPrefix => ({ expr: new RegExp(`^(?:${pattern})`), ignore });

const DEFAULT_PREFIXES: readonly LabelPrefix[] = [
  prefix("io\\.kubernetes\\.pod\\.namespace", false),
  prefix("io\\.cilium\\.k8s\\.namespace\\.labels", false),
  prefix("app\\.kubernetes\\.io", false),
  prefix("io\\.kubernetes", true),
  prefix("kubernetes\\.io", true),
  prefix(".*beta\\.kubernetes\\.io", true),
  prefix("k8s\\.io", true),
  prefix("topology\\.kubernetes\\.io", true),
  prefix("statefulset\\.kubernetes\\.io/pod-name", true),
  prefix("apps\\.kubernetes\\.io/pod-index", true),
  prefix("batch\\.kubernetes\\.io/job-completion-index", true),
  prefix("batch\\.kubernetes\\.io/controller-uid", true),
  prefix("pod-template-generation", true),
  prefix("pod-template-hash", true),
  prefix("controller-revision-hash", true),
  prefix("controller-uid", true),
  prefix("annotation.*", true),
  prefix("etcd_node", true),
];

/**
 * Does a pod label with this key (as written on the pod, without source prefix) reach the pod's
 * security identity under the default label filter (LBL-3)?
 *
 * Cilium-owned keys (`io.cilium.k8s.*`) set by users on pods are stripped before this filter runs;
 * that is the caller's business (see {@link isCiliumIdentityLabel}).
 *
 * @example
 * isIdentityRelevantLabel("app") // true
 * isIdentityRelevantLabel("statefulset.kubernetes.io/pod-name") // false
 * isIdentityRelevantLabel("app.kubernetes.io/name") // true
 */
export function isIdentityRelevantLabel(key: string): boolean {
  let included = 0;
  let ignored = 0;
  for (const p of DEFAULT_PREFIXES) {
    const m = p.expr.exec(key);
    if (!m) continue;
    const length = m[0].length;
    if (p.ignore) {
      if (ignored === 0 || length < ignored) ignored = length;
    } else if (length > included) included = length;
  }
  return ignored === 0 || included > ignored;
}

const CILIUM_IDENTITY_KEYS = ["io.kubernetes.pod.namespace", "io.cilium.k8s.policy.serviceaccount", "io.cilium.k8s.policy.cluster"];

/**
 * Keys Cilium itself puts on every pod identity (§3.1): namespace, service account, cluster and the
 * namespace's labels. Selecting on them is always meaningful, whatever the label filter says.
 */
export function isCiliumIdentityLabel(key: string): boolean {
  return CILIUM_IDENTITY_KEYS.includes(key) || key.startsWith("io.cilium.k8s.namespace.labels.");
}
