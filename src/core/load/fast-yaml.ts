import { BAIL, plainKey, readQuoted } from "./fast-scalars.js";
import { END, LineScanner, UNSUPPORTED, blankOrEnd } from "./fast-scanner.js";
import type { FastDocument, PosNode } from "./fast-scanner.js";

export type { FastDocument, PosNode } from "./fast-scanner.js";

/**
 * A fast path for the YAML that manifests are actually written in: block maps and sequences,
 * single-line flow collections, plain and single-line quoted scalars, comments and `---`. It builds
 * the plain value directly, more than ten times faster than composing `yaml` Documents, and gives up
 * (throws BAIL) on anything else — anchors, tags, block and multi-line scalars, tabs, lone CRs, odd
 * indentation, duplicate or merge keys, errors — so that the caller hands that whole file to the
 * `yaml` package, which stays the reference for values, diagnostics and positions.
 * test/core/load/fast-yaml.test.ts checks the two against each other.
 *
 * Positions are not recorded while loading (most fields never need one); `locate` parses a single
 * document again with `track` on when a position inside it is first asked for.
 */

class FastParser extends LineScanner {
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

  /** The positions of the document whose root starts at `doc`. */
  locate(doc: FastDocument): PosNode {
    this.i = doc.lineStart + doc.indent;
    this.lineStart = doc.lineStart;
    this.line = doc.line;
    this.block(doc.indent, 1);
    return this.pos;
  }

  /** A block node starting at the cursor, in column `col`. */
  block(col: number, depth: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 45 && blankOrEnd(s.charCodeAt(this.i + 1))) return this.sequence(col, depth);
    if (c === 91 || c === 123) return this.inline(depth);
    if (this.scanKey() >= 0) return this.map(col, depth);
    return this.inline(depth);
  }

  map(col: number, depth: number): Record<string, unknown> {
    if (depth > this.maxDepth) throw BAIL;
    const node = this.track ? this.here() : this.pos;
    const keys = this.track ? new Map<string, { line: number; col: number; value: PosNode }>() : undefined;
    const out: Record<string, unknown> = {};
    for (;;) {
      const colon = this.scanKey();
      const key = this.key;
      // Duplicates are yaml's to report; `<<` merges, which yaml implements; `__proto__` is special in JS.
      if (colon < 0 || key === "<<" || key === "__proto__" || Object.hasOwn(out, key)) throw BAIL;
      const keyPos = keys ? this.here() : undefined;
      this.i = colon + 1;
      // Locating needs positions only: the values were built (and checked) by the first pass.
      const value = this.mapValue(col, depth);
      if (keys) keys.set(key, { line: keyPos!.line, col: keyPos!.col, value: this.pos });
      else out[key] = value;
      const indent = this.peekLine();
      if (indent > col) throw BAIL;
      if (indent < col) break;
      this.i = this.lineStart + indent;
    }
    if (keys) this.pos = { ...node, keys };
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
    const empty = this.track ? this.here(emptyAt) : this.pos;
    this.i = emptyAt;
    this.endLine();
    const indent = this.peekLine();
    if (indent > col || (sequenceMayAlign && indent === col && this.seqItemAt(this.lineStart + indent))) {
      this.i = this.lineStart + indent;
      return indent > col ? this.block(indent, depth + 1) : this.sequence(col, depth + 1);
    }
    this.pos = empty;
    return null;
  }

  sequence(col: number, depth: number): unknown[] {
    if (depth > this.maxDepth) throw BAIL;
    const s = this.s;
    const node = this.track ? this.here() : this.pos;
    const items: PosNode[] | undefined = this.track ? [] : undefined;
    const out: unknown[] = [];
    for (;;) {
      let i = this.i + 1;
      while (s.charCodeAt(i) === 32) i++;
      const c = s.charCodeAt(i);
      if (c === 10 || c === 35 || Number.isNaN(c)) out.push(this.nested(col, depth, i, false));
      else {
        this.i = i;
        out.push(this.block(i - this.lineStart, depth + 1));
      }
      items?.push(this.pos);
      const indent = this.peekLine();
      if (indent > col) throw BAIL;
      if (indent < col || !this.seqItemAt(this.lineStart + indent)) break;
      this.i = this.lineStart + indent;
    }
    if (items) this.pos = { ...node, items };
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
    const s = this.s;
    const node = this.track ? this.here() : this.pos;
    const isMap = s.charCodeAt(this.i) === 123;
    const close = isMap ? 125 : 93;
    const keys = this.track && isMap ? new Map<string, { line: number; col: number; value: PosNode }>() : undefined;
    const items: PosNode[] | undefined = this.track && !isMap ? [] : undefined;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    this.i++;
    if (this.skipSpaces() !== close) {
      for (;;) {
        if (isMap) {
          const keyPos = this.here();
          const key = this.flowKey();
          if (key === "<<" || key === "__proto__" || Object.hasOwn(map, key)) throw BAIL;
          const c = this.skipSpaces();
          if (c === 44 || c === close) throw BAIL; // an entry without a value
          const value = this.flowItem(depth);
          if (keys) keys.set(key, { line: keyPos.line, col: keyPos.col, value: this.pos });
          else map[key] = value;
        } else {
          list.push(this.flowItem(depth));
          items?.push(this.pos);
        }
        const c = this.skipSpaces();
        if (c === close) break;
        if (c !== 44) throw BAIL;
        this.i++;
        if (this.skipSpaces() === close) throw BAIL; // a trailing comma
      }
    }
    this.i++;
    if (keys) this.pos = { ...node, keys };
    if (items) this.pos = { ...node, items };
    return isMap ? map : list;
  }

  /** A flow map key and its `:`. JSON-like (quoted) keys may have the value right after the colon. */
  private flowKey(): string {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34 || c === 39) {
      const quoted = readQuoted(s, this.i);
      this.i = quoted.end;
      if (this.skipSpaces() !== 58) throw BAIL;
      this.i++;
      return quoted.value;
    }
    if (c === 91 || c === 123) throw BAIL;
    const start = this.i;
    this.scalar(true);
    const end = this.i;
    if (s.charCodeAt(end) !== 58 || !blankOrEnd(s.charCodeAt(end + 1))) throw BAIL;
    this.i++;
    return plainKey(s.slice(start, end));
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
    return new FastParser(text, maxDepth, false).documents();
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
};

/** Position nodes of one document that `fastDocuments` read. */
export const locateDocument = (text: string, doc: FastDocument, maxDepth: number): PosNode =>
  new FastParser(text, maxDepth, true).locate(doc);
