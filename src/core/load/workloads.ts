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

/** Named container ports of `containers` (init and ephemeral containers serve no traffic). */
const namedPorts = (r: FieldReader, podSpec: Record<string, unknown> | undefined, specPath: FieldPath): NamedPort[] => {
  const out: NamedPort[] = [];
  const containersPath = [...specPath, "containers"];
  const containers = r.list(podSpec?.containers, containersPath) ?? [];
  containers.forEach((c, i) => {
    const container = r.record(c, [...containersPath, i]);
    const portsPath = [...containersPath, i, "ports"];
    const ports = r.list(container?.ports, portsPath) ?? [];
    ports.forEach((p, j) => {
      const port = r.record(p, [...portsPath, j]);
      if (!port) return;
      const number = r.requiredPort(port, "containerPort", [...portsPath, j, "containerPort"]);
      const name = r.string(port.name, [...portsPath, j, "name"]);
      const protocol = r.protocol(port.protocol, [...portsPath, j, "protocol"]);
      if (number !== undefined && name && protocol) out.push({ name, port: number, protocol });
    });
  });
  return out;
};

/** The pod template's labels; a ReplicationController's pods default to its selector. */
const podLabels = (r: FieldReader, kind: WorkloadKind, template: Record<string, unknown> | undefined) => {
  const path = [...kind.template, "metadata"];
  const metadata = r.record(template?.metadata, path);
  const labels = r.labels(metadata?.labels, [...path, "labels"]);
  if (kind.kind !== "ReplicationController" || Object.keys(labels).length > 0) return labels;
  const spec = r.record(r.object.body.spec, ["spec"]);
  return r.labels(spec?.selector, ["spec", "selector"]);
};

/** Read one workload object (Pod, Deployment, ..., VirtualMachine) as the pods it runs. */
export const readWorkload = (r: FieldReader, kind: WorkloadKind): Workload => {
  const { object } = r;
  const template = kind.template.length === 0 ? object.body : r.recordAt(kind.template);
  const specPath = [...kind.template, "spec"];
  const podSpec = r.record(template?.spec, specPath);
  const identity = kind.kind === "Pod" ? podIdentity(r) : { kind: kind.kind, name: object.name };
  const account =
    r.string(podSpec?.serviceAccountName, [...specPath, "serviceAccountName"]) ||
    // `serviceAccount` is the deprecated spelling, still honoured by the API server.
    r.string(podSpec?.serviceAccount, [...specPath, "serviceAccount"]) ||
    "default";
  return {
    ...identity,
    namespace: object.namespace ?? "default",
    podLabels: podLabels(r, kind, template),
    serviceAccount: account,
    namedPorts: namedPorts(r, podSpec, specPath),
    hostNetwork: r.boolean(podSpec?.hostNetwork, [...specPath, "hostNetwork"]) ?? false,
    position: object.position,
  };
};
