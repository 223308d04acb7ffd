import type { NamedPort } from "./peer.js";
import type { Position } from "./position.js";

export interface Namespace {
  name: string;
  /** Labels including `kubernetes.io/metadata.name`, which the API server always sets. */
  labels: Readonly<Record<string, string>>;
  /** false when the namespace is only referenced (implicit, with just the metadata.name label). */
  declared: boolean;
  position?: Position;
}

/** Pod template information of a workload (or a bare Pod). */
export interface Workload {
  kind: string;
  namespace: string;
  name: string;
  podLabels: Readonly<Record<string, string>>;
  serviceAccount: string;
  namedPorts: readonly NamedPort[];
  /** hostNetwork pods are not endpoints; they carry the node identity (SUBJ-5). */
  hostNetwork: boolean;
  position: Position;
}

export interface ServicePort {
  name?: string;
  port: number;
  /** Number or container port name. Defaults to `port`. */
  targetPort: number | string;
  protocol: "TCP" | "UDP" | "SCTP";
}

export interface Service {
  namespace: string;
  name: string;
  /** null for a selector-less Service (SVC-2). */
  selector: Readonly<Record<string, string>> | null;
  ports: readonly ServicePort[];
  labels: Readonly<Record<string, string>>;
  position: Position;
}

/** Everything policies select from: namespaces, workloads and services of one side (base or head). */
export interface Inventory {
  namespaces: ReadonlyMap<string, Namespace>;
  workloads: readonly Workload[];
  services: readonly Service[];
}
