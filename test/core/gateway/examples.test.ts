import { describe, expect, it } from "vitest";
import { describeAction, describeBackend, describeMatch, describePods, routeRef, type ExposureRow } from "../../../src/core/gateway/exposure-row.js";
import { createRuleContext, runGatewayRules } from "../../../src/core/gateway/rules/index.js";
import { resolveGatewaySettings } from "../../../src/core/gateway/settings.js";
import { parseManifests } from "../../../src/core/load/index.js";
import { analyzeFiles, exampleExpected, exampleFiles, exampleNames, type ExpectedRow } from "./helpers.js";

/** expected.json writes a defaulted match as `any` for redirects and `{pathPrefix: "/"}` elsewhere: same thing. */
const expectedMatch = (m: ExpectedRow["match"]): string => {
  if (m === "any") return "PathPrefix /";
  return [m.pathPrefix !== undefined ? `PathPrefix ${m.pathPrefix}` : undefined, m.method ? `method ${m.method}` : undefined].filter(Boolean).join(" AND ");
};

const rowId = (r: { gateway: string; listener: string; host: string; route: string; rule: number; match: string }): string =>
  `${r.gateway}|${r.listener}|${r.host}|${r.route}|${r.rule}|${r.match}`;

const actualId = (r: ExposureRow): string =>
  rowId({ gateway: `${r.gateway.namespace}/${r.gateway.name}`, listener: r.listener.name, host: r.host, route: routeRef(r), rule: r.route.rule, match: describeMatch(r.match) });

const expectedId = (e: ExpectedRow): string => rowId({ ...e, match: expectedMatch(e.match) });

/** Compare the fields an expected row states; fields it leaves out are not asserted. */
const checkRow = (r: ExposureRow, e: ExpectedRow): void => {
  expect({ port: r.listener.port, containerPort: r.listener.containerPort, action: describeAction(r), effective: r.effective }).toEqual({
    port: e.port,
    containerPort: e.containerPort,
    action: e.action,
    effective: e.effective,
  });
  if (e.backend) expect(describeBackend(r.backend)).toBe(e.backend);
  if (e.pods) expect(describePods(r.backend)).toBe(e.pods);
  if (e.targetPort !== undefined) expect(r.backend?.targetPort).toBe(e.targetPort);
  if (e.refAllowed) expect(r.backend?.refAllowed).toEqual(e.refAllowed);
  const a = e.authz;
  expect(r.authz.level).toBe(a.level);
  if (a.policy) expect(r.authz.policy).toBe(a.policy);
  if (a.authn) expect(r.authz.authn).toEqual(a.authn);
  if (a.rules) expect(r.authz.rules).toEqual(a.rules);
  if (a.defaultAction) expect(r.authz.defaultAction).toBe(a.defaultAction);
  if (a.clientIpSource) expect(r.authz.clientIpSource).toBe(a.clientIpSource);
  if (a.spoofable !== undefined) expect(r.authz.spoofable).toBe(a.spoofable);
  if (a.overrides) expect(r.authz.overrides).toContain(a.overrides);
  if (e.plaintext !== undefined) expect(r.plaintext).toBe(e.plaintext);
  for (const s of e.shadowedBy ?? []) expect(r.shadowedBy).toContain(s);
  for (const b of e.blockedBy ?? []) expect(r.cilium?.blockedBy.some((x) => b.startsWith(x.replace(/ \(.*\)$/, "")))).toBe(true);
};

describe("gateway examples (shared/reference/gateway-examples)", () => {
  const names = exampleNames();

  it("finds all ten scenarios", () => {
    expect(names).toHaveLength(10);
  });

  describe.each(names)("%s", (name) => {
    const files = exampleFiles(name);
    const expected = exampleExpected(name);
    const analysis = analyzeFiles(files);

    it("produces exactly the expected exposure rows", () => {
      expect(analysis.rows.map(actualId).sort()).toEqual(expected.exposures.map(expectedId).sort());
      for (const e of expected.exposures) checkRow(analysis.rows.find((r) => actualId(r) === expectedId(e))!, e);
    });

    it("reports exactly the expected violations", () => {
      const ctx = createRuleContext(analysis, resolveGatewaySettings(), parseManifests(files).objects);
      const findings = runGatewayRules(ctx);
      const ids = (severity: string) => [...new Set(findings.filter((f) => f.severity === severity).map((f) => f.rule))].sort();
      expect({ block: ids("error"), warn: ids("warning") }).toEqual({ block: [...expected.violations.block].sort(), warn: [...expected.violations.warn].sort() });
    });

    it("reads every object without error diagnostics", () => {
      expect(analysis.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
  });
});
