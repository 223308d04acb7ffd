/**
 * Escape text that comes from manifests before it goes into Markdown: a PR must not be able to
 * inject Markdown, HTML, links, images or @-mentions into our comment.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/@/g, "@\u200b")
    .replace(/&/g, "&amp;")
    .replace(/\r?\n/g, " ")
    .replace(/:\/\//g, ":\u200b//");
}

/** Inline code span that cannot be broken out of by backticks in the value. */
export function code(text: string): string {
  const clean = text.replace(/\r?\n/g, " ").replace(/@/g, "@\u200b");
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((s) => s.length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}
