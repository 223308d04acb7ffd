import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER, renderComment } from "../../../src/core/report/render-comment.js";
import type { AggregatedChange, Review } from "../../../src/core/review/types.js";
import { change, diagnostic, finding, HOSTILE, northSouthChange, review, withCounts } from "./fixtures.js";
import { markdownProblems } from "./markdown-checks.js";

/** A review with `n` rows of everything, to push the comment over its limit. */
function bigReview(n: number): Review {
  const tenants = ["sales", "marketing", "finance", "ops"];
  const changes: AggregatedChange[] = Array.from({ length: n }, (_, i) =>
    change({
      from: `${tenants[i % 4]}/app=client-${i}`,
      to: `${tenants[(i + 1) % 4]}/app=server-${i}`,
      fromTenant: tenants[i % 4],
      toTenant: tenants[(i + (i % 7 === 0 ? 1 : 0)) % 4],
      crossTenant: i % 7 === 0,
      rulesAfter: [`policy-${i} spec.ingress[0] (tenants/x/policy-${i}.yaml:${i + 1})`],
    }),
  );
  const findings = Array.from({ length: n / 4 }, (_, i) => finding({ new: i % 2 === 0, severity: i % 3 ? "error" : "warning", line: i + 1, message: `Finding ${i} about a flow.` }));
  const diagnostics = Array.from({ length: n / 4 }, (_, i) => diagnostic({ severity: i % 5 ? "warning" : "error", line: i + 1, code: i % 5 ? "UNKNOWN_FIELD" : "INVALID_POLICY" }));
  return withCounts(review({ gate: "fail", changes, findings, diagnostics }));
}

const problems = (md: string, ownLinks = 0): string[] => markdownProblems(md, { marker: true, ownLinks });

describe("renderComment", () => {
  it("starts with the marker, once", () => {
    const md = renderComment(review());
    expect(md.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(problems(md)).toEqual([]);
  });

  it("is deterministic, so that the app can skip an edit when nothing changed", () => {
    const r = bigReview(200);
    expect(renderComment(r, { headSha: "a".repeat(40) })).toBe(renderComment(r, { headSha: "a".repeat(40) }));
  });

  it("shows short SHAs, preferring the meta over the refs", () => {
    const md = renderComment(review({ baseRef: "main", headRef: "topic" }), { baseSha: "1234567890abcdef1234567890abcdef12345678" });
    expect(md).toContain("Base `1234567` → head `topic`");
  });

  it("puts new violations before the diff table and keeps waived and pre-existing findings apart", () => {
    const md = renderComment(
      withCounts(
        review({
          gate: "fail",
          changes: [change()],
          findings: [finding({ message: "NEW-ONE" }), finding({ new: false, message: "OLD-ONE" }), finding({ message: "WAIVED-ONE", waived: { by: "exception", detail: "T-1" } })],
        }),
      ),
    );
    const at = (s: string): number => md.indexOf(s);
    expect(at("NEW-ONE")).toBeLessThan(at("### Access changes"));
    expect(at("### Waived findings (1)")).toBeLessThan(at("WAIVED-ONE"));
    expect(at("Pre-existing findings (1)")).toBeLessThan(at("OLD-ONE"));
    expect(md).toContain("**❌ 1 new violation · 1 connection opened · 1 pre-existing · 1 waived**");
  });

  it("says so clearly when nothing changed", () => {
    expect(renderComment(review())).toContain("**✅ No network access changes**");
  });

  it("highlights cross-tenant edges in the graph and leaves rows inside one tenant out", () => {
    const md = renderComment(withCounts(review({ changes: [change(), change({ from: "sales/a", to: "sales/b", fromTenant: "sales", toTenant: "sales", crossTenant: false })] })));
    const graph = md.slice(md.indexOf("```mermaid"));
    expect(graph).toContain('n0 ==>|"opened TCP 443"| n1');
    expect(graph).toContain("linkStyle 0 stroke:#cf222e");
    expect(graph.match(/-->|==>|-\.->/g)).toHaveLength(1);
  });

  describe("hostile names", () => {
    it.each(HOSTILE.map((h) => [h.slice(0, 40), h]))("cannot inject anything through %j", (_label, evil) => {
      const r = withCounts(
        review({
          gate: "fail",
          baseRef: evil,
          notes: [evil],
          changes: [change({ from: evil, to: evil, fromTenant: evil, toTenant: `${evil}2`, rulesAfter: [evil], l7After: [evil], before: evil })],
          northSouth: [northSouthChange({ summary: evil, gateway: evil, listener: evil, route: evil, file: evil })],
          findings: [finding({ rule: evil, file: evil, message: evil, fix: evil, from: evil, to: evil, ports: evil }), finding({ waived: { by: "consent", detail: evil } })],
          diagnostics: [diagnostic({ code: evil, file: evil, message: evil, object: evil })],
        }),
      );
      expect(problems(renderComment(r))).toEqual([]);
    });

    it("holds for random mixes of dangerous characters (property)", () => {
      const piece = fc.constantFrom("|", "`", "<", ">", "@", "[", "]", "(", ")", "!", "\\", "\n", "#1", "://", "www.", "<!--", "-->", "*", "_", '"', "%%", "a", " ", "details");
      const name = fc.array(piece, { maxLength: 12 }).map((xs) => xs.join(""));
      fc.assert(
        fc.property(name, name, name, (a, b, c) => {
          const r = withCounts(
            review({
              changes: [change({ from: a, to: b, fromTenant: c, toTenant: a, rulesAfter: [b] })],
              northSouth: [northSouthChange({ summary: a, gateway: b, listener: c, route: a, file: b })],
              findings: [finding({ message: a, from: b, to: c, file: c, rule: a })],
              diagnostics: [diagnostic({ message: b, file: a })],
              notes: [c],
            }),
          );
          expect(problems(renderComment(r))).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe("size limit", () => {
    it.each([2_000, 5_000, 12_000, 30_000, 60_000])("stays within %i characters with valid Markdown", (maxChars) => {
      const md = renderComment(bigReview(800), { maxChars, fullReportUrl: "https://github.com/o/r/runs/1" });
      expect(md.length).toBeLessThanOrEqual(maxChars);
      expect(problems(md, md.includes("](https://github.com/o/r/runs/1)") ? 1 : 0)).toEqual([]);
      expect(md).toContain("rows were left out");
    });

    it("keeps violations and cross-tenant rows, drops per-tenant sections first, and says where the rest is", () => {
      const r = bigReview(800);
      const md = renderComment(r, { fullReportUrl: "https://github.com/o/r/runs/1" });
      expect(md).toContain(`### ❌ New violations (${r.counts.newViolations})`);
      const violations = md.slice(md.indexOf("### ❌ New violations"), md.indexOf("###", md.indexOf("### ❌ New violations") + 5));
      expect(violations).not.toContain("left out");
      const rows = md.split("\n").filter((l) => l.startsWith("| ➕"));
      expect(rows.filter((l) => l.includes("cross-tenant")).length).toBe(r.changes.filter((c) => c.crossTenant).length);
      expect(md).toContain("more tenant sections left out");
      expect(md).toContain("[the check run details](https://github.com/o/r/runs/1)");
      expect(md).toContain("`bulkhead diff <base-dir> <head-dir> --format md`");
    });

    it("counts north-south rows in the budget and keeps the newly public ones in the first pass", () => {
      const northSouth = Array.from({ length: 400 }, (_, i) =>
        northSouthChange({ newlyPublic: i % 10 === 0, change: i % 10 === 0 ? "added" : "changed", summary: `exposure ${i}: https://host-${i}.a.example.com/ → tenant-a/app-${i}`, line: i + 1 }),
      );
      const r = withCounts(review({ gate: "fail", northSouth, findings: [finding()] }));
      const full = renderComment(r, { maxChars: Number.MAX_SAFE_INTEGER });
      const md = renderComment(r, { maxChars: Math.floor(full.length / 2) });
      expect(md.length).toBeLessThanOrEqual(Math.floor(full.length / 2));
      expect(problems(md)).toEqual([]);
      const shown = md.split("\n").filter((l) => l.startsWith("| ➕ added") || l.startsWith("| ✏️ changed"));
      expect(shown.filter((l) => l.includes("**newly public**"))).toHaveLength(40);
      expect(shown.length).toBeLessThan(400);
      expect(shown.slice(0, 40).every((l) => l.includes("**newly public**"))).toBe(true);
      expect(md).toContain(`rows were left out (${400 - shown.length} north-south exposure changes)`);
    });

    it("falls back to the verdict alone when even the findings do not fit", () => {
      const md = renderComment(bigReview(800), { maxChars: 400 });
      expect(md.length).toBeLessThanOrEqual(400);
      expect(md).toContain("too large for a comment");
      expect(problems(md)).toEqual([]);
    });

    it("does not shorten what fits", () => {
      expect(renderComment(bigReview(8))).not.toContain("left out");
    });
  });
});
