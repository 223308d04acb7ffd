import { describe, expect, it } from "vitest";
import { renderCheckRun } from "../../src/core/report/render-check-run.js";
import { COMMENT_MARKER, renderComment } from "../../src/core/report/render-comment.js";
import { markdownProblems } from "../core/report/markdown-checks.js";
import { BASE_SHA, HEAD_SHA, loadCase, runApp, runCore } from "./support/corpus.js";

/**
 * Markdown and HTML injection, end to end: the manifests of test/cases/hostile/markdown-injection/
 * (names, labels, label keys, namespaces and a field name written to break out of the report) go
 * through the review and every Markdown renderer a PR author can make us publish: the sticky
 * comment (as the app posts it and as renderComment writes it) and the check run's summary and text.
 */
const c = loadCase("markdown-injection");
const core = runCore(c);

interface Rendered {
  name: string;
  md: string;
  marker: boolean;
}

const ZWSP = "\u200b";

/** Everything that must not survive from the input, whatever else the renderer does. */
function injectionProblems({ md, marker }: Rendered): string[] {
  const problems: string[] = [];
  const has = (what: string, re: RegExp) => {
    if (re.test(md)) problems.push(what);
  };
  // Raw HTML from input: entities (&lt;) are fine, a tag is not, not even inside a code span.
  has("raw <img> from input", /<img/i);
  has("raw <script> from input", /<script/i);
  has("raw <b> from a namespace name", /<b>ns/i);
  has("raw <details> from a policy name", /<details><summary>ok/i);
  // Links and images: neither Markdown links nor bare URLs GitHub would autolink.
  has("Markdown link from input", /\]\(https?:/);
  has("live URL from input", /https?:\/\/evil|www\.evil/i);
  // Mentions and references: each `@`, `#<digit>` and `GH-<digit>` is broken by a zero-width space.
  has("live @-mention", new RegExp(`@(?!${ZWSP})`));
  has("live issue reference", /#\d|GH-\d/i);
  // Line breaks in names: no heading or table row of the author's making.
  has("a heading from input", /^#{1,2} /m);
  has("a table row from input", /^\| a \| b \|/m);
  // Trojan Source: no bidirectional overrides or isolates.
  has("bidirectional control character", /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
  const markers = md.split(COMMENT_MARKER).length - 1;
  if (markers !== (marker ? 1 : 0)) problems.push(`${markers} comment markers`);
  if ((md.match(/<!--/g) ?? []).length !== (marker ? 1 : 0)) problems.push("an HTML comment from input");
  return problems;
}

/** The hostile names did reach the output (escaped): the checks above are not vacuous. */
const reached = (md: string): string[] =>
  ["onerror=alert", "evil.example", "Approved by security", "acme/sales", "lmth.exe", "evil&lt;b&gt;ns"].filter((s) => !md.includes(s));

describe("Markdown/HTML injection through manifests", () => {
  it("the review itself treats the hostile names as data: two cross-tenant flows fail it", () => {
    expect(core.review.gate).toBe("fail");
    expect(core.review.findings.filter((f) => f.rule === "cross-tenant" && f.new).length).toBe(2);
  });

  const outputs = async (): Promise<Rendered[]> => {
    const app = await runApp(c);
    const posted = app.publisher.visible(7).map((x) => x.body);
    expect(posted).toHaveLength(1);
    const check = app.publisher.checks.at(-1)!.output!;
    const own = renderCheckRun(core.review);
    return [
      { name: "comment posted by the app", md: posted[0]!, marker: true },
      { name: "renderComment", md: renderComment(core.review, { baseSha: BASE_SHA, headSha: HEAD_SHA }), marker: true },
      { name: "renderComment, shortened to 3,000 characters", md: renderComment(core.review, { maxChars: 3000 }), marker: true },
      { name: "check run summary (app)", md: check.summary, marker: false },
      { name: "check run text (app)", md: check.text, marker: false },
      { name: "renderCheckRun summary", md: own.summary, marker: false },
      { name: "renderCheckRun text", md: own.text, marker: false },
    ];
  };

  it("no raw HTML, link, live mention or reference, bidi control or second marker in any Markdown output", async () => {
    for (const out of await outputs()) {
      expect(injectionProblems(out), out.name).toEqual([]);
      // The structural checks shared with the report tests: balanced <details> and fences,
      // tables whose rows keep their cells, Mermaid lines only of the shapes we generate.
      const ownLinks = (out.md.match(/\]\(https:\/\/github\.com\/acme\/gitops\/runs\/\d+\)/g) ?? []).length;
      expect(markdownProblems(out.md, { marker: out.marker, ownLinks }), out.name).toEqual([]);
    }
  });

  it("the hostile names are shown, escaped, in the comment", async () => {
    const [posted] = await outputs();
    expect(reached(posted!.md)).toEqual([]);
  });
});
