import { describe, expect, it } from "vitest";
import { CHECK_TEXT_MAX, findingLevel, renderCheckRun } from "../../../src/core/report/render-check-run.js";
import { change, diagnostic, finding, review, withCounts } from "./fixtures.js";
import { markdownProblems } from "./markdown-checks.js";

describe("renderCheckRun", () => {
  it("titles the run with the verdict", () => {
    expect(renderCheckRun(withCounts(review({ gate: "fail", findings: [finding(), finding({ line: 3 })] }))).title).toBe("2 new violations");
    expect(renderCheckRun(review()).title).toBe("No network access changes");
    expect(renderCheckRun(withCounts(review({ changes: [change()] }))).title).toBe("No new violations");
    expect(renderCheckRun(review({ gate: "fail", diagnostics: [diagnostic()] })).title).toBe("Analysis incomplete: 1 error");
    expect(renderCheckRun(review({ observeMode: true, findings: [finding({ severity: "warning" })] })).title).toBe("Observe mode: 1 new finding, not gating");
  });

  it("levels: failure for what gates, warning for new non-gating findings, notice for waived and pre-existing", () => {
    expect(findingLevel(finding())).toBe("failure");
    expect(findingLevel(finding({ severity: "warning" }))).toBe("warning");
    expect(findingLevel(finding({ waived: { by: "exception", detail: "T-1" } }))).toBe("notice");
    expect(findingLevel(finding({ new: false }))).toBe("notice");
  });

  it("annotates every finding and error diagnostic on its line, most severe first", () => {
    const r = review({
      gate: "fail",
      findings: [finding({ new: false, line: 1 }), finding({ severity: "warning", line: 2 }), finding({ line: 3, col: 0, from: "a", to: "b", ports: "TCP 1" })],
      diagnostics: [diagnostic({ line: 9 }), diagnostic({ severity: "warning", line: 10 })],
    });
    const annotations = renderCheckRun(r).annotations;
    expect(annotations.map((a) => [a.annotation_level, a.start_line])).toEqual([
      ["failure", 3],
      ["failure", 9],
      ["warning", 2],
      ["notice", 1],
    ]);
    const gating = annotations[0]!;
    expect(gating).toMatchObject({ path: "tenants/sales/np.yaml", end_line: 3, title: "bulkhead cross-tenant (error, new)" });
    expect(gating.message).toContain("Flow: a → b (TCP 1)");
    expect(gating.message).toContain("Fix: Remove the peer");
    expect(gating.start_column).toBeUndefined();
    expect(annotations[1]).toMatchObject({ start_column: 3, end_column: 3 });
  });

  it("keeps all annotations (the app batches them), drops exact duplicates and unlocated ones", () => {
    const many = Array.from({ length: 120 }, (_, i) => finding({ line: i + 1 }));
    const r = review({ findings: [...many, finding({ line: 1 }), finding({ file: "" })] });
    expect(renderCheckRun(r).annotations).toHaveLength(120);
  });

  it("clips long annotation text", () => {
    const a = renderCheckRun(review({ findings: [finding({ rule: "r".repeat(400), message: "m".repeat(10_000) })] })).annotations[0]!;
    expect(a.title.length).toBeLessThanOrEqual(255);
    expect(a.message.length).toBeLessThanOrEqual(4_000);
  });

  it("a passing run annotates error diagnostics as warnings", () => {
    expect(renderCheckRun(review({ diagnostics: [diagnostic()] })).annotations[0]!.annotation_level).toBe("warning");
  });

  it("puts findings in the summary and the rest in the text, each within 65,535 characters", () => {
    const changes = Array.from({ length: 1_500 }, (_, i) => change({ from: `sales/app=c${i}`, crossTenant: i % 10 === 0 }));
    const findings = Array.from({ length: 600 }, (_, i) => finding({ line: i + 1, message: `Finding ${i} `.repeat(10) }));
    const out = renderCheckRun(withCounts(review({ gate: "fail", changes, findings })));
    for (const md of [out.summary, out.text]) {
      expect(md.length).toBeLessThanOrEqual(CHECK_TEXT_MAX);
      expect(markdownProblems(md)).toEqual([]);
      expect(md).toContain("`bulkhead diff <base-dir> <head-dir> --format md`");
    }
    expect(out.summary).toContain("### ❌ New violations (600)");
    expect(out.text).toContain("### Access changes (1500)");
    expect(out.text).not.toContain("```mermaid");
  });
});
