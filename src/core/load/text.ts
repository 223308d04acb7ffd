/** Extensions the loader reads; anything else in a repository is not a manifest. */
const MANIFEST_EXTENSION = /\.(?:ya?ml|json)$/i;

export const isManifestPath = (path: string): boolean => MANIFEST_EXTENSION.test(path);

/** Editors do not count a byte-order mark as a column, so it must go before positions are computed. */
export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** A `---` line (trailing blanks allowed, as kubectl's splitter allows) followed by a BOM. */
const BOM_AFTER_SEPARATOR = /(^|\n)(---[ \t]*\r?\n)\ufeff/g;

/**
 * Drop a byte-order mark at the start of the file and at the start of every later document (the
 * line after a `---` line). kubectl, Argo CD and Flux split a file into documents on `---` lines
 * and hand each one to go-yaml, whose reader drops a BOM at the start of its input: to them
 * `---\n\uFEFFapiVersion: …` is an ordinary object. Left in, `yaml` would read the key
 * `\uFEFFapiVersion` and the object would be skipped, hiding it from the review (security.md B1).
 * Removing one character inside a line moves no line; columns on that line are counted, like a
 * BOM at the start of a file, as editors show them.
 */
export const stripDocumentBoms = (text: string): string => {
  const first = stripBom(text);
  return first.includes("\ufeff") ? first.replace(BOM_AFTER_SEPARATOR, "$1$2") : first;
};

/** 1-based line and column of a string offset (only used on rare paths: one position per file). */
export const lineColumn = (text: string, offset: number): { line: number; col: number } => {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
};

/** The API group of an apiVersion: `apps` for `apps/v1`, "" for the core group (`v1`). */
export const apiGroup = (apiVersion: string): string => {
  const slash = apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
};
