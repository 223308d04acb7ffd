import { BAIL, keyOf, readQuoted, resolvePlain } from "./fast-scalars.js";

/**
 * Line-level scanning for the fast YAML path (fast-yaml.ts): lines, indentation, comments, keys
 * and scalars. Anything it is not sure about throws BAIL, like the parser built on it.
 */

/** One document with a value: where its root node starts, to compute positions later. */
export interface FastDocument {
  value: unknown;
  /** Offset of the line where the root node starts, its line number and its column (0-based). */
  lineStart: number;
  line: number;
  indent: number;
}

export const END = -1;
/** Slots of LineScanner's cache of recent plain scalars (a power of two). */
const RECENT_SLOTS = 128;
/** Characters that cannot occur in the fast path at all (tabs, CR, controls, BOM, NEL, LS, PS). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const UNSUPPORTED = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;

export const blankOrEnd = (c: number): boolean => c === 32 || c === 10 || Number.isNaN(c);
/** `[`, `]`, `{`, `}`, `,` */
export const flowIndicator = (c: number): boolean => c === 91 || c === 93 || c === 123 || c === 125 || c === 44;

/** Whether a plain scalar may start with `c` (followed by `next`); other starts are left to yaml. */
export const plainStart = (c: number, next: number): boolean => {
  if (c === 45 /* - */) return !blankOrEnd(next) && !flowIndicator(next);
  if (c < 48) return c !== 32 && c !== 33 && c !== 34 && c !== 35 && c !== 37 && c !== 38 && c !== 39 && c !== 42 && c !== 44 && c !== 10;
  return c !== 58 && c !== 62 && c !== 63 && c !== 64 && c !== 91 && c !== 93 && c !== 96 && c !== 123 && c !== 124 && c !== 125;
};

/** The cursor over one text, and what every level of the parser needs from it. */
export class LineScanner {
  i = 0;
  line = 1;
  lineStart = 0;
  /** The map key found by the last `scanKey`. */
  key = "";
  /** Plain scalars that read as written, by slot (see `plain`); only kept by a scanner that reads a whole file. */
  private readonly recent: Array<string | undefined> | undefined;

  constructor(
    readonly s: string,
    readonly maxDepth: number,
    shareStrings: boolean,
  ) {
    this.recent = shareStrings ? new Array<string | undefined>(RECENT_SLOTS) : undefined;
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

  protected seqItemAt(offset: number): boolean {
    return this.s.charCodeAt(offset) === 45 && blankOrEnd(this.s.charCodeAt(offset + 1));
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
      // Most characters are letters: above `:` only the brackets matter (checked inline: this loop
      // runs for every key, long before the optimising compiler has inlined anything).
      if (d > 58) {
        if (d === 91 || d === 93 || d === 123 || d === 125) indicator = true;
        continue;
      }
      if (d === 10 || Number.isNaN(d)) return -1;
      if (d === 44) indicator = true;
      else if (d === 58 && blankOrEnd(s.charCodeAt(j + 1))) {
        if (indicator) throw BAIL;
        let e = j;
        while (s.charCodeAt(e - 1) === 32) e--;
        // yaml limits implicit keys to 1024 characters.
        if (j - i > 1000) throw BAIL;
        this.key = keyOf(this.plain(i, e));
        return j;
      } else if (d === 35 && s.charCodeAt(j - 1) === 32) return -1;
    }
  }

  /** A flow map key and its `:`. JSON-like (quoted) keys may have the value right after the colon. */
  protected flowKey(): string {
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
    const end = (this.i = this.plainEnd(true));
    if (s.charCodeAt(end) !== 58 || !blankOrEnd(s.charCodeAt(end + 1))) throw BAIL;
    this.i++;
    return keyOf(this.plain(start, end));
  }

  /** A quoted or plain scalar; in flow context plain scalars also end at `,` `[` `]` `{` `}`. */
  scalar(inFlow: boolean): unknown {
    const s = this.s;
    const i = this.i;
    const c = s.charCodeAt(i);
    if (c === 34 || c === 39) {
      const quoted = readQuoted(s, i);
      this.i = quoted.end;
      return quoted.value;
    }
    this.i = this.plainEnd(inFlow);
    return this.plain(i, this.i);
  }

  /**
   * The value of the plain scalar written from `from` to `to`. Manifests repeat the same keys and
   * values over and over: a string that reads as written is shared with its last occurrence (found
   * by a hash of its length and ends), which saves allocating, and keeping, every copy.
   */
  private plain(from: number, to: number): unknown {
    const s = this.s;
    const cache = this.recent;
    if (!cache) return resolvePlain(s.slice(from, to));
    const slot = ((to - from) * 31 + s.charCodeAt(from) * 7 + s.charCodeAt(to - 1)) & (RECENT_SLOTS - 1);
    const recent = cache[slot];
    if (recent !== undefined && recent.length === to - from && s.startsWith(recent, from)) return recent;
    const text = s.slice(from, to);
    const value = resolvePlain(text);
    // Only a string that reads as itself may stand for its text (`1` is a number, `"1"` is not).
    if (value === text) cache[slot] = text;
    return value;
  }

  /** Move the cursor past a scalar without building its value (positions only need its extent). */
  protected skipScalar(inFlow: boolean): void {
    const c = this.s.charCodeAt(this.i);
    this.i = c === 34 || c === 39 ? readQuoted(this.s, this.i).end : this.plainEnd(inFlow);
  }

  /** The end (trailing spaces excluded) of the plain scalar at the cursor. */
  private plainEnd(inFlow: boolean): number {
    const s = this.s;
    const i = this.i;
    if (!plainStart(s.charCodeAt(i), s.charCodeAt(i + 1))) throw BAIL;
    let j = i;
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j);
      // As in scanKey: above `:` only the brackets matter.
      if (d > 58) {
        if (inFlow && (d === 91 || d === 93 || d === 123 || d === 125)) break;
        continue;
      }
      if (d === 10 || (inFlow && d === 44)) break;
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
    return e;
  }

  protected skipSpaces(): number {
    const s = this.s;
    while (s.charCodeAt(this.i) === 32) this.i++;
    return s.charCodeAt(this.i);
  }
}
