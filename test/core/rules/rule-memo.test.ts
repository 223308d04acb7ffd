import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/index.js";
import type { SourceFile } from "../../../src/core/model/position.js";
import { analyzeSides } from "../../../src/core/review/analyze-sides.js";
import { profileOf } from "../../../src/core/review/review-change.js";
import { evaluateRules, type RuleFinding } from "../../../src/core/rules/evaluate-rules.js";
import { RuleMemo } from "../../../src/core/rules/support/rule-memo.js";
import { createTenancy } from "../../../src/core/tenancy/index.js";
import { readTree } from "../../support/shared.js";
import { cnp, deployment, knp, namespaces, tenants } from "./fixtures.js";
import { TEST_CONFIG } from "./rule-tester.js";

/**
 * The RuleMemo shared by the head and base runs of a review (review-change.ts `runRules`) must never
 * carry a finding from one side into the other: each side, run after the other with one memo (in
 * either order), finds exactly what it finds alone.
 */
type Files = Record<string, string>;

const NOW = new Date("2026-11-26T12:00:00Z");
const asFiles = (m: Files): SourceFile[] => Object.entries(m).map(([path, text]) => ({ path, text }));
const brief = (fs: readonly RuleFinding[]): string[] => fs.map((f) => `${f.rule} ${f.identity}${f.ports ? ` ${f.ports}` : ""}${f.waived ? " waived" : ""}`);

function sides(base: readonly SourceFile[], head: readonly SourceFile[], configText: string | null) {
  // An invalid config reviews like none (as reviewChange does: the gate fails closed, the rules observe).
  const config = configText === null ? undefined : parseConfig({ path: ".github/bulkhead.yml", text: configText }).config;
  const analysed = analyzeSides(base, head, profileOf(config));
  const tenancy = createTenancy(config);
  const run = (which: "base" | "head", memo?: RuleMemo) => evaluateRules({ analysis: analysed[which], tenancy, config, now: NOW, ...(memo ? { memo } : {}) });
  const alone = { head: run("head"), base: run("base") };
  const shared = new RuleMemo();
  const headFirst = { head: run("head", shared), base: run("base", shared) };
  const reversed = new RuleMemo();
  const baseFirst = { base: run("base", reversed), head: run("head", reversed) };
  return { alone, headFirst, baseFirst };
}

/** Each side equals its lone run, deeply, whichever side fills the memo first. */
function expectNoLeak(r: ReturnType<typeof sides>): void {
  expect(r.headFirst.head).toEqual(r.alone.head);
  expect(r.headFirst.base).toEqual(r.alone.base);
  expect(r.baseFirst.head).toEqual(r.alone.head);
  expect(r.baseFirst.base).toEqual(r.alone.base);
}

const salesTo = (ns: string, name: string, port = "8080") =>
  cnp("sales", name, `endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: ${ns}}}]\n    toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]`);
const marketingFrom = (ns: string, name: string, port = "8080") =>
  cnp("marketing", name, `endpointSelector: {}\ningress:\n  - fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: ${ns}}}]\n    toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]`);
const workloads: Files = {
  "sales/api.yaml": deployment("sales", "api"),
  "sales/reports.yaml": deployment("sales", "reports", [{ name: "metrics", port: 9090 }]),
  "marketing/web.yaml": deployment("marketing", "web"),
};

describe("RuleMemo: one side's findings never leak into the other's", () => {
  it("a head policy that opens a cross-tenant flow: the head reports it, the base does not", () => {
    const base = { ...tenants(), ...workloads };
    const head = { ...base, "s.yaml": salesTo("marketing", "to-marketing"), "m.yaml": marketingFrom("sales", "from-sales") };
    const r = sides(asFiles(base), asFiles(head), TEST_CONFIG);
    expectNoLeak(r);
    expect(brief(r.alone.head).filter((f) => f.startsWith("cross-tenant"))).toEqual(["cross-tenant sales→marketing TCP 8080"]);
    expect(brief(r.alone.base).filter((f) => f.startsWith("cross-tenant"))).toEqual([]);
  });

  it("a head that withdraws one side of a flow: effective on the base, latent on the head", () => {
    const base: Files = { ...tenants(), ...workloads, "s.yaml": salesTo("marketing", "to-marketing"), "m.yaml": marketingFrom("sales", "from-sales") };
    const { "m.yaml": _withdrawn, ...head } = base;
    const r = sides(asFiles(base), asFiles(head), TEST_CONFIG);
    expectNoLeak(r);
    expect(brief(r.alone.base).filter((f) => f.includes("cross-tenant"))).toEqual(["cross-tenant sales→marketing TCP 8080"]);
    expect(brief(r.alone.head).filter((f) => f.includes("cross-tenant"))).toEqual(["latent-cross-tenant egress:sales→marketing TCP 8080"]);
  });

  it("a head that changes a port: each side reports its own ports", () => {
    const open = (port: string) => ({ ...tenants(), ...workloads, "s.yaml": salesTo("marketing", "to-marketing", port), "m.yaml": marketingFrom("sales", "from-sales", port) });
    const r = sides(asFiles(open("8080")), asFiles(open("9443")), null);
    expectNoLeak(r);
    expect(brief(r.alone.head).filter((f) => f.startsWith("cross-tenant"))).toEqual(["cross-tenant sales→marketing TCP 9443"]);
    expect(brief(r.alone.base).filter((f) => f.startsWith("cross-tenant"))).toEqual(["cross-tenant sales→marketing TCP 8080"]);
  });

  it("a head that changes the inventory a rule reads (a workload removed): the policy now matches nothing on the head only", () => {
    const policy = knp("sales", "reports-in", "podSelector: {matchLabels: {app: reports}}\npolicyTypes: [Ingress]\ningress:\n  - ports: [{port: metrics, protocol: TCP}]");
    const base: Files = { ...tenants(), ...workloads, "sales/reports-in.yaml": policy };
    const { "sales/reports.yaml": _removed, ...head } = base;
    const r = sides(asFiles(base), asFiles(head), TEST_CONFIG);
    expectNoLeak(r);
    expect(brief(r.alone.head).filter((f) => f.startsWith("matches-nothing"))).toEqual(["matches-nothing sales/reports-in:subject:k8s:app=reports,k8s:io.kubernetes.pod.namespace=sales"]);
    expect(brief(r.alone.base).filter((f) => f.startsWith("matches-nothing"))).toEqual([]);
  });

  it("a head that relabels a namespace out of its tenant (namespaceSelector): tenant rules follow each side's labels", () => {
    const config = `tenants:\n  sales:\n    namespaceSelector: {matchLabels: {team: sales}}\n  marketing:\n    namespaces: ["marketing"]\nplatform:\n  namespaces: ["kube-system"]\n`;
    const ns = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sales\n  labels: {team: ${team}}\n---\n${namespaces("marketing", "kube-system")}`;
    const world = cnp("sales", "to-world", "endpointSelector: {}\negress:\n  - toEntities: [world]");
    const base = { ...tenants(), ...workloads, "namespaces.yaml": ns("sales"), "w.yaml": world };
    const head = { ...base, "namespaces.yaml": ns("nobody") };
    const r = sides(asFiles(base), asFiles(head), config);
    expectNoLeak(r);
    expect(brief(r.alone.base).filter((f) => f.startsWith("broad-entity"))).toEqual(["broad-entity sales/to-world:egress:world"]);
    expect(brief(r.alone.head).filter((f) => f.startsWith("broad-entity"))).toEqual([]);
  });

  it("an exception used on one side only: exception-unused sees each side's own use", () => {
    const config = `${TEST_CONFIG}exceptions:\n  - {from: sales, to: marketing, reason: MKT-1}\n`;
    const open = { ...tenants(), ...workloads, "s.yaml": salesTo("marketing", "to-marketing"), "m.yaml": marketingFrom("sales", "from-sales") };
    const closed = { ...tenants(), ...workloads };
    const r = sides(asFiles(open), asFiles(closed), config);
    expectNoLeak(r);
    expect(brief(r.alone.base)).toContain("cross-tenant sales→marketing TCP 8080 waived");
    expect(brief(r.alone.base).filter((f) => f.startsWith("exception-unused"))).toEqual([]);
    expect(brief(r.alone.head).filter((f) => f.startsWith("exception-unused"))).toEqual(["exception-unused exceptions[0]:sales→marketing"]);
  });

  it("an exception both sides use: the side that re-uses the other's split still records its use", () => {
    const config = `${TEST_CONFIG}exceptions:\n  - {from: sales, to: marketing, reason: MKT-1}\n`;
    const base = { ...tenants(), ...workloads, "s.yaml": salesTo("marketing", "to-marketing"), "m.yaml": marketingFrom("sales", "from-sales") };
    // A change that leaves the peers alone: both sides share the flow's connection, so the second run re-uses the first's split.
    const head = { ...base, "sales/api-in.yaml": knp("sales", "api-in", "podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]\ningress:\n  - from: [{podSelector: {}}]") };
    const r = sides(asFiles(base), asFiles(head), config);
    expectNoLeak(r);
    for (const side of [r.alone.base, r.alone.head]) {
      expect(brief(side)).toContain("cross-tenant sales→marketing TCP 8080 waived");
      expect(brief(side).filter((f) => f.startsWith("exception-unused"))).toEqual([]);
    }
  });

  it("refuses to be shared by runs with another tenancy, config or time", () => {
    const analysed = analyzeSides(asFiles(tenants()), asFiles(tenants()), profileOf(undefined));
    const memo = new RuleMemo();
    evaluateRules({ analysis: analysed.head, tenancy: createTenancy(undefined), config: undefined, now: NOW, memo });
    expect(() => evaluateRules({ analysis: analysed.base, tenancy: createTenancy(undefined), config: undefined, now: NOW, memo })).toThrow(/different tenancy/);
  });
});

/** Every review case and example PR of the repository, run with and without the shared memo. */
describe("RuleMemo: the repository's review cases and example PRs find the same with and without it", () => {
  const root = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
  const dirs = (path: string): string[] => (existsSync(root(path)) ? readdirSync(root(path)).map((d) => join(root(path), d)) : []);
  const exampleConfig = readFileSync(root("examples/multi-tenant/.github/bulkhead.yml"), "utf8");
  const cases = [
    ...dirs("test/cases/review").map((dir) => ({ dir, config: existsSync(join(dir, "bulkhead.yml")) ? readFileSync(join(dir, "bulkhead.yml"), "utf8") : null })),
    ...dirs("examples/prs").flatMap((dir) => [
      { dir, config: exampleConfig },
      { dir, config: null },
    ]),
  ].filter((c) => existsSync(join(c.dir, "base")) && existsSync(join(c.dir, "head")));

  it.each(cases.map((c) => [`${c.dir.split("/").slice(-2).join("/")}${c.config === null ? " (observe)" : ""}`, c] as const))("%s", (_name, c) => {
    const r = sides(readTree(join(c.dir, "base")), readTree(join(c.dir, "head")), c.config);
    expectNoLeak(r);
  });
});
