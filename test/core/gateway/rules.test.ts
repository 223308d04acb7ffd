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
