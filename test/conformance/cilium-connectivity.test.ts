import { readdirSync, readFileSync, existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { analyzeRepository } from "../../src/core/analyze/analyze-repository.js";
import { evaluateConnection } from "../../src/core/engine/evaluate.js";
import { httpRequestAllowed } from "../../src/core/engine/l7-match.js";
import { resolvePeerRef } from "../../src/core/engine/peer-ref.js";
import { entityPeer } from "../../src/core/engine/universe.js";
import type { Peer } from "../../src/core/model/peer.js";
import type { Protocol } from "../../src/core/model/ports.js";
import { readTree, sharedPath } from "../support/shared.js";
import { nodeOf, readTopology, topologyManifests, type Topology } from "./cilium-topology.js";

/**
 * External oracle: verdicts asserted by Cilium's own connectivity tests (../shared/conformance/cilium).
 * `ok` scenarios must match row by row (verdict, enforcement point, drop reason); `needs-fqdn` and
 * `needs-l7` ones on the L3/L4 verdict, and L7 rows on the proxy's answer where we can model it.
 */
interface Row {
  from: string;
  to: string;
  port: number | null;
  protocol: "TCP" | "UDP" | "ICMP";
  verdict: "allow" | "deny";
  icmp_type?: number;
  enforced_at?: "egress" | "ingress";
  drop_reason?: "default-deny" | "policy-deny" | "unspecified";
  http?: { method: string; path: string; headers?: Record<string, string> };
  l7_verdict?: "allow" | "deny";
}

const ROOT = sharedPath("conformance", "cilium");
const topology: Topology = readTopology(`${ROOT}/topology.yaml`);
const scenarios = readdirSync(ROOT).filter((d) => existsSync(`${ROOT}/${d}/expected.yaml`)).sort();
const tally = { passed: 0, failed: 0, skipped: 0 };

/** A host-network source or node destination is `host` on the same node and `remote-node` elsewhere (HOST-1). */
function nodePeer(node: string, other: string): Peer {
  const otherNode = nodeOf(topology, other) ?? other.replace(/^(hostns|node):/, "");
  return entityPeer(node === otherNode ? "host" : "remote-node");
}

function resolve(id: string, other: string, universe: Parameters<typeof resolvePeerRef>[1]): Peer {
  if (id.startsWith("hostns:") || id.startsWith("node:")) return nodePeer(id.split(":")[1]!, other);
  if (id.startsWith("ip:")) return (resolvePeerRef(id.slice(3), universe) as { peer: Peer }).peer;
  if (id.startsWith("fqdn:")) return (resolvePeerRef(id.slice(5), universe) as { peer: Peer }).peer;
  if (id.startsWith("svc:")) {
    // Policy sees the backend pod after service translation (SVC-3).
    const svc = topology.services.find((s) => s.id === id)!;
    const pod = topology.pods.find((p) => Object.entries(svc.selector).every(([k, v]) => p.labels[k] === v))!;
    return resolve(pod.id, other, universe);
  }
  const r = resolvePeerRef(id, universe);
  if ("error" in r) throw new Error(r.error);
  return r.peer;
}

const SCENARIO_CASES = scenarios.map((name) => {
  const meta = parse(readFileSync(`${ROOT}/${name}/scenario.yaml`, "utf8")) as { status: string };
  const rows = parse(readFileSync(`${ROOT}/${name}/expected.yaml`, "utf8")) as Row[];
  return [name, meta.status, rows] as const;
});

describe("Cilium connectivity-test oracle (cilium profile)", () => {
  it.each(SCENARIO_CASES)("%s (%s)", (name, status, rows) => {
    // The oracle applies manifests without a namespace in cilium-test (README: "Applying the policies").
    const policies = readTree(`${ROOT}/${name}/policies`);
    const analysis = analyzeRepository([topologyManifests(topology), ...policies], { representatives: "never", defaultNamespace: "cilium-test" });
    const failures: string[] = [];
    for (const row of rows) {
      const from = resolve(row.from, row.to, analysis.model.universe);
      const to = resolve(row.to, row.from, analysis.model.universe);
      const protocol: Protocol = row.protocol;
      const port = row.protocol === "ICMP" ? (row.icmp_type ?? 8) : row.port!;
      const r = evaluateConnection(analysis.model, from, to, { protocol, port });
      const tag = `${row.from} -> ${row.to} ${port}/${row.protocol}`;
      if (r.verdict !== row.verdict) failures.push(`${tag}: expected ${row.verdict}, got ${r.verdict}: ${r.reasons.map((x) => x.message).join(" | ")}`);
      if (status === "ok" && row.verdict === "deny" && r.verdict === "deny") {
        const deny = r.reasons.find((x) => x.decision === "deny")!;
        if (row.enforced_at && deny.side !== row.enforced_at) failures.push(`${tag}: expected drop at ${row.enforced_at}, got ${deny.side}`);
        const reason = deny.cause === "explicit-deny" ? "policy-deny" : "default-deny";
        if (row.drop_reason && row.drop_reason !== "unspecified" && reason !== row.drop_reason) failures.push(`${tag}: expected ${row.drop_reason}, got ${reason}`);
      }
      if (row.http && row.l7_verdict && r.verdict === "allow") {
        const l7 = httpRequestAllowed(analysis.model, from, to, { protocol, port }, row.http);
        if (l7 !== row.l7_verdict) failures.push(`${tag} HTTP ${row.http.method} ${row.http.path}: expected L7 ${row.l7_verdict}, got ${l7}`);
      }
    }
    try {
      expect(failures).toEqual([]);
      tally.passed++;
    } catch (e) {
      tally.failed++;
      throw e;
    }
  });

  afterAll(() => console.log(`cilium conformance: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`));
});
