import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastDocuments, withLf } from "../../../src/core/load/fast-yaml.js";
import { parseManifests } from "../../../src/core/load/index.js";
import type { ParsedManifests } from "../../../src/core/load/index.js";
import { generateRepository } from "../../../src/bench/generate.js";
import { compareWithYaml, probePaths } from "./fast-yaml-oracle.js";

/**
 * The fast YAML path must read exactly what yaml reads (values and positions), or decline the
 * file. These tests compare the two on every manifest in the repository, on the benchmark's
 * repository, and on generated and mutated YAML. FAST_YAML_RUNS raises the number of cases.
 */
const RUNS = Number(process.env.FAST_YAML_RUNS ?? 300);
const root = fileURLToPath(new URL("../../../", import.meta.url));

const manifests = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    if (statSync(full).isDirectory()) return manifests(full);
    return /\.(?:ya?ml|json)$/i.test(name) ? [full] : [];
  });

describe("fast YAML path: the repository's own manifests", () => {
  const files = [...manifests(join(root, "test")), ...manifests(join(root, "examples"))];

  it("reads every file as yaml does, or declines it", () => {
    const differences = files.map((f) => [f, compareWithYaml(readFileSync(f, "utf8").replace(/^\uFEFF/, ""))]).filter(([, d]) => d);
    expect(differences).toEqual([]);
  });

  it("reads most of them (the fast path is not vacuous)", () => {
    const fast = files.filter((f) => fastDocuments(readFileSync(f, "utf8"), 64) !== undefined);
    expect(fast.length / files.length).toBeGreaterThan(0.6);
  });

  it("reads the benchmark repository entirely", () => {
    const repo = generateRepository({ tenants: 2, namespacesPerTenant: 2, workloadsPerNamespace: 3 });
    for (const [path, text] of repo) {
      expect(fastDocuments(text, 64), path).toBeDefined();
      expect(compareWithYaml(text), path).toBeUndefined();
      // Windows line ends stay on the fast path.
      expect(fastDocuments(withLf(text.replace(/\n/g, "\r\n"))!, 64), path).toBeDefined();
    }
  });
});

/** Keys and scalars: mostly what manifests hold, some that YAML reads specially, some it rejects. */
const KEYS = ["a", "name", "app.kubernetes.io/name", "a b", "1", "0x1F", "1.50", "true", "-a", "é", "'q'", '"d q"', '""', "a#b", "constructor", "toString"];
const ODD_KEYS = ["null", "~", "x:y", "<<", "__proto__", "a[0]", "? a", "&k a", "!t a", "- a"];
const SCALARS = [
  "web", "-1", "+1", "007", "1_000", "0o17", "0o8", "0x1f", "0xG", "1.", ".5", "-.5", "1e3", "1E-3", "+1.5e+3", ".inf", "-.Inf", ".NaN", ".nan",
  "true", "True", "TRUE", "tRue", "yes", "no", "on", "null", "Null", "NULL", "nULL", "~", "--", "a:b", "http://x:80/p#f", "a#c",
  "'s'", "'it''s'", '"d"', '"e\\"s\\\\c\\n\\t\\u00e9"', '"\\/"', "'#'", '"a: b"', "é", "🙂", "1.0", "0", "-0", "+0", "0.0", "-0.0", "12:30", "2024-01-01",
  "''", '""', "a,b", "a]b", "a}b", "a{b", "a b  c", "x\\y",
];
const ODD_SCALARS = ["", "-", "...", "---", "a: b", "a:", "a #c", "[a]", "{a: 1}", "*a", "&a x", "!!str 1", "|", ">", "%x", "@x", "`x", "?x", "? x", ":x", '"\\x41"', '"\\q"', "'a\n b'"];

/** A random YAML text built from the constructs manifests use, with random layout choices. */
/** `odd`: how often (per 100) a key or scalar is one that YAML reads specially or rejects. */
const yamlText = (odd: number): fc.Arbitrary<string> => {
  const scalar = fc.oneof({ arbitrary: fc.constantFrom(...SCALARS), weight: 100 - odd }, { arbitrary: fc.constantFrom(...ODD_SCALARS), weight: odd });
  const key = fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 100 - odd }, { arbitrary: fc.constantFrom(...ODD_KEYS), weight: odd });
  const tree = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "medium", withCrossShrink: true },
      scalar,
      fc.array(tie("node"), { maxLength: 5 }),
      fc.uniqueArray(fc.tuple(key, tie("node")), { maxLength: 6, selector: ([k]) => k }).map((entries) => ({ entries })),
    ),
  })).node;
  const layout = fc.infiniteStream(fc.nat(9));
  return fc.tuple(fc.array(tree, { minLength: 1, maxLength: 3 }), layout).map(([docs, choices]) => {
    const it = choices[Symbol.iterator]();
    const pick = (n: number): number => (it.next().value as number) % n;
    return docs.map((d) => render(d, 0, pick)).join(pick(3) === 0 ? "---\n# between\n" : "---\n");
  });
};

const isMap = (v: unknown): v is { entries: Array<[string, unknown]> } => typeof v === "object" && v !== null && "entries" in v;

/** Flow layout; plain scalars with flow indicators are mostly quoted (they end a plain scalar there). */
const flow = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(flow).join(", ")}]` : isMap(v) ? `{${v.entries.map(([k, x]) => `${k}: ${flow(x)}`).join(", ")}}` : flowScalar(String(v));
const flowScalar = (s: string): string => (/[[\]{},:]| #/.test(s) && !/^["']/.test(s) ? JSON.stringify(s) : s);

/** A comment after a scalar (where `#c` is part of the scalar), or after an indicator. */
const scalarComment = (s: string, pick: (n: number) => number): string => (/^["']/.test(s) ? structuralComment(pick) : [" # c", "", "", "#c", "  "][pick(5)]!);
const structuralComment = (pick: (n: number) => number): string => [" # c", "", "", "  ", " #"][pick(5)]!;

/** Block layout, with random indentation, flow collections, comments and blank lines. */
function render(v: unknown, indent: number, pick: (n: number) => number): string {
  const pad = " ".repeat(indent);
  const blank = () => (pick(8) === 0 ? (pick(2) ? "\n" : `${" ".repeat(pick(6))}# note\n`) : "");
  if (!Array.isArray(v) && !isMap(v)) return `${pad}${String(v)}${scalarComment(String(v), pick)}\n`;
  if (pick(5) === 0) return `${pad}${flow(v)}${structuralComment(pick)}\n`;
  if (Array.isArray(v)) {
    if (v.length === 0) return `${pad}[]${structuralComment(pick)}\n`;
    return v.map((item) => blank() + item1(item, indent, pick)).join("");
  }
  if (v.entries.length === 0) return `${pad}{}\n`;
  return v.entries
    .map(([k, x]) => {
      const sep = pick(6) === 0 ? " :" : ":";
      if (!Array.isArray(x) && !isMap(x)) {
        if (pick(8) === 0) return `${blank()}${pad}${k}${sep}${structuralComment(pick)}\n${pad}${" ".repeat(1 + pick(3))}${String(x)}${scalarComment(String(x), pick)}\n`;
        return `${blank()}${pad}${k}${sep} ${String(x)}${scalarComment(String(x), pick)}\n`;
      }
      const step = [1, 2, 2, 4][pick(4)]!;
      // A block sequence may start in its key's column (`key:\n- a`); nothing else may.
      const value = Array.isArray(x) && x.length > 0 && pick(2) === 0 ? x.map((item) => item1(item, indent, pick)).join("") : render(x, indent + step, pick);
      return `${blank()}${pad}${k}${sep}${structuralComment(pick)}\n${value}`;
    })
    .join("");
}

/** One sequence item: compact (`- a: 1`), or its content on the next lines. */
function item1(v: unknown, indent: number, pick: (n: number) => number): string {
  const pad = " ".repeat(indent);
  if (pick(3) === 0) return `${pad}-${structuralComment(pick)}\n${render(v, indent + 1 + pick(3), pick)}`;
  const inner = render(v, indent + 2, pick);
  const first = " ".repeat(indent + 2);
  // Compact only when the item's first line is content (not a blank or comment line).
  if (!inner.startsWith(first) || /^\s*(#|$)/.test(inner.slice(0, inner.indexOf("\n")))) return `${pad}-\n${inner}`;
  return `${pad}- ${inner.slice(indent + 2)}`;
}

/** Random edits: characters YAML cares about, deleted characters, re-indented lines. */
const mutated = (text: string): fc.Arbitrary<string> =>
  fc.array(fc.tuple(fc.nat(Math.max(0, text.length - 1)), fc.constantFrom(" ", "\n", ":", "-", "#", "'", '"', "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "\t", "\r", "?", "%", "x", "DEL")), { maxLength: 3 }).map((edits) =>
    edits.reduce((t, [at, ch]) => (ch === "DEL" ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + ch + t.slice(at)), text),
  );

describe("fast YAML path: generated YAML", () => {
  it.each([0, 1, 10])("reads generated documents as yaml does, or declines them (odd keys and scalars: %i in 100)", (odd) => {
    fc.assert(fc.property(yamlText(odd), (text) => {
      expect(compareWithYaml(text), text).toBeUndefined();
    }), { numRuns: RUNS });
  });

  it("reads CRLF documents as yaml does, or declines them", () => {
    fc.assert(
      fc.property(yamlText(1), (text) => {
        expect(compareWithYaml(text.replace(/\n/g, "\r\n")), text).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("reads mutated documents as yaml does, or declines them", () => {
    fc.assert(fc.property(yamlText(1).chain(mutated), (text) => {
      expect(compareWithYaml(text), text).toBeUndefined();
    }), { numRuns: RUNS });
  });

  it("reads small nesting limits as the loader's depth check does", () => {
    fc.assert(fc.property(yamlText(2), fc.integer({ min: 1, max: 4 }), (text, depth) => {
      expect(compareWithYaml(text, depth), text).toBeUndefined();
    }), { numRuns: RUNS });
  });
});

/** Objects, their positions and every position inside them, and the diagnostics, as plain data. */
const observable = (r: ParsedManifests) => ({
  diagnostics: r.diagnostics,
  objects: r.objects.map((o) => ({ ...o, at: probePaths(o.body).map((p) => o.at(p)) })),
});

const manifest = (name: string, body: string, pick: (n: number) => number): string =>
  pick(4) === 0
    ? `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: ${name}-a}\n  spec:\n${body.replace(/^/gm, "    ")}- kind: Service\n  metadata:\n    name: ${name}-b\n`
    : `apiVersion: v1\nkind: ${["Pod", "Service", 3][pick(3)]}\nmetadata:\n  name: ${["", name, "[x]"][pick(6) % 3 === 0 ? pick(3) : 1]}\n  namespace: ns\nspec:\n${body}`;

describe("fast YAML path: the loader", () => {
  it("loads objects, positions and diagnostics exactly as the yaml path does", () => {
    const body = fc.tuple(yamlText(3), fc.infiniteStream(fc.nat(9)));
    const files = fc.array(fc.array(body, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((fs) =>
      fs.map((docs, f) => {
        const text = docs
          .map(([b, choices], d) => {
            const it = choices[Symbol.iterator]();
            // Only maps can be a spec; a scalar or list body becomes a field of one.
            const spec = /^[\w"'-][^\n]*: /.test(b) && !b.includes("---") ? b : `x: 1\n`;
            return manifest(`o${d % 2}`, spec.replace(/^/gm, "  "), () => (it.next().value as number) % 7);
          })
          .join("---\n");
        return { path: `f${f}.yaml`, text };
      }),
    );
    fc.assert(
      fc.property(files, (fs) => {
        expect(observable(parseManifests(fs))).toEqual(observable(parseManifests(fs, undefined, { reference: true })));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
