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
 * match `a.`).
 */
export function fqdnPatternToRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${toRegExpSource(parsePattern(pattern))})(?:\\.|(?<!\\.))$`, "i");
}

const regExpCache = new Map<string, RegExp>();
const cachedRegExp = (pattern: string): RegExp => {
  let re = regExpCache.get(pattern);
  if (!re) {
    if (regExpCache.size >= 4096) regExpCache.clear();
    re = fqdnPatternToRegExp(pattern);
    regExpCache.set(pattern, re);
  }
  return re;
};

const NAME_SYNTAX = /^[-a-z0-9_]+(?:\.[-a-z0-9_]+)*\.?$/i;
const PATTERN_SYNTAX = /^[-a-z0-9_*]+(?:\.[-a-z0-9_*]+)*\.?$/i;

/**
 * Validity of a toFQDNs selector per Cilium's CRD schema: exactly one of matchName / matchPattern,
 * at most 255 characters, labels of letters, digits, `-`, `_` (and `*` in patterns), no empty label.
 */
export function validateFqdnSelector(sel: { matchName?: string; matchPattern?: string }): string | undefined {
  const name = sel.matchName ?? "";
  const pattern = sel.matchPattern ?? "";
  if (name !== "" && pattern !== "") return "only one of matchName and matchPattern may be set";
  if (name === "" && pattern === "") return "one of matchName or matchPattern is required";
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

/** Does `name` match the selector (FQDN-2)? matchName is exact and takes precedence when both are set. */
export function fqdnMatches(sel: { matchName?: string; matchPattern?: string }, name: string): boolean {
  if (sel.matchName) return normalizeFqdn(sel.matchName) === normalizeFqdn(name);
  if (sel.matchPattern) return cachedRegExp(sel.matchPattern).test(name);
  return false;
}

// ---- Exact inclusion, by automata -------------------------------------------------------------
//
// Each pattern becomes an NFA over characters. Inclusion is decided on valid names only (non-empty
// labels of DNS characters: a pattern's `*` may match an empty label in Cilium's regex, but no real
// name has one). We explore the product of inner-subset x valid-name DFA x outer-subset and look for
// a word the inner pattern and the name DFA accept but the outer pattern rejects. Characters that
// appear in neither pattern behave identically, so one representative stands for all of them.

const ANY = ""; // transition label: any DNS character

interface Nfa {
  moves: Array<Array<{ on: string; to: number }>>;
  eps: number[][];
  accept: number;
}

const buildNfa = (pattern: Pattern): Nfa => {
  if (pattern.kind === "all") {
    // label(.label)*: 0 -any-> 1 (accepting), 1 -any-> 1, 1 -.-> 0
    return { moves: [[{ on: ANY, to: 1 }], [{ on: ANY, to: 1 }, { on: ".", to: 0 }]], eps: [[], []], accept: 1 };
  }
  const moves: Nfa["moves"] = [[]];
  const eps: number[][] = [[]];
  const add = (): number => {
    moves.push([]);
    eps.push([]);
    return moves.length - 1;
  };
  let cur = 0;
  for (const t of pattern.tokens) {
    const next = add();
    if (t.kind === "char") moves[cur]!.push({ on: t.char, to: next });
    else if (t.kind === "dot") moves[cur]!.push({ on: ".", to: next });
    else if (t.kind === "star") {
      moves[cur]!.push({ on: ANY, to: cur });
      eps[cur]!.push(next);
    } else {
      // (label.)+ : cur -any-> inLabel, inLabel -any-> inLabel, inLabel -.-> next, next -any-> inLabel
      const inLabel = add();
      moves[cur]!.push({ on: ANY, to: inLabel });
      moves[inLabel]!.push({ on: ANY, to: inLabel }, { on: ".", to: next });
      moves[next]!.push({ on: ANY, to: inLabel });
    }
    cur = next;
  }
  return { moves, eps, accept: cur };
};

const closure = (nfa: Nfa, states: Iterable<number>): number[] => {
  const seen = new Set<number>(states);
  const stack = [...seen];
  while (stack.length > 0) {
    for (const n of nfa.eps[stack.pop()!]!) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return [...seen].sort((a, b) => a - b);
};

const step = (nfa: Nfa, states: readonly number[], c: string): number[] => {
  const out = new Set<number>();
  const isDns = DNS_CHARS.includes(c);
  for (const s of states) {
    for (const m of nfa.moves[s]!) if (m.on === c || (m.on === ANY && isDns)) out.add(m.to);
  }
  return closure(nfa, out);
};

/** Valid-name DFA: 0 = expecting a label character, 1 = inside a label (accepting), -1 = dead. */
const stepName = (state: number, c: string): number => {
  if (DNS_CHARS.includes(c)) return state === -1 ? -1 : 1;
  return c === "." && state === 1 ? 0 : -1;
};

const literalChars = (p: Pattern): string[] =>
  p.kind === "all" ? [] : p.tokens.flatMap((t) => (t.kind === "char" ? [t.char] : []));

/**
 * Exact pattern containment: is every (valid) name matched by `inner` also matched by `outer`?
 * Plain names are patterns without wildcards.
 */
export function fqdnPatternCovers(outer: string, inner: string): boolean {
  const po = parsePattern(outer);
  if (po.kind === "all") return true;
  const pi = parsePattern(inner);
  if (normalizeFqdn(outer) === normalizeFqdn(inner)) return true;
  const no = buildNfa(po);
  const ni = buildNfa(pi);
  const used = new Set([...literalChars(po), ...literalChars(pi)].filter((c) => DNS_CHARS.includes(c)));
  const alphabet = [...used, "."];
  const other = [...DNS_CHARS].find((c) => !used.has(c));
  if (other !== undefined) alphabet.push(other);

  const start = { i: closure(ni, [0]), n: 0, o: closure(no, [0]) };
  const seen = new Set<string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const { i, n, o } = queue[head]!;
    const key = `${i.join(",")}|${n}|${o.join(",")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (n === 1 && i.includes(ni.accept) && !o.includes(no.accept)) return false;
    for (const c of alphabet) {
      const next = { i: step(ni, i, c), n: stepName(n, c), o: step(no, o, c) };
      if (next.i.length > 0 && next.n !== -1) queue.push(next);
    }
  }
  return true;
}
