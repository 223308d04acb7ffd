import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createRuleContext, gatewayRules, runGatewayRules } from "../../../src/core/gateway/rules/index.js";
import { resolveGatewaySettings } from "../../../src/core/gateway/settings.js";
import { parseManifests } from "../../../src/core/load/index.js";
import { builtinRules } from "../../../src/core/rules/registry.js";
import { analyzeFiles, exampleFiles, exampleNames } from "../gateway/helpers.js";

const path = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const readme = readFileSync(path("docs/rules/README.md"), "utf8");
const configuration = readFileSync(path("docs/configuration.md"), "utf8");
const gatewayDoc = readFileSync(path("docs/gateway.md"), "utf8");

const northSouthIds = new Set(gatewayRules.map((r) => r.id));
const eastWest = builtinRules.filter((r) => !northSouthIds.has(r.id));
const northSouth = builtinRules.filter((r) => northSouthIds.has(r.id));

/**
 * Rules that fire on a scenario whose violations a gateway test asserts exactly: the shared gateway
 * examples (test/core/gateway/examples.test.ts) and test/cases/gateway/rules (rules.test.ts).
 */
function firingOnTestedFixtures(): Set<string> {
  const fixtures = path("test/cases/gateway/rules/");
  const sides = [
    ...exampleNames().map(exampleFiles),
    ...readdirSync(fixtures)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => [{ path: f, text: readFileSync(`${fixtures}${f}`, "utf8") }]),
  ];
  const fired = sides.flatMap((files) => runGatewayRules(createRuleContext(analyzeFiles(files), resolveGatewaySettings(), parseManifests(files).objects)));
  return new Set(fired.map((f) => f.rule));
}

/** Every rule is registered once, documented, indexed and table-tested (renovate/ts-eslint style meta-test). */
describe("rule registry", () => {
  it("has unique ids: the kebab-case east-west rules, then the north-south rules T1…T18 in order", () => {
    const ids = builtinRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of eastWest) expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(ids.slice(eastWest.length)).toEqual(Array.from({ length: 18 }, (_, i) => `T${i + 1}`));
  });

  it.each(eastWest.map((r) => [r.id, r] as const))("%s has a docs page, an index entry, a table test and messages", (id, rule) => {
    expect(rule.meta.docs).toBe(`docs/rules/${id}.md`);
    expect(existsSync(path(rule.meta.docs))).toBe(true);
    expect(readFileSync(path(rule.meta.docs), "utf8")).toMatch(new RegExp(`^# \`${id}\``));
    expect(readme).toContain(`[\`${id}\`](${id}.md)`);
    expect(configuration).toContain(`\`${id}\``);
    expect(existsSync(path(`test/core/rules/${id}.test.ts`))).toBe(true);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const m of Object.values<string>(rule.meta.messages)) expect(m.length).toBeGreaterThan(10);
  });

  describe("north-south rules (src/core/gateway/rules, documented in docs/gateway.md)", () => {
    const tested = firingOnTestedFixtures();

    it.each(northSouth.map((r) => [r.id, r] as const))("%s has its docs/gateway.md anchor, an index entry, a tested fixture and messages", (id, rule) => {
      const { name, severity } = gatewayRules.find((g) => g.id === id)!;
      const anchor = `${id.toLowerCase()}-${name}`;
      expect(rule.meta.docs).toBe(`docs/gateway.md#${anchor}`);
      expect(gatewayDoc).toContain(`| <a id="${anchor}"></a>${id} | ${name} | ${severity} |`);
      expect(rule.meta.defaultSeverity).toBe(severity);
      expect(readme).toContain(`[\`${id}\`](../gateway.md#${anchor})`);
      expect(configuration).toContain(`\`${id}\``);
      expect(tested.has(id), `${id} fires on no gateway example or test/cases/gateway/rules fixture`).toBe(true);
      for (const m of Object.values<string>(rule.meta.messages)) expect(m.length).toBeGreaterThan(10);
    });
  });
});
