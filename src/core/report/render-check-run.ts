import type { Diagnostic } from "../model/diagnostic.js";
import type { CheckRunOutput, Finding, Review } from "../review/types.js";
import { headline, isGating, sortDiagnostics, verdictLine } from "./comment/facts.js";
import { fitSections, type Section } from "./comment/fit.js";
import * as s from "./comment/sections.js";
import { clip } from "./markdown-escape.js";

/** GitHub's limits for check run output (REST "Update a check run"). */
export const CHECK_TITLE_MAX = 255;
export const CHECK_TEXT_MAX = 65_535;
const ANNOTATION_MESSAGE_MAX = 4_000;

type Annotation = CheckRunOutput["annotations"][number];
type Level = Annotation["annotation_level"];

const fixed = (id: string, text: string): Section => ({ id, label: id, size: 0, render: () => text });

const footer = (omitted: ReadonlyArray<{ label: string; rows: number }>): string => {
  const total = omitted.reduce((n, o) => n + o.rows, 0);
  return (
    `---\n_Shortened to fit the check run's ${CHECK_TEXT_MAX.toLocaleString("en-US")}-character limit: ${total} ${total === 1 ? "row was" : "rows were"} left out ` +
    `(${omitted.map((o) => `${o.rows} ${o.label}`).join(", ")}). ` +
    "`bulkhead diff <base-dir> <head-dir> --format md` (or `--format json`) prints the full report locally._"
  );
};

const fit = (sections: Section[], dropOrder: string[], minimal: string): string =>
  fitSections(sections, { maxChars: CHECK_TEXT_MAX, dropOrder, footer, minimal: () => minimal });

/** Summary: what decides the check. Verdict, notes, then the findings this change introduces. */
function summary(review: Review): string {
  const verdict = `**${verdictLine(review)}**`;
  const notes = s.notesBlock(review);
  const head = fixed("verdict", notes ? `${verdict}\n\n${notes}` : verdict);
  return fit([head, s.violationsSection(review), s.newWarningsSection(review)], ["newWarnings", "violations"], `${verdict}\n`);
}

/** Text: everything else; the graph stays in the comment, where GitHub renders Mermaid. */
function text(review: Review): string {
  const sections = [s.changesSection(review), s.northSouthSection(review), s.tenantsSection(review), s.waivedSection(review), s.preexistingSection(review), s.diagnosticsSection(review)];
  if (sections.every((x) => x.size === 0)) return "No access changes, other findings or diagnostics.\n";
  return fit(sections, ["tenants", "preexisting", "diagnostics", "changes", "northSouth", "waived"], "_The report is too large; run `bulkhead diff --format md` locally._\n");
}

/**
 * Failure for what fails the gate; warning for new findings that do not; notice for waived and
 * pre-existing ones, which are listed in the report but would otherwise clutter every PR with
 * annotations on lines it did not touch.
 */
export function findingLevel(f: Finding): Level {
  if (isGating(f)) return "failure";
  return f.new && !f.waived ? "warning" : "notice";
}

function findingAnnotation(f: Finding): Annotation {
  const status = f.waived ? `waived by ${f.waived.by}` : f.new ? "new" : "pre-existing";
  const lines = [f.message];
  if (f.from || f.to) lines.push(`Flow: ${f.from ?? "?"} → ${f.to ?? "?"}${f.ports ? ` (${f.ports})` : ""}`);
  if (f.waived) lines.push(`Waived (${f.waived.by}): ${f.waived.detail}`);
  else if (f.fix) lines.push(`Fix: ${f.fix}`);
  return annotation(f, findingLevel(f), `bulkhead ${f.rule} (${f.severity}, ${status})`, lines.join("\n"));
}

function annotation(at: { file: string; line: number; col: number }, level: Level, title: string, message: string): Annotation {
  const line = Math.max(1, Math.floor(at.line) || 1);
  const a: Annotation = { path: at.file, start_line: line, end_line: line, annotation_level: level, title: clip(title, CHECK_TITLE_MAX), message: clip(message, ANNOTATION_MESSAGE_MAX) };
  // GitHub accepts columns only on single-line annotations, which these are.
  if (at.col >= 1) Object.assign(a, { start_column: Math.floor(at.col), end_column: Math.floor(at.col) });
  return a;
}

/** An error diagnostic means the analysis is incomplete; it is a failure when it fails the gate. */
const diagnosticAnnotation = (d: Diagnostic, gate: Review["gate"]): Annotation =>
  annotation(d, gate === "fail" ? "failure" : "warning", `bulkhead ${d.code}`, `${d.message}${d.object ? `\nObject: ${d.object}` : ""}\nBulkhead could not fully analyse this as written.`);

const RANK: Record<Level, number> = { failure: 0, warning: 1, notice: 2 };

/** All annotations, most severe first (in case a caller caps them), without duplicates. */
export function checkRunAnnotations(review: Review): Annotation[] {
  const all = [...review.findings.map(findingAnnotation), ...sortDiagnostics(review.diagnostics).filter((d) => d.severity === "error").map((d) => diagnosticAnnotation(d, review.gate))];
  const seen = new Set<string>();
  return all
    // Only files of the repository: implicit agent behaviour (e.g. DD-7 allow-localhost) has no line to point at.
    .filter((a) => a.path !== "" && !a.path.startsWith("("))
    .filter((a) => {
      const key = JSON.stringify([a.path, a.start_line, a.title, a.message]);
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .sort((a, b) => RANK[a.annotation_level] - RANK[b.annotation_level]);
}

export function renderCheckRun(review: Review): CheckRunOutput {
  return {
    title: clip(headline(review), CHECK_TITLE_MAX),
    summary: summary(review),
    text: text(review),
    annotations: checkRunAnnotations(review),
  };
}
