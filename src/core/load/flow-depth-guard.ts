import { diagnostic } from "../model/diagnostic.js";
import type { DiagnosticSink } from "../model/diagnostic.js";

/**
 * A cheap guard against flow collections nested absurdly deep (`[[[[…`), which would otherwise cost
 * the yaml parser far more than a flat document of the same size (security.md B5) before the depth
 * limit could reject it. Counts `[`/`{` minus `]`/`}` per document, ignoring comments but not
 * quotes: that over-counts only for unbalanced brackets inside strings or block scalars, and no real
 * manifest opens hundreds more brackets than it closes. Documents over the guard are blanked out
 * (newlines kept, so the other documents keep their positions) and reported as too deep.
 */
export function guardFlowDepth(path: string, text: string, guard: number, report: DiagnosticSink): string {
  if (!moreOpenersThan(text, guard)) return text;
  let depth = 0;
  let docStart = 0;
  let line = 1;
  let lineStart = 0;
  let flagged = false;
  let out = text;
  const blank = (from: number, to: number) => {
    out = out.slice(0, from) + out.slice(from, to).replace(/[^\n]/g, " ") + out.slice(to);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      if (text.startsWith("---", i + 1)) {
        if (flagged) blank(docStart, i);
        flagged = false;
        docStart = i + 1;
        depth = 0;
      }
      continue;
    }
    if (c === 35 /* # */ && (i === lineStart || text.charCodeAt(i - 1) === 32)) {
      const nl = text.indexOf("\n", i);
      i = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c === 91 || c === 123) {
      depth++;
      if (depth > guard && !flagged) {
        flagged = true;
        const message = `document nests flow collections deeper than ${guard} levels and was skipped`;
        report(diagnostic("YAML_TOO_DEEP", "error", message, { file: path, line, col: i - lineStart + 1 }));
      }
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  if (flagged) blank(docStart, text.length);
  return out;
}

/** Whether `text` has more than `n` opening brackets; if not, nothing in it can nest deeper than `n`. */
function moreOpenersThan(text: string, n: number): boolean {
  let count = 0;
  for (const opener of ["[", "{"]) {
    // indexOf skips the text between brackets natively: far cheaper than looking at every character.
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) if (++count > n) return true;
  }
  return false;
}
