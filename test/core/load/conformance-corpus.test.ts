import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readManifestDirectory } from "../../../src/cli/read-directory.js";
import { buildInventory, parseManifests } from "../../../src/core/load/index.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";

import { sharedPath } from "../../support/shared.js";

/** The netpol-analyzer corpus lives next to the repository (shared, not copied); its absence fails the run. */
const CORPUS = sharedPath("conformance", "netpol-analyzer") + "/";

interface Case {
  name: string;
  kind: "connlist" | "diff";
  expected: string;
  manifests?: string;
  before?: string;
  after?: string;
  resources: string[];
}

const WORKLOAD_RESOURCES = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob", "VirtualMachine"];

const cases = JSON.parse(readFileSync(`${CORPUS}cases.json`, "utf8")) as Case[];
const folders = cases.flatMap((c) =>
  [c.manifests, c.before, c.after].filter((f): f is string => f !== undefined).map((folder) => ({ name: c.name, folder, resources: c.resources })),
);

/** Workload peers (`ns/name[Kind]`) printed in a connlist case's expected output. */
const expectedPeers = (c: Case): string[] => {
  const text = readFileSync(`${CORPUS}${c.expected}`, "utf8").split("Workload-to-Networks Mapping:")[0]!;
  return [...new Set([...text.matchAll(/([a-z0-9.-]+)\/([\w.-]+)\[(\w+)\]/g)].map((m) => m[0]))].sort();
};

const errors = (ds: readonly Diagnostic[]) => ds.filter((d) => d.severity === "error");

/**
 * Errors the corpus really contains. `containerport` (lower-case p) is accepted by netpol-analyzer,
 * whose Go JSON decoding matches field names case-insensitively, but the API server decodes
 * case-sensitively and rejects the Deployment (containerPort is required). The port is unnamed in
 * the policy's eyes either way, so the expected output does not depend on it.
 */
const KNOWN_ERRORS: Record<string, Array<Partial<Diagnostic>>> = {
  "netpol_named_port_test/manifests": [{ code: "INVALID_FIELD", file: "pods.yaml", line: 32, col: 26, object: "Deployment helloworld/pod-a" }],
  "netpol_named_port_test_2/manifests": [{ code: "INVALID_FIELD", file: "pods.yaml", line: 32, col: 26, object: "Deployment helloworld/pod-a" }],
};

describe("netpol-analyzer corpus loads cleanly", () => {
  it("has the 47 documented cases", () => {
    expect(cases).toHaveLength(47);
  });

  it.each(folders)("$folder", async ({ folder, resources }) => {
    const read = await readManifestDirectory(`${CORPUS}${folder}`);
    expect(read.files.length).toBeGreaterThan(0);
    const parsed = parseManifests(read.files);
    const diagnostics: Diagnostic[] = [...read.diagnostics, ...parsed.diagnostics];
    const inventory = buildInventory(parsed.objects, (d) => diagnostics.push(d));
    const expected = (KNOWN_ERRORS[folder] ?? []).map((e) => expect.objectContaining(e) as unknown);
    expect(errors(diagnostics)).toEqual(expected);
    // `resources` lists top-level kinds and item kinds of typed lists; `List` items are not in it.
    const hasWorkloads = resources.some((r) => WORKLOAD_RESOURCES.includes(r)) || resources.includes("List");
    if (hasWorkloads) expect(inventory.workloads.length).toBeGreaterThan(0);
    for (const w of inventory.workloads) expect(inventory.namespaces.has(w.namespace)).toBe(true);
  });

  it.each(cases.filter((c) => c.kind === "connlist"))("names every workload of $name as netpol-analyzer does", async (c) => {
    const read = await readManifestDirectory(`${CORPUS}${c.manifests!}`);
    const inventory = buildInventory(parseManifests(read.files).objects, () => {});
    const names = new Set(inventory.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`));
    const missing = expectedPeers(c).filter((p) => !names.has(p));
    expect(missing).toEqual([]);
  });
});
