import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECK_TEXT_MAX, CHECK_TITLE_MAX, renderCheckRun } from "../../../src/core/report/render-check-run.js";
import { type CommentMeta, DEFAULT_COMMENT_MAX_CHARS, renderComment } from "../../../src/core/report/render-comment.js";
import type { CheckRunOutput, Review } from "../../../src/core/review/types.js";
import { expectGolden } from "../../support/golden.js";
import { markdownProblems } from "./markdown-checks.js";

/**
 * One runner for every case under test/cases/report/<case>/: review.json (a Review), optional
 * meta.json (CommentMeta), expected.md (the comment) and expected-check.md (the check run output).
 */
const CASES = join(import.meta.dirname, "../../cases/report");
const cases = readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** The check run as one Markdown document, so that a golden diff shows all of it. */
function checkDocument(out: CheckRunOutput): string {
  const annotations = out.annotations.map((a) => `${a.annotation_level} ${a.path}:${a.start_line}${a.start_column ? `:${a.start_column}` : ""} ${a.title}`);
  const block = ["```text", ...annotations, "```"].join("\n");
  return [`# ${out.title}`, "## Summary", out.summary.trimEnd(), "## Text", out.text.trimEnd(), "## Annotations", block].join("\n\n") + "\n";
}

describe("report golden cases", () => {
  it("has the cases the renderers promise to cover", () => {
    expect(cases).toEqual(expect.arrayContaining(["clean-pr", "violations", "many-rows", "injection", "no-policy-changes", "observe-mode", "diagnostics-only"]));
  });

  describe.each(cases)("%s", (name) => {
    const dir = join(CASES, name);
    const review = readJson<Review>(join(dir, "review.json"));
    const meta: CommentMeta = existsSync(join(dir, "meta.json")) ? readJson<CommentMeta>(join(dir, "meta.json")) : {};

    it("renders the comment", () => {
      const md = renderComment(review, meta);
      expect(md.length).toBeLessThanOrEqual(meta.maxChars ?? DEFAULT_COMMENT_MAX_CHARS);
      expect(md.startsWith("<!-- bulkhead:comment -->\n")).toBe(true);
      const ownLinks = md.includes("[the check run details](") ? 1 : 0;
      expect(markdownProblems(md, { marker: true, ownLinks })).toEqual([]);
      expectGolden(md, join(dir, "expected.md"));
    });

    it("renders the check run", () => {
      const out = renderCheckRun(review);
      expect(out.title.length).toBeLessThanOrEqual(CHECK_TITLE_MAX);
      expect(out.summary.length).toBeLessThanOrEqual(CHECK_TEXT_MAX);
      expect(out.text.length).toBeLessThanOrEqual(CHECK_TEXT_MAX);
      expect(markdownProblems(out.summary)).toEqual([]);
      expect(markdownProblems(out.text)).toEqual([]);
      expectGolden(checkDocument(out), join(dir, "expected-check.md"));
    });
  });
});
