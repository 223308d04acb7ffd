import { describe, expect, it } from "vitest";
import { analyzeChange, type ChangeAnalysis } from "../../../src/core/analyze/analyze-change.js";
import { ChangeMemo } from "../../../src/core/analyze/change-memo.js";
import { applyPullRequest, generateRepository } from "../../../src/bench/generate.js";
import type { SourceFile } from "../../../src/core/model/position.js";
import { ciliumProfile } from "../../../src/core/model/profile.js";
import { accessRows } from "../../../src/core/report/access-rows.js";
import { reviewChange } from "../../../src/core/review/review-change.js";
import { createReviewMemo } from "../../../src/core/review/review-memo.js";

/**
 * The memo re-uses a base's analysis between changes (a PR's pushes, consent re-reviews): it must
 * never change a result, and it must really skip the work when it may.
 */
const files = (m: Map<string, string>): SourceFile[] => [...m].map(([path, text]) => ({ path, text }));
const baseMap = generateRepository({ tenants: 3, namespacesPerTenant: 2, workloadsPerNamespace: 5 });
const base = files(baseMap);
const pr = files(applyPullRequest(baseMap));

const policy = (name: string, egress: unknown): SourceFile => ({
  path: `extra/${name}.yaml`,
  text: `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: tenant-0-ns-0\nspec:\n  endpointSelector: {}\n  egress:\n  - ${JSON.stringify(egress)}\n`,
});
const workload = (name: string): SourceFile => ({
  path: `extra/${name}-deploy.yaml`,
  text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: tenant-1-ns-0\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n`,
});

/** Heads pushed one after another onto one base: no new peer, a new CIDR peer, a new workload, back to the first. */
const heads: Array<[string, SourceFile[]]> = [
  ["the bench PR", pr],
  ["a policy that adds no peer", [...base, policy("to-world", { toEntities: ["world"] })]],
  ["a policy that adds a CIDR peer", [...base, policy("to-cidr", { toCIDR: ["192.0.2.0/24"] })]],
  ["a new workload", [...base, workload("batch")]],
  ["the bench PR again", pr],
  ["no change", base],
];

const snapshot = (a: ChangeAnalysis) => ({
  changes: a.changes,
  kept: a.kept,
  tooLarge: a.tooLarge,
  base: accessRows(a.base.connections),
  head: accessRows(a.head.connections),
  diagnostics: [a.base.repo.diagnostics, a.head.repo.diagnostics],
});

describe("ChangeMemo", () => {
  it("gives every push of a PR the analysis it gets without the memo", () => {
    const memo = new ChangeMemo();
    for (const [, head] of heads) expect(snapshot(analyzeChange(base, head, { memo }))).toEqual(snapshot(analyzeChange(base, head)));
  });

  it("re-uses the base's compiled policies, model and connections while the head adds no peer", () => {
    const memo = new ChangeMemo();
    const first = analyzeChange(base, pr, { memo });
    const second = analyzeChange(base.map((f) => ({ ...f })), heads[1]![1], { memo });
    expect(second.base.repo).toBe(first.base.repo);
    expect(second.base.model).toBe(first.base.model);
    expect(second.base.connections).toBe(first.base.connections);
    // The head shares the remembered model's verdicts, so its unchanged connections are the base's objects.
    expect(second.head.model.sharedPeers(second.base.model)).toBeDefined();
  });

  it("recomputes the base side when the head adds a peer, and the base itself when its files or the profile differ", () => {
    const memo = new ChangeMemo();
    const first = analyzeChange(base, pr, { memo });
    const withCidr = analyzeChange(base, heads[2]![1], { memo });
    expect(withCidr.base.repo).toBe(first.base.repo);
    expect(withCidr.base.connections).not.toBe(first.base.connections);
    const otherBase = [...base.slice(1)];
    expect(analyzeChange(otherBase, pr, { memo }).base.repo).not.toBe(first.base.repo);
    const again = analyzeChange(base, pr, { memo });
    expect(analyzeChange(base, pr, { memo, profile: { ...ciliumProfile, ciliumVersion: "1.15" } }).base.repo).not.toBe(again.base.repo);
  });

  it("analyses the base afresh after a bounded number of re-uses", () => {
    const memo = new ChangeMemo();
    const first = analyzeChange(base, base, { memo });
    const repos = Array.from({ length: 30 }, () => analyzeChange(base, base, { memo }).base.repo);
    expect(repos.filter((r) => r === first.base.repo).length).toBe(25);
  });

  it("makes reviewChange give the same review with and without a memo", () => {
    const memo = createReviewMemo();
    const now = new Date("2026-11-26T00:00:00Z");
    for (const [, head] of heads) expect(reviewChange({ base, head, now, memo })).toEqual(reviewChange({ base, head, now }));
  });
});
