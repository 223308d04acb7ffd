import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { analyzeRepository } from "../../src/core/analyze/analyze-repository.js";
import { evaluateQuery } from "../../src/core/engine/evaluate.js";
import { ciliumProfile, upstreamProfile } from "../../src/core/model/profile.js";
import { readTree } from "../support/shared.js";

/**
 * Fixture cases, one folder each under test/cases/semantics/: manifests plus `expected.yaml` with the
 * verdicts (and diagnostics) that make a semantic rule visible. Discovered by this one runner.
 */
interface Expected {
  spec: string;
  description: string;
  profile?: "cilium" | "upstream";
  queries: Array<{ from: string; to: string; port: string; verdict: "allow" | "deny"; side?: "egress" | "ingress"; cause?: string; l7?: string[] }>;
  diagnostics?: Array<{ code: string; file?: string; line?: number; severity?: string }>;
}

const ROOT = fileURLToPath(new URL("../cases/semantics/", import.meta.url));
const cases = readdirSync(ROOT).sort();

describe("semantics fixture cases", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));

  it.each(cases)("%s", (name) => {
    const dir = `${ROOT}${name}`;
    const expected = parse(readFileSync(`${dir}/expected.yaml`, "utf8")) as Expected;
    const files = readTree(dir).filter((f) => f.path !== "expected.yaml");
    const profile = expected.profile === "upstream" ? upstreamProfile : ciliumProfile;
    const analysis = analyzeRepository(files, { profile, entities: ["host", "remote-node", "kube-apiserver"] });
    const got = expected.queries.map((q) => {
      const r = evaluateQuery(analysis.model, q.from, q.to, q.port);
      if ("error" in r) return { ...q, error: r.error };
      // The deciding reason: the deny if there is one, else the reason of the side the case asks about.
      const deciding = r.reasons.find((x) => x.decision === "deny") ?? r.reasons.find((x) => x.side === (q.side ?? "ingress"));
      return {
        ...q,
        verdict: r.verdict,
        ...(q.side ? { side: deciding?.side } : {}),
        ...(q.cause ? { cause: deciding?.cause } : {}),
        ...(q.l7 ? { l7: r.l7 ?? [] } : {}),
      };
    });
    expect(got).toEqual(expected.queries);
    for (const d of expected.diagnostics ?? []) {
      const match = analysis.diagnostics.find((x) => x.code === d.code && (d.file === undefined || x.file === d.file) && (d.line === undefined || x.line === d.line) && (d.severity === undefined || x.severity === d.severity));
      expect(match, `diagnostic ${JSON.stringify(d)} in ${JSON.stringify(analysis.diagnostics)}`).toBeDefined();
    }
  });
});
