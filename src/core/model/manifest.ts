import type { Position } from "./position.js";

/** A path into a manifest body, e.g. ["spec", "ingress", 0, "from"]. */
export type FieldPath = ReadonlyArray<string | number>;

/**
 * One Kubernetes object read from a file, with positions kept for every field.
 * `body` is the plain JSON value of the document (already bounded against alias bombs).
 */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  name: string;
  /** `metadata.namespace` as written (undefined when absent; cluster-scoped kinds have none). */
  namespace: string | undefined;
  body: Record<string, unknown>;
  /** Position of the object (its first key). */
  position: Position;
  /** Position of a field; falls back to the nearest existing ancestor, then to the object. */
  at(path: FieldPath): Position;
}

/** `Kind ns/name` or `Kind name`, used in messages and provenance. */
export const objectRef = (o: Pick<ManifestObject, "kind" | "name" | "namespace">): string =>
  o.namespace ? `${o.kind} ${o.namespace}/${o.name}` : `${o.kind} ${o.name}`;
