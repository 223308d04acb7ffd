import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { analyzeChange } from "../../src/core/analyze/analyze-change.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import { aggregateChanges } from "../../src/core/review/aggregate-changes.js";
import { createTenancy } from "../../src/core/tenancy/tenancy.js";
import { analyzeRepository } from "../../src/core/analyze/analyze-repository.js";
import { isEmptyPorts } from "../../src/core/algebra/port-set.js";
import { computeAccess } from "../../src/core/engine/access.js";
import type { SourceFile } from "../../src/core/model/position.js";
import { accessRows, type AccessRow } from "../../src/core/report/access-rows.js";

/**
 * Property-based invariants of the engine over random small repositories (fast-check):
 * adding an allow never removes access, adding a deny never adds access, diff(x, x) is empty,
 * and the result does not depend on file order.
 */

const NAMESPACES = ["alpha", "beta", "gamma"];
const APPS = ["web", "db"];

const workloads: SourceFile = {
  path: "workloads.yaml",
  text: NAMESPACES.flatMap((ns) => [
    stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { team: ns } } }),
    ...APPS.map((app) =>
      stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace: ns },
        spec: { template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: app, ports: [{ name: "http", containerPort: 8080 }] }] } } },
      }),
    ),
  ]).join("---\n"),
};

const peer = fc.oneof(
  fc.constant({ fromEndpoints: [{}] }),
  fc.constantFrom(...APPS).map((app) => ({ fromEndpoints: [{ matchLabels: { app } }] })),
  fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...APPS)).map(([ns, app]) => ({ fromEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": ns, app } }] })),
  fc.constantFrom("world", "cluster", "host").map((e) => ({ fromEntities: [e] })),
  fc.constant({ fromCIDR: ["10.0.0.0/8"] }),
);
const ports = fc.option(
  fc.constantFrom("80", "443", "8080", "http").map((port) => ({ toPorts: [{ ports: [{ port, protocol: "TCP" }] }] })),
  { nil: undefined },
);
const ingressRule = fc.tuple(peer, ports).map(([p, q]) => ({ ...p, ...(q ?? {}) }));
const egressRule = fc.tuple(fc.constantFrom(...NAMESPACES), fc.option(fc.constantFrom(...APPS), { nil: undefined })).map(([ns, app]) => ({
  toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": ns, ...(app ? { app } : {}) } }],
}));

interface PolicySpec {
  ns: string;
  app: string | undefined;
  ingress: object[];
  egress: object[];
}
const policy = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  app: fc.option(fc.constantFrom(...APPS), { nil: undefined }),
  ingress: fc.array(ingressRule, { minLength: 1, maxLength: 3 }),
  egress: fc.array(egressRule, { maxLength: 2 }),
});

const toFile = (p: PolicySpec, i: number, extra: { ingress?: object[]; ingressDeny?: object[] } = {}): SourceFile => ({
  path: `policy-${i}.yaml`,
  text: stringify({
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: `p${i}`, namespace: p.ns },
    spec: {
      endpointSelector: p.app ? { matchLabels: { app: p.app } } : {},
      ingress: [...p.ingress, ...(extra.ingress ?? [])],
      ...(p.egress.length ? { egress: p.egress } : {}),
      ...(extra.ingressDeny ? { ingressDeny: extra.ingressDeny } : {}),
    },
  }),
});

const rows = (files: SourceFile[]): AccessRow[] => accessRows(computeAccess(analyzeRepository(files).model));

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) };

describe("engine invariants (property-based)", () => {
  it("adding an allow rule to an enforcing section never removes access (COMB-1)", () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 3 }), ingressRule, (policies, extraRule) => {
        const before = [workloads, ...policies.map((p, i) => toFile(p, i))];
        const after = [workloads, ...policies.map((p, i) => toFile(p, i, i === 0 ? { ingress: [extraRule] } : {}))];
        // Compared on a common footing (shared address blocks): nothing may close.
        const closed = analyzeChange(before, after).changes.filter((c) => !isEmptyPorts(c.closed));
        expect(closed).toEqual([]);
      }),
      RUNS,
    );
  });

  it("adding a deny rule to an enforcing policy never adds access (DENY-1)", () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 3 }), peer, (policies, denied) => {
        const before = [workloads, ...policies.map((p, i) => toFile(p, i))];
        const after = [workloads, ...policies.map((p, i) => toFile(p, i, i === 0 ? { ingressDeny: [denied] } : {}))];
        const opened = analyzeChange(before, after).changes.filter((c) => !isEmptyPorts(c.opened));
        expect(opened).toEqual([]);
      }),
      RUNS,
    );
  });

  it("diff(x, x) is empty", () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 3 }), (policies) => {
        const files = [workloads, ...policies.map((p, i) => toFile(p, i))];
        expect(analyzeChange(files, files).changes).toEqual([]);
      }),
      RUNS,
    );
  });

  it("the result does not depend on file order", () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 2, maxLength: 4 }), (policies) => {
        const files = [workloads, ...policies.map((p, i) => toFile(p, i))];
        const strip = (r: AccessRow[]) => r.map(({ from, to, ports, l7 }) => ({ from, to, ports, l7 }));
        expect(strip(rows([...files].reverse()))).toEqual(strip(rows(files)));
      }),
      RUNS,
    );
  });
});

describe("aggregation invariant (property-based)", () => {
  const config = parseConfig({ path: ".github/bulkhead.yml", text: "tenants:\n  team-ab: {namespaces: [alpha, beta]}\n  team-c: {namespaces: [gamma]}\n" }).config;
  const tenancies = [createTenancy(undefined), createTenancy(config)];

  it("the aggregated diff expands back to exactly the pairwise diff", () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 3 }), fc.array(policy, { maxLength: 3 }), fc.constantFrom(0, 1), (before, after, t) => {
        const change = analyzeChange([workloads, ...before.map((p, i) => toFile(p, i))], [workloads, ...after.map((p, i) => toFile(p, i))]);
        const rows = aggregateChanges(change.changes, [change.base.model.universe, change.head.model.universe], tenancies[t]!, { members: true });
        const pairwise = change.changes.map((c) => `${c.change} ${c.from} → ${c.to}`).sort();
        const expanded = rows.flatMap((r) => r.members!.from.flatMap((f) => r.members!.to.map((to) => `${r.change} ${f} → ${to}`))).sort();
        expect(expanded).toEqual(pairwise);
        expect(rows.reduce((n, r) => n + r.count, 0)).toBe(change.changes.length);
      }),
      RUNS,
    );
  });
});
