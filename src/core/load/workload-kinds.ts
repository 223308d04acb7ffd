import type { FieldPath } from "../model/manifest.js";
import { apiGroup } from "./text.js";

/** A kind whose objects run pods: where its pod template lives and which apiVersions serve it. */
export interface WorkloadKind {
  kind: string;
  apiVersions: readonly string[];
  /** Path of the pod template (`metadata` + `spec`); empty for a bare Pod. */
  template: FieldPath;
}

const APPS = ["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"];

export const WORKLOAD_KINDS: ReadonlyMap<string, WorkloadKind> = new Map(
  (
    [
      { kind: "Pod", apiVersions: ["v1"], template: [] },
      { kind: "Deployment", apiVersions: APPS, template: ["spec", "template"] },
      { kind: "StatefulSet", apiVersions: ["apps/v1", "apps/v1beta1", "apps/v1beta2"], template: ["spec", "template"] },
      { kind: "DaemonSet", apiVersions: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"], template: ["spec", "template"] },
      { kind: "ReplicaSet", apiVersions: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"], template: ["spec", "template"] },
      { kind: "ReplicationController", apiVersions: ["v1"], template: ["spec", "template"] },
      { kind: "Job", apiVersions: ["batch/v1"], template: ["spec", "template"] },
      { kind: "CronJob", apiVersions: ["batch/v1", "batch/v1beta1", "batch/v2alpha1"], template: ["spec", "jobTemplate", "spec", "template"] },
      // KubeVirt: the VM's virt-launcher pod carries the template's labels.
      { kind: "VirtualMachine", apiVersions: ["kubevirt.io/v1", "kubevirt.io/v1alpha3"], template: ["spec", "template"] },
    ] satisfies WorkloadKind[]
  ).map((k) => [k.kind, k]),
);

/** apiVersions of the other kinds the inventory reads. */
export const NAMESPACE_API_VERSIONS: readonly string[] = ["v1"];
export const SERVICE_API_VERSIONS: readonly string[] = ["v1"];

/**
 * How an object's apiVersion relates to the versions we know for its kind:
 * - `known`: read it.
 * - `unknown`: a built-in-looking group (no dot, like `apps/v1beta9` or a typo `app/v1`), or a
 *   new version of a known group: read it, with a warning.
 * - `foreign`: a dotted group we do not know (`serving.knative.dev/v1` Service): another API's
 *   kind that happens to share the name; not ours, ignored quietly.
 */
export const apiVersionStatus = (apiVersion: string, known: readonly string[]): "known" | "unknown" | "foreign" => {
  if (known.includes(apiVersion)) return "known";
  const group = apiGroup(apiVersion);
  const knownGroups = known.map(apiGroup);
  return knownGroups.includes(group) || !group.includes(".") ? "unknown" : "foreign";
};

/**
 * Cluster-scoped kinds: their `metadata.namespace` (if any) is ignored by the API server, so it
 * neither refers to a namespace nor defaults to `default`.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "StorageClass",
  "CustomResourceDefinition",
  "ClusterRole",
  "ClusterRoleBinding",
  "PriorityClass",
  "IngressClass",
  "RuntimeClass",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "CSIDriver",
  "VolumeSnapshotClass",
  "GatewayClass",
  "ClusterIssuer",
  "CiliumClusterwideNetworkPolicy",
  "CiliumClusterwideEnvoyConfig",
  "CiliumNode",
  "CiliumIdentity",
  "CiliumExternalWorkload",
  "CiliumCIDRGroup",
  "CiliumLoadBalancerIPPool",
  "CiliumBGPClusterConfig",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterUserDefinedNetwork",
]);
