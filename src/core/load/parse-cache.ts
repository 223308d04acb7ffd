import type { Diagnostic } from "../model/diagnostic.js";
import type { ManifestObject } from "../model/manifest.js";

/** What loading one file produced, in order: replaying it is the same as loading the file again. */
export type FileEvent = { object: ManifestObject } | { diagnostic: Diagnostic };

/**
 * A content-addressed cache of loaded files, keyed by path and exact text (positions carry the
 * path) under given load limits. Both sides of a change share almost every file, and a pull
 * request's next push shares almost every file with the previous one: a hit costs a string
 * comparison instead of a parse. Cached objects are shared, so nothing downstream may mutate a
 * ManifestObject (nothing does: stages copy, e.g. to default a namespace).
 *
 * Pure: no I/O, no global state; the caller decides the cache's lifetime (one change, or an app
 * process) and its size.
 */
export interface ParseCache {
  lookup(path: string, text: string, limits: string): readonly FileEvent[] | undefined;
  store(path: string, text: string, limits: string, events: readonly FileEvent[]): void;
  /** Files held, hits and misses so far (for logs and metrics). */
  stats(): { files: number; hits: number; misses: number };
}

interface Entry {
  text: string;
  limits: string;
  events: readonly FileEvent[];
}

/** Versions kept per path: a change's base and head, and the head before the latest push. */
const VERSIONS_PER_PATH = 3;

export function createParseCache(options: { maxFiles?: number } = {}): ParseCache {
  const maxFiles = options.maxFiles ?? 100_000;
  // Map order is the recency order: a hit moves its path to the end, eviction takes the front.
  const byPath = new Map<string, Entry[]>();
  let files = 0;
  let hits = 0;
  let misses = 0;
  return {
    lookup(path, text, limits) {
      const entries = byPath.get(path);
      const entry = entries?.find((e) => e.limits === limits && e.text === text);
      if (!entry) {
        misses++;
        return undefined;
      }
      hits++;
      byPath.delete(path);
      byPath.set(path, entries!);
      return entry.events;
    },
    store(path, text, limits, events) {
      const entries = byPath.get(path) ?? [];
      byPath.delete(path);
      entries.unshift({ text, limits, events });
      files++;
      if (entries.length > VERSIONS_PER_PATH) {
        entries.pop();
        files--;
      }
      byPath.set(path, entries);
      for (const [oldest, dropped] of byPath) {
        if (files <= maxFiles) break;
        byPath.delete(oldest);
        files -= dropped.length;
      }
    },
    stats: () => ({ files, hits, misses }),
  };
}
