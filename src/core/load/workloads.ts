import type { Workload } from "../model/inventory.js";
import type { FieldPath } from "../model/manifest.js";
import type { NamedPort } from "../model/peer.js";
import type { FieldReader } from "./fields.js";
import { isRecord } from "./objects.js";
import type { WorkloadKind } from "./workload-kinds.js";

/**
 * netpol-analyzer's naming rule for Pods (docs in the conformance corpus, "Peer naming rules"):
 * a Pod with a `controller: true` ownerReference is named after that owner (name + kind), so all
 * pods of one owner collapse into one workload. A Node owner (static pod) is ignored; an owner
 * without a kind keeps the kind `Pod`.
 */
const podIdentity = (r: FieldReader): { kind: string; name: string } => {
  const own = { kind: "Pod", name: r.object.name };
  const metadata = r.record(r.object.body.metadata, ["metadata"]);
  const refs = r.list(metadata?.ownerReferences, ["metadata", "ownerReferences"]) ?? [];
  const index = refs.findIndex((ref) => isRecord(ref) && ref.controller === true);
  const ref = refs[index];
  if (!isRecord(ref)) return own;
  const path = ["metadata", "ownerReferences", index];
  const name = r.string(ref.name, [...path, "name"]);
  const kind = r.string(ref.kind, [...path, "kind"]);
  if (!name || kind === "Node") return own;
  return { kind: kind || "Pod", name };
};

/** Paths of one kind's pod template fields, built once per kind rather than once per object. */
interface TemplatePaths {
  spec: FieldPath;
  containers: FieldPath;
  serviceAccountName: FieldPath;
  serviceAccount: FieldPath;
  hostNetwork: FieldPath;
  metadata: FieldPath;
  labels: FieldPath;
}
const templatePaths = new WeakMap<WorkloadKind, TemplatePaths>();
const pathsOf = (kind: WorkloadKind): TemplatePaths => {
  let paths = templatePaths.get(kind);
  if (!paths) {
    const spec = [...kind.template, "spec"];
    const metadata = [...kind.template, "metadata"];
    paths = {
      spec,
      containers: [...spec, "containers"],
      serviceAccountName: [...spec, "serviceAccountName"],
      serviceAccount: [...spec, "serviceAccount"],
      hostNetwork: [...spec, "hostNetwork"],
      metadata,
      labels: [...metadata, "labels"],
    };
    templatePaths.set(kind, paths);
  }
  return paths;
};

/** Named container ports of `containers` (init and ephemeral containers serve no traffic). */
const namedPorts = (r: FieldReader, podSpec: Record<string, unknown> | undefined, containersPath: FieldPath): NamedPort[] => {
  const out: NamedPort[] = [];
  const containers = r.list(podSpec?.containers, containersPath) ?? [];
  for (let i = 0; i < containers.length; i++) {
    const container = r.record(containers[i], () => [...containersPath, i]);
    const ports = r.list(container?.ports, () => [...containersPath, i, "ports"]) ?? [];
    for (let j = 0; j < ports.length; j++) {
      const port = r.record(ports[j], () => [...containersPath, i, "ports", j]);
      if (!port) continue;
      const number = r.requiredPort(port, "containerPort", () => [...containersPath, i, "ports", j, "containerPort"]);
      const name = r.string(port.name, () => [...containersPath, i, "ports", j, "name"]);
      const protocol = r.protocol(port.protocol, () => [...containersPath, i, "ports", j, "protocol"]);
      if (number !== undefined && name && protocol) out.push({ name, port: number, protocol });
    }
  }
  return out;
};

/** The pod template's labels; a ReplicationController's pods default to its selector. */
const podLabels = (r: FieldReader, kind: WorkloadKind, template: Record<string, unknown> | undefined, paths: TemplatePaths) => {
  const metadata = r.record(template?.metadata, paths.metadata);
  const labels = r.labels(metadata?.labels, paths.labels);
  if (kind.kind !== "ReplicationController" || Object.keys(labels).length > 0) return labels;
  const spec = r.record(r.object.body.spec, ["spec"]);
  return r.labels(spec?.selector, ["spec", "selector"]);
};

/** Read one workload object (Pod, Deployment, ..., VirtualMachine) as the pods it runs. */
export const readWorkload = (r: FieldReader, kind: WorkloadKind): Workload => {
  const { object } = r;
  const paths = pathsOf(kind);
  const template = kind.template.length === 0 ? object.body : r.recordAt(kind.template);
  const podSpec = r.record(template?.spec, paths.spec);
  const identity = kind.kind === "Pod" ? podIdentity(r) : { kind: kind.kind, name: object.name };
  const account =
    r.string(podSpec?.serviceAccountName, paths.serviceAccountName) ||
    // `serviceAccount` is the deprecated spelling, still honoured by the API server.
    r.string(podSpec?.serviceAccount, paths.serviceAccount) ||
    "default";
  return {
    kind: identity.kind,
    name: identity.name,
    namespace: object.namespace ?? "default",
    podLabels: podLabels(r, kind, template, paths),
    serviceAccount: account,
    namedPorts: namedPorts(r, podSpec, paths.containers),
    hostNetwork: r.boolean(podSpec?.hostNetwork, paths.hostNetwork) ?? false,
    position: object.position,
  };
};
