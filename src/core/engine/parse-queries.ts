/**
 * Parse a query file: one `FROM TO PORT/PROTO` per line, whitespace-separated; `#` starts a comment;
 * blank lines and extra trailing columns are ignored.
 */
export function parseQueries(text: string): Array<{ from: string; to: string; port: string; line: number }> {
  const out: Array<{ from: string; to: string; port: string; line: number }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const [from, to, port] = line.split(/\s+/);
    out.push({ from: from ?? "", to: to ?? "", port: port ?? "", line: i + 1 });
  });
  return out;
}
