import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { reviewChange } from "../../../src/core/review/review-change.js";
import { readTree } from "../../support/shared.js";

const root = (path: string): string => new URL(`../../../${path}`, import.meta.url).pathname;
const config = { path: ".github/bulkhead.yml", text: readFileSync(root("examples/multi-tenant/.github/bulkhead.yml"), "utf8") };
const review = (name: string) =>
  reviewChange({ base: readTree(root(`examples/prs/${name}/base`)), head: readTree(root(`examples/prs/${name}/head`)), config, now: new Date("2026-11-26T12:00:00Z") });

/** The PR-shaped pairs under examples/prs, reviewed with examples/multi-tenant/.github/bulkhead.yml. */
describe("examples/prs", () => {
  it.each([
    ["marketing-opens-to-sales", "fail", ["latent-cross-tenant marketing-baseline.yaml:15"]],
    ["finance-unapproved-cidr", "fail", ["external-egress finance-on-premise-egress.yaml:10"]],
    ["sales-approved-fqdn", "pass", []],
    [
      "clusterwide-allow-all",
      "fail",
      [
        "clusterwide-policy allow-all-pods.yaml:10",
        ...Array.from({ length: 6 }, () => "cross-tenant allow-all-pods.yaml:10"),
        ...Array.from({ length: 3 }, () => "platform-access allow-all-pods.yaml:10"),
        "clusterwide-policy allow-all-pods.yaml:13",
      ],
    ],
  ] as const)("%s: the gate %s", (name, gate, gating) => {
    const r = review(name);
    expect(r.gate).toBe(gate);
    expect(r.findings.filter((f) => f.new && !f.waived && f.severity === "error").map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual(gating);
    expect(r.findings.filter((f) => !f.new)).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it("the approved FQDN shows as an opened connection and nothing else", () => {
    const r = review("sales-approved-fqdn");
    expect(r.changes.map((c) => `${c.change} ${c.from} → ${c.to} ${c.after}`)).toEqual(["added sales/* → *.salesforce.com TCP 443"]);
  });

  it("every tenant's pods reach every other tenant's pods through the clusterwide policy", () => {
    const cross = review("clusterwide-allow-all").changes.filter((c) => c.crossTenant);
    expect(cross.map((c) => `${c.fromTenant}→${c.toTenant} ${c.after}`).sort()).toEqual([
      "finance→marketing all",
      "finance→sales all",
      "marketing→finance all",
      "marketing→sales all",
      "sales→finance all",
      "sales→marketing all",
    ]);
  });
});
