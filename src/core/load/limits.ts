/**
 * Bounds that keep hostile input (huge files, alias bombs, absurd nesting) from exhausting memory,
 * stack or time. Every limit that is hit produces an error diagnostic; the rest is still analysed.
 */
export interface LoadLimits {
  /** Largest file read, in UTF-8 bytes. */
  maxFileBytes: number;
  /** Most manifest files read in one analysis. */
  maxFiles: number;
  /** yaml's `maxAliasCount`: bounds how much aliases may amplify a document (billion laughs). */
  maxAliasCount: number;
  /** Deepest nesting of collections in one document (the document's root map is depth 1). */
  maxDepth: number;
}

export const DEFAULT_LOAD_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxFileBytes: 5 * 1024 * 1024,
  maxFiles: 20_000,
  maxAliasCount: 100,
  maxDepth: 64,
});

export const resolveLimits = (limits: Partial<LoadLimits> = {}): LoadLimits => {
  const out: LoadLimits = { ...DEFAULT_LOAD_LIMITS };
  // Ignore explicit `undefined`s so a caller can forward optional settings as they are.
  for (const key of Object.keys(out) as (keyof LoadLimits)[]) {
    const value = limits[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
};

/**
 * UTF-8 length of a string, stopping early once it exceeds `cap` (the text may be huge).
 * A UTF-16 code unit encodes to 1-3 bytes; a surrogate pair (two units) to 4.
 */
export const utf8ByteLengthExceeds = (text: string, cap: number): boolean => {
  if (text.length > cap) return true;
  if (text.length * 3 <= cap) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Each half of a surrogate pair counts 2, so the pair counts 4.
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdfff ? 2 : 3;
    if (bytes > cap) return true;
  }
  return false;
};
