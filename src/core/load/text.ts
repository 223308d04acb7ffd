/** Extensions the loader reads; anything else in a repository is not a manifest. */
const MANIFEST_EXTENSION = /\.(?:ya?ml|json)$/i;

export const isManifestPath = (path: string): boolean => MANIFEST_EXTENSION.test(path);

/** Editors do not count a byte-order mark as a column, so it must go before positions are computed. */
export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

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
