import { diagnostic } from "../model/diagnostic.js";
import type { DiagnosticSink } from "../model/diagnostic.js";
import type { ManifestObject } from "../model/manifest.js";
import type { Position } from "../model/position.js";
import { makeAt, step } from "./yaml-node.js";
import type { NodeContext } from "./yaml-node.js";

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const nonEmptyString = (v: unknown): v is string => typeof v === "string" && v !== "";

/** Where one candidate object sits: its plain value, its yaml node and the node's position. */
interface Located {
  value: Record<string, unknown>;
  node: unknown;
  position: Position;
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
export const collectObjects = (
  ctx: NodeContext,
  located: Located,
  report: DiagnosticSink,
  emit: (o: ManifestObject) => void,
): void => {
  const { value, node, position } = located;
  const itemKind = listItemKind(value.kind, value);
  if (itemKind !== undefined) {
    const itemsNode = step(ctx, node, "items", position);
    (value.items as unknown[]).forEach((item, i) => {
      if (!isRecord(item)) return; // not an object: nothing to analyse, nothing to say
      const at = step(ctx, itemsNode?.node, i, itemsNode?.position ?? position);
      const inferred =
        itemKind === "" ? item : { ...item, apiVersion: item.apiVersion ?? value.apiVersion, kind: item.kind ?? itemKind };
      collectObjects(ctx, { value: inferred, node: at?.node, position: at?.position ?? position }, report, emit);
    });
    return;
  }
  const object = toManifestObject(ctx, located, report);
  if (object) emit(object);
};

const toManifestObject = (ctx: NodeContext, located: Located, report: DiagnosticSink): ManifestObject | undefined => {
  const { value, node, position } = located;
  const at = makeAt(ctx, node, position);
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
