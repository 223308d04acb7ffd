import { describe, expect, it } from "vitest";
import { renderReviewJson } from "../../../src/core/report/render-review-json.js";
import { change, diagnostic, finding, northSouthChange, review, withCounts } from "./fixtures.js";

describe("renderReviewJson", () => {
  const r = withCounts(
    review({
      gate: "fail",
      changes: [change(), change({ change: "removed", before: "TCP 80", after: "none", opened: "none", closed: "TCP 80", fromTenant: undefined })],
      findings: [finding({ from: "a", to: "b", ports: "TCP 443" }), finding({ new: false, waived: { by: "consent", detail: "approved by @alice" } })],
      diagnostics: [diagnostic({ severity: "warning", line: 1 }), diagnostic({ line: 9 })],
    }),
  );
  const out = JSON.parse(renderReviewJson(r)) as Record<string, unknown>;

  it("has the documented top level", () => {
    expect(Object.keys(out)).toEqual(["version", "gate", "summary", "observeMode", "baseRef", "headRef", "counts", "notes", "changes", "northSouth", "findings", "diagnostics"]);
    expect(out.northSouth).toEqual([]);
    expect(out).toMatchObject({ version: 1, gate: "fail", summary: "1 new violation · 1 connection opened, 1 closed · 1 waived", baseRef: null });
  });

  it("changes carry from, to, ports, change, before and after; absent values are null", () => {
    expect(out.changes).toEqual([
      expect.objectContaining({ change: "added", from: "marketing/app=site", to: "sales/app=reports", ports: "TCP 443", before: "none", after: "TCP 443", crossTenant: true }),
      expect.objectContaining({ change: "removed", ports: "TCP 80", before: "TCP 80", after: "none", fromTenant: null }),
    ]);
  });

  it("findings carry rule, severity, new, gating, message, file and line; names stay raw", () => {
    expect(out.findings).toEqual([
      expect.objectContaining({ rule: "cross-tenant", severity: "error", new: true, gating: true, file: "tenants/sales/np.yaml", line: 12, from: "a", waived: null }),
      expect.objectContaining({ new: false, gating: false, waived: { by: "consent", detail: "approved by @alice" }, from: null }),
    ]);
  });

  it("north-south changes carry the sentence, the gateway path and the route's place, in a fixed key order", () => {
    const ns = JSON.parse(renderReviewJson(review({ northSouth: [northSouthChange({ change: "changed", aspects: ["authz"], newlyPublic: false, internetFacing: "unknown" })] }))) as { summary: string; northSouth: Array<Record<string, unknown>> };
    expect(ns.northSouth).toHaveLength(1);
    expect(Object.keys(ns.northSouth[0]!)).toEqual(["change", "aspects", "summary", "newlyPublic", "gateway", "listener", "url", "route", "backend", "access", "effective", "internetFacing", "file", "line"]);
    expect(ns.northSouth[0]).toMatchObject({ change: "changed", aspects: ["authz"], url: "https://shop.a.example.com/admin/*", internetFacing: "unknown", line: 14 });
    expect(ns.summary).toBe("No new violations · 1 north-south exposure change");
  });

  it("lists diagnostics errors first", () => {
    expect((out.diagnostics as Array<{ severity: string }>).map((d) => d.severity)).toEqual(["error", "warning"]);
  });

  it("ends with a newline and is stable", () => {
    expect(renderReviewJson(r).endsWith("}\n")).toBe(true);
    expect(renderReviewJson(r)).toBe(renderReviewJson(r));
  });
});
