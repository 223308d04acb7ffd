import type { DiagnosticSink } from "../model/diagnostic.js";
import type { FieldPath, ManifestObject } from "../model/manifest.js";
import type { Position } from "../model/position.js";
import { fastDocuments, locateDocument, withLf } from "./fast-yaml.js";
import type { FastDocument, PosNode } from "./fast-yaml.js";
import type { LoadLimits } from "./limits.js";
import { collectObjects, isRecord } from "./objects.js";
import type { Located } from "./objects.js";

/**
 * `at()` for a document the fast path read, with the same answers as yaml-node.ts `makeAt`: a map
 * entry is at its value when the value starts on the key's line, otherwise at its key; a missing
 * step stops at the deepest node that exists. Positions are parsed on the first call only.
 */
export const fastLocated = (file: string, text: string, doc: FastDocument, maxDepth: number): Located => {
  const position: Position = { file, line: doc.line, col: doc.indent + 1 };
  let tree: PosNode | undefined;
  const at = (path: FieldPath): Position => {
    tree ??= locateDocument(text, doc, maxDepth);
    let node = tree;
    let line = position.line;
    let col = position.col;
    for (const segment of path) {
      if (node.keys) {
        const entry = node.keys.get(String(segment));
        if (!entry) break;
        const onKeyLine = entry.value.line === entry.line;
        line = entry.line;
        col = onKeyLine ? entry.value.col : entry.col;
        node = entry.value;
      } else if (node.items && typeof segment === "number") {
        const item = node.items[segment];
        if (!item) break;
        ({ line, col } = item);
        node = item;
      } else break;
    }
    return { file, line, col };
  };
  return { value: doc.value as Record<string, unknown>, position, at };
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
  for (const doc of docs) if (isRecord(doc.value)) collectObjects(fastLocated(path, lf!, doc, bounds.maxDepth), report, emit);
  return true;
};
