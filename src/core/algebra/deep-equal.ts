/**
 * Structural equality of plain data: primitives (bigint included), arrays, Maps and plain objects.
 * Order-sensitive for Maps and object keys: insertion order is observable (e.g. which label wins
 * a bare-key lookup), so values that differ only in order are not treated as equal.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (a instanceof Map || b instanceof Map) {
    if (!(a instanceof Map) || !(b instanceof Map) || a.size !== b.size) return false;
    const bi = b.entries();
    for (const [k, v] of a) {
      const next = bi.next().value as [unknown, unknown];
      if (!Object.is(k, next[0]) || !deepEqual(v, next[1])) return false;
    }
    return true;
  }
  if (a instanceof Set || b instanceof Set) return false; // not plain data: never assumed equal
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k, i) => k === kb[i] && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
