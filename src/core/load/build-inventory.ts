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
  const accepts = (o: ManifestObject, known: readonly string[]) => replay(once(o, `accepts ${known.join()}`, (r) => acceptsApiVersion(o, known, r)), report);
  const read = <T>(o: ManifestObject, what: string, reader: (r: FieldReader) => T): T => replay(once(o, what, (r) => reader(new FieldReader(o, r))), report);
  for (const o of objects) {
    if (o.kind === "Namespace" && accepts(o, NAMESPACE_API_VERSIONS) && !namespaces.has(o.name)) namespaces.set(o.name, read(o, "namespace", readNamespace));
  }
  for (const o of objects) {
    const workloadKind = WORKLOAD_KINDS.get(o.kind);
    if (workloadKind && accepts(o, workloadKind.apiVersions)) addWorkload(workloads, read(o, "workload", (r) => readWorkload(r, workloadKind)), report);
    else if (o.kind === "Service" && accepts(o, SERVICE_API_VERSIONS)) services.push(read(o, "service", readService));
  }
  const referenced = [
    ...objects.filter((o) => o.namespace !== undefined && !CLUSTER_SCOPED_KINDS.has(o.kind)).map((o) => o.namespace!),
    ...[...workloads.values()].map((w) => w.namespace),
    ...services.map((s) => s.namespace),
    ...extraNamespaces,
  ];
  for (const name of referenced) ensureNamespace(namespaces, name);
  return { namespaces, workloads: [...workloads.values()], services };
}

/**
 * What reading one object gave, with the diagnostics it reported, kept per object: reading depends
 * on the object alone, and objects are shared between the sides of a change and between events
 * (load/parse-cache.ts), so each is read once. Results are shared: nothing may modify them.
 */
interface Read {
  value: unknown;
  diagnostics: Diagnostic[];
}
const reads = new WeakMap<ManifestObject, Map<string, Read>>();

const once = <T>(o: ManifestObject, what: string, compute: (report: DiagnosticSink) => T): { value: T; diagnostics: readonly Diagnostic[] } => {
  let byWhat = reads.get(o);
  if (!byWhat) reads.set(o, (byWhat = new Map()));
  let hit = byWhat.get(what);
  if (!hit) {
    const diagnostics: Diagnostic[] = [];
    hit = { value: compute((d) => diagnostics.push(d)), diagnostics };
    byWhat.set(what, hit);
  }
  return hit as { value: T; diagnostics: readonly Diagnostic[] };
};

const replay = <T>(r: { value: T; diagnostics: readonly Diagnostic[] }, report: DiagnosticSink): T => {
  for (const d of r.diagnostics) report(d);
  return r.value;
};

/** Add `name` as an implicit namespace unless it exists. Exported for stages that hold a mutable map. */
export const ensureNamespace = (namespaces: Map<string, Namespace>, name: string): void => {
  if (!namespaces.has(name)) namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
};

/** Read only known apiVersions; read unknown versions of our groups with a warning; skip other APIs' kinds. */
const acceptsApiVersion = (o: ManifestObject, known: readonly string[], report: DiagnosticSink): boolean => {
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
  const key = JSON.stringify([w.namespace, w.kind, w.name]);
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
