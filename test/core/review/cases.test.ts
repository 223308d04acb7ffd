import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { reviewChange } from "../../../src/core/review/review-change.js";
import type { Consent, Review } from "../../../src/core/review/types.js";
import { expectGolden } from "../../support/golden.js";
import { readTree } from "../../support/shared.js";

/**
 * Review cases: `test/cases/review/<case>/{base/, head/, bulkhead.yml?, input.json?, expected.json}`.
 * No bulkhead.yml = observe mode. input.json may set `now`, `consents`, `author`, `configChangedInChange`.
 * expected.json is a readable digest of the Review; `UPDATE_GOLDEN=1` rewrites it (review the diff).
 */
const CASES = fileURLToPath(new URL("../../cases/review/", import.meta.url));

interface CaseInput {
  now?: string;
  consents?: Consent[];
  author?: string;
  configChangedInChange?: boolean;
}

/** What a reviewer checks: the gate, the notes, the findings (without fix texts), the aggregated diff and the north-south changes. */
export const digest = (r: Review) => ({
  gate: r.gate,
  observeMode: r.observeMode,
  counts: r.counts,
  notes: r.notes,
  findings: r.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    new: f.new,
    at: `${f.file}:${f.line}:${f.col}`,
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
    ...(f.ports !== undefined ? { ports: f.ports } : {}),
    message: f.message,
    ...(f.waived ? { waived: `${f.waived.by}: ${f.waived.detail}` } : {}),
  })),
  changes: r.changes.map((c) => `${c.change} ${c.from} → ${c.to}: ${c.before} → ${c.after}${c.crossTenant ? " [cross-tenant]" : ""}${c.count > 1 ? ` (${c.count} pairs)` : ""}`),
  ...(r.northSouth?.length ? { northSouth: r.northSouth.map((c) => `${c.summary}${c.newlyPublic ? " [newly public]" : ""} (${c.route}, ${c.file}:${c.line})`) } : {}),
  diagnostics: r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.col}`),
});

const cases = readdirSync(CASES).filter((d) => existsSync(join(CASES, d, "head"))).sort();

describe("review cases", () => {
  it.each(cases)("%s", (name) => {
    const dir = join(CASES, name);
    const configPath = join(dir, "bulkhead.yml");
    const input: CaseInput = existsSync(join(dir, "input.json")) ? JSON.parse(readFileSync(join(dir, "input.json"), "utf8")) : {};
    const review = reviewChange({
      base: readTree(join(dir, "base")),
      head: readTree(join(dir, "head")),
      ...(existsSync(configPath) ? { config: { path: ".github/bulkhead.yml", text: readFileSync(configPath, "utf8") } } : {}),
      ...(input.consents ? { consents: input.consents } : {}),
      ...(input.author ? { author: input.author } : {}),
      ...(input.configChangedInChange ? { configChangedInChange: true } : {}),
      now: new Date(input.now ?? "2026-11-26T12:00:00Z"),
    });
    expectGolden(`${JSON.stringify(digest(review), null, 2)}\n`, join(dir, "expected.json"));
  });
});
