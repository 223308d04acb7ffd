import type { Diagnostic, DiagnosticSink, Severity } from "../../model/diagnostic.js";
import { diagnostic } from "../../model/diagnostic.js";
import type { Selector } from "../../model/labels.js";
import type { FieldPath, ManifestObject } from "../../model/manifest.js";
import { objectRef } from "../../model/manifest.js";
import { parseLabelSelector } from "../shared/parse-label-selector.js";
import { formatPath } from "../shared/format-path.js";
import { isRecord } from "../../load/objects.js";

export { formatPath, isRecord };

/** Diagnostic codes of this module (documented in docs/diagnostics.md, section NetworkPolicy). */
export const CODES = {
  invalid: "INVALID_POLICY",
  unknownField: "UNKNOWN_FIELD",
  policyTypesIgnored: "KNP_POLICYTYPES_IGNORED",
  sectionIgnored: "KNP_SECTION_IGNORED",
  negativeNamespaceSelector: "NEGATIVE_NAMESPACE_SELECTOR",
} as const;

const SELECTOR_FIELDS = ["matchLabels", "matchExpressions"] as const;

/**
 * Reads the raw body of one NetworkPolicy with the API server's eyes: wrong types make the object
 * invalid (`ok` turns false, an INVALID_POLICY error is reported at the field) and unknown fields are
 * pruned with a warning. Reading goes on after an error so that every problem is reported at once.
 */
export class PolicyReader {
  ok = true;

  constructor(
    readonly object: ManifestObject,
    private readonly sink: DiagnosticSink,
  ) {}

  report(code: string, severity: Severity, path: FieldPath, message: string, rule?: string): void {
    const extra: { object: string; rule?: string } = { object: objectRef(this.object) };
    if (rule !== undefined) extra.rule = rule;
    const d: Diagnostic = diagnostic(code, severity, message, this.object.at(path), extra);
    this.sink(d);
  }

  /** The API server would reject the object (OBJ-4 analogue): nobody enforces it. */
  invalid(path: FieldPath, message: string): undefined {
    this.ok = false;
    this.report(
      CODES.invalid,
      "error",
      path,
      `${formatPath(path)}: ${message}; the API server rejects this NetworkPolicy, so it is enforced by nobody`,
      "OBJ-4",
    );
    return undefined;
  }

  /**
   * An object field. `null`/absent reads as `{}` (Go zero value); anything but a map is invalid.
   * Keys outside `allowed` are reported as UNKNOWN_FIELD and ignored.
   */
  record(raw: unknown, path: FieldPath, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (raw === null || raw === undefined) return {};
    if (!isRecord(raw)) return this.invalid(path, "must be an object");
    // for-in rather than Object.keys: no array per object read (own keys, same order).
    for (const key in raw) {
      if (!Object.hasOwn(raw, key) || allowed.includes(key)) continue;
      this.report(
        CODES.unknownField,
        "warning",
        [...path, key],
        `unknown field ${formatPath([...path, key])}: the API server prunes it, it has no effect`,
      );
    }
    return raw;
  }

  /** A list field. `null`/absent reads as `[]`; anything but a list is invalid. */
  list(raw: unknown, path: FieldPath): readonly unknown[] | undefined {
    if (raw === null || raw === undefined) return [];
    if (!Array.isArray(raw)) return this.invalid(path, "must be a list");
    return raw;
  }

  /** A Kubernetes LabelSelector; keys are mapped with `mapKey`. Malformed → INVALID_SELECTOR error. */
  selector(raw: unknown, path: FieldPath, mapKey: (key: string) => string): Selector | undefined {
    if (isRecord(raw)) this.record(raw, path, SELECTOR_FIELDS);
    const selector = parseLabelSelector(raw, path, this.object, this.sink, { mapKey });
    if (selector === undefined) this.ok = false;
    return selector;
  }
}
