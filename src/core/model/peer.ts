import type { Labels, Selector } from "./labels.js";
import type { Position } from "./position.js";

/** Cilium entities (spec §5). */
export type EntityName =
  | "world"
  | "cluster"
  | "host"
  | "remote-node"
  | "kube-apiserver"
  | "ingress"
  | "health"
  | "init"
  | "unmanaged"
  | "all"
  | "none"
  | "cluster-mesh"
  | "world-ipv4"
  | "world-ipv6";

/** Non-pod identities that exist as single peers in the access model. */
export type ReservedIdentity = "host" | "remote-node" | "kube-apiserver" | "ingress" | "health" | "init" | "unmanaged";

export interface NamedPort {
  name: string;
  port: number;
  protocol: "TCP" | "UDP" | "SCTP";
}

/** A workload as read from the manifests (Deployment, Pod, ...). */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
  position: Position;
}

/**
 * A pod-like endpoint: a real workload's pods, or a representative pod synthesised from a selector
 * when the repository holds only policies. `labels` are identity labels (source-prefixed, §3.1),
 * already filtered by the identity-relevant label filter (LBL-3) in the Cilium profile.
 */
export interface EndpointPeer {
  kind: "endpoint";
  id: string;
  namespace: string;
  labels: Labels;
  namedPorts: readonly NamedPort[];
  /** Real workloads in this identity group; empty for a representative peer. */
  workloads: readonly WorkloadRef[];
  /** Human description for representative peers, e.g. "pods matching {app=db}". */
  representative?: string;
  /** The selector a representative peer was synthesised from. */
  selector?: Selector;
}

/** A reserved identity (host, remote-node, ...): labels like `reserved:host`. */
export interface EntityPeer {
  kind: "entity";
  id: string;
  entity: ReservedIdentity;
  labels: Labels;
}

/** A block of external addresses (world), one atom of the split address space. */
export interface CidrPeer {
  kind: "cidr";
  id: string;
  family: 4 | 6;
  /** Inclusive first and last address, as canonical strings. */
  first: string;
  last: string;
  /** Numeric bounds of the block (inclusive), for matching. */
  start: bigint;
  end: bigint;
  /** Minimal CIDR cover of the block, for display. */
  cidrs: readonly string[];
}

/** An external DNS name (or name pattern) used by toFQDNs rules; its addresses are unknown (world). */
export interface FqdnPeer {
  kind: "fqdn";
  id: string;
  /** A DNS name or a Cilium matchPattern, lower case without trailing dot. */
  pattern: string;
}

export type Peer = EndpointPeer | EntityPeer | CidrPeer | FqdnPeer;

/** Peers with their own policy enforcement point (EVAL-2): only endpoints. */
export const isManaged = (p: Peer): p is EndpointPeer => p.kind === "endpoint";
