import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { compileRepository, buildAccessModel } from "../../src/core/analyze/analyze-repository.js";
import { computeAccess } from "../../src/core/engine/access.js";
import { upstreamProfile } from "../../src/core/model/profile.js";
import { readTree, sharedPath } from "../support/shared.js";
import { renderNetpolDiff } from "./netpol-diff.js";
import { exposureModel, renderExposure } from "./netpol-exposure.js";
import { netpolLines, renderConnlist, netpolNames } from "./netpol-format.js";
import { SKIPPED_CASES, SKIPPED_LINES } from "./netpol-skips.js";

/**
 * External oracle: np-guard/netpol-analyzer's golden outputs (../shared/conformance/netpol-analyzer),
 * run through our engine with the upstream Kubernetes profile and compared line by line.
 */
interface Case {
  name: string;
  kind: "connlist" | "diff";
  expected: string;
  manifests?: string;
  before?: string;
  after?: string;
  analyzer_flags: Record<string, unknown>;
}

const ROOT = sharedPath("conformance", "netpol-analyzer");
const cases: Case[] = JSON.parse(readFileSync(`${ROOT}/cases.json`, "utf8"));
const tally = { passed: 0, failed: 0, skipped: 0 };

const expectedLines = (c: Case): string[] =>
  readFileSync(`${ROOT}/${c.expected}`, "utf8")
    .replace(/\r/g, "")
    .split("\n")
    .filter((l, i, all) => l !== "" || (i > 0 && i < all.length - 1 && all.slice(i).some((x) => x !== "")))
    .filter((l) => !SKIPPED_LINES.some((s) => s.pattern.test(l)));

function connlist(c: Case): string[] {
  const repo = compileRepository(readTree(`${ROOT}/${c.manifests}`), upstreamProfile);
  const exposure = c.analyzer_flags["--exposure"] === true;
  const model = exposure ? exposureModel(repo) : buildAccessModel(repo, { representatives: "never" });
  let lines = renderConnlist(netpolLines(computeAccess(model)));
  const focus = c.analyzer_flags["--focusworkload"];
  if (typeof focus === "string") lines = lines.filter((l) => l.split(" => ").some((p) => p.split(" : ")[0]!.replace(/\[.*$/, "").split("/").pop() === focus));
  return exposure ? [...lines, ...(lines.length ? [""] : []), ...renderExposure(model)] : lines;
}

function diff(c: Case): string[] {
  const sides = [c.before!, c.after!].map((d) => compileRepository(readTree(`${ROOT}/${d}`), upstreamProfile));
  const cut = (dir: "ingress" | "egress") => sides.flatMap((r) => r.policies.flatMap((p) => p.compiled?.rules ?? []).filter((x) => x.direction === dir && x.peer.kind === "cidr").flatMap((x) => (x.peer.kind === "cidr" ? x.peer.blocks.flatMap((b) => [b.cidr, ...b.except]) : [])));
  const cuts = { ingress: cut("ingress"), egress: cut("egress") };
  const [m1, m2] = sides.map((r) => buildAccessModel(r, { representatives: "never", cuts }));
  const workloads = (m: typeof m1) => new Set(m!.universe.endpoints.flatMap(netpolNames));
  return renderNetpolDiff(netpolLines(computeAccess(m1!)), netpolLines(computeAccess(m2!)), workloads(m1), workloads(m2));
}

describe("netpol-analyzer conformance (upstream profile)", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (name, c) => {
    if (SKIPPED_CASES[name]) {
      tally.skipped++;
      return;
    }
    const actual = c.kind === "diff" ? diff(c) : connlist(c);
    let expected = expectedLines(c);
    if (c.analyzer_flags["--multiple-networks"] === true) {
      const cut = expected.findIndex((l) => l.startsWith("Workload-to-Networks Mapping:"));
      if (cut >= 0) expected = expected.slice(0, cut).filter((l, i, a) => !(l === "" && i === a.length - 1));
    }
    try {
      expect(actual).toEqual(expected);
      tally.passed++;
    } catch (e) {
      tally.failed++;
      throw e;
    }
  });

  afterAll(() => {
    const reasons = Object.entries(SKIPPED_CASES).map(([k, v]) => `  skipped ${k}: ${v}`);
    console.log([`conformance: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`, ...reasons].join("\n"));
  });
});
