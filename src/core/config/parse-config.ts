import { Ajv, type ErrorObject } from "ajv";
import { isMap, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { diagnostic, type Diagnostic } from "../model/diagnostic.js";
import type { FieldPath } from "../model/manifest.js";
import type { Position, SourceFile } from "../model/position.js";
import { makeAt } from "../load/yaml-node.js";
import { CONFIG_CODES, dottedPath } from "./config-codes.js";
import { normalizeConfig } from "./normalize-config.js";
import { configSchema } from "./schema.js";
import type { TenantConfig } from "./types.js";

export interface ParsedConfig {
  /** Undefined when the file has errors: a broken config is never half-applied. */
  config?: TenantConfig;
  diagnostics: Diagnostic[];
}

// strictRequired would reject `anyOf: [{required: [namespaces]}, …]`, the standard "one of these fields" idiom.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(configSchema);

/** `/tenants/sales/egress/cidrs/0` → `["tenants", "sales", "egress", "cidrs", 0]`. */
const pointerPath = (pointer: string): FieldPath =>
  pointer
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));

/** The field an ajv error is about, and whether the error is about its key (unknown or misnamed) rather than its value. */
function errorPath(e: ErrorObject): { path: FieldPath; key: boolean } {
  const base = pointerPath(e.instancePath);
  const params = e.params as { additionalProperty?: string; propertyName?: string };
  if (e.keyword === "additionalProperties" && params.additionalProperty !== undefined) return { path: [...base, params.additionalProperty], key: true };
  if (e.propertyName !== undefined) return { path: [...base, e.propertyName], key: true };
  return { path: base, key: false };
}

/** Where a map key is written (an unknown field is reported at its name, not at its value). */
function keyPosition(doc: Document, lineCounter: LineCounter, file: string, path: FieldPath): Position | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]));
  const range = isScalar(pair?.key) ? pair.key.range : undefined;
  return range ? { file, ...lineCounter.linePos(range[0]) } : undefined;
}

function errorMessage(e: ErrorObject, path: FieldPath): string {
  const params = e.params as { additionalProperty?: string; allowedValues?: unknown[]; missingProperty?: string };
  const where = dottedPath(path);
  let what = e.message ?? "is invalid";
  if (e.keyword === "additionalProperties") what = "is not a known field";
  else if (e.propertyName !== undefined) what = e.schemaPath.includes("/rules/") ? "is not a known rule id" : "is not a valid name (lower-case letters, digits and -)";
  else if (e.keyword === "anyOf" && e.schemaPath.includes("/tenant/")) what = "must set namespaces or namespaceSelector";
  else if (e.keyword === "enum") what = `must be one of ${(params.allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
  return `${where} ${what} (schema ${e.schemaPath})`;
}

/** Keep one error per place: branch errors inside `anyOf` only repeat what the `anyOf` error says. */
const relevant = (errors: readonly ErrorObject[]): ErrorObject[] => {
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (/\/anyOf\/\d+\//.test(e.schemaPath)) return false;
    if (e.keyword === "if" || (e.keyword === "propertyNames" && e.propertyName === undefined)) return false;
    const key = `${e.instancePath}|${e.keyword}|${e.propertyName ?? ""}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/**
 * Parse and validate `.github/bulkhead.yml`. Problems are diagnostics at file:line:col, each naming
 * the field and the schema path; any error means no config (the caller fails closed).
 *
 * @example
 * const { config, diagnostics } = parseConfig({ path: ".github/bulkhead.yml", text: "tenants: {sales: {namespaces: [sales]}}" });
 */
export function parseConfig(file: SourceFile): ParsedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const top: Position = { file: file.path, line: 1, col: 1 };
  const positionOf = (offset: number): Position => ({ file: file.path, ...lineCounter.linePos(offset) });
  const yamlProblems = [...doc.errors, ...doc.warnings].map((e) =>
    diagnostic(CONFIG_CODES.yaml, doc.errors.includes(e as never) ? "error" : "warning", e.message.split("\n")[0]!, positionOf(e.pos[0])),
  );
  if (doc.errors.length > 0) return { diagnostics: yamlProblems };
  const value: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const at = makeAt({ file: file.path, lineCounter, doc }, doc.contents, top);
  if (!validate(value)) {
    const schemaErrors = relevant(validate.errors ?? []).map((e) => {
      const { path, key } = errorPath(e);
      const where = (key ? keyPosition(doc, lineCounter, file.path, path) : undefined) ?? at(path);
      return diagnostic(CONFIG_CODES.schema, "error", errorMessage(e, path), where);
    });
    return { diagnostics: [...yamlProblems, ...schemaErrors] };
  }
  const normalized = normalizeConfig(value as Record<string, unknown>, file.path, at);
  const diagnostics = [...yamlProblems, ...normalized.diagnostics];
  return diagnostics.some((d) => d.severity === "error") ? { diagnostics } : { config: normalized.config, diagnostics };
}
