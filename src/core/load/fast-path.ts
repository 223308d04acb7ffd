import type { DiagnosticSink } from "../model/diagnostic.js";
import type { ManifestObject } from "../model/manifest.js";
import type { Position } from "../model/position.js";
import { documentLocator } from "./fast-locate.js";
import { fastDocuments, withLf } from "./fast-yaml.js";
import type { FastDocument } from "./fast-yaml.js";
import type { LoadLimits } from "./limits.js";
import { collectObjects, isRecord } from "./objects.js";
import type { Located } from "./objects.js";

/** `at()` for a document the fast path read: see fast-locate.ts. */
export const fastLocated = (file: string, text: string, doc: FastDocument, maxDepth: number): Located => {
  const position: Position = { file, line: doc.line, col: doc.indent + 1 };
  return { value: doc.value as Record<string, unknown>, position, at: documentLocator(file, text, doc, maxDepth) };
};

/**
 * Load a file through the fast path. Returns false, having reported and emitted nothing, when the
 * fast path cannot read the file exactly as yaml would; the caller then uses yaml.
 */
export const parseFast = (
  path: string,
  text: string,
  bounds: LoadLimits,
  report: DiagnosticSink,
  emit: (o: ManifestObject) => void,
): boolean => {
  const lf = withLf(text);
  const docs = lf === undefined ? undefined : fastDocuments(lf, bounds.maxDepth);
  if (!docs) return false;
  for (let k = 0; k < docs.length; k++) {
    const doc = docs[k]!;
    if (isRecord(doc.value)) collectObjects(fastLocated(path, lf!, doc, bounds.maxDepth), report, emit);
  }
  return true;
};
