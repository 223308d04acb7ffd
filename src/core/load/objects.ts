import { diagnostic } from "../model/diagnostic.js";
import type { DiagnosticSink } from "../model/diagnostic.js";
import type { FieldPath, ManifestObject } from "../model/manifest.js";
import type { Position } from "../model/position.js";

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v !== "";

/**
 * Where one candidate object sits: its plain value, its position, and the positions of its fields
 * (`ManifestObject.at`), however the file was parsed.
 */
export interface Located {
  value: Record<string, unknown>;
  position: Position;
  at: (path: FieldPath) => Position;
}

/**
 * `List` (kubectl's generic wrapper) and typed lists (`PodList`, `NetworkPolicyList`) hold their
 * objects in `items`. Items of a typed list read from the API omit kind/apiVersion; they are the
 * list's item kind, in the list's apiVersion.
 */
const listItemKind = (kind: unknown, value: Record<string, unknown>): string | undefined =>
  typeof kind === "string" && kind.endsWith("List") && Array.isArray(value.items) ? kind.slice(0, -4) : undefined;

/**
 * Turn one YAML document (or one item of a list) into manifest objects. Invalid identities are
 * reported and skipped; everything else, kinds we do not analyse included, is kept (cheap).
 */
export const collectObjects = (located: Located, report: DiagnosticSink, emit: (o: ManifestObject) => void): void => {
  const { value, at } = located;
  const itemKind = listItemKind(value.kind, value);
  if (itemKind !== undefined) {
    (value.items as unknown[]).forEach((item, i) => {
      if (!isRecord(item)) return; // not an object: nothing to analyse, nothing to say
      // Positions of an item are the list's, below `items[i]`.
      const itemAt = (path: FieldPath): Position => at(["items", i, ...path]);
      const inferred =
        itemKind === "" ? item : { ...item, apiVersion: item.apiVersion ?? value.apiVersion, kind: item.kind ?? itemKind };
      collectObjects({ value: inferred, position: itemAt([]), at: itemAt }, report, emit);
    });
    return;
  }
  const object = toManifestObject(located, report);
  if (object) emit(object);
};

const toManifestObject = (located: Located, report: DiagnosticSink): ManifestObject | undefined => {
  const { value, position, at } = located;
  const { apiVersion, kind } = value;
  if (!nonEmptyString(apiVersion) || !nonEmptyString(kind)) {
    const what = !nonEmptyString(kind) ? "kind" : "apiVersion";
    report(diagnostic("MISSING_KIND", "warning", `document has no ${what}; it is not a Kubernetes object and was skipped`, at([what])));
    return undefined;
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const { name, namespace } = metadata;
  if (!nonEmptyString(name)) {
    const message =
      name === undefined || name === null || name === ""
        ? `${kind} has no metadata.name; it was skipped`
        : `${kind} metadata.name must be a string; the object was skipped`;
    report(diagnostic("MISSING_NAME", "error", message, at(["metadata", "name"]), { object: kind }));
    return undefined;
  }
  if (namespace !== undefined && namespace !== null && typeof namespace !== "string") {
    const message = `metadata.namespace of ${kind} ${name} must be a string; the object was skipped`;
    report(diagnostic("INVALID_FIELD", "error", message, at(["metadata", "namespace"]), { object: `${kind} ${name}` }));
    return undefined;
  }
  return {
    apiVersion,
    kind,
    name,
    // The API server treats an empty namespace as unset.
    namespace: nonEmptyString(namespace) ? namespace : undefined,
    body: value,
    position,
    at,
  };
};
