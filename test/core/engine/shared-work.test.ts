import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { buildAccessModel, compiledPolicies, compileRepository, type CompiledRepository } from "../../../src/core/analyze/analyze-repository.js";
import { computeAccess, type Connection } from "../../../src/core/engine/access.js";
import type { AccessModel } from "../../../src/core/engine/access-model.js";
import { ModelSharing } from "../../../src/core/engine/model-sharing.js";
import { externalCuts } from "../../../src/core/engine/universe.js";
import { createParseCache } from "../../../src/core/load/index.js";
import type { SourceFile } from "../../../src/core/model/position.js";
import { accessRows } from "../../../src/core/report/access-rows.js";
import { diffAccess } from "../../../src/core/diff/diff-access.js";
import { diffConnections } from "../../../src/core/diff/diff-connections.js";

/**
 * Work shared between the two sides of a change (parsed files, compiled policies, peers and
 * verdicts) must not change any result: each side computed alone gives the same connections,
 * verdicts and rows as the two sides computed together.
 */
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) };
const NAMESPACES = ["alpha", "beta"];
const APPS = ["web", "db"];

const inventory = (ports: string): SourceFile => ({
  path: "workloads.yaml",
  text: NAMESPACES.flatMap((ns) => [
    stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { team: ns } } }),
    stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: ns }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: ports }] } }),
    ...APPS.map((app) =>
      stringify({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace: ns },
        spec: { template: { metadata: { labels: { app } }, spec: { containers: [{ name: app, image: app, ports: [{ name: ports, containerPort: 8080 }] }] } } },
      }),
    ),
  ]).join("---\n"),
});

const peer = fc.oneof(
  fc.constant({ toEndpoints: [{}] }),
  fc.tuple(fc.constantFrom(...NAMESPACES), fc.constantFrom(...APPS)).map(([ns, app]) => ({ toEndpoints: [{ matchLabels: { "io.kubernetes.pod.namespace": ns, app } }] })),
  fc.constantFrom("world", "cluster").map((e) => ({ toEntities: [e] })),
  fc.constantFrom("10.0.0.0/8", "10.1.0.0/16", "0.0.0.0/0").map((c) => ({ toCIDRSet: [{ cidr: c, except: ["10.1.2.0/24"] }] })),
  fc.constantFrom("*.example.com", "api.example.com").map((p) => ({ toFQDNs: [{ matchPattern: p }] })),
  fc.constant({ toServices: [{ k8sService: { serviceName: "web", namespace: "alpha" } }] }),
);
const ports = fc.option(fc.constantFrom("80", "8080", "http", "metrics").map((port) => ({ toPorts: [{ ports: [{ port, protocol: "TCP" }] }] })), { nil: undefined });
const policy = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  app: fc.option(fc.constantFrom(...APPS), { nil: undefined }),
  egress: fc.array(fc.tuple(peer, ports).map(([p, q]) => ({ ...p, ...(q ?? {}) })), { minLength: 1, maxLength: 3 }),
  deny: fc.boolean(),
});
type Policy = typeof policy extends fc.Arbitrary<infer T> ? T : never;

const toFile = (p: Policy, i: number): SourceFile => ({
  path: `policy-${i}.yaml`,
  text: stringify({
    apiVersion: "cilium.io/v2",
    kind: "CiliumNetworkPolicy",
    metadata: { name: `p${i}`, namespace: p.ns },
    spec: { endpointSelector: p.app ? { matchLabels: { app: p.app } } : {}, egress: p.egress, ...(p.deny ? { egressDeny: [{ toEntities: ["world"] }] } : {}) },
  }),
});

/** A change: keep, edit or drop each policy and maybe add one; maybe rename the container port. */
const change = fc.record({
  base: fc.array(policy, { minLength: 1, maxLength: 4 }),
  edits: fc.array(fc.option(policy, { nil: undefined }), { maxLength: 4 }),
  added: fc.option(policy, { nil: undefined }),
  portName: fc.constantFrom("http", "http", "metrics"),
});

const snapshot = (model: AccessModel, connections: Connection[]) => ({
  connections: connections.map((c) => ({ ...c, from: c.from.id, to: c.to.id })),
  rows: accessRows(connections),
  peers: model.universe.endpoints.map((e) => e.id),
});

/** Both sides as analyzeChange prepares them: a common footing, each side computed with or without sharing. */
function sides(base: SourceFile[], head: SourceFile[], shared: boolean) {
  const cache = shared ? createParseCache() : undefined;
  const b = compileRepository(base, undefined, undefined, cache ? { cache } : {});
  const h = compileRepository(head, undefined, undefined, cache ? { cache, reuse: b } : {});
  const repos: CompiledRepository[] = [b, h];
  const cuts = { ingress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "ingress")), egress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "egress")) };
  const sharing = shared ? new ModelSharing() : undefined;
  return repos.map((repo, i) => {
    const model = buildAccessModel(repo, { cuts, alsoPeersOf: compiledPolicies(repos[1 - i]!) }, sharing);
    const connections = computeAccess(model);
    return { repo, model, connections, snapshot: snapshot(model, connections) };
  });
}

describe("work shared between the sides of a change", () => {
  it("gives every side the connections, verdicts and rows it has alone", () => {
    fc.assert(
      fc.property(change, ({ base, edits, added, portName }) => {
        const head = base.flatMap((p, i) => (i < edits.length ? (edits[i] ? [edits[i]] : []) : [p]));
        const baseFiles = [inventory("http"), ...base.map(toFile)];
        const headFiles = [inventory(portName), ...[...head, ...(added ? [added] : [])].map(toFile)];
        const together = sides(baseFiles, headFiles, true);
        const alone = sides(baseFiles, headFiles, false);
        expect(together.map((s) => s.snapshot)).toEqual(alone.map((s) => s.snapshot));
        expect(together.map((s) => s.repo.diagnostics)).toEqual(alone.map((s) => s.repo.diagnostics));
        expect(together.map((s) => compiledPolicies(s.repo))).toEqual(alone.map((s) => compiledPolicies(s.repo)));
      }),
      RUNS,
    );
  });

  it("diffs only the pairs whose connections differ, and finds exactly the diff of every row", () => {
    let shortcuts = 0;
    fc.assert(
      fc.property(change, ({ base, edits, added, portName }) => {
        const head = base.flatMap((p, i) => (i < edits.length ? (edits[i] ? [edits[i]] : []) : [p]));
        const baseFiles = [inventory("http"), ...base.map(toFile)];
        const headFiles = [inventory(portName), ...[...head, ...(added ? [added] : [])].map(toFile)];
        const [b, h] = sides(baseFiles, headFiles, true);
        const [bAlone, hAlone] = sides(baseFiles, headFiles, false);
        const shared = b!.model.sharedPeers(h!.model);
        if (shared) shortcuts++;
        expect(diffConnections(b!.connections, h!.connections, shared)).toEqual(diffAccess(accessRows(bAlone!.connections), accessRows(hAlone!.connections)));
      }),
      RUNS,
    );
    // The shortcut must actually be taken, or this property tests only the fallback.
    expect(shortcuts).toBeGreaterThan(0);
  });

  it("shares peers, compiled policies and verdicts when only policies change", () => {
    const base = [inventory("http"), toFile({ ns: "alpha", app: "web", egress: [{ toEntities: ["world"] }], deny: false }, 0)];
    const head = [...base, toFile({ ns: "beta", app: undefined, egress: [{ toEndpoints: [{}] }], deny: true }, 1)];
    const [b, h] = sides(base, head, true);
    expect(h!.model.universe).toBe(b!.model.universe);
    expect(h!.repo.policies[0]).toBe(b!.repo.policies[0]);
    const web = b!.model.universe.endpoints.find((e) => e.id === "alpha/web[Deployment]")!;
    const world = b!.model.universe.externalDestinations[0]!;
    expect(h!.model.side(web, "egress", world)).toBe(b!.model.side(web, "egress", world));
  });

  it("re-compiles a policy whose services changed (toServices reads the inventory)", () => {
    const services = toFile({ ns: "alpha", app: "web", egress: [{ toServices: [{ k8sService: { serviceName: "web", namespace: "alpha" } }] }], deny: false }, 0);
    const [b, h] = sides([inventory("http"), services], [inventory("metrics"), services], true);
    expect(h!.repo.policies[0]!.object).toBe(b!.repo.policies[0]!.object);
    expect(h!.repo.policies[0]).not.toBe(b!.repo.policies[0]);
  });
});
