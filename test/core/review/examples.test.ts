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

  it("gateway-hostname-hijack: new T1 and T14 fail the gate, and the captured URL shows as a north-south change", () => {
    const r = review("gateway-hostname-hijack");
    expect(r.gate).toBe("fail");
    expect(r.findings.filter((f) => f.new && !f.waived && f.severity === "error").map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual(["T14 tenant-b.yaml:47", "T1 tenant-b.yaml:49"]);
    expect(r.findings.filter((f) => !f.new).map((f) => f.rule)).toEqual(["T3", "T2", "T6", "T6"]);
    expect(r.findings.find((f) => f.rule === "T1")!.docs).toBe("docs/gateway.md#t1-hostname-ownership");
    expect(r.changes).toEqual([]);
    expect(r.northSouth!.map((c) => [c.change, c.newlyPublic, c.summary])).toEqual([
      ["added", true, "now reachable from the Internet: https://login.a.example.com/login/* → tenant-b/promo, no authentication"],
      ["changed", false, "changed (shadowing): https://login.a.example.com/ → tenant-a/login, no authentication; now shadowed by HTTPRoute tenant-b/promo rule 0 for /login, /login/*"],
    ]);
    expect(r.counts).toMatchObject({ newViolations: 2, preexisting: 4 });
    expect(r.diagnostics).toEqual([]);
  });

  it("gateway-hostname-hijack: the T-rules follow the config's severities like every rule", () => {
    const text = `${config.text}\nrules: {cross-tenant: error, external-egress: error, T1: warning, T14: "off"}\n`.replace(/\nrules:\n( {2}.*\n)+/, "\n");
    const r = reviewChange({
      base: readTree(root("examples/prs/gateway-hostname-hijack/base")),
      head: readTree(root("examples/prs/gateway-hostname-hijack/head")),
      config: { path: config.path, text },
      now: new Date("2026-11-26T12:00:00Z"),
    });
    expect(r.findings.filter((f) => f.new).map((f) => `${f.rule} ${f.severity}`)).toEqual(["T1 warning"]);
    expect(r.gate).toBe("pass");
    expect(r.northSouth).toHaveLength(2);
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
