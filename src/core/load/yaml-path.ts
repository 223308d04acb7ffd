import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from "yaml";
import type { Document, YAMLError } from "yaml";
import { diagnostic } from "../model/diagnostic.js";
import type { Diagnostic, DiagnosticSink } from "../model/diagnostic.js";
import type { ManifestObject } from "../model/manifest.js";
import type { Position } from "../model/position.js";
import type { LoadLimits } from "./limits.js";
import { collectObjects, isRecord } from "./objects.js";
import { literalDepth, makeAt, nodePosition, valueDepthExceeds } from "./yaml-node.js";
import type { NodeContext } from "./yaml-node.js";


/**
 * The reference path: compose every document of a file with the `yaml` package. Used for files the
 * fast path (fast-yaml.ts) does not read, which includes every file with a YAML error: yaml's
 * messages, codes and positions are what the diagnostics report.
 */
export const parseWithYaml = (
  path: string,
  text: string,
  bounds: LoadLimits,
  report: DiagnosticSink,
  emit: (o: ManifestObject) => void,
): void => {
  const lineCounter = new LineCounter();
  // merge: Kubernetes' YAML decoder honours `<<` merge keys. logLevel: the core must not print.
  // uniqueKeys: yaml's own check scans the map for every key, O(keys²) per map (security.md B4);
  // duplicateKeys below finds the same duplicates with a Set.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true, logLevel: "error", uniqueKeys: false });
  for (const doc of docs) {
    const ctx: NodeContext = { file: path, lineCounter, doc };
    const located = documentValue(ctx, bounds, report);
    if (located) collectObjects({ ...located, at: makeAt(ctx, located.node, located.position) }, report, emit);
  }
};

const start = (file: string): Position => ({ file, line: 1, col: 1 });

const yamlErrorDiagnostic = (ctx: NodeContext, error: YAMLError): Diagnostic => {
  const { line, col } = ctx.lineCounter.linePos(error.pos[0]);
  const at = { file: ctx.file, line, col };
  if (error.code === "DUPLICATE_KEY")
    return diagnostic("YAML_DUPLICATE_KEY", "error", `${error.message}; the document was skipped`, at);
  // yaml turns a stack overflow while composing into an error instead of crashing: too deep.
  if (error.code === "RESOURCE_EXHAUSTION")
    return diagnostic("YAML_TOO_DEEP", "error", "document is nested too deeply and was skipped", at);
  return diagnostic("YAML_SYNTAX", "error", `${error.message}; the document was skipped`, at);
};

/** The plain value of one document when it is a clean, bounded map; otherwise reports why not. */
const documentValue = (ctx: NodeContext, bounds: LoadLimits, report: DiagnosticSink) => {
  const { doc } = ctx;
  // Once the stack ran out, the other errors of the document are only its consequences.
  const exhausted = doc.errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (exhausted) {
    report(yamlErrorDiagnostic(ctx, exhausted));
    return undefined;
  }
  const duplicates = duplicateKeys(doc.contents);
  if (doc.errors.length > 0 || duplicates.length > 0) {
    const errors: Array<{ offset: number; diagnostic: Diagnostic }> = [
      ...doc.errors.map((e) => ({ offset: e.pos[0], diagnostic: yamlErrorDiagnostic(ctx, e) })),
      ...duplicates.map((offset) => {
        const at = { file: ctx.file, ...ctx.lineCounter.linePos(offset) };
        return { offset, diagnostic: diagnostic("YAML_DUPLICATE_KEY", "error", "Map keys must be unique; the document was skipped", at) };
      }),
    ];
    // In the order of the text, as yaml reported them when it checked keys itself (stable for equal offsets).
    for (const e of errors.sort((a, b) => a.offset - b.offset)) report(e.diagnostic);
    return undefined;
  }
  const root = doc.contents;
  if (root === null) return undefined; // empty document
  const position = nodePosition(ctx, root, start(ctx.file));
  const tooDeep = () => {
    const message = `document nests deeper than ${bounds.maxDepth} levels and was skipped`;
    report(diagnostic("YAML_TOO_DEEP", "error", message, position));
    return undefined;
  };
  const literal = literalDepth(root, bounds.maxDepth);
  if (literal.exceeds) return tooDeep();
  const value = toJS(doc, bounds, report, position);
  if (value === undefined) return undefined;
  // Only aliases can make the value deeper than the text (or cyclic).
  if (literal.hasAliases && valueDepthExceeds(value, bounds.maxDepth)) return tooDeep();
  return isRecord(value) ? { value, node: root, position } : undefined;
};

/**
 * Offsets of the keys that repeat an earlier key of their map, by yaml's default rule (two scalar
 * keys with the same value; collections and aliases as keys are never equal), where yaml reported
 * DUPLICATE_KEY: the start of the repeated key. One Set per map, so linear in the keys; iterative,
 * so a deep document cannot overflow the stack.
 */
const duplicateKeys = (root: unknown): number[] => {
  const out: number[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const { key } = pair;
        // NaN never equals itself under yaml's rule (===), but a Set would match it.
        if (isScalar(key) && !(typeof key.value === "number" && Number.isNaN(key.value))) {
          if (seen.has(key.value)) out.push(key.range?.[0] ?? 0);
          else seen.add(key.value);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(isPair(item) ? item.value : item);
    }
  }
  return out;
};

const toJS = (doc: Document, bounds: LoadLimits, report: DiagnosticSink, at: Position): unknown => {
  try {
    return doc.toJS({ maxAliasCount: bounds.maxAliasCount }) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/alias count/i.test(message)) {
      const text = `aliases expand this document beyond the limit (maxAliasCount ${bounds.maxAliasCount}); it was skipped`;
      report(diagnostic("YAML_ALIAS_LIMIT", "error", text, at));
    } else if (e instanceof RangeError) {
      report(diagnostic("YAML_TOO_DEEP", "error", "document is nested too deeply and was skipped", at));
    } else {
      // e.g. an alias to an anchor that is not defined before it
      report(diagnostic("YAML_SYNTAX", "error", `${message}; the document was skipped`, at));
    }
    return undefined;
  }
};
