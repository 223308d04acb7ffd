import { BAIL, plainKey, readQuoted, resolvePlain } from "./fast-scalars.js";

/**
 * A fast path for the YAML that manifests are actually written in: block maps and sequences,
 * single-line flow collections, plain and single-line quoted scalars, comments and `---`. It builds
 * the plain value directly, about ten times faster than composing `yaml` Documents, and gives up
 * (throws BAIL) on anything else — anchors, tags, block and multi-line scalars, tabs, CR, odd
 * indentation, duplicate or merge keys, errors — so that the caller hands that whole file to the
 * `yaml` package, which stays the reference for values, diagnostics and positions.
 * test/core/load/fast-yaml.test.ts checks the two against each other.
 *
 * Positions are not recorded while loading (most fields never need one); `locate` parses a single
 * document again with `track` on when a position inside it is first asked for.
 */

/** Where a node is written (1-based, like yaml's LineCounter), and where its children are. */
export interface PosNode {
  line: number;
  col: number;
  keys?: Map<string, { line: number; col: number; value: PosNode }>;
  items?: PosNode[];
}

/** One document with a value: where its root node starts, to compute positions later. */
export interface FastDocument {
  value: unknown;
  /** Offset of the line where the root node starts, its line number and its column (0-based). */
  lineStart: number;
  line: number;
  indent: number;
}

const END = -1;
/** Characters that cannot occur in the fast path at all (tabs, CR, controls, BOM, NEL, LS, PS). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSUPPORTED = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;

const blankOrEnd = (c: number): boolean => c === 32 || c === 10 || Number.isNaN(c);
/** `[`, `]`, `{`, `}`, `,` */
const flowIndicator = (c: number): boolean => c === 91 || c === 93 || c === 123 || c === 125 || c === 44;

/** Whether a plain scalar may start with `c` (followed by `next`); other starts are left to yaml. */
const plainStart = (c: number, next: number): boolean => {
  if (c === 45 /* - */) return !blankOrEnd(next) && !flowIndicator(next);
  if (c < 48) return c !== 32 && c !== 33 && c !== 34 && c !== 35 && c !== 37 && c !== 38 && c !== 39 && c !== 42 && c !== 44 && c !== 10;
  return c !== 58 && c !== 62 && c !== 63 && c !== 64 && c !== 91 && c !== 93 && c !== 96 && c !== 123 && c !== 124 && c !== 125;
};

class FastParser {
  i = 0;
  line = 1;
  lineStart = 0;
  /** The map key found by the last `scanKey`. */
  key = "";
  /** The position node of the last value parsed (only when tracking). */
  pos: PosNode = { line: 0, col: 0 };

  constructor(
    readonly s: string,
    readonly maxDepth: number,
    readonly track: boolean,
  ) {}

  private here(offset = this.i): PosNode {
    return { line: this.line, col: offset - this.lineStart + 1 };
  }

  /**
   * From a line start, skip blank and comment lines; return the indentation of the next content
   * line (the cursor stays at its start), or END at the end of the text or at a `---`/`...` line.
   */
  peekLine(): number {
    const s = this.s;
    let i = this.i;
    for (;;) {
      let j = i;
      while (s.charCodeAt(j) === 32) j++;
      const c = s.charCodeAt(j);
      this.i = this.lineStart = i;
      if (j >= s.length) return END;
      if (c === 10 || c === 35) {
        const nl = s.indexOf("\n", j);
        if (nl < 0) {
          this.i = this.lineStart = s.length;
          return END;
        }
        i = nl + 1;
        this.line++;
        continue;
      }
      if (j === i && (c === 45 || c === 46) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c && blankOrEnd(s.charCodeAt(i + 3))) return END;
      return j - i;
    }
  }

  /** After a value: only spaces and a comment may follow on its line; move to the next line. */
  endLine(): void {
    const s = this.s;
    let j = this.i;
    while (s.charCodeAt(j) === 32) j++;
    const c = s.charCodeAt(j);
    if (c === 35 && s.charCodeAt(j - 1) === 32) j = s.indexOf("\n", j);
    else if (c !== 10 && j < s.length) throw BAIL;
    if (j < 0 || j >= s.length) {
      this.i = this.lineStart = s.length;
      return;
    }
    this.i = this.lineStart = j + 1;
    this.line++;
  }

  private seqItemAt(offset: number): boolean {
    return this.s.charCodeAt(offset) === 45 && blankOrEnd(this.s.charCodeAt(offset + 1));
  }

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

  /**
   * If a `key:` starts at the cursor, set `this.key` and return the offset of its colon; -1 when
   * the line holds no key. Plain keys with flow indicators, null keys and overlong keys bail.
   */
  scanKey(): number {
    const s = this.s;
    const i = this.i;
    const c = s.charCodeAt(i);
    if (c === 34 || c === 39) {
      const quoted = readQuoted(s, i);
      let j = quoted.end;
      while (s.charCodeAt(j) === 32) j++;
      if (s.charCodeAt(j) !== 58 || !blankOrEnd(s.charCodeAt(j + 1))) return -1;
      this.key = quoted.value;
      return j;
    }
    if (!plainStart(c, s.charCodeAt(i + 1))) return -1;
    // Flow indicators are fine in a plain scalar, but how yaml reads them in an implicit key is subtle.
    let indicator = false;
    for (let j = i; ; j++) {
      const d = s.charCodeAt(j);
      if (d === 10 || Number.isNaN(d)) return -1;
      if (d === 58 && blankOrEnd(s.charCodeAt(j + 1))) {
        if (indicator) throw BAIL;
        let e = j;
        while (s.charCodeAt(e - 1) === 32) e--;
        // yaml limits implicit keys to 1024 characters.
        if (j - i > 1000) throw BAIL;
        this.key = plainKey(s.slice(i, e));
        return j;
      }
      if (d === 35 && s.charCodeAt(j - 1) === 32) return -1;
      indicator ||= flowIndicator(d);
    }
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

  /** A quoted or plain scalar; in flow context plain scalars also end at `,` `[` `]` `{` `}`. */
  scalar(inFlow: boolean): unknown {
    const s = this.s;
    const i = this.i;
    const c = s.charCodeAt(i);
    if (this.track) this.pos = this.here();
    if (c === 34 || c === 39) {
      const quoted = readQuoted(s, i);
      this.i = quoted.end;
      return quoted.value;
    }
    if (!plainStart(c, s.charCodeAt(i + 1))) throw BAIL;
    let j = i;
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j);
      if (d === 10 || (inFlow && flowIndicator(d))) break;
      if (d === 35 && s.charCodeAt(j - 1) === 32) break;
      if (d === 58) {
        const next = s.charCodeAt(j + 1);
        // In flow context `: ` ends a key; in block context it is an error (`a: b: c`), left to yaml.
        if (blankOrEnd(next) || (inFlow && flowIndicator(next))) {
          if (!inFlow) throw BAIL;
          break;
        }
        // `[a:b]` and `{a:b}` are subtle (a key? a scalar?): left to yaml.
        if (inFlow) throw BAIL;
      }
    }
    let e = j;
    while (s.charCodeAt(e - 1) === 32) e--;
    if (e === i) throw BAIL;
    this.i = e;
    return this.track ? null : resolvePlain(s.slice(i, e));
  }

  private skipSpaces(): number {
    const s = this.s;
    while (s.charCodeAt(this.i) === 32) this.i++;
    return s.charCodeAt(this.i);
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
