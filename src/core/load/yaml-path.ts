import { LineCounter, parseAllDocuments } from "yaml";
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
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true, logLevel: "error" });
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
  if (doc.errors.length > 0) {
    // Once the stack ran out, the other errors of the document are only its consequences.
    const exhausted = doc.errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
    for (const error of exhausted ? [exhausted] : doc.errors) report(yamlErrorDiagnostic(ctx, error));
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
