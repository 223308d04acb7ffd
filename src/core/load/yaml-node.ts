import { isAlias, isCollection, isMap, isPair, isScalar, isSeq } from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import type { FieldPath } from "../model/manifest.js";
import type { Position } from "../model/position.js";

/** What a lazily computed position needs: the file's line index and the document (to resolve aliases). */
export interface NodeContext {
  file: string;
  lineCounter: LineCounter;
  doc: Document;
}

const positionAt = (ctx: NodeContext, offset: number): Position => {
  const { line, col } = ctx.lineCounter.linePos(offset);
  return { file: ctx.file, line, col };
};

export const nodePosition = (ctx: NodeContext, node: Node, fallback: Position): Position =>
  node.range ? positionAt(ctx, node.range[0]) : fallback;

const keyMatches = (key: unknown, segment: string | number): boolean =>
  isScalar(key) && String(key.value) === String(segment);

/**
 * Where a map entry is "written": its value when the value starts on the key's line
 * (`port: abc` points at `abc`), otherwise the key (a block map value starts on the next line,
 * but the field is best reported at `labels:`).
 */
const entryPosition = (ctx: NodeContext, key: Node | null, value: Node | null, fallback: Position): Position => {
  const keyPos = key ? nodePosition(ctx, key, fallback) : fallback;
  if (!value?.range) return keyPos;
  const valuePos = positionAt(ctx, value.range[0]);
  return valuePos.line === keyPos.line || !key ? valuePos : keyPos;
};

/**
 * One step down a path: the child node at `segment` (a map key or a sequence index) and the
 * position where that child is written; undefined when there is no such child.
 */
export const step = (
  ctx: NodeContext,
  parent: unknown,
  segment: string | number,
  fallback: Position,
): { node: unknown; position: Position } | undefined => {
  // Following an alias reports positions inside the anchored node, which is where the text is.
  const node = isAlias(parent) ? parent.resolve(ctx.doc) : parent;
  if (isMap(node)) {
    const pair = node.items.find((p) => keyMatches(p.key, segment));
    if (!pair) return undefined;
    const key = isScalar(pair.key) ? pair.key : null;
    const value = (pair.value ?? null) as Node | null;
    return { node: value, position: entryPosition(ctx, key, value, fallback) };
  }
  if (isSeq(node) && typeof segment === "number") {
    const item: unknown = node.items[segment];
    if (!item || isPair(item)) return undefined;
    return { node: item, position: nodePosition(ctx, item as Node, fallback) };
  }
  return undefined;
};

/**
 * Build `ManifestObject.at` for an object rooted at `root`. Nothing is precomputed: each call walks
 * the yaml nodes along the path, stopping at the deepest segment that exists.
 */
export const makeAt =
  (ctx: NodeContext, root: unknown, objectPosition: Position) =>
  (path: FieldPath): Position => {
    let current: { node: unknown; position: Position } = { node: root, position: objectPosition };
    for (const segment of path) {
      const next = step(ctx, current.node, segment, current.position);
      if (!next) break;
      current = next;
    }
    return current.position;
  };

/**
 * Nesting depth of collections as written (aliases are not followed), computed without recursion
 * so that an absurdly deep document cannot overflow the stack here. Also tells whether the
 * document uses aliases: without them the plain value is a tree no deeper than the text.
 */
export const literalDepth = (root: unknown, max: number): { exceeds: boolean; hasAliases: boolean } => {
  const stack: Array<[unknown, number]> = [[root, 1]];
  let hasAliases = false;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    hasAliases ||= isAlias(node);
    if (!isCollection(node)) continue;
    if (depth > max) return { exceeds: true, hasAliases };
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1], [item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return { exceeds: false, hasAliases };
};

interface Frame {
  children: unknown[];
  next: number;
  height: number;
  value: object;
}

const frame = (value: object): Frame => ({ value, children: Object.values(value), next: 0, height: 0 });

/**
 * Nesting depth of the plain value after alias expansion. Catches what the literal check cannot:
 * anchors nested through aliases, and recursive aliases (`&a {x: *a, y: *a}`), which yaml turns
 * into cyclic objects that would hang every later stage. Shared (aliased) objects are measured
 * once, so a wide cycle or a DAG does not blow up exponentially.
 */
export const valueDepthExceeds = (root: unknown, max: number): boolean => {
  if (typeof root !== "object" || root === null) return false;
  const heights = new Map<object, number>();
  const stack: Frame[] = [frame(root)];
  const onPath = new Set<object>([root]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (typeof child !== "object" || child === null) continue;
      if (onPath.has(child)) return true; // a cycle is infinitely deep
      const known = heights.get(child);
      if (known !== undefined) {
        // The same object may hang deeper here than where it was measured.
        if (stack.length + known > max) return true;
        top.height = Math.max(top.height, known);
      } else if (stack.length >= max) return true;
      else {
        stack.push(frame(child));
        onPath.add(child);
      }
      continue;
    }
    stack.pop();
    onPath.delete(top.value);
    const height = top.height + 1;
    heights.set(top.value, height);
    const parent = stack[stack.length - 1];
    if (parent) parent.height = Math.max(parent.height, height);
  }
  return (heights.get(root) ?? 0) > max;
};
