import { BAIL } from "./fast-scalars.js";
import { END, LineScanner, UNSUPPORTED, blankOrEnd } from "./fast-scanner.js";
import type { FastDocument } from "./fast-scanner.js";

export type { FastDocument } from "./fast-scanner.js";

/**
 * A fast path for the YAML that manifests are actually written in: block maps and sequences,
 * single-line flow collections, plain and single-line quoted scalars, comments and `---`. It builds
 * the plain value directly, more than ten times faster than composing `yaml` Documents, and gives up
 * (throws BAIL) on anything else — anchors, tags, block and multi-line scalars, tabs, lone CRs, odd
 * indentation, duplicate or merge keys, errors — so that the caller hands that whole file to the
 * `yaml` package, which stays the reference for values, diagnostics and positions.
 * test/core/load/fast-yaml.test.ts checks the two against each other.
 *
 * Positions are not recorded while loading (most fields never need one): fast-locate.ts finds the
 * position of a field in the text when it is asked for.
 */

class FastParser extends LineScanner {
  /**
   * Items of the sequences being read, innermost last. An array grown by push keeps room for more
   * (17 slots for one item), and parsed values live as long as the analysis: each sequence is
   * copied out at its exact length instead.
   */
  private readonly items: unknown[] = [];

  /** Every document with content. */
  documents(): FastDocument[] {
    if (UNSUPPORTED.test(this.s)) throw BAIL;
    const docs: FastDocument[] = [];
    for (;;) {
      const indent = this.peekLine();
      if (indent === END) {
        if (this.i >= this.s.length) return docs;
        if (this.s.charCodeAt(this.i) !== 45) throw BAIL; // `...` ends a document: left to yaml
        this.i += 3;
        this.endLine();
        continue;
      }
      const { lineStart, line } = this;
      this.i = lineStart + indent;
      docs.push({ value: this.block(indent, 1), lineStart, line, indent });
      if (this.peekLine() !== END) throw BAIL;
    }
  }

  /** A block node starting at the cursor, in column `col`. */
  block(col: number, depth: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 45 && blankOrEnd(s.charCodeAt(this.i + 1))) return this.sequence(col, depth);
    if (c === 91 || c === 123) return this.inline(depth);
    const colon = this.scanKey();
    return colon >= 0 ? this.map(col, depth, colon) : this.inline(depth);
  }

  /** A block map whose first key (in `this.key`) has its colon at `colon`. */
  map(col: number, depth: number, colon: number): Record<string, unknown> {
    if (depth > this.maxDepth) throw BAIL;
    const out: Record<string, unknown> = {};
    for (let first = true; ; first = false) {
      if (!first) colon = this.scanKey();
      const key = this.key;
      // Duplicates are yaml's to report; `<<` merges, which yaml implements; `__proto__` is special in JS.
      if (colon < 0 || key === "<<" || key === "__proto__" || Object.hasOwn(out, key)) throw BAIL;
      this.i = colon + 1;
      out[key] = this.mapValue(col, depth);
      const indent = this.peekLine();
      if (indent > col) throw BAIL;
      if (indent < col) break;
      this.i = this.lineStart + indent;
    }
    return out;
  }

  /** The value after `key:`: on the same line, on the following (more indented) lines, or null. */
  private mapValue(col: number, depth: number): unknown {
    const s = this.s;
    let i = this.i;
    while (s.charCodeAt(i) === 32) i++;
    const c = s.charCodeAt(i);
    if (c !== 10 && c !== 35 && !Number.isNaN(c)) {
      this.i = i;
      if (c === 45 && blankOrEnd(s.charCodeAt(i + 1))) throw BAIL; // `key: - x`
      return this.inline(depth + 1);
    }
    return this.nested(col, depth, i, true);
  }

  /**
   * A value that starts on a later line than its key or dash (the cursor is at the end of that
   * line): a more indented node, a sequence in the same column (map values only), or null.
   */
  private nested(col: number, depth: number, emptyAt: number, sequenceMayAlign: boolean): unknown {
    this.i = emptyAt;
    this.endLine();
    const indent = this.peekLine();
    if (indent > col || (sequenceMayAlign && indent === col && this.seqItemAt(this.lineStart + indent))) {
      this.i = this.lineStart + indent;
      return indent > col ? this.block(indent, depth + 1) : this.sequence(col, depth + 1);
    }
    return null;
  }

  sequence(col: number, depth: number): unknown[] {
    if (depth > this.maxDepth) throw BAIL;
    const s = this.s;
    const { items } = this;
    const first = items.length;
    for (;;) {
      let i = this.i + 1;
      while (s.charCodeAt(i) === 32) i++;
      const c = s.charCodeAt(i);
      if (c === 10 || c === 35 || Number.isNaN(c)) items.push(this.nested(col, depth, i, false));
      else {
        this.i = i;
        items.push(this.block(i - this.lineStart, depth + 1));
      }
      const indent = this.peekLine();
      if (indent > col) throw BAIL;
      if (indent < col || !this.seqItemAt(this.lineStart + indent)) break;
      this.i = this.lineStart + indent;
    }
    return this.takeItems(first);
  }

  /** The items pushed since `first`, as an array of their exact length (see `items`). */
  private takeItems(first: number): unknown[] {
    const out = this.items.slice(first);
    this.items.length = first;
    return out;
  }

  /** A scalar or flow collection that must end on its line (then moves to the next line). */
  private inline(depth: number): unknown {
    const c = this.s.charCodeAt(this.i);
    const value = c === 91 || c === 123 ? this.flow(depth) : this.scalar(false);
    this.endLine();
    return value;
  }

  /** A flow collection that closes on the same line. */
  flow(depth: number): unknown {
    if (depth > this.maxDepth) throw BAIL;
    return this.s.charCodeAt(this.i) === 123 ? this.flowMap(depth) : this.flowSequence(depth);
  }

  private flowMap(depth: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    this.i++;
    if (this.skipSpaces() === 125) {
      this.i++;
      return map;
    }
    for (;;) {
      const key = this.flowKey();
      if (key === "<<" || key === "__proto__" || Object.hasOwn(map, key)) throw BAIL;
      const c = this.skipSpaces();
      if (c === 44 || c === 125) throw BAIL; // an entry without a value
      map[key] = this.flowItem(depth);
      if (this.flowNext(125)) return map;
    }
  }

  private flowSequence(depth: number): unknown[] {
    this.i++;
    if (this.skipSpaces() === 93) {
      this.i++;
      return [];
    }
    const first = this.items.length;
    for (;;) {
      this.items.push(this.flowItem(depth));
      if (this.flowNext(93)) return this.takeItems(first);
    }
  }

  /** After a flow entry: true (past the closing bracket) at the end, false (past the comma) for more. */
  private flowNext(close: number): boolean {
    const c = this.skipSpaces();
    this.i++;
    if (c === close) return true;
    if (c !== 44) throw BAIL;
    if (this.skipSpaces() === close) throw BAIL; // a trailing comma
    return false;
  }

  private flowItem(depth: number): unknown {
    const c = this.s.charCodeAt(this.i);
    return c === 91 || c === 123 ? this.flow(depth + 1) : this.scalar(true);
  }
}

/**
 * The text with CRLF line ends as LF, or undefined if it has a lone CR. Positions do not change:
 * they are lines and columns, and a CR only ever stands at the end of a line, after the content.
 */
export const withLf = (text: string): string | undefined => {
  if (!text.includes("\r")) return text;
  const lf = text.replace(/\r\n/g, "\n");
  return lf.includes("\r") ? undefined : lf;
};

/** The documents of a file (with LF line ends: see `withLf`), or undefined when the fast path cannot read it exactly. */
export const fastDocuments = (text: string, maxDepth: number): FastDocument[] | undefined => {
  try {
    return new FastParser(text, maxDepth, true).documents();
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
};
