/**
 * Scalars for the fast YAML path (fast-yaml.ts): plain scalars resolved exactly as the `yaml`
 * package's YAML 1.2 core schema resolves them, and single-line quoted scalars. Anything these
 * functions are not sure about throws BAIL, and the file goes to the `yaml` package instead.
 */

/** Thrown (never as an Error: no stack is captured) when the fast path must give up on a file. */
export const BAIL: unique symbol = Symbol("bail");

const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * The value of a plain scalar, tested in the order of yaml's core schema tags (null, bool, octal,
 * decimal and hex integers, special, exponent and plain floats; otherwise a string). Most scalars
 * in manifests are names, so the first character rules the regexes out cheaply.
 */
export const resolvePlain = (s: string): unknown => {
  const c = s.charCodeAt(0);
  const numeric = (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
  if (!numeric) {
    // n N t T f F ~
    if (c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70 && c !== 126) return s;
    // Nulls have 1 or 4 characters, booleans 4 or 5 (`namespace`, `template`: no regex needed).
    if (s.length !== 1 && s.length !== 4 && s.length !== 5) return s;
    if (CORE_NULL.test(s)) return null;
    if (CORE_BOOL.test(s)) return c === 116 || c === 84;
    return s;
  }
  if (CORE_INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (CORE_INT.test(s)) return parseInt(s, 10);
  if (CORE_INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (CORE_FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === "nan" ? NaN : s[0] === "-" ? -Infinity : Infinity;
  if (CORE_FLOAT_EXP.test(s) || CORE_FLOAT.test(s)) return parseFloat(s);
  return s;
};

/** A plain map key, as the object key yaml would use: `String` of its resolved value; null keys bail. */
export const keyOf = (v: unknown): string => {
  if (v === null) throw BAIL;
  return typeof v === "string" ? v : String(v);
};

const hex = (text: string, from: number, length: number): number => {
  let v = 0;
  for (let k = from; k < from + length; k++) {
    const d = parseInt(text[k] ?? "", 16);
    if (Number.isNaN(d)) throw BAIL;
    v = v * 16 + d;
  }
  return v;
};

const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([["\\", "\\"], ['"', '"'], ["/", "/"], ["n", "\n"], ["t", "\t"], ["r", "\r"]]);

/**
 * A quoted scalar that opens at `start` and closes on the same line. Returns its value and the
 * offset after the closing quote. Multi-line scalars and rare escapes bail.
 */
export const readQuoted = (text: string, start: number): { value: string; end: number } => {
  const quote = text.charCodeAt(start);
  let out = "";
  let from = start + 1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) throw BAIL;
    if (quote === 39 /* ' */) {
      if (c !== 39) continue;
      if (text.charCodeAt(i + 1) === 39) {
        out += text.slice(from, i + 1);
        from = ++i + 1;
        continue;
      }
      return { value: out + text.slice(from, i), end: i + 1 };
    }
    if (c === 34 /* " */) return { value: out + text.slice(from, i), end: i + 1 };
    if (c !== 92 /* \ */) continue;
    out += text.slice(from, i);
    const e = text[i + 1] ?? "";
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (e === "u") {
      const code = hex(text, i + 2, 4);
      // Lone surrogates are left to yaml, which decides how to report them.
      if (code >= 0xd800 && code <= 0xdfff) throw BAIL;
      out += String.fromCharCode(code);
      i += 5;
    } else throw BAIL;
    from = i + 1;
  }
  throw BAIL;
};
