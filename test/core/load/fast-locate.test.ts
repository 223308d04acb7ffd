import { describe, expect, it } from "vitest";
import { fastDocuments } from "../../../src/core/load/fast-yaml.js";
import { parseManifests } from "../../../src/core/load/index.js";
import type { ManifestObject } from "../../../src/core/model/manifest.js";
import { compareWithYaml, probePaths } from "./fast-yaml-oracle.js";

/**
 * fast-locate.ts keeps what it found while lookups stay in one document. These tests pin that it
 * answers like yaml in large documents, and when lookups jump between documents.
 */
const policy = (name: string, rules: number): string =>
  [
    "apiVersion: networking.k8s.io/v1",
    "kind: NetworkPolicy",
    `metadata: {name: ${name}, namespace: sales}`,
    "spec:",
    "  podSelector: {matchLabels: {app: web}}",
    "  ingress:",
    ...Array.from({ length: rules }, (_, i) =>
      i % 2 === 0 ? `    - from: [{podSelector: {matchLabels: {app: c${i}}}}]\n      ports: [{port: ${1000 + i}}]` : `    -\n      from:\n      - podSelector: {}\n      ports:\n        - port: ${i}`,
    ),
    "",
  ].join("\n");

const list = (items: number): string =>
  ["apiVersion: v1", "kind: List", "items:", ...Array.from({ length: items }, (_, i) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}}}`), ""].join("\n");

describe("fast-locate", () => {
  it("finds every position of a 2,000-rule policy and a 2,000-item List as yaml does", () => {
    for (const text of [policy("big", 2_000), list(2_000)]) {
      expect(fastDocuments(text, 64)).toBeDefined();
      expect(compareWithYaml(text)).toBeUndefined();
    }
  });

  it("answers alike when lookups alternate between documents and files", () => {
    const files = [
      { path: "a.yaml", text: [policy("a", 5), policy("b", 3)].join("---\n") },
      { path: "b.yaml", text: list(4) },
    ];
    const fast = parseManifests(files).objects;
    const reference = parseManifests(files, undefined, { reference: true }).objects;
    const probes = fast.map((o) => probePaths(o.body));
    const positions = (objects: ManifestObject[]) => {
      const out: string[] = [];
      // Round robin: one path of each object in turn.
      for (let step = 0; step < Math.max(...probes.map((p) => p.length)); step++)
        objects.forEach((o, k) => {
          const path = probes[k]![step];
          if (path) out.push(`${k} ${JSON.stringify(path)} ${JSON.stringify(o.at(path))}`);
        });
      return out;
    };
    expect(fast).toHaveLength(reference.length);
    expect(positions(fast)).toEqual(positions(reference));
  });
});
