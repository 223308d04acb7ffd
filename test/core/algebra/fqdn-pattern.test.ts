import { describe, expect, it } from "vitest";
import {
  fqdnMatches,
  fqdnPatternCovers,
  fqdnPatternToRegExp,
  normalizeFqdn,
  validateFqdnSelector,
} from "../../../src/core/algebra/fqdn-pattern.js";

/**
 * Independent oracle: a direct transcription of Cilium's pkg/fqdn/matchpattern ToAnchoredRegexp
 * (Sanitize adds the trailing dot; names are matched in FQDN form, with the trailing dot).
 */
const ciliumRegExp = (pattern: string): RegExp => {
  const p = pattern.toLowerCase();
  if (/^\*+\.?$/.test(p)) return /^([-a-z0-9_]+[.])+$|^[.]$/;
  const fqdn = p.endsWith(".") ? p : `${p}.`;
  const lead = /^\*{2,}\./.exec(fqdn);
  let out = lead ? "([-a-z0-9_]+([.][-a-z0-9_]+){0,})[.]" : "";
  for (const c of fqdn.slice(lead ? lead[0].length : 0).replace(/\*+/g, "*")) {
    out += c === "." ? "[.]" : c === "*" ? "[-a-z0-9_]*" : c;
  }
  return new RegExp(`^${out}$`);
};
const ciliumMatches = (pattern: string, name: string): boolean => ciliumRegExp(pattern).test(`${name}.`);

describe("normalizeFqdn", () => {
  it.each([
    ["Example.COM.", "example.com"],
    ["example.com", "example.com"],
    ["a.b..", "a.b."],
    [".", ""],
  ])("%j -> %j", (input, expected) => {
    expect(normalizeFqdn(input)).toBe(expected);
  });
});

describe("validateFqdnSelector (FQDN-2)", () => {
  it.each([
    [{ matchName: "api.example.com" }, undefined],
    [{ matchName: "API.Example.com." }, undefined],
    [{ matchName: "_srv._tcp.example.com" }, undefined],
    [{ matchPattern: "*" }, undefined],
    [{ matchPattern: "**.example.com" }, undefined],
    [{ matchPattern: "api-*.example.com" }, undefined],
    [{ matchPattern: "*.example.com." }, undefined],
    [{ matchName: "a.com", matchPattern: "*.com" }, /only one/],
    // Cilium accepts an empty selector (it matches nothing).
    [{}, undefined],
    [{ matchName: "" }, undefined],
    [{ matchName: "*.example.com" }, /may only contain/],
    [{ matchName: "exa mple.com" }, /may only contain/],
    [{ matchPattern: "example.com/path" }, /may only contain/],
    [{ matchPattern: "[a-z].com" }, /may only contain/],
    [{ matchName: "a..com" }, /empty label/],
    [{ matchName: ".example.com" }, /empty label/],
    [{ matchPattern: "." }, /empty label/],
    [{ matchName: `${"a".repeat(250)}.com.x` }, /longer than 255/],
  ])("FQDN-2: %j -> %s", (sel, expected) => {
    const result = validateFqdnSelector(sel);
    if (expected === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(expected);
  });
});

describe("fqdnMatches (FQDN-2)", () => {
  it.each([
    [{ matchName: "cilium.io" }, "cilium.io", true],
    [{ matchName: "Cilium.IO." }, "cilium.io", true],
    [{ matchName: "cilium.io" }, "CILIUM.io.", true],
    [{ matchName: "cilium.io" }, "www.cilium.io", false],
    [{ matchPattern: "*.cilium.io" }, "a.cilium.io", true],
    [{ matchPattern: "*.cilium.io" }, "cilium.io", false],
    [{ matchPattern: "*.cilium.io" }, "a.b.cilium.io", false],
    [{ matchPattern: "*" }, "anything.at.all", true],
    [{ matchPattern: "*" }, "localhost", true],
    [{ matchPattern: "**.cilium.io" }, "a.cilium.io", true],
    [{ matchPattern: "**.cilium.io" }, "a.b.cilium.io", true],
    [{ matchPattern: "**.cilium.io" }, "cilium.io", false],
    [{ matchPattern: "*cilium.io" }, "cilium.io", true],
    [{ matchPattern: "*cilium.io" }, "subcilium.io", true],
    [{ matchPattern: "*cilium.io" }, "www.cilium.io", false],
    [{ matchPattern: "sub*.cilium.io" }, "subdomain.cilium.io", true],
    [{ matchPattern: "sub*.cilium.io" }, "www.cilium.io", false],
    [{ matchPattern: "api-*.example.com" }, "api-.example.com", true],
    [{ matchPattern: "api-*.example.com" }, "api-eu-1.example.com", true],
    [{ matchPattern: "api-*.example.com" }, "api.example.com", false],
    [{ matchPattern: "API-*.Example.COM" }, "api-x.example.com.", true],
    [{ matchPattern: "a**b.com" }, "a.b.com", false],
    [{ matchPattern: "a.**.com" }, "a.x.y.com", false],
    [{ matchPattern: "***.cilium.io" }, "a.b.cilium.io", true],
    [{}, "cilium.io", false],
  ] as Array<[{ matchName?: string; matchPattern?: string }, string, boolean]>)("FQDN-2: %j matches %s: %s", (sel, name, expected) => {
    expect(fqdnMatches(sel, name)).toBe(expected);
    if (sel.matchPattern) expect(ciliumMatches(sel.matchPattern, normalizeFqdn(name))).toBe(expected);
  });

  it.each(["", ".", "a", "a.", "a..", ".a", "a.b.", "a..b", "-.b", "A.B", "a/b.c", "x.a.b"])(
    "FQDN-2: odd name %j: fqdnMatches, fqdnPatternToRegExp and Cilium's regex agree",
    (name) => {
      for (const p of ["*", "a.*", "*.b", "**.b", "a*", "*.*", "**.*", "a.**", "*b", "a.b"]) {
        const fqdn = name.endsWith(".") ? name : `${name}.`;
        const cilium = ciliumRegExp(p).test(fqdn.toLowerCase());
        expect([p, fqdnMatches({ matchPattern: p }, name)]).toEqual([p, cilium]);
        expect([p, fqdnPatternToRegExp(p).test(name)]).toEqual([p, cilium]);
      }
    },
  );

  it("FQDN-2: fqdnMatches is linear: many stars against a long non-matching name", () => {
    const pattern = `${"*a".repeat(60)}b.com`;
    expect(fqdnMatches({ matchPattern: pattern }, `${"a".repeat(63)}.com`)).toBe(false);
    expect(fqdnMatches({ matchPattern: pattern }, `${"a".repeat(62)}b.com`)).toBe(true);
  });

  it("FQDN-2: fqdnPatternToRegExp is anchored and tolerates a trailing dot", () => {
    const re = fqdnPatternToRegExp("*.example.com");
    expect(re.test("a.example.com")).toBe(true);
    expect(re.test("a.example.com.")).toBe(true);
    expect(re.test("xa.example.com.evil")).toBe(false);
    expect(re.test("evil.a.example.com")).toBe(false);
    // A final dot is the root, not an empty label: `a.*` (Cilium `^a[.][-a-z0-9_]*[.]$`) rejects `a.`.
    expect(fqdnPatternToRegExp("a.*").test("a.")).toBe(false);
    expect(fqdnPatternToRegExp("a.*").test("a.b.")).toBe(true);
    expect(fqdnPatternToRegExp("*").test("")).toBe(true);
  });
});

describe("fqdnPatternCovers (FQDN-2)", () => {
  it.each([
    ["*.example.com", "a.example.com", true],
    ["*.example.com", "a*.example.com", true],
    ["*.example.com", "**.example.com", false],
    ["*.example.com", "example.com", false],
    ["**.example.com", "*.example.com", true],
    ["**.example.com", "a.b.example.com", true],
    ["**.example.com", "**.a.example.com", true],
    ["**.a.example.com", "**.example.com", false],
    ["**.example.com", "example.com", false],
    ["*", "**.example.com", true],
    ["*", "*.*", true],
    ["*", "localhost", true],
    ["**", "*", true],
    ["**.*", "*", false],
    ["*.*", "*", false],
    ["*example.com", "example.com", true],
    ["*example.com", "xexample.com", true],
    ["*example.com", "*.example.com", false],
    ["*example.com", "a*example.com", true],
    ["api-*.example.com", "api-eu-*.example.com", true],
    ["api-*.example.com", "api*.example.com", false],
    ["a*b*c.com", "a*c.com", false],
    ["a*c.com", "a*b*c.com", true],
    ["*a*", "*a*a*", true],
    ["*a*a*", "*a*", false],
    ["Example.COM.", "example.com", true],
    ["example.com", "*.com", false],
    // `*` can match an empty label in the regex, but no real name has one.
    ["a.*.com", "a.**.com", true],
    ["x*.com", "*.com", false],
  ])("FQDN-2: %s covers %s: %s", (outer, inner, expected) => {
    expect(fqdnPatternCovers(outer, inner)).toBe(expected);
  });
});

// ---- brute-force cross-check -----------------------------------------------------------------

const ALPHABET = ["a", "b", "-"];
const labelsUpTo = (length: number): string[] => {
  let layer = [""];
  const out: string[] = [];
  for (let n = 0; n < length; n++) {
    layer = layer.flatMap((l) => ALPHABET.map((c) => l + c));
    out.push(...layer);
  }
  return out;
};
const namesOf = (labels: readonly string[], maxLabels: number): string[] => {
  let layer = [...labels];
  const out = [...layer];
  for (let n = 1; n < maxLabels; n++) {
    layer = layer.flatMap((prefix) => labels.map((l) => `${prefix}.${l}`));
    out.push(...layer);
  }
  return out;
};
/** Names up to 4 labels of length <= 2, plus names up to 2 labels of length 3. */
const NAMES = [...new Set([...namesOf(labelsUpTo(2), 4), ...namesOf(labelsUpTo(3), 2)])];

const FIXED_PATTERNS = [
  "*", "**", "a", "b", "a.b", "b.a", "ab.b", "a.b.b", "*.b", "*.a.b", "a*.b", "*a.b", "*b", "a*b", "*a*", "a-*",
  "-*.b", "b.*", "a.*", "*.*", "*.*.b", "**.b", "**.a.b", "**.*", "**.*.b", "***.b", "**b", "a.**", "*-*.b", "*a*b*",
];

/**
 * Deterministic random patterns over {a, b, -, *}: 1-3 labels of 1-2 tokens, `**.` only before at most two
 * labels, so that every non-inclusion has a witness among NAMES.
 */
const randomPatterns = (count: number): string[] => {
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * n);
  };
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const labels = Array.from({ length: 1 + next(3) }, () =>
      Array.from({ length: 1 + next(2) }, () => ["a", "b", "-", "*"][next(4)]!).join(""),
    );
    out.push((labels.length < 3 && next(3) === 0 ? "**." : "") + labels.join("."));
  }
  return out;
};

describe("fqdnPatternCovers brute-force cross-check (FQDN-2)", () => {
  const patterns = [...new Set([...FIXED_PATTERNS, ...randomPatterns(70)])];
  const matchSets = patterns.map((p) => {
    const re = ciliumRegExp(p);
    return NAMES.map((n) => re.test(`${n}.`));
  });

  it("every pattern matches some enumerated name (the enumeration can witness)", () => {
    expect(patterns.filter((_, k) => !matchSets[k]!.some(Boolean))).toEqual([]);
  });

  it("FQDN-2: fqdnMatches agrees with Cilium's regex on every enumerated name", () => {
    const disagreements = patterns.flatMap((p, k) =>
      NAMES.filter((n, j) => fqdnMatches({ matchPattern: p }, n) !== matchSets[k]![j]).map((n) => `${p} ~ ${n}`),
    );
    expect(disagreements).toEqual([]);
  });

  it("FQDN-2: fqdnPatternToRegExp agrees with Cilium's regex on every enumerated name", () => {
    const disagreements = patterns.flatMap((p, k) => {
      const re = fqdnPatternToRegExp(p);
      return NAMES.filter((n, j) => re.test(n) !== matchSets[k]![j]).map((n) => `${p} ~ ${n}`);
    });
    expect(disagreements).toEqual([]);
  });

  it(`FQDN-2: covers(outer, inner) == brute-force inclusion over ${NAMES.length} names`, () => {
    const wrong: string[] = [];
    patterns.forEach((outer, o) => {
      patterns.forEach((inner, i) => {
        const mo = matchSets[o]!;
        const brute = matchSets[i]!.every((m, j) => !m || mo[j]);
        if (fqdnPatternCovers(outer, inner) !== brute) wrong.push(`${outer} ⊇ ${inner}: brute force says ${brute}`);
      });
    });
    expect(wrong).toEqual([]);
  });
});
