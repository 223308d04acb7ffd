import { LineCounter, parseAllDocuments } from "yaml";
import type { Document, YAMLError } from "yaml";
import { diagnostic } from "../model/diagnostic.js";
import type { Diagnostic, DiagnosticSink } from "../model/diagnostic.js";
import { objectRef } from "../model/manifest.js";
import type { ManifestObject } from "../model/manifest.js";
import type { Position, SourceFile } from "../model/position.js";
import { resolveLimits, utf8ByteLengthExceeds } from "./limits.js";
import type { LoadLimits } from "./limits.js";
import { collectObjects, isRecord } from "./objects.js";
import { findTemplateSyntax } from "./template.js";
import { apiGroup, isManifestPath, lineColumn, stripBom } from "./text.js";
import { literalDepth, nodePosition, valueDepthExceeds } from "./yaml-node.js";
import type { NodeContext } from "./yaml-node.js";

export interface ParsedManifests {
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
}

/**
 * Parse manifest files into Kubernetes objects with positions. Never throws on bad input: every
 * problem is a diagnostic, and the file, document or object concerned is skipped while the rest
 * is still loaded.
 */
export function parseManifests(files: readonly SourceFile[], limits?: Partial<LoadLimits>): ParsedManifests {
  const bounds = resolveLimits(limits);
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const report: DiagnosticSink = (d) => diagnostics.push(d);
  const emit = dedupe(objects, report);
  let count = 0;
  for (const file of files) {
    if (!isManifestPath(file.path)) continue;
    if (++count > bounds.maxFiles) {
      const message = `more than ${bounds.maxFiles} manifest files; this file and the ones after it were not analysed`;
      report(diagnostic("TOO_MANY_FILES", "error", message, start(file.path)));
      break;
    }
    parseFile(file, bounds, report, emit);
  }
  return { objects, diagnostics };
}

const start = (file: string): Position => ({ file, line: 1, col: 1 });

/**
 * Two objects with the same identity would be applied one over the other; which one wins depends
 * on the GitOps tool, so the second is reported and skipped. Namespace defaulting is left to later
 * stages, which know which kinds are namespaced.
 */
const dedupe = (objects: ManifestObject[], report: DiagnosticSink) => {
  const seen = new Map<string, ManifestObject>();
  return (o: ManifestObject): void => {
    const key = JSON.stringify([apiGroup(o.apiVersion), o.kind, o.namespace ?? "", o.name]);
    const first = seen.get(key);
    if (first) {
      const message = `${objectRef(o)} is defined twice; the first definition (${first.position.file}:${first.position.line}) is used and this one is skipped`;
      report(diagnostic("DUPLICATE_OBJECT", "error", message, o.position, { object: objectRef(o) }));
      return;
    }
    seen.set(key, o);
    objects.push(o);
  };
};

const parseFile = (
  file: SourceFile,
  bounds: LoadLimits,
  report: DiagnosticSink,
  emit: (o: ManifestObject) => void,
): void => {
  if (utf8ByteLengthExceeds(file.text, bounds.maxFileBytes)) {
    const message = `file is larger than ${bounds.maxFileBytes} bytes and was not analysed`;
    report(diagnostic("FILE_TOO_LARGE", "error", message, start(file.path)));
    return;
  }
  const text = stripBom(file.text);
  const template = findTemplateSyntax(text);
  if (template >= 0) {
    const at = { file: file.path, ...lineColumn(text, template) };
    const message = "file is an unrendered Helm/Go template ({{ ... }}) and was not analysed; render it (helm template) and commit the output";
    report(diagnostic("UNRENDERED_TEMPLATE", "warning", message, at));
    return;
  }
  const lineCounter = new LineCounter();
  // merge: Kubernetes' YAML decoder honours `<<` merge keys. logLevel: the core must not print.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, merge: true, logLevel: "error" });
  for (const doc of docs) {
    const ctx: NodeContext = { file: file.path, lineCounter, doc };
    const value = documentValue(ctx, bounds, report);
    if (value) collectObjects(ctx, value, report, emit);
  }
};

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
