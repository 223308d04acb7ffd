import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtinRules } from "../../../src/core/rules/registry.js";

const path = (p: string): string => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const readme = readFileSync(path("docs/rules/README.md"), "utf8");
const configuration = readFileSync(path("docs/configuration.md"), "utf8");

/** Every rule is registered once, documented, indexed and table-tested (renovate/ts-eslint style meta-test). */
describe("rule registry", () => {
  it("has unique kebab-case ids", () => {
    const ids = builtinRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it.each(builtinRules.map((r) => [r.id, r] as const))("%s has a docs page, an index entry, a table test and messages", (id, rule) => {
    expect(rule.meta.docs).toBe(`docs/rules/${id}.md`);
    expect(existsSync(path(rule.meta.docs))).toBe(true);
    expect(readFileSync(path(rule.meta.docs), "utf8")).toMatch(new RegExp(`^# \`${id}\``));
    expect(readme).toContain(`[\`${id}\`](${id}.md)`);
    expect(configuration).toContain(`\`${id}\``);
    expect(existsSync(path(`test/core/rules/${id}.test.ts`))).toBe(true);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const m of Object.values<string>(rule.meta.messages)) expect(m.length).toBeGreaterThan(10);
  });
});
