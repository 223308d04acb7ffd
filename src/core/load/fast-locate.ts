import type { FieldPath } from "../model/manifest.js";
import type { Position } from "../model/position.js";
import { END, LineScanner, blankOrEnd } from "./fast-scanner.js";
import type { FastDocument } from "./fast-scanner.js";

/**
 * Positions inside a document that the fast path read (fast-yaml.ts), found by walking the text
 * along the field path asked for instead of recording a position for every node: most objects never
 * need a position, and those that do need a handful. The answers are those of yaml-node.ts
 * `makeAt`: a map entry is at its value when the value starts on the key's line, otherwise at its
 * key; an item is where its node starts; a missing step stops at the deepest node that exists.
 *
 * Each collection on a path is scanned once, entry by entry and only as far as a lookup needs, and
 * what was found is kept while lookups stay in the same document: many lookups in one document
 * (every item of a 20,000-item List) stay linear in its size.
 *
 * The document already parsed, so its layout is the plain one the fast path accepts: every value
 * of a block node is on its own line or on more indented lines (or, for a map value, is a block
 * sequence in the key's column), and every scalar and flow collection ends on its line.
 */

/** Where a node starts: its offset, line, line start, and whether it is an item of a flow collection. */
interface NodeStart {
  i: number;
  lineStart: number;
  line: number;
  inFlow: boolean;
}

/** One entry of a collection: the position reported for it, and its node (none when the value is null). */
interface Entry {
  line: number;
  col: number;
  node: NodeStart | undefined;
}

const BLOCK_MAP = 0;
const BLOCK_SEQUENCE = 1;
const FLOW_MAP = 2;
const FLOW_SEQUENCE = 3;
const SCALAR = 4;

/** A collection as far as it was scanned; `resume` is where the entry after the last one found starts. */
interface Scanned {
  kind: number;
  /** Column of a block collection's entries. */
  col: number;
  /** Entries found so far: by key (maps) or in order (sequences). */
  keys: Map<string, Entry> | undefined;
  items: Entry[];
  resume: NodeStart;
  /** The last entry's value still has to be skipped before the next entry is read. */
  pending: boolean;
  done: boolean;
}

class FieldLocator extends LineScanner {
  private readonly scanned = new Map<number, Scanned>();

  /** The entry at `segment` of the node starting at `node`, or undefined when there is none. */
  entry(node: NodeStart, segment: string | number): Entry | undefined {
    const c = this.collection(node);
    if (c.kind === SCALAR) return undefined;
    if (c.kind === BLOCK_SEQUENCE || c.kind === FLOW_SEQUENCE) {
      if (typeof segment !== "number") return undefined;
      while (c.items.length <= segment && !c.done) this.scanNext(c);
      return c.items[segment];
    }
    const key = String(segment);
    const keys = c.keys!;
    let found = keys.get(key);
    while (!found && !c.done) found = this.scanNext(c) === key ? keys.get(key) : undefined;
    return found;
  }

  private moveTo(at: NodeStart): void {
    this.i = at.i;
    this.lineStart = at.lineStart;
    this.line = at.line;
  }

  private here(inFlow: boolean): NodeStart {
    return { i: this.i, lineStart: this.lineStart, line: this.line, inFlow };
  }

  /** What starts at `node`, as the parser decided it (fast-yaml.ts `block`, `flowItem`). */
  private collection(node: NodeStart): Scanned {
    let c = this.scanned.get(node.i);
    if (c) return c;
    this.moveTo(node);
    const s = this.s;
    const first = s.charCodeAt(this.i);
    let kind = SCALAR;
    if (!node.inFlow && first === 45 && blankOrEnd(s.charCodeAt(this.i + 1))) kind = BLOCK_SEQUENCE;
    else if (first === 91 || first === 123) kind = first === 123 ? FLOW_MAP : FLOW_SEQUENCE;
    else if (!node.inFlow && this.scanKey() >= 0) kind = BLOCK_MAP;
    let done = kind === SCALAR;
    if (kind === FLOW_MAP || kind === FLOW_SEQUENCE) {
      this.i++;
      if (this.skipSpaces() === (kind === FLOW_MAP ? 125 : 93)) done = true;
    }
    const keys = kind === BLOCK_MAP || kind === FLOW_MAP ? new Map<string, Entry>() : undefined;
    c = { kind, col: node.i - node.lineStart, keys, items: [], resume: this.here(false), pending: false, done };
    this.scanned.set(node.i, c);
    return c;
  }

  /** Read the next entry of `c`; returns its key (maps) or undefined. */
  private scanNext(c: Scanned): string | undefined {
    this.moveTo(c.resume);
    if (c.pending && !this.skipValue(c)) {
      c.done = true;
      return undefined;
    }
    let key: string | undefined;
    let found: Entry;
    if (c.kind === BLOCK_MAP) {
      const colon = this.scanKey();
      key = this.key;
      found = this.value(colon + 1, this.line, this.i - this.lineStart + 1, c.col, true);
    } else if (c.kind === BLOCK_SEQUENCE) {
      found = this.value(this.i + 1, -1, 0, c.col, false);
    } else {
      if (c.kind === FLOW_MAP) {
        key = this.flowKey();
        this.skipSpaces();
      }
      found = { line: this.line, col: this.i - this.lineStart + 1, node: this.here(true) };
    }
    if (key === undefined) c.items.push(found);
    else c.keys!.set(key, found);
    c.resume = this.here(false);
    c.pending = true;
    return key;
  }

  /**
   * The value after a key's colon or an item's dash (at `from`): on the same line it is reported
   * where it starts; below, a map entry is reported at its key (`keyLine` and `keyCol`) and an item
   * where its node starts; a null value where it would have started.
   */
  private value(from: number, keyLine: number, keyCol: number, col: number, isMap: boolean): Entry {
    const s = this.s;
    let j = from;
    while (s.charCodeAt(j) === 32) j++;
    const c = s.charCodeAt(j);
    this.i = j;
    if (c !== 10 && c !== 35 && !Number.isNaN(c)) return { line: this.line, col: j - this.lineStart + 1, node: this.here(false) };
    const emptyLine = this.line;
    const emptyCol = j - this.lineStart + 1;
    this.nextLine();
    const indent = this.peekLine();
    if (indent !== END && (indent > col || (isMap && indent === col && this.seqItemAt(this.lineStart + indent)))) {
      this.i = this.lineStart + indent;
      const node = this.here(false);
      return isMap ? { line: keyLine, col: keyCol, node } : { line: this.line, col: indent + 1, node };
    }
    return { line: emptyLine, col: emptyCol, node: undefined };
  }

  /** Move past the value of the last entry read to the next entry; false when the collection ends. */
  private skipValue(c: Scanned): boolean {
    if (c.kind === FLOW_MAP || c.kind === FLOW_SEQUENCE) {
      this.skipFlowItem();
      return this.flowNext();
    }
    // A block value ends on its line or on more indented lines: continue from the next line.
    if (this.i !== this.lineStart) this.nextLine();
    return this.nextEntry(c.col, c.kind === BLOCK_SEQUENCE);
  }

  /** Move the cursor to the start of the next line. */
  private nextLine(): void {
    const nl = this.s.indexOf("\n", this.i);
    if (nl < 0) {
      this.i = this.lineStart = this.s.length;
      return;
    }
    this.i = this.lineStart = nl + 1;
    this.line++;
  }

  /**
   * From a line start, skip the lines of a value up to the next entry of the node in column `col`
   * (the cursor then stands at it); false when the node ends first. In that column a dash starts
   * the next item of a sequence, but in a map it continues the value of the key before.
   */
  private nextEntry(col: number, isSequence: boolean): boolean {
    for (;;) {
      const indent = this.peekLine();
      if (indent === END || indent < col) return false;
      if (indent === col) {
        if (this.seqItemAt(this.lineStart + indent) === isSequence) {
          this.i = this.lineStart + indent;
          return true;
        }
        if (isSequence) return false;
      }
      this.nextLine();
    }
  }

  /** After a flow entry: past the comma (true) or past the closing bracket (false). */
  private flowNext(): boolean {
    const c = this.skipSpaces();
    this.i++;
    if (c !== 44) return false;
    this.skipSpaces();
    return true;
  }

  private skipFlowItem(): void {
    const c = this.s.charCodeAt(this.i);
    if (c !== 91 && c !== 123) {
      this.skipScalar(true);
      return;
    }
    const isMap = c === 123;
    this.i++;
    if (this.skipSpaces() === (isMap ? 125 : 93)) {
      this.i++;
      return;
    }
    do {
      if (isMap) {
        this.flowKey();
        this.skipSpaces();
      }
      this.skipFlowItem();
    } while (this.flowNext());
  }
}

/**
 * The locator of the document asked about last, with what it found. Lookups come in runs per
 * document (one policy's provenance, the items of a List), so one is enough to keep them linear;
 * keeping every document's would keep all that for as long as the objects live.
 */
let recent: { doc: FastDocument; locator: FieldLocator } | undefined;

/** `at()` of a document in `file`: where each field path is written, as yaml-node.ts `makeAt` answers. */
export const documentLocator =
  (file: string, text: string, doc: FastDocument, maxDepth: number) =>
  (path: FieldPath): Position => {
    let line = doc.line;
    let col = doc.indent + 1;
    if (path.length === 0) return { file, line, col };
    if (recent?.doc !== doc) recent = { doc, locator: new FieldLocator(text, maxDepth, false) };
    const { locator } = recent;
    let node: NodeStart | undefined = { i: doc.lineStart + doc.indent, lineStart: doc.lineStart, line: doc.line, inFlow: false };
    for (let k = 0; k < path.length; k++) {
      const entry: Entry | undefined = node && locator.entry(node, path[k]!);
      if (!entry) break;
      ({ line, col, node } = entry);
    }
    return { file, line, col };
  };
