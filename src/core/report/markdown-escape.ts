/**
 * Escaping for text that comes from manifests or the config (names, labels, paths, messages built
 * from them) before it goes into Markdown. A PR must not be able to inject Markdown, HTML, links,
 * images, @-mentions or issue references into our comment, nor break a table or a `<details>`.
 *
 * The zero-width space (U+200B) is how mentions and references are broken: GitHub links `@name`,
 * `#12` and `GH-12` in rendered text nodes, after Markdown, so backslash escapes do not stop them.
 */
const ZWSP = "\u200b";

/**
 * One printable line: line breaks would end a table row or a list item; other control characters
 * and bidirectional overrides could hide or reorder what a reviewer reads ("Trojan Source").
 */
export const oneLine = (text: string): string =>
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  text.replace(/\r\n|[\r\n\t\u2028\u2029]/g, " ").replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "\ufffd");

/** Shorten to `max` code points (never splitting a surrogate pair) with an ellipsis. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/** Break what GitHub links after rendering: mentions, issue references, bare URLs. */
function defuseLinks(text: string): string {
  return text
    .replace(/@/g, `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/(gh)-(?=\d)/gi, `$1-${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/(www)\./gi, `$1${ZWSP}.`);
}

/**
 * Escape for Markdown text (paragraphs, list items, table cells). Every ASCII punctuation that
 * Markdown gives a meaning to is backslash-escaped (`|` included, so a table cell stays one cell);
 * `<`, `>` and `&` become entities, which also work inside raw HTML.
 */
export function escapeMarkdown(text: string): string {
  return defuseLinks(
    oneLine(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`),
  );
}

/**
 * Escape for text inside raw HTML (e.g. `<summary>`): GitHub does not parse Markdown there, so
 * backslashes would show; entities are decoded instead.
 */
export function escapeHtml(text: string): string {
  // Defused first: the ZWSP after `#` would otherwise break the `&#39;` entity.
  return defuseLinks(oneLine(text))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    // Inert in HTML, but a link or image could form if GitHub ever parsed this as Markdown.
    .replace(/\[/g, "&#91;")
    .replace(/]/g, "&#93;")
    .replace(/`/g, "&#96;");
}

/** Inline code span that cannot be broken out of by backticks in the value. Not for table cells. */
export function code(text: string): string {
  const clean = oneLine(text).replace(/@/g, `@${ZWSP}`).replace(/<!--/g, `<${ZWSP}!--`);
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((s) => s.length));
  const fence = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/**
 * Characters that are inert inside a code span that sits in a table cell: no `|` (it would still
 * split the cell), no backtick or backslash (they end or escape), no `<` or `@` (kept out of the
 * raw body, where the app looks for its marker). Kubernetes names, selectors, ports, paths and
 * rule provenance nearly always fit.
 */
const PLAIN = /^[A-Za-z0-9 ._/:=,*+\-[\]()'"#~!?%&;{}$^]+$/;

/**
 * A name shown as code when it is plain, escaped text otherwise. Safe in table cells, where a pipe
 * inside a code span would still split the cell and a backslash cannot be escaped.
 */
export function literal(text: string, max = 120): string {
  const short = clip(oneLine(text), max);
  if (short.trim() === "") return "–";
  return PLAIN.test(short) ? `\`${short}\`` : escapeMarkdown(short);
}

/** Escaped prose (messages, fixes, notes), clipped so that one row cannot fill the comment. */
export const prose = (text: string, max = 600): string => escapeMarkdown(clip(text, max));

/** A short commit SHA when the value is one; escaped code otherwise (e.g. a branch name). */
export const shortRef = (ref: string): string => (/^[0-9a-f]{7,64}$/i.test(ref) ? `\`${ref.slice(0, 7).toLowerCase()}\`` : literal(ref, 60));

/** Only plain https URLs are linked (the caller's, never a manifest's); anything else is dropped. */
export const safeUrl = (url: string | undefined): string | undefined =>
  url !== undefined && /^https:\/\/[^\s()<>[\]`"'\\]+$/.test(url) ? url : undefined;
