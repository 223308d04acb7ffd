import { LineCounter, parseAllDocuments } from "yaml";
import { fastDocuments, withLf } from "../../../src/core/load/fast-yaml.js";
import { fastLocated } from "../../../src/core/load/fast-path.js";
import { DEFAULT_LOAD_LIMITS } from "../../../src/core/load/limits.js";
import { literalDepth, makeAt, nodePosition } from "../../../src/core/load/yaml-node.js";
import type { FieldPath } from "../../../src/core/model/manifest.js";
import type { Position } from "../../../src/core/model/position.js";

/**
 * The oracle for the fast YAML path: whenever it accepts a text, yaml (as the loader configures it)
 * must accept it without errors or warnings, with the same values, and with the same position for
 * every field path (and for paths that do not exist). Returns a description of the first
 * difference, or undefined. Shared by the corpus and property tests and by ad-hoc fuzzing.
 */
export function compareWithYaml(text: string, maxDepth = DEFAULT_LOAD_LIMITS.maxDepth): string | undefined {
  // The loader reads CRLF text as LF (same lines and columns); yaml reads the original.
  const lf = withLf(text);
  const fast = lf === undefined ? undefined : fastDocuments(lf, maxDepth);
  if (!fast) return undefined;
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true, logLevel: "silent" });
  const problems = docs.flatMap((d) => [...d.errors, ...d.warnings]);
  if (problems.length > 0) return `fast path accepted what yaml reports: ${problems[0]!.code} ${problems[0]!.message}`;
  // A document without content, or with a null root, yields no object: either side may keep it.
  const toJS = (d: (typeof docs)[number]): unknown => d.toJS({ maxAliasCount: DEFAULT_LOAD_LIMITS.maxAliasCount });
  const withContent = docs.filter((d) => d.contents !== null && toJS(d) !== null);
  const fastAt = fastPositions(lf!, maxDepth).filter((_, k) => fast[k]!.value !== null);
  const fastValues = fast.filter((d) => d.value !== null);
  if (withContent.length !== fastValues.length) return `fast path found ${fastValues.length} documents, yaml ${withContent.length}`;
  for (let k = 0; k < fastValues.length; k++) {
    const doc = withContent[k]!;
    if (literalDepth(doc.contents, maxDepth).exceeds) return `document ${k} nests deeper than ${maxDepth}, yet the fast path read it`;
    const expected = toJS(doc);
    const actual = fastValues[k]!.value;
    if (!same(expected, actual)) return `document ${k}: yaml reads ${show(expected)}, fast path ${show(actual)}`;
    const ctx = { file: "f", lineCounter, doc };
    const root = nodePosition(ctx, doc.contents!, { file: "f", line: 1, col: 1 });
    const yamlAt = makeAt(ctx, doc.contents, root);
    const at = fastAt[k];
    if (!at) continue; // not a map: the loader does not keep it, so it never asks for positions
    for (const path of probePaths(expected)) {
      const want = yamlAt(path);
      const got = at(path);
      if (want.line !== got.line || want.col !== got.col)
        return `document ${k} at ${JSON.stringify(path)}: yaml ${want.line}:${want.col}, fast path ${got.line}:${got.col}`;
    }
  }
  return undefined;
}

/** `at()` of each document the loader keeps (maps), exactly as the loader builds it. */
const fastPositions = (text: string, maxDepth: number): Array<((p: FieldPath) => Position) | undefined> =>
  (fastDocuments(text, maxDepth) ?? []).map((doc) =>
    typeof doc.value === "object" && doc.value !== null && !Array.isArray(doc.value) ? fastLocated("f", text, doc, maxDepth).at : undefined,
  );

const same = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
};

const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? "-0" : x));

/** Every path into the value, plus a missing key, an index out of range and a step into a scalar. */
export const probePaths = (value: unknown): FieldPath[] => {
  const out: FieldPath[] = [];
  const walk = (v: unknown, path: (string | number)[]): void => {
    out.push(path);
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, i]));
      out.push([...path, v.length], [...path, "0"]);
    } else if (typeof v === "object" && v !== null) {
      for (const [k, item] of Object.entries(v)) walk(item, [...path, k]);
      out.push([...path, "no-such-key"], [...path, 0]);
    } else out.push([...path, "x"]);
  };
  walk(value, []);
  return out;
};
