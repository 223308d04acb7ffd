import { diagnostic } from "../model/diagnostic.js";
import type { Diagnostic, DiagnosticSink } from "../model/diagnostic.js";
import { objectRef } from "../model/manifest.js";
import type { ManifestObject } from "../model/manifest.js";
import type { Position, SourceFile } from "../model/position.js";
import { parseFast } from "./fast-path.js";
import { resolveLimits, utf8ByteLengthExceeds } from "./limits.js";
import type { LoadLimits } from "./limits.js";
import type { FileEvent, ParseCache } from "./parse-cache.js";
import { findTemplateSyntax } from "./template.js";
import { apiGroup, isManifestPath, lineColumn, stripDocumentBoms } from "./text.js";
import { parseWithYaml } from "./yaml-path.js";
import { guardFlowDepth } from "./flow-depth-guard.js";

/** Far beyond any real manifest's flow nesting (and beyond maxDepth): see flow-depth-guard.ts. */
const FLOW_DEPTH_GUARD = 1_000;

export interface ParsedManifests {
  objects: ManifestObject[];
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** Re-use files loaded before (same path, same text, same limits); see parse-cache.ts. */
  cache?: ParseCache;
  /** Compose every file with yaml, the reference the fast path is tested against. */
  reference?: boolean;
}

/**
 * Parse manifest files into Kubernetes objects with positions. Never throws on bad input: every
 * problem is a diagnostic, and the file, document or object concerned is skipped while the rest
 * is still loaded.
 */
export function parseManifests(files: readonly SourceFile[], limits?: Partial<LoadLimits>, options: ParseOptions = {}): ParsedManifests {
  const bounds = resolveLimits(limits);
  const limitsKey = JSON.stringify(bounds);
  const objects: ManifestObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const report: DiagnosticSink = (d) => diagnostics.push(d);
  const emit = dedupe(objects, report);
  const { cache } = options;
  let count = 0;
  // Index loops here and below: they run per file and per object, mostly before the optimising
  // compiler has caught up, where every for-of step allocates an iterator result.
  for (let f = 0; f < files.length; f++) {
    const file = files[f]!;
    if (!isManifestPath(file.path)) continue;
    if (++count > bounds.maxFiles) {
      const message = `more than ${bounds.maxFiles} manifest files; this file and the ones after it were not analysed`;
      report(diagnostic("TOO_MANY_FILES", "error", message, start(file.path)));
      break;
    }
    if (!cache) {
      parseFile(file, bounds, options, report, emit);
      continue;
    }
    let events = cache.lookup(file.path, file.text, limitsKey);
    if (!events) {
      const recorded: FileEvent[] = [];
      parseFile(file, bounds, options, (d) => recorded.push({ diagnostic: d }), (o) => recorded.push({ object: o }));
      cache.store(file.path, file.text, limitsKey, recorded);
      events = recorded;
    }
    for (let k = 0; k < events.length; k++) {
      const e = events[k]!;
      if ("object" in e) emit(e.object);
      else report(e.diagnostic);
    }
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
  // API group → kind → namespace → name → the first object with that identity. Nested maps need
  // no key strings to be built (and none to be hashed) for every object.
  const seen = new Map<string, Map<string, Map<string, Map<string, ManifestObject>>>>();
  const groups = new Map<string, string>();
  return (o: ManifestObject): void => {
    let group = groups.get(o.apiVersion);
    if (group === undefined) groups.set(o.apiVersion, (group = apiGroup(o.apiVersion)));
    const byName = inner(inner(inner(seen, group), o.kind), o.namespace ?? "");
    const first = byName.get(o.name);
    if (first) {
      const message = `${objectRef(o)} is defined twice; the first definition (${first.position.file}:${first.position.line}) is used and this one is skipped`;
      report(diagnostic("DUPLICATE_OBJECT", "error", message, o.position, { object: objectRef(o) }));
      return;
    }
    byName.set(o.name, o);
    objects.push(o);
  };
};

/** The map under `key`, created when missing. */
const inner = <V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> => {
  let map = outer.get(key);
  if (!map) outer.set(key, (map = new Map()));
  return map;
};

/** One file: size and template checks, then the fast path, or yaml when the fast path declines. */
const parseFile = (
  file: SourceFile,
  bounds: LoadLimits,
  options: ParseOptions,
  report: DiagnosticSink,
  emit: (o: ManifestObject) => void,
): void => {
  if (utf8ByteLengthExceeds(file.text, bounds.maxFileBytes)) {
    const message = `file is larger than ${bounds.maxFileBytes} bytes and was not analysed`;
    report(diagnostic("FILE_TOO_LARGE", "error", message, start(file.path)));
    return;
  }
  // A BOM at the start of any document, not only of the file (B1): both paths below see the text without it.
  const text = stripDocumentBoms(file.text);
  const template = findTemplateSyntax(text);
  if (template >= 0) {
    const at = { file: file.path, ...lineColumn(text, template) };
    const message = "file is an unrendered Helm/Go template ({{ ... }}) and was not analysed; render it (helm template) and commit the output";
    report(diagnostic("UNRENDERED_TEMPLATE", "warning", message, at));
    return;
  }
  // Absurd flow nesting is rejected before either parser spends time on it (B5).
  const guarded = guardFlowDepth(file.path, text, FLOW_DEPTH_GUARD, report);
  if (!options.reference && parseFast(file.path, guarded, bounds, report, emit)) return;
  parseWithYaml(file.path, guarded, bounds, report, emit);
};
