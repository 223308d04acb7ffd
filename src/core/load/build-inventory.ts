import { diagnostic } from "../model/diagnostic.js";
import type { Diagnostic, DiagnosticSink } from "../model/diagnostic.js";
import type { Inventory, Namespace, Service, Workload } from "../model/inventory.js";
import { NAMESPACE_NAME_LABEL } from "../model/labels.js";
import type { ManifestObject } from "../model/manifest.js";
import { objectRef } from "../model/manifest.js";
import { FieldReader } from "./fields.js";
import { readService } from "./services.js";
import {
  CLUSTER_SCOPED_KINDS,
  NAMESPACE_API_VERSIONS,
  SERVICE_API_VERSIONS,
  WORKLOAD_KINDS,
  apiVersionStatus,
} from "./workload-kinds.js";
import { readWorkload } from "./workloads.js";

/**
 * Build the inventory policies select from: namespaces, workloads and services.
 * `extraNamespaces` are names referenced elsewhere (e.g. a policy's namespace); like every
 * referenced but undeclared namespace they exist implicitly with just the metadata.name label.
 */
export function buildInventory(
  objects: readonly ManifestObject[],
  report: DiagnosticSink,
  extraNamespaces: Iterable<string> = [],
): Inventory {
  const namespaces = new Map<string, Namespace>();
  const workloads = new Map<string, Workload>();
  const services: Service[] = [];
  // Index loops: they run for every object, mostly before the optimising compiler has caught up,
  // where every for-of step allocates an iterator result.
  for (let k = 0; k < objects.length; k++) {
    const o = objects[k]!;
    if (o.kind === "Namespace" && accepts(o, NAMESPACE_API_VERSIONS, report) && !namespaces.has(o.name))
      namespaces.set(o.name, readOnce(namespaceReads, o, report, readNamespace, undefined));
  }
  for (let k = 0; k < objects.length; k++) {
    const o = objects[k]!;
    const workloadKind = WORKLOAD_KINDS.get(o.kind);
    if (workloadKind && accepts(o, workloadKind.apiVersions, report)) addWorkload(workloads, readOnce(workloadReads, o, report, readWorkload, workloadKind), report);
    else if (o.kind === "Service" && accepts(o, SERVICE_API_VERSIONS, report)) services.push(readOnce(serviceReads, o, report, readService, undefined));
  }
  // Referenced namespaces, in this order: of objects, of workloads, of services, then the extra ones.
  for (let k = 0; k < objects.length; k++) {
    const o = objects[k]!;
    if (o.namespace !== undefined && !CLUSTER_SCOPED_KINDS.has(o.kind)) ensureNamespace(namespaces, o.namespace);
  }
  for (const w of workloads.values()) ensureNamespace(namespaces, w.namespace);
  for (const s of services) ensureNamespace(namespaces, s.namespace);
  for (const name of extraNamespaces) ensureNamespace(namespaces, name);
  return { namespaces, workloads: [...workloads.values()], services };
}

/**
 * What reading one object gave, with the diagnostics it reported, kept per object: reading depends
 * on the object alone, and objects are shared between the sides of a change and between events
 * (load/parse-cache.ts), so each is read once. Results are shared: nothing may modify them.
 */
interface Read<T> {
  value: T;
  diagnostics: Diagnostic[];
}
const namespaceReads = new WeakMap<ManifestObject, Read<Namespace>>();
const workloadReads = new WeakMap<ManifestObject, Read<Workload>>();
const serviceReads = new WeakMap<ManifestObject, Read<Service>>();

const readOnce = <T, A>(reads: WeakMap<ManifestObject, Read<T>>, o: ManifestObject, report: DiagnosticSink, reader: (r: FieldReader, arg: A) => T, arg: A): T => {
  let hit = reads.get(o);
  if (!hit) {
    const diagnostics: Diagnostic[] = [];
    hit = { value: reader(new FieldReader(o, (d) => diagnostics.push(d)), arg), diagnostics };
    reads.set(o, hit);
  }
  if (hit.diagnostics.length > 0) for (const d of hit.diagnostics) report(d);
  return hit.value;
};

/** Add `name` as an implicit namespace unless it exists. Exported for stages that hold a mutable map. */
export const ensureNamespace = (namespaces: Map<string, Namespace>, name: string): void => {
  if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
};

/** Read only known apiVersions; read unknown versions of our groups with a warning; skip other APIs' kinds. */
const accepts = (o: ManifestObject, known: readonly string[], report: DiagnosticSink): boolean => {
  const status = apiVersionStatus(o.apiVersion, known);
  if (status === "unknown") {
    const message = `${o.kind} with apiVersion ${o.apiVersion} is not a version Bulkhead knows (${known.join(", ")}); it was read as ${o.kind} ${known[0]}`;
    report(diagnostic("UNKNOWN_API_VERSION", "warning", message, o.at(["apiVersion"]), { object: objectRef(o) }));
  }
  return status !== "foreign";
};

const readNamespace = (r: FieldReader): Namespace => {
  const { object } = r;
  const metadata = r.record(object.body.metadata, ["metadata"]);
  const labels = r.labels(metadata?.labels, ["metadata", "labels"]);
  // The API server always sets this label to the namespace's name, whatever the manifest says.
  labels[NAMESPACE_NAME_LABEL] = object.name;
  return { name: object.name, labels, declared: true, position: object.position };
};

const sameLabels = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
};

/**
 * Workloads with the same namespace, kind and name are one peer: pods of one owner, or an owner
 * that is also declared. The first one's labels are used; container port names are merged so
 * named ports resolve for every pod of the owner.
 */
const addWorkload = (workloads: Map<string, Workload>, w: Workload, report: DiagnosticSink): void => {
  // Unambiguous for any strings (the lengths tell where each part ends), and cheaper than JSON.
  const key = `${w.namespace.length}:${w.kind.length}:${w.namespace}${w.kind}${w.name}`;
  const first = workloads.get(key);
  if (!first) {
    workloads.set(key, w);
    return;
  }
  if (!sameLabels(first.podLabels, w.podLabels)) {
    const ref = `${w.kind} ${w.namespace}/${w.name}`;
    const message = `pods of ${ref} have different labels; the analysis uses those of the first one (${first.position.file}:${first.position.line})`;
    report(diagnostic("WORKLOAD_LABELS_DIFFER", "warning", message, w.position, { object: ref }));
  }
  const names = new Set(first.namedPorts.map((p) => p.name));
  const added = w.namedPorts.filter((p) => !names.has(p.name));
  if (added.length > 0) workloads.set(key, { ...first, namedPorts: [...first.namedPorts, ...added] });
};
