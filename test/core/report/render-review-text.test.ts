import { describe, expect, it } from "vitest";
import { renderReviewText } from "../../../src/core/report/render-review-text.js";
import { change, diagnostic, finding, northSouthChange, review, withCounts } from "./fixtures.js";

describe("renderReviewText", () => {
  it("prints the verdict, findings, changes and diagnostics", () => {
    const r = withCounts(
      review({
        gate: "fail",
        baseRef: "main",
        notes: ["The config edit applies after merge."],
        changes: [change({ rulesAfter: ["allow spec.ingress[0] (np.yaml:3)"], count: 4 })],
        findings: [finding({ from: "a", to: "b", ports: "TCP 443" }), finding({ new: false, severity: "warning", message: "old" })],
        diagnostics: [diagnostic()],
      }),
    );
    expect(renderReviewText(r, { headSha: "abc" })).toBe(
      [
        "FAIL  1 new violation · 1 connection opened · 1 pre-existing",
        "base main -> head abc",
        "note: The config edit applies after merge.",
        "",
        "New violations (1)",
        "  error   cross-tenant  tenants/sales/np.yaml:12:9",
        "      marketing can reach sales on TCP 443.",
        "      flow: a => b (TCP 443)",
        "      fix: Remove the peer or add an exception.",
        "",
        "Access changes (1)",
        "  + opened  marketing/app=site => sales/app=reports : TCP 443  [cross-tenant, 4 pairs]",
        "      none -> TCP 443",
        "      allowed by: allow spec.ingress[0] (np.yaml:3)",
        "",
        "Pre-existing findings (1)",
        "  warning cross-tenant  tenants/sales/np.yaml:12:9",
        "      old",
        "      fix: Remove the peer or add an exception.",
        "",
        "Diagnostics (1)",
        "  tenants/ops/np.yaml:4:3: error INVALID_POLICY: The API server would reject this NetworkPolicy.",
        "",
      ].join("\n"),
    );
  });

  it("lists north-south exposure changes after the access changes, counted in the verdict", () => {
    const r = withCounts(review({ changes: [change({ crossTenant: false, fromTenant: "sales" })], northSouth: [northSouthChange(), northSouthChange({ change: "removed", newlyPublic: false, summary: "no longer exposed: http://old.a.example.com/ → tenant-a/old, no authentication" })] }));
    const out = renderReviewText(r);
    expect(out.split("\n")[0]).toBe("PASS  No new violations · 1 connection opened · 2 north-south exposure changes (1 newly open to the Internet)");
    expect(out).toContain(
      [
        "North-south exposure changes (2)",
        "  + now reachable from the Internet: https://shop.a.example.com/admin/* → tenant-a/shop, no authentication  [newly public]",
        "      via infra-gateways/public listener https (HTTPS 443), HTTPRoute tenant-a/shop rule 1 (tenants/a/route.yaml:14)",
        "  - no longer exposed: http://old.a.example.com/ → tenant-a/old, no authentication",
      ].join("\n"),
    );
    expect(out.indexOf("Access changes (1)")).toBeLessThan(out.indexOf("North-south exposure changes"));
  });

  it("says PASS and explains observe mode", () => {
    const out = renderReviewText(review({ observeMode: true, findings: [finding({ severity: "warning" })] }));
    expect(out).toContain("PASS  Observe mode: 1 new finding, not gating");
    expect(out).toContain("observe mode (no .github/bulkhead.yml on the base)");
  });

  it("keeps terminal escapes and line breaks in names from reaching the terminal", () => {
    const out = renderReviewText(review({ changes: [change({ from: "\u001b]0;pwned\u0007a\nb", to: "\u202eevil" })], northSouth: [northSouthChange({ summary: "now reachable: https://\u001b[2Jx\n/ → \u202eevil", gateway: "gw\u0007" })] }));
    expect([...out].filter((ch) => ["\u001b", "\u0007", "\u202e"].includes(ch))).toEqual([]);
    expect(out).toContain("\ufffd]0;pwned\ufffda b => \ufffdevil");
  });
});
