/**
 * Semantics profile. `cilium` (default) is what our users' clusters run; `upstream` is plain
 * Kubernetes NetworkPolicy semantics, used for the netpol-analyzer conformance corpus.
 */
export interface Profile {
  name: "cilium" | "upstream";
  /** Local cluster name, added to pod identities (`io.cilium.k8s.policy.cluster`, §3.1). */
  clusterName: string;
  /** Apply Cilium's identity-relevant label filter to pod labels (LBL-3). */
  labelFilter: boolean;
  /** Local host may always reach local pods (DD-7, allow-localhost=always). */
  allowLocalhost: boolean;
  /** Cilium parses KNP ingress/egress sections regardless of policyTypes (KNP-3, GH#48703). */
  knpIgnoresPolicyTypes: boolean;
  /** Negative selectors on namespace keys also match non-pod identities (EDGE-5, GH#46949). */
  negativeSelectorsOverSelect: boolean;
  /** hostNetwork pods carry the node identity and are not endpoints (SUBJ-5). Upstream NetworkPolicy tools treat them as pods. */
  hostNetworkIsNode: boolean;
  /** policyEnforcementMode (DD-1). */
  enforcementMode: "default" | "always" | "never";
  /** Target Cilium minor version, e.g. "1.19"; drives the version table (§17). */
  ciliumVersion: string;
}

export const ciliumProfile: Profile = {
  name: "cilium",
  clusterName: "default",
  labelFilter: true,
  allowLocalhost: true,
  knpIgnoresPolicyTypes: true,
  negativeSelectorsOverSelect: true,
  hostNetworkIsNode: true,
  enforcementMode: "default",
  ciliumVersion: "1.19",
};

export const upstreamProfile: Profile = {
  name: "upstream",
  clusterName: "default",
  labelFilter: false,
  allowLocalhost: false,
  knpIgnoresPolicyTypes: false,
  negativeSelectorsOverSelect: false,
  hostNetworkIsNode: false,
  enforcementMode: "default",
  ciliumVersion: "1.19",
};
