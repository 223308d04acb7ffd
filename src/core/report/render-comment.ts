import type { Review } from "../review/types.js";
import { verdictLine } from "./comment/facts.js";
import { fitSections, type Section } from "./comment/fit.js";
import * as s from "./comment/sections.js";
import { safeUrl, shortRef } from "./markdown-escape.js";

/** Hidden first line by which the app finds its own sticky comment. */
export const COMMENT_MARKER = "<!-- bulkhead:comment -->";

/** GitHub rejects comment bodies over 65,536 characters; the margin leaves room for the app. */
export const DEFAULT_COMMENT_MAX_CHARS = 60_000;

export interface CommentMeta {
  baseSha?: string;
  headSha?: string;
  /** Where the untruncated report is, e.g. the check run's URL. Only https URLs are linked. */
  fullReportUrl?: string;
  maxChars?: number;
}

/**
 * Least important first: per-tenant sections repeat the changes table; pre-existing findings are
 * not this change's doing; warning and info diagnostics rarely change the verdict; north-south rows
 * go after the east-west ones; the graph only pictures the table; waived findings and new warnings
 * matter more; new violations go last. This pass keeps each section's floor (cross-tenant rows,
 * newly public URLs, error diagnostics); the last resort does not, and gives up cross-tenant rows
 * and newly public URLs before the errors that explain a failed gate.
 */
const DROP_ORDER = ["tenants", "preexisting", "diagnostics", "changes", "northSouth", "graph", "waived", "newWarnings", "violations"];
const LAST_RESORT_ORDER = ["tenants", "preexisting", "graph", "changes", "northSouth", "waived", "diagnostics", "newWarnings", "violations"];

function headerBlock(review: Review, meta: CommentMeta): string {
  const lines = [COMMENT_MARKER, "### 🛡️ Bulkhead network review", "", `**${verdictLine(review)}**`];
  const base = meta.baseSha ?? review.baseRef;
  const head = meta.headSha ?? review.headRef;
  if (base || head) lines.push("", `Base ${base ? shortRef(base) : "–"} → head ${head ? shortRef(head) : "–"}`);
  const notes = s.notesBlock(review);
  if (notes) lines.push("", notes);
  return lines.join("\n");
}

function fixedSection(id: string, text: string): Section {
  return { id, label: id, size: 0, render: () => text };
}

function footer(meta: CommentMeta) {
  return (omitted: ReadonlyArray<{ label: string; rows: number }>): string => {
    const total = omitted.reduce((n, o) => n + o.rows, 0);
    const detail = omitted.map((o) => `${o.rows} ${o.label}`).join(", ");
    const url = safeUrl(meta.fullReportUrl);
    const checkRun = url ? `[the check run details](${url})` : "the details of the `bulkhead` check run";
    return (
      `---\n_This comment was shortened to stay within GitHub's size limit: ${total} ${total === 1 ? "row was" : "rows were"} left out (${detail}). ` +
      `The full lists are in ${checkRun}, and \`bulkhead diff <base-dir> <head-dir> --format md\` prints the whole report locally._`
    );
  };
}

/** The PR comment: verdict, violations first, then the diff, north-south exposure, tenants, graph, other findings, diagnostics. */
export function renderComment(review: Review, meta: CommentMeta = {}): string {
  const sections: Section[] = [
    fixedSection("header", headerBlock(review, meta)),
    s.violationsSection(review),
    s.newWarningsSection(review),
    s.changesSection(review),
    s.northSouthSection(review),
    s.tenantsSection(review),
    s.graphSection(review),
    s.waivedSection(review),
    s.preexistingSection(review),
    s.diagnosticsSection(review),
  ];
  const maxChars = meta.maxChars ?? DEFAULT_COMMENT_MAX_CHARS;
  return fitSections(sections, {
    maxChars,
    dropOrder: DROP_ORDER,
    lastResortOrder: LAST_RESORT_ORDER,
    footer: footer(meta),
    minimal: () =>
      `${COMMENT_MARKER}\n### 🛡️ Bulkhead network review\n\n**${verdictLine(review)}**\n\n` +
      "_The report is too large for a comment; see the details of the `bulkhead` check run._\n",
  });
}
