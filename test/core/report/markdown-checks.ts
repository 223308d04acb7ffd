import { COMMENT_MARKER } from "../../../src/core/report/render-comment.js";

/** Raw HTML our renderers emit themselves; anything else came from input and is an injection. */
const ALLOWED_TAGS = new Set(["details", "summary", "b", "br", "sub"]);

/**
 * Structural problems of rendered Markdown: unbalanced `<details>` or fences, foreign HTML,
 * mentions, links we did not make, tables whose rows split into extra cells, a second marker,
 * and Mermaid lines outside the shapes we generate.
 */
export function markdownProblems(md: string, opts: { ownLinks?: number; marker?: boolean } = {}): string[] {
  const problems: string[] = [];
  let depth = 0;
  for (const m of md.matchAll(/<(\/?)details>/g)) {
    depth += m[1] ? -1 : 1;
    if (depth < 0) problems.push("</details> without <details>");
  }
  if (depth !== 0) problems.push(`unbalanced <details>: depth ${depth}`);
  const lines = md.split("\n");
  if (lines.filter((l) => l.startsWith("```")).length % 2) problems.push("unbalanced code fence");
  const markers = md.split(COMMENT_MARKER).length - 1;
  if (markers !== (opts.marker ? 1 : 0)) problems.push(`${markers} comment markers`);
  if ((md.match(/<!--/g) ?? []).length !== (opts.marker ? 1 : 0)) problems.push("HTML comment from input");
  // Code spans and blocks are neither linked nor mention-processed by GitHub; escaped backticks
  // are dropped first so that they cannot pair with a real one and hide prose from the checks.
  const prose = md
    .replace(/^```[\s\S]*?^```$/gm, "")
    .replace(/\\[\\`]/g, "")
    .replace(/`[^`\n]*`/g, "");
  if (/@[A-Za-z0-9]/.test(prose)) problems.push("@-mention");
  for (const m of prose.matchAll(/<\/?([A-Za-z][\w-]*)/g)) if (!ALLOWED_TAGS.has(m[1]!.toLowerCase())) problems.push(`foreign HTML tag <${m[1]}>`);
  if ((prose.match(/\]\(/g) ?? []).length !== (opts.ownLinks ?? 0)) problems.push("link or image from input");
  if (/(?<!\u200b)\/\/evil|www\.evil/i.test(prose)) problems.push("live URL from input");
  problems.push(...tableProblems(lines), ...mermaidProblems(lines));
  return problems;
}

const pipes = (line: string): number => (line.match(/(?<!\\)\|/g) ?? []).length;

function tableProblems(lines: readonly string[]): string[] {
  const problems: string[] = [];
  let columns = 0;
  lines.forEach((line, i) => {
    if (/^\|(---\|)+$/.test(line)) columns = pipes(lines[i - 1] ?? "");
    else if (line.startsWith("| ") && columns && pipes(line) !== columns) problems.push(`table row with ${pipes(line)} pipes, header has ${columns}: ${line.slice(0, 80)}`);
    else if (!line.startsWith("|")) columns = 0;
  });
  return problems;
}

const MERMAID_LINE = [
  /^flowchart LR$/,
  /^ {2}n\d+(\(\["[A-Za-z0-9 ._/:=,*+\-…]+"\]\)|\["[A-Za-z0-9 ._/:=,*+\-…]+"\])$/,
  /^ {2}n\d+ (-->|==>|-\.->)\|"[A-Za-z0-9 ._/:=,*+\-…]+"\| n\d+$/,
  /^ {2}linkStyle \d+ stroke:#cf222e,stroke-width:3px$/,
];

function mermaidProblems(lines: readonly string[]): string[] {
  const problems: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (line === "```mermaid") inside = true;
    else if (inside && line === "```") inside = false;
    else if (inside && !MERMAID_LINE.some((re) => re.test(line))) problems.push(`unexpected Mermaid line: ${line}`);
  }
  return problems;
}
