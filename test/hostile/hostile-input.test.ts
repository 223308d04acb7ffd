import { describe, expect, it } from "vitest";
import { evaluateQuery } from "../../src/core/engine/evaluate.js";
import type { Review } from "../../src/core/review/types.js";
import { markdownProblems } from "../core/report/markdown-checks.js";
import {
  BASELINE_QUERIES,
  caseNames,
  compareDiagnostics,
  contentProbes,
  loadCase,
  readExpected,
  objectName,
  runApp,
  runCli,
  runCore,
  show,
  type Case,
  type EntryPoint,
} from "./support/corpus.js";

/**
 * Hostile and broken input, one folder per case under test/cases/hostile/ (see support/corpus.ts
 * for the layout and expected.yaml). Every case must hold on every entry point: nothing crashes,
 * nothing hangs (each entry point within `maxMs`), the case's diagnostics are exactly the expected
 * ones, the rest of the repository is still analysed (BASELINE_QUERIES), and the gate is the
 * expected one — failing closed, at the file and line, when something cannot be understood.
 */
const DEFAULT_MAX_MS = 2000;

const timed = async <T>(work: () => T | Promise<T>): Promise<{ value: T; ms: number }> => {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
};

/** Where the review fails: error diagnostics and gating findings, as `file:line`. */
const failurePlaces = (review: Review): Set<string> =>
  new Set([
    ...review.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}:${d.line}`),
    ...review.findings.filter((f) => f.new && !f.waived && f.severity === "error").map((f) => `${f.file}:${f.line}`),
  ]);

const cases = caseNames();

describe("hostile input corpus", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));
});

for (const name of cases) {
  describe(name, () => {
    let loaded: Case | undefined;
    const theCase = (): Case => (loaded ??= loadCase(name));
    // expected.yaml is small; read it now to know how to register the entry points.
    const { notApplicable = {} } = readExpected(name);

    const entry = (point: EntryPoint, title: string, body: () => Promise<void>) => {
      if (notApplicable[point]) return;
      it(title, body);
    };

    entry("core", "core: exact diagnostics, the rest still analysed, gate", async () => {
      const c = theCase();
      const { value: result, ms } = await timed(() => runCore(c));
      expect(ms, "wall time of analyzeRepository + reviewChange").toBeLessThan(c.expected.maxMs ?? DEFAULT_MAX_MS);
      const { actual, expected: want } = compareDiagnostics(result.diagnostics, c.expected.diagnostics ?? []);
      expect(actual).toEqual(want);

      const objects = new Set(result.analysis.objects.map(objectName));
      for (const o of c.expected.loaded ?? []) expect(objects, `${o} is loaded`).toContain(o);
      for (const o of c.expected.notLoaded ?? []) expect(objects, `${o} is not loaded`).not.toContain(o);

      // The case's own queries replace the repository's for the same flow (e.g. when a case shadows a policy).
      const own = c.expected.queries ?? [];
      const flow = (q: { from: string; to: string; port: string }) => `${q.from} → ${q.to} ${q.port}`;
      const replaced = new Set(own.map(flow));
      const queries = [...BASELINE_QUERIES.filter((q) => !c.own.has(q.file) && !replaced.has(flow(q))), ...own];
      const verdicts = queries.map((q) => {
        const r = evaluateQuery(result.analysis.model, q.from, q.to, q.port);
        return `${flow(q)}: ${"error" in r ? r.error : r.verdict}`;
      });
      expect(verdicts).toEqual(queries.map((q) => `${flow(q)}: ${q.verdict}`));

      expect(result.review.gate, `gate; diagnostics: ${result.review.diagnostics.map(show).join(", ")}`).toBe(c.expected.gate);
      const places = failurePlaces(result.review);
      for (const at of c.expected.failsAt ?? []) expect([...places], `the review names ${at}`).toContain(at);
    });

    entry("cli", "bulkhead diff: gate as exit code, reader diagnostics", async () => {
      const c = theCase();
      const result = await runCli(c);
      // The CLI also reads the files from disk: a more generous bound than the in-memory entry points.
      expect(result.ms, "wall time of bulkhead diff").toBeLessThan(2 * (c.expected.maxMs ?? DEFAULT_MAX_MS));
      const { actual, expected: want } = compareDiagnostics(result.reader, c.expected.reader ?? []);
      expect(actual, "readManifestDirectory diagnostics").toEqual(want);
      expect({ code: result.code, gate: result.gate }, result.err).toEqual({ code: c.expected.gate === "fail" ? 1 : 0, gate: c.expected.gate });
    });

    entry("app", "app: check conclusion and annotations, a safe comment, no file content in logs", async () => {
      const c = theCase();
      const { value: result, ms } = await timed(() => runApp(c));
      expect(ms, "wall time of reviewPullRequest").toBeLessThan(c.expected.maxMs ?? DEFAULT_MAX_MS);
      expect(result.report.outcome, JSON.stringify(result.report)).not.toBe("error");
      const check = result.publisher.checks.at(-1);
      expect(check).toMatchObject({ status: "completed", conclusion: c.expected.gate === "fail" ? "failure" : "success" });
      const annotated = new Set((check?.output?.annotations ?? []).filter((a) => a.annotation_level === "failure").map((a) => `${a.path}:${a.start_line}`));
      for (const at of c.expected.failsAt ?? []) expect([...annotated], `a failure annotation at ${at}`).toContain(at);
      for (const comment of result.publisher.visible(7)) {
        const ownLinks = (comment.body.match(/\]\(https:\/\/github\.com\/acme\/gitops\/runs\/\d+\)/g) ?? []).length;
        expect(markdownProblems(comment.body, { marker: true, ownLinks })).toEqual([]);
      }
      const logged = result.logs.join("\n");
      const leaked = contentProbes(c).filter((p) => logged.includes(p) || logged.includes(JSON.stringify(p).slice(1, -1)));
      expect(leaked, "file content in logs").toEqual([]);
    });
  });
}
