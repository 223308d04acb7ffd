import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/index.js";
import type { RuleModule } from "../../../src/core/rules/define-rule.js";
import { evaluateRules, type RuleFinding } from "../../../src/core/rules/evaluate-rules.js";
import { analyzeSides } from "../../../src/core/review/analyze-sides.js";
import { profileOf } from "../../../src/core/review/review-change.js";
import { createTenancy } from "../../../src/core/tenancy/index.js";

/**
 * ESLint's RuleTester, for tenant rules: each case is a small repository (file name → YAML) and a
 * config; `invalid` cases list the expected findings by messageId and place. A place is written in
 * the YAML as a trailing `# <- name` comment; the expected line is that line, the column its first
 * character after the indentation and any `- `.
 */
export interface Expected {
  messageId: string;
  /** `file.yaml#marker`. */
  at: string;
  /** When the finding points inside the marked line (at a field's value), its column. */
  col?: number;
  from?: string;
  to?: string;
  ports?: string;
  waived?: boolean;
}

export interface RuleCase {
  name: string;
  files: Record<string, string>;
  /** The base side, when the case is about a change (OBJ-5); the rule runs on the head (`files`). */
  base?: Record<string, string>;
  /** Text of .github/bulkhead.yml; `null` = observe mode. Defaults to TEST_CONFIG. */
  config?: string | null;
  now?: string;
}

export interface InvalidCase extends RuleCase {
  errors: Expected[];
}

export const TEST_CONFIG = `tenants:
  sales:
    namespaces: ["sales", "sales-*"]
    owners: ["@acme/sales"]
    egress: {fqdns: ["*.salesforce.com"], cidrs: ["203.0.113.0/24"]}
  marketing:
    namespaces: ["marketing"]
    owners: ["@acme/marketing"]
platform:
  namespaces: ["kube-system"]
shared:
  - to: "kube-system/k8s-app=kube-dns"
    ports: ["53/UDP", "53/TCP"]
`;

const CONFIG_PATH = ".github/bulkhead.yml";

export function runRule(rule: RuleModule | readonly RuleModule[], c: RuleCase): RuleFinding[] {
  const configText = c.config === undefined ? TEST_CONFIG : c.config;
  const parsed = configText === null ? undefined : parseConfig({ path: CONFIG_PATH, text: configText });
  if (parsed && !parsed.config) throw new Error(`test config is invalid: ${parsed.diagnostics.map((d) => d.message).join("; ")}`);
  const config = parsed?.config;
  const toFiles = (m: Record<string, string>) => Object.entries(m).map(([path, text]) => ({ path, text }));
  const files = toFiles(c.files);
  const sides = analyzeSides(c.base ? toFiles(c.base) : files, files, profileOf(config));
  const broken = sides.head.repo.diagnostics.filter((d) => d.code.startsWith("YAML_"));
  if (broken.length) throw new Error(`test manifests do not parse: ${broken.map((d) => `${d.file}:${d.line} ${d.message}`).join("; ")}`);
  return evaluateRules({ analysis: sides.head, tenancy: createTenancy(config), config, now: new Date(c.now ?? "2026-11-26T12:00:00Z") }, Array.isArray(rule) ? rule : [rule as RuleModule]);
}

/** Resolve `file.yaml#marker` to the line and column of the `# <- marker` comment's line. */
export function place(files: Record<string, string>, at: string): { file: string; line: number; col: number } {
  const [file, marker] = at.split("#") as [string, string];
  const text = files[file];
  if (text === undefined) throw new Error(`no file ${file}`);
  if (marker === "top") return { file, line: 1, col: 1 };
  const lines = text.split("\n");
  const index = lines.findIndex((l) => new RegExp(`#\\s*<-\\s*${marker}\\b`).test(l));
  if (index < 0) throw new Error(`no marker "# <- ${marker}" in ${file}`);
  const line = lines[index]!;
  const col = (/^(\s*(?:-\s+)?)/.exec(line)?.[1]?.length ?? 0) + 1;
  return { file, line: index + 1, col };
}

const summary = (f: RuleFinding) => ({ messageId: f.messageId, file: f.file, line: f.line, col: f.col, from: f.from, to: f.to, ports: f.ports, waived: f.waived !== undefined });

/** Table test of one rule: `valid` cases report nothing unwaived; `invalid` ones exactly the listed findings, in order. */
export function ruleTester(rule: RuleModule, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    it.each(cases.valid.map((c) => [c.name, c] as const))("valid: %s", (_n, c) => {
      const findings = runRule(rule, c).filter((f) => !f.waived);
      expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
    });
    it.each(cases.invalid.map((c) => [c.name, c] as const))("invalid: %s", (_n, c) => {
      const files = { ...c.files, ...(typeof c.config === "string" ? { [CONFIG_PATH]: c.config } : c.config === undefined ? { [CONFIG_PATH]: TEST_CONFIG } : {}) };
      const expected = c.errors.map((e) => {
        const p = place(files, e.at);
        const want: Record<string, unknown> = { messageId: e.messageId, file: p.file, line: p.line, col: e.col ?? p.col, waived: e.waived ?? false };
        for (const k of ["from", "to", "ports"] as const) if (e[k] !== undefined) want[k] = e[k];
        return want;
      });
      const actual = runRule(rule, c).map((f, i) => {
        const s: Record<string, unknown> = summary(f);
        for (const k of ["from", "to", "ports"] as const) if (c.errors[i]?.[k] === undefined) delete s[k];
        return s;
      });
      expect(actual).toEqual(expected);
    });
  });
}
