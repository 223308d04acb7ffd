import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { withDiagnostics } from "../../../src/core/model/diagnostic.js";
import { reviewChange } from "../../../src/core/review/review-change.js";
import type { Diagnostic } from "../../../src/core/review/types.js";
import { readTree } from "../../support/shared.js";

const CASE = fileURLToPath(new URL("../../cases/review/north-south-public-routes/", import.meta.url));
const base = readTree(join(CASE, "base"));
const head = readTree(join(CASE, "head"));
const configText = readFileSync(join(CASE, "bulkhead.yml"), "utf8");
const review = (text: string, files = head) => reviewChange({ base, head: files, config: { path: ".github/bulkhead.yml", text }, now: new Date("2026-11-26T12:00:00Z") });
const newRules = (text: string) => review(text).findings.filter((f) => f.new).map((f) => `${f.rule} ${f.file}:${f.line}`);

/** The north-south part of reviewChange: the `gateway` config reaches the rules, read problems reach the gate. */
describe("reviewChange: north-south", () => {
  it("the config's publicRoutes exempts the status route from T6; without it both new routes gate", () => {
    expect(newRules(configText)).toEqual(["T6 tenant-a-routes.yaml:37"]);
    expect(newRules(configText.replace("  publicRoutes: [tenant-a/status]\n", ""))).toEqual(["T6 tenant-a-routes.yaml:16", "T6 tenant-a-routes.yaml:37"]);
  });

  it("tenant domains come from the config under its tenant label: without them every tenant-a host breaks T1", () => {
    const withoutDomains = configText.replace(/ {2}tenantDomains:\n {4}tenant-a: \[a\.example\.com\]\n/, "");
    expect(withoutDomains).not.toContain("tenantDomains");
    const t1 = review(withoutDomains).findings.filter((f) => f.rule === "T1");
    expect(t1.map((f) => [f.new, f.file, f.line])).toEqual([
      [true, "tenant-a-routes.yaml", 14],
      [true, "tenant-a-routes.yaml", 35],
      [false, "tenant-a.yaml", 57],
    ]);
  });

  it("an unreadable field of a tenant's route is an error diagnostic that fails the gate closed", () => {
    const broken = head.map((f) => (f.path === "tenant-a-routes.yaml" ? { ...f, text: f.text.replace("  hostnames:\n  - status.a.example.com", "  hostnames: status.a.example.com") } : f));
    const r = review(configText, broken);
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}`)).toEqual(["error INVALID_FIELD tenant-a-routes.yaml:13"]);
    expect(r.gate).toBe("fail");
    expect(r.notes.some((n) => n.includes("analysis is incomplete"))).toBe(true);
  });

  it("the review lists the north-south changes, newly public ones first", () => {
    const r = review(configText);
    expect(r.northSouth!.map((c) => [c.change, c.newlyPublic, c.route])).toEqual([
      ["added", true, "HTTPRoute tenant-a/admin rule 0"],
      ["added", true, "HTTPRoute tenant-a/status rule 0"],
      ["changed", false, "HTTPRoute tenant-a/shop rule 0"],
    ]);
  });

  it("a problem the inventory and the gateway model both report is listed once; the inventory's own list is kept as it is", () => {
    const d = (code: string, line: number, message = code): Diagnostic => ({ code, severity: "error", message, file: "a.yaml", line, col: 3 });
    const known = [d("INVALID_FIELD", 4), d("INVALID_FIELD", 4, "another message at the same place")];
    const extra = [d("INVALID_FIELD", 4), d("INVALID_FIELD", 5), d("INVALID_FIELD", 5), d("OTHER", 4)];
    expect(withDiagnostics(known, extra).map((x) => `${x.code}:${x.line} ${x.message}`)).toEqual([
      "INVALID_FIELD:4 INVALID_FIELD",
      "INVALID_FIELD:4 another message at the same place",
      "INVALID_FIELD:5 INVALID_FIELD",
      "OTHER:4 OTHER",
    ]);
  });
});
