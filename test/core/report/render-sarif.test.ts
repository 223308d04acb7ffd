import { describe, expect, it } from "vitest";
import { fingerprintHash, renderSarif } from "../../../src/core/report/render-sarif.js";
import { diagnostic, finding, review } from "./fixtures.js";

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === "object" && x !== null && !Array.isArray(x);
const posInt = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 1;

/**
 * The constraints of the SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json) for the objects we
 * emit: required properties, enums, integer minimums, and rule indexes that point at their rule.
 */
function sarifProblems(log: unknown): string[] {
  const p: string[] = [];
  if (!isObj(log)) return ["log is not an object"];
  if (log.version !== "2.1.0") p.push("version must be 2.1.0");
  if (typeof log.$schema !== "string") p.push("$schema");
  if (!Array.isArray(log.runs) || log.runs.length !== 1) return [...p, "runs must be an array with one run"];
  const run = log.runs[0] as Json;
  const driver = isObj(run.tool) && isObj(run.tool.driver) ? run.tool.driver : undefined;
  if (!driver || typeof driver.name !== "string") return [...p, "runs[0].tool.driver.name is required"];
  if (typeof driver.informationUri !== "string" || !/^https:\/\//.test(driver.informationUri)) p.push("driver.informationUri");
  const rules = (driver.rules ?? []) as Json[];
  const ids = rules.map((r) => r.id);
  if (new Set(ids).size !== ids.length) p.push("duplicate rule ids");
  for (const r of rules) {
    if (typeof r.id !== "string") p.push("rule.id is required");
    if (!isObj(r.shortDescription) || typeof r.shortDescription.text !== "string") p.push(`rule ${String(r.id)}: shortDescription.text`);
    if (typeof r.helpUri !== "string" || !/^https:\/\/\S+$/.test(r.helpUri)) p.push(`rule ${String(r.id)}: helpUri`);
  }
  for (const [i, r] of ((run.results ?? []) as Json[]).entries()) {
    const at = `results[${i}]`;
    if (!isObj(r.message) || typeof r.message.text !== "string") p.push(`${at}.message.text is required`);
    if (!["none", "note", "warning", "error"].includes(r.level as string)) p.push(`${at}.level`);
    if (r.baselineState !== undefined && !["new", "unchanged", "updated", "absent"].includes(r.baselineState as string)) p.push(`${at}.baselineState`);
    if (typeof r.ruleIndex !== "number" || rules[r.ruleIndex]?.id !== r.ruleId) p.push(`${at}.ruleIndex does not point at ruleId`);
    const loc = (r.locations as Json[] | undefined)?.[0]?.physicalLocation as Json | undefined;
    const artifact = loc?.artifactLocation as Json | undefined;
    const region = loc?.region as Json | undefined;
    if (typeof artifact?.uri !== "string" || /[\s\\]/.test(artifact.uri)) p.push(`${at}: artifactLocation.uri must be a URI reference`);
    if (!posInt(region?.startLine) || !posInt(region?.startColumn)) p.push(`${at}: region start must be >= 1`);
    if (!isObj(r.partialFingerprints) || !Object.values(r.partialFingerprints).every((v) => typeof v === "string")) p.push(`${at}.partialFingerprints`);
    for (const s of (r.suppressions ?? []) as Json[]) if (!["inSource", "external"].includes(s.kind as string)) p.push(`${at}.suppressions.kind`);
  }
  return p;
}

const sample = review({
  gate: "fail",
  findings: [
    finding(),
    finding({ rule: "external-egress", new: false, severity: "warning", file: "a dir/ü.yaml", line: 0, col: 0 }),
    finding({ waived: { by: "exception", detail: "TICKET-1, expires 2027-01-01" }, line: 40 }),
  ],
  diagnostics: [diagnostic(), diagnostic({ severity: "info", code: "KNP_SECTION_IGNORED" })],
});

describe("renderSarif", () => {
  const log = JSON.parse(renderSarif(sample, { toolVersion: "0.1.0", ruleDescriptions: { "cross-tenant": "Traffic between tenants" } })) as Json;
  const run = (log.runs as Json[])[0]!;
  const results = run.results as Json[];
  const driver = (run.tool as Json).driver as Json;

  it("is valid SARIF 2.1.0", () => {
    expect(sarifProblems(log)).toEqual([]);
    expect(driver).toMatchObject({ name: "bulkhead", version: "0.1.0" });
  });

  it("has one rule per id, with a help link to its docs page", () => {
    expect((driver.rules as Json[]).map((r) => r.id)).toEqual(["cross-tenant", "external-egress", "INVALID_POLICY"]);
    expect((driver.rules as Json[])[0]).toMatchObject({ shortDescription: { text: "Traffic between tenants" }, helpUri: expect.stringMatching(/\/docs\/rules\/cross-tenant\.md$/) });
  });

  it("maps new to baselineState, waivers to suppressions, and leaves info diagnostics out", () => {
    expect(results.map((r) => [r.ruleId, r.level, r.baselineState])).toEqual([
      ["cross-tenant", "error", "new"],
      ["external-egress", "warning", "unchanged"],
      ["cross-tenant", "error", "new"],
      ["INVALID_POLICY", "error", undefined],
    ]);
    expect(results[2]!.suppressions).toEqual([{ kind: "external", justification: "exception: TICKET-1, expires 2027-01-01" }]);
  });

  it("encodes paths and clamps positions", () => {
    expect(results[1]!.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: "a%20dir/%C3%BC.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1, startColumn: 1 } } }]);
  });

  it("fingerprints survive moved lines and keep distinct results apart", () => {
    const fp = (line: number, extra = {}): unknown => {
      const r = JSON.parse(renderSarif(review({ findings: [finding({ line, ...extra })] }))) as Json;
      return ((r.runs as Json[])[0]!.results as Json[])[0]!.partialFingerprints;
    };
    expect(fp(3)).toEqual(fp(30));
    expect(fp(3)).not.toEqual(fp(3, { file: "other.yaml" }));
    const fps = results.map((r) => JSON.stringify(r.partialFingerprints));
    expect(new Set(fps).size).toBe(fps.length);
    expect(fps[0]).toMatch(/:1"}$/);
    expect(fps[2]).toMatch(/:2"}$/); // same rule, file and message as the first: numbered
  });

  it("hashes deterministically", () => {
    expect(fingerprintHash("abc")).toBe(fingerprintHash("abc"));
    expect(fingerprintHash("abc")).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintHash("abc")).not.toBe(fingerprintHash("abd"));
  });

  it("an empty review is a valid log with no results", () => {
    const empty = JSON.parse(renderSarif(review())) as Json;
    expect(sarifProblems(empty)).toEqual([]);
    expect((empty.runs as Json[])[0]!.results).toEqual([]);
  });
});
