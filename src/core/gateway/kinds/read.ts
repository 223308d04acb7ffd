import type { DiagnosticSink } from "../../model/diagnostic.js";
import type { FieldPath, ManifestObject } from "../../model/manifest.js";
import { FieldReader } from "../../load/fields.js";
import { isRecord } from "../../load/objects.js";
import type { FromNamespaces, LabelSelector, Meta, TargetRef, TargetSelector } from "../model.js";

/**
 * Field reading shared by the gateway kinds: a FieldReader (wrong types become INVALID_FIELD
 * diagnostics and read as absent) plus the few shapes every Gateway API object repeats.
 */
export class GatewayReader extends FieldReader {
  constructor(object: ManifestObject, report: DiagnosticSink) {
    super(object, report);
  }

  get spec(): Record<string, unknown> {
    return this.record(this.object.body.spec, ["spec"]) ?? {};
  }

  /** Object metadata; namespaced kinds default to `default` like kubectl apply. */
  meta(): Meta {
    const metadata = this.record(this.object.body.metadata, ["metadata"]);
    return {
      kind: this.object.kind,
      namespace: this.object.namespace ?? "default",
      name: this.object.name,
      labels: this.labels(metadata?.labels, ["metadata", "labels"]),
      annotations: this.labels(metadata?.annotations, ["metadata", "annotations"]),
      object: this.object,
    };
  }

  /** Each record of a list field, with its path; non-records are reported and skipped. */
  items(value: unknown, path: FieldPath): Array<{ item: Record<string, unknown>; path: FieldPath }> {
    const list = this.list(value, path) ?? [];
    const out: Array<{ item: Record<string, unknown>; path: FieldPath }> = [];
    list.forEach((raw, i) => {
      const item = this.record(raw, [...path, i]);
      if (item) out.push({ item, path: [...path, i] });
    });
    return out;
  }

  strings(value: unknown, path: FieldPath): string[] {
    return (this.list(value, path) ?? []).flatMap((v, i) => {
      const s = this.string(v, [...path, i]);
      return s === undefined ? [] : [s];
    });
  }

  /** A port that may be absent (optional fields); present but invalid is reported. */
  optionalPort(value: unknown, path: FieldPath): number | undefined {
    return value === undefined || value === null ? undefined : this.port(value, path);
  }

  enumOf<T extends string>(value: unknown, path: FieldPath, allowed: readonly T[], fallback: T): T {
    const s = this.string(value, path);
    if (s === undefined) return fallback;
    if ((allowed as readonly string[]).includes(s)) return s as T;
    this.invalid(path, `must be one of ${allowed.join(", ")}`);
    return fallback;
  }

  labelSelector(value: unknown, path: FieldPath): LabelSelector | undefined {
    const raw = this.record(value, path);
    if (!raw) return undefined;
    const matchExpressions = this.items(raw.matchExpressions, [...path, "matchExpressions"]).map(({ item, path: p }) => ({
      key: this.string(item.key, [...p, "key"]) ?? "",
      operator: this.string(item.operator, [...p, "operator"]) ?? "In",
      values: this.strings(item.values, [...p, "values"]),
    }));
    return { matchLabels: this.labels(raw.matchLabels, [...path, "matchLabels"]), matchExpressions };
  }

  fromNamespaces(value: unknown, path: FieldPath, fallback: FromNamespaces): FromNamespaces {
    return this.enumOf(value, path, ["Same", "All", "Selector", "None"] as const, fallback);
  }

  /** Policy `targetRefs[]` plus the deprecated singular `targetRef` (EG3). */
  targetRefs(spec: Record<string, unknown>): TargetRef[] {
    const many = this.items(spec.targetRefs, ["spec", "targetRefs"]);
    const single = isRecord(spec.targetRef) ? [{ item: spec.targetRef, path: ["spec", "targetRef"] as FieldPath }] : [];
    return [...many, ...single].map(({ item, path }) => ({
      object: this.object,
      path,
      group: this.string(item.group, [...path, "group"]) ?? "gateway.networking.k8s.io",
      kind: this.string(item.kind, [...path, "kind"]) ?? "",
      name: this.string(item.name, [...path, "name"]) ?? "",
      sectionName: this.string(item.sectionName, [...path, "sectionName"]),
    }));
  }

  targetSelectors(spec: Record<string, unknown>): TargetSelector[] {
    return this.items(spec.targetSelectors, ["spec", "targetSelectors"]).map(({ item, path }) => {
      const namespaces = this.record(item.namespaces, [...path, "namespaces"]);
      return {
        object: this.object,
        path,
        group: this.string(item.group, [...path, "group"]) ?? "gateway.networking.k8s.io",
        kind: this.string(item.kind, [...path, "kind"]) ?? "",
        selector: {
          matchLabels: this.labels(item.matchLabels, [...path, "matchLabels"]),
          matchExpressions: this.labelSelector({ matchExpressions: item.matchExpressions }, path)?.matchExpressions ?? [],
        },
        namespacesFrom: namespaces ? this.fromNamespaces(namespaces.from, [...path, "namespaces", "from"], "Same") : undefined,
      };
    });
  }
}

/** Standard LabelSelector semantics over plain labels; the empty selector matches everything. */
export const labelSelectorMatches = (s: LabelSelector, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(s.matchLabels).every(([k, v]) => labels[k] === v) &&
  s.matchExpressions.every((e) => {
    const v = labels[e.key];
    switch (e.operator) {
      case "In":
        return v !== undefined && e.values.includes(v);
      case "NotIn":
        return v === undefined || !e.values.includes(v);
      case "Exists":
        return v !== undefined;
      case "DoesNotExist":
        return v === undefined;
      default:
        return false;
    }
  });

export const isEmptySelector = (s: LabelSelector): boolean =>
  Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;

/** `ns/name` of an object, as rows and findings show it. */
export const nsName = (m: { namespace: string; name: string }): string => `${m.namespace}/${m.name}`;
