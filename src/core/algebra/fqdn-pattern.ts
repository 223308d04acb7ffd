/**
 * Cilium toFQDNs name patterns (spec FQDN-2), mirroring pkg/fqdn/matchpattern:
 * - a pattern made only of `*` (optionally with a trailing dot) matches every name;
 * - a leading run of two or more `*` followed by `.` matches one or more whole labels;
 * - any other run of `*` matches zero or more DNS characters ([-a-z0-9_]) within one label.
 * Everything is case-insensitive and a trailing dot is implied.
 */

/** Characters of a DNS label as Cilium's matchpattern sees them. */
const DNS_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_";
const DNS_CLASS = "[-a-z0-9_]";
const MAX_LENGTH = 255;
const isDnsChar = (c: string): boolean => (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "-" || c === "_";
const DNS_LABEL = /^[-a-z0-9_]+$/;

/** Lower-case, strip one trailing dot. */
export function normalizeFqdn(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

type Token =
  | { kind: "char"; char: string }
  | { kind: "dot" }
  /** Zero or more DNS characters. */
  | { kind: "star" }
  /** One or more whole labels, each followed by a dot (the `**.` prefix). */
  | { kind: "labels" };

type Pattern = { kind: "all" } | { kind: "seq"; tokens: Token[] };

const parsePattern = (pattern: string): Pattern => {
  const p = normalizeFqdn(pattern);
  if (/^\*+$/.test(p)) return { kind: "all" };
  const tokens: Token[] = [];
  let i = 0;
  const lead = /^\*{2,}\./.exec(p);
  if (lead) {
    tokens.push({ kind: "labels" });
    i = lead[0].length;
  }
  for (; i < p.length; i++) {
    const c = p[i]!;
    if (c === ".") tokens.push({ kind: "dot" });
    else if (c === "*") {
      while (p[i + 1] === "*") i++;
      tokens.push({ kind: "star" });
    } else tokens.push({ kind: "char", char: c });
  }
  return { kind: "seq", tokens };
};

const escapeRegExp = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

const toRegExpSource = (parsed: Pattern): string => {
  if (parsed.kind === "all") return `(?:${DNS_CLASS}+(?:\\.${DNS_CLASS}+)*)?`;
  return parsed.tokens
    .map((t) => {
      switch (t.kind) {
        case "char":
          return escapeRegExp(t.char);
        case "dot":
          return "\\.";
        case "star":
          return `${DNS_CLASS}*`;
        case "labels":
          return `${DNS_CLASS}+(?:\\.${DNS_CLASS}+)*\\.`;
      }
    })
    .join("");
};

/**
 * Anchored, case-insensitive RegExp. Accepts a name with or without its trailing dot, exactly like
 * Cilium (which matches `name.`): a final `.` is the root, never an empty last label (`a.*` does not
 * match `a.`). Caution: JavaScript regexes backtrack, and a label with many stars (`*a*a*a*a*a*a*a*b`)
 * takes exponential time on a long non-matching name (Cilium uses Go's linear RE2). fqdnMatches
 * runs in linear time; prefer it for policy input.
 */
export function fqdnPatternToRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${toRegExpSource(parsePattern(pattern))})(?:\\.|(?<!\\.))$`, "i");
}

const NAME_SYNTAX = /^[-a-z0-9_]+(?:\.[-a-z0-9_]+)*\.?$/i;
const PATTERN_SYNTAX = /^[-a-z0-9_*]+(?:\.[-a-z0-9_*]+)*\.?$/i;

/**
 * Validity of a toFQDNs selector per Cilium's CRD schema and sanitize(): not both matchName and
 * matchPattern, at most 255 characters, labels of letters, digits, `-`, `_` (and `*` in patterns),
 * no empty label.
 */
export function validateFqdnSelector(sel: { matchName?: string; matchPattern?: string }): string | undefined {
  const name = sel.matchName ?? "";
  const pattern = sel.matchPattern ?? "";
  if (name !== "" && pattern !== "") return "only one of matchName and matchPattern may be set";
  // Cilium's sanitize accepts a selector with neither field; it matches no name (callers may warn).
  if (name === "" && pattern === "") return undefined;
  const [field, value, syntax, chars] =
    name !== ""
      ? (["matchName", name, NAME_SYNTAX, /^[-a-z0-9_.]*$/i] as const)
      : (["matchPattern", pattern, PATTERN_SYNTAX, /^[-a-z0-9_.*]*$/i] as const);
  if (value.length > MAX_LENGTH) return `${field} is longer than ${MAX_LENGTH} characters`;
  if (!chars.test(value)) {
    const allowed = field === "matchName" ? "letters, digits, '-', '_' and '.'" : "letters, digits, '-', '_', '.' and '*'";
    return `${field} "${value}" may only contain ${allowed}`;
  }
  if (!syntax.test(value)) return `${field} "${value}" has an empty label (leading or repeated dot)`;
  return undefined;
}

// ---- Label-wise matching and exact inclusion -------------------------------------------------
//
// A pattern other than match-all has the shape `[**.]g1.g2...gk`, each gi a glob over one label: its
// names are (with `**.`: one or more arbitrary labels, then) exactly k labels, the i-th matching gi.
// Matching splits the name into labels. Inclusion is decided over valid names: non-empty labels of
// DNS characters (Cilium's regex lets a `*` label match an empty label, but no real name has one),
// so it reduces to label-count arithmetic plus per-label glob inclusion (a subset construction).

type Glob = Array<{ kind: "char"; char: string } | { kind: "star" }>;

interface Shape {
  /** Starts with `**.` (one or more arbitrary labels). */
  multi: boolean;
  labels: Glob[];
  /** One matcher per glob: string equality, a small RegExp (at most two stars), or the NFA. */
  matchers: Array<(label: string) => boolean>;
}

const labelMatcher = (g: Glob): ((label: string) => boolean) => {
  const stars = g.filter((t) => t.kind === "star").length;
  if (stars === 0) {
    const literal = g.map((t) => (t.kind === "char" ? t.char : "")).join("");
    return (label) => label === literal;
  }
  if (stars > 2) return (label) => globMatches(g, label); // avoid polynomial backtracking
  const re = new RegExp(`^${g.map((t) => (t.kind === "star" ? `${DNS_CLASS}*` : escapeRegExp(t.char))).join("")}$`);
  return (label) => re.test(label);
};

const shapeOf = (tokens: readonly Token[]): Shape => {
  const multi = tokens[0]?.kind === "labels";
  const labels: Glob[] = [[]];
  for (const t of tokens) {
    if (t.kind === "dot") labels.push([]);
    else if (t.kind !== "labels") labels[labels.length - 1]!.push(t);
  }
  return { multi, labels, matchers: labels.map(labelMatcher) };
};

const shapeCache = new Map<string, Shape | "all">();

/** Parsed pattern shape, cached by pattern text. */
const compiled = (pattern: string): Shape | "all" => {
  let shape = shapeCache.get(pattern);
  if (shape === undefined) {
    const parsed = parsePattern(pattern);
    shape = parsed.kind === "all" ? "all" : shapeOf(parsed.tokens);
    if (shapeCache.size >= 4096) shapeCache.clear();
    shapeCache.set(pattern, shape);
  }
  return shape;
};

/** No valid label matches: empty glob (empty label) or a literal that is not a DNS character. */
const globIsEmpty = (g: Glob): boolean => g.length === 0 || g.some((t) => t.kind === "char" && !isDnsChar(t.char));

/**
 * Glob NFA: state k = "tokens before k consumed"; accepting state = g.length. A char token moves
 * k -> k+1; a star loops on k and has an epsilon move to k+1. Subsets are sorted arrays of states.
 */
const closeGlob = (g: Glob, states: Iterable<number>): number[] => {
  const out = new Set(states);
  for (let k = 0; k < g.length; k++) if (out.has(k) && g[k]!.kind === "star") out.add(k + 1);
  return [...out].sort((a, b) => a - b);
};

/** One character step; `c` undefined stands for any DNS character that neither glob names. */
const stepGlob = (g: Glob, states: readonly number[], c: string | undefined): number[] => {
  const next: number[] = [];
  for (const k of states) {
    const t = g[k];
    if (t?.kind === "star") next.push(k);
    else if (t?.kind === "char" && c !== undefined && t.char === c) next.push(k + 1);
  }
  return closeGlob(g, next);
};

/**
 * Does one label match a glob? `*` matches DNS characters only, possibly none (as in Cilium's regex).
 * NFA simulation over flags: O(label x glob), no backtracking.
 */
const globMatches = (g: Glob, label: string): boolean => {
  const m = g.length;
  const close = (flags: Uint8Array): void => {
    for (let k = 0; k < m; k++) if (flags[k] === 1 && g[k]!.kind === "star") flags[k + 1] = 1;
  };
  let cur = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  cur[0] = 1;
  close(cur);
  for (const c of label) {
    const dns = isDnsChar(c);
    next.fill(0);
    let alive = false;
    for (let k = 0; k < m; k++) {
      if (cur[k] !== 1) continue;
      const t = g[k]!;
      if (t.kind === "star" ? dns : t.char === c) {
        next[t.kind === "star" ? k : k + 1] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    close(next);
    [cur, next] = [next, cur];
  }
  return cur[m] === 1;
};

/**
 * Does `name` match the selector (FQDN-2)? matchName is exact and takes precedence when both are set.
 * Same answers as fqdnPatternToRegExp, in linear time (no backtracking).
 */
export function fqdnMatches(sel: { matchName?: string; matchPattern?: string }, name: string): boolean {
  if (sel.matchName) return normalizeFqdn(sel.matchName) === normalizeFqdn(name);
  if (!sel.matchPattern) return false;
  const shape = compiled(sel.matchPattern);
  const labels = normalizeFqdn(name).split(".");
  const isLabel = (l: string): boolean => DNS_LABEL.test(l);
  if (shape === "all") return (labels.length === 1 && labels[0] === "") || labels.every(isLabel);
  const extra = labels.length - shape.labels.length;
  if (shape.multi ? extra < 1 : extra !== 0) return false;
  return labels.slice(0, extra).every(isLabel) && shape.matchers.every((m, k) => m(labels[k + extra]!));
}

const globCoversCache = new Map<string, boolean>();

/** Is every non-empty label matched by `inner` also matched by `outer`? */
const globCovers = (outer: Glob, inner: Glob): boolean => {
  if (globIsEmpty(inner)) return true;
  if (globIsEmpty(outer)) return false;
  if (outer.every((t) => t.kind === "star")) return true;
  if (inner.every((t) => t.kind === "char")) {
    // A plain label: run it through the outer glob.
    const end = inner.reduce((states, t) => stepGlob(outer, states, t.kind === "char" ? t.char : undefined), closeGlob(outer, [0]));
    return end.includes(outer.length);
  }
  const text = (g: Glob): string => g.map((t) => (t.kind === "star" ? "*" : t.char)).join("");
  const [outerText, innerText] = [text(outer), text(inner)];
  if (outerText === innerText) return true;
  const cacheKey = `${outerText} ${innerText}`;
  const cached = globCoversCache.get(cacheKey);
  if (cached !== undefined) return cached;

  const used = new Set([...outer, ...inner].flatMap((t) => (t.kind === "char" ? [t.char] : [])));
  // Characters in neither glob behave alike: one representative (undefined) stands for all of them.
  const alphabet: Array<string | undefined> = [...used];
  if (used.size < DNS_CHARS.length) alphabet.push(undefined);

  const seen = new Set<string>();
  const queue: Array<{ i: number[]; nonEmpty: boolean; o: number[] }> = [];
  const visit = (i: number[], nonEmpty: boolean, o: number[]): void => {
    if (i.length === 0) return;
    const key = `${i.join(",")}|${nonEmpty}|${o.join(",")}`;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push({ i, nonEmpty, o });
  };
  visit(closeGlob(inner, [0]), false, closeGlob(outer, [0]));
  let result = true;
  for (let head = 0; head < queue.length && result; head++) {
    const { i, nonEmpty, o } = queue[head]!;
    if (nonEmpty && i.includes(inner.length) && !o.includes(outer.length)) result = false;
    for (const c of alphabet) visit(stepGlob(inner, i, c), true, stepGlob(outer, o, c));
  }
  if (globCoversCache.size >= 4096) globCoversCache.clear();
  globCoversCache.set(cacheKey, result);
  return result;
};

/**
 * Exact pattern containment: is every valid name matched by `inner` also matched by `outer`?
 * Plain names are patterns without wildcards. An `inner` that matches no valid name (e.g. `a..b`)
 * is covered by anything.
 */
export function fqdnPatternCovers(outer: string, inner: string): boolean {
  const o = compiled(outer);
  if (o === "all") return true;
  const i = compiled(inner);
  // Any other pattern has a fixed label count, or needs at least two labels: it misses some names.
  if (i === "all") return false;
  if (i.labels.some(globIsEmpty)) return true;
  if (i.multi && !o.multi) return false;
  // Inner names have (with `**.`: at least) i.labels.length + (i.multi ? 1 : 0) labels; align the suffixes.
  const extra = i.labels.length - o.labels.length;
  if (o.multi ? extra < (i.multi ? 0 : 1) : extra !== 0) return false;
  return o.labels.every((g, k) => globCovers(g, i.labels[k + extra]!));
}
