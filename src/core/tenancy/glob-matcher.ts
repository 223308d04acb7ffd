import picomatch from "picomatch";

/**
 * The start every name a glob matches begins with, for globs made of plain characters, `.`, `*` and
 * `?` only (such as `tenant-7-*`): their leading letters, digits, `-` and `_` stand for themselves.
 * Any other glob gets the empty start, which every name has (`|`, braces or extglobs can make a
 * match begin elsewhere).
 */
const literalStart = (glob: string): string => (/^[A-Za-z0-9_.*?-]*$/.test(glob) ? /^[A-Za-z0-9_-]*/.exec(glob)![0] : "");

interface Compiled {
  starts: readonly string[];
  match?: (name: string) => boolean;
}

/** Namespace globs (picomatch), compiled once per tenancy: picomatch.isMatch would compile the pattern on every call. */
export interface GlobMatcher {
  /** Does the name match one of the globs? Lists are cached by identity: pass the config's own arrays. */
  any(name: string, globs: readonly string[]): boolean;
  one(name: string, glob: string): boolean;
}

export function globMatcher(): GlobMatcher {
  const lists = new Map<readonly string[], Compiled>();
  const singles = new Map<string, readonly string[]>();
  const any = (name: string, globs: readonly string[]): boolean => {
    if (globs.length === 0) return false;
    let c = lists.get(globs);
    if (!c) lists.set(globs, (c = { starts: globs.map(literalStart) }));
    // A necessary condition first: with hundreds of tenants, each namespace is tried against the
    // globs of every tenant before its own, and most differ in their literal start (`tenant-7-*`).
    let possible = false;
    for (let i = 0; i < c.starts.length && !possible; i++) possible = name.startsWith(c.starts[i]!);
    if (!possible) return false;
    c.match ??= picomatch([...globs]);
    return c.match(name);
  };
  const one = (name: string, glob: string): boolean => {
    let list = singles.get(glob);
    if (!list) singles.set(glob, (list = [glob]));
    return any(name, list);
  };
  return { any, one };
}
