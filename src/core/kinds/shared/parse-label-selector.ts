import { requirement } from "../../algebra/selector.js";
import type { DiagnosticSink } from "../../model/diagnostic.js";
import { diagnostic } from "../../model/diagnostic.js";
import type { Requirement, Selector, SelectorOperator } from "../../model/labels.js";
import type { FieldPath, ManifestObject } from "../../model/manifest.js";
import { objectRef } from "../../model/manifest.js";

const OPERATORS: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

export interface SelectorParseOptions {
  /** Maps a key as written to the source-prefixed key of the rule model (e.g. `app` → `any:app`). */
  mapKey: (key: string) => string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Parse a Kubernetes LabelSelector (`matchLabels` + `matchExpressions`) into a normalised selector.
 * `null`/absent parses as the empty selector. Returns undefined when the selector is malformed; an
 * error diagnostic (code `INVALID_SELECTOR`) has then been reported at the offending field.
 */
export function parseLabelSelector(
  raw: unknown,
  path: FieldPath,
  object: ManifestObject,
  report: DiagnosticSink,
  options: SelectorParseOptions,
): Selector | undefined {
  const fail = (at: FieldPath, message: string): undefined => {
    report(diagnostic("INVALID_SELECTOR", "error", message, object.at(at), { object: objectRef(object) }));
    return undefined;
  };
  if (raw === null || raw === undefined) return { requirements: [] };
  if (!isRecord(raw)) return fail(path, `${path.join(".")} must be a label selector object`);
  const requirements: Requirement[] = [];
  const { matchLabels, matchExpressions } = raw;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return fail([...path, "matchLabels"], "matchLabels must be a map of strings");
    for (const k in matchLabels) {
      if (!Object.hasOwn(matchLabels, k)) continue;
      const v = matchLabels[k];
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean" && v !== null)
        return fail([...path, "matchLabels", k], `matchLabels.${k} must be a string`);
      requirements.push(requirement(options.mapKey(k), "In", [v === null ? "" : String(v)]));
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return fail([...path, "matchExpressions"], "matchExpressions must be a list");
    for (let i = 0; i < matchExpressions.length; i++) {
      const e: unknown = matchExpressions[i];
      const at = [...path, "matchExpressions", i];
      if (!isRecord(e) || typeof e.key !== "string") return fail(at, "a matchExpression needs a string key");
      const op = e.operator;
      if (typeof op !== "string" || !OPERATORS.includes(op as SelectorOperator))
        return fail([...at, "operator"], `operator must be one of ${OPERATORS.join(", ")}`);
      const values = e.values ?? [];
      if (!Array.isArray(values)) return fail([...at, "values"], "values must be a list");
      const needsValues = op === "In" || op === "NotIn";
      if (needsValues && values.length === 0) return fail([...at, "values"], `operator ${op} needs at least one value`);
      if (!needsValues && values.length > 0) return fail([...at, "values"], `operator ${op} takes no values`);
      requirements.push(requirement(options.mapKey(e.key), op as SelectorOperator, values.map(String)));
    }
  }
  return { requirements };
}
