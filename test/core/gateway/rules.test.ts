import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createRuleContext, gatewayRules, runGatewayRules } from "../../../src/core/gateway/rules/index.js";
import { resolveGatewaySettings } from "../../../src/core/gateway/settings.js";
import { parseManifests } from "../../../src/core/load/index.js";
import { analyzeFiles, exampleFiles } from "./helpers.js";

const CASES = new URL("../../cases/gateway/rules/", import.meta.url);

const findingsOf = (file: string, settings = resolveGatewaySettings()) => {
  const files = [{ path: file, text: readFileSync(new URL(file, CASES), "utf8") }];
  const analysis = analyzeFiles(files);
  return runGatewayRules(createRuleContext(analysis, settings, parseManifests(files).objects));
};

describe("gateway rule fixtures (test/cases/gateway/rules)", () => {
  it.each([
    ["grants-and-extensions.yaml", ["T12", "T17", "T17", "T5", "T5"]],
    ["platform-policies.yaml", ["T13", "T18", "T8", "T8"]],
    ["listener-set-foreign-host.yaml", ["T13", "T13"]],
    ["compliant-listener-set.yaml", []],
  ])("%s → %j", (file, expected) => {
    expect(findingsOf(file).map((f) => f.rule).sort()).toEqual([...expected].sort());
  });

  it("findings point at the offending field", () => {
    const t5 = findingsOf("grants-and-extensions.yaml").filter((f) => f.rule === "T5");
    expect(t5.map((f) => [f.line, f.message.replace(/^T5 [^:]+: /, "")])).toEqual([
      [16, "ReferenceGrant tenant-b/everything-to-a grants every Service in tenant-b (to.name unset)"],
      [15, "ReferenceGrant tenant-b/everything-to-a admits tenant tenant-a (HTTPRoute in tenant-a) without platform approval"],
    ]);
  });

  it("a route on the approved public list is exempt from T6 (scenario 10)", () => {
    const files = exampleFiles("10-backend-resource-bypass");
    const analysis = analyzeFiles(files);
    const run = (publicRoutes: string[]) =>
      runGatewayRules(createRuleContext(analysis, resolveGatewaySettings({ publicRoutes }), parseManifests(files).objects)).filter((f) => f.rule === "T6");
    expect(run([])).toHaveLength(1);
    expect(run(["tenant-g/partner"])).toEqual([]);
  });

  it("every rule T1…T18 is registered once, in order, with a kebab-case name", () => {
    expect(gatewayRules.map((r) => r.id)).toEqual(Array.from({ length: 18 }, (_, i) => `T${i + 1}`));
    for (const r of gatewayRules) expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe("gatewayRuleModules (adapter to src/core/rules)", () => {
  it("reports through the rules engine's context with identities and positions", async () => {
    const { gatewayRuleModules } = await import("../../../src/core/gateway/rules/rule-modules.js");
    const { buildAccessModel, compileRepository } = await import("../../../src/core/analyze/analyze-repository.js");
    const repo = compileRepository(exampleFiles("02-hostname-hijack-allowedroutes-all"));
    const analysis = { side: "head" as const, repo, model: buildAccessModel(repo), connections: [], keptFromBase: new Set<string>() };
    const reports: Array<{ id: string; identity: string; line: number }> = [];
    for (const m of gatewayRuleModules(() => resolveGatewaySettings())) {
      const ctx = { analysis, config: undefined, report: (r: { identity: string; at: { line: number } }) => reports.push({ id: m.id, identity: r.identity, line: r.at.line }) };
      m.check(ctx as unknown as Parameters<typeof m.check>[0]);
    }
    expect([...new Set(reports.map((r) => r.id))].sort()).toEqual(["T1", "T14", "T2", "T3", "T6"]);
    expect(reports.find((r) => r.id === "T1")).toEqual({ id: "T1", identity: "tenant-b/promo|login.a.example.com", line: 49 });
  });
});
