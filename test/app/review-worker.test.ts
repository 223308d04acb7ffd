/**
 * The review worker thread for real (src/app/review-worker.ts, run from the TypeScript sources by
 * support/review-worker.ts): it returns what the in-process review returns, keeps the event loop
 * free, and a review past its deadline or its memory, or a worker that cannot start, fails that
 * review only — the worker is replaced and the reviews behind it run. Through Probot, such a
 * review ends as a failed check that says which limit it hit. docs/reliability.md lists these cases.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { ReviewAbortedError } from "../../src/app/errors.js";
import { createInProcessReviewer, type ReviewRequest } from "../../src/app/reviewer.js";
import { WorkerReviewer, type WorkerReviewerOptions } from "../../src/app/worker-reviewer.js";
import type { SourceFile } from "../../src/core/model/position.js";
import { BASE, CONFIG, CROSS_TENANT } from "./fixtures/manifests.js";
import { API, BASE_SHA, fixture, HEAD_SHA, mockPull, mockRepository, mockReviews, mockToken, pullRequest } from "./support/github-api.js";
import { CheckRuns } from "./support/github-state.js";
import { createTestApp, NOW } from "./support/probot.js";
import { SOURCE_WORKER } from "./support/review-worker.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

const reviewers: WorkerReviewer[] = [];
const worker = (options: WorkerReviewerOptions = {}) => {
  const reviewer = new WorkerReviewer({ ...SOURCE_WORKER, ...options });
  reviewers.push(reviewer);
  return reviewer;
};
afterEach(async () => {
  await Promise.all(reviewers.splice(0).map((r) => r.close()));
});

const manifests = (files: Record<string, string>): SourceFile[] => Object.entries(files).filter(([path]) => path.endsWith(".yaml") && !path.startsWith(".github/")).map(([path, text]) => ({ path, text }));
/** The fixture PR: a cross-tenant flow, which fails the gate. */
const SMALL: ReviewRequest = { base: manifests(BASE), head: manifests(CROSS_TENANT), config: { path: ".github/bulkhead.yml", text: CONFIG }, now: NOW };
/**
 * `n` pods in `n` namespaces without default deny: every pod reaches every other (docs/security.md
 * B7). 400 take seconds and hundreds of MiB before the pair budget stops the analysis.
 */
const pods = (n: number): SourceFile => ({
  path: "pods.yaml",
  text: Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns${i}, labels: {app: p}}\nspec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}\n`).join("---\n"),
});
const HUGE: ReviewRequest = { base: [], head: [pods(400)], now: NOW };

/** Limits far below what HUGE needs (about 4 s and 400 MiB), well above what SMALL needs (under 0.1 s, cold), and what the check run then says. */
const LIMITS: Array<[string, WorkerReviewerOptions, "timeout" | "memory", RegExp, string]> = [
  ["its deadline", { timeoutMs: 1000 }, "timeout", /did not finish within 1 s and was stopped.*BULKHEAD_REVIEW_TIMEOUT_SECONDS/, "review_timeout"],
  ["its memory", { memoryMb: 64 }, "memory", /needed more than 64 MiB of memory and was stopped.*BULKHEAD_REVIEW_MEMORY_MB/, "review_memory"],
];

describe("WorkerReviewer with the real worker thread", () => {
  it("returns exactly the review the in-process reviewer returns, again and again from the same worker", async () => {
    const reviewer = worker();
    const expected = await createInProcessReviewer().review(SMALL);
    expect(expected.gate).toBe("fail");
    expect(await reviewer.review(SMALL)).toStrictEqual(expected);
    expect(await reviewer.review(SMALL)).toStrictEqual(expected);
  });

  it.each(LIMITS)("a review past %s is stopped without blocking the event loop; the worker is replaced and the review queued behind it runs", async (_limit, options, kind) => {
    const reviewer = worker(options);
    await reviewer.review(SMALL); // the worker is up: what follows measures the review, not the start
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const huge = reviewer.review(HUGE);
    const behind = reviewer.review(SMALL);
    const error = await huge.then(
      () => undefined,
      (e: unknown) => e,
    );
    delay.disable();
    expect(error).toBeInstanceOf(ReviewAbortedError);
    expect((error as ReviewAbortedError).limit.kind).toBe(kind);
    expect((await behind).gate).toBe("fail");
    // The main thread only waited: no stall anywhere near the review's own duration.
    expect(delay.max / 1e6).toBeLessThan(250);
  });

  it("a worker that cannot start fails each review that starts it, once, without restarting in a loop", async () => {
    const reviewer = worker({ entry: new URL("./no-such-review-worker.js", import.meta.url), execArgv: [] });
    const results = await Promise.allSettled([reviewer.review(SMALL), reviewer.review(SMALL)]);
    expect(results.map((r) => (r.status === "rejected" && r.reason instanceof ReviewAbortedError ? r.reason.limit.kind : r.status))).toEqual(["crash", "crash"]);
  });

  it("rejects reviews once closed", async () => {
    const reviewer = worker();
    await reviewer.close();
    await expect(reviewer.review(SMALL)).rejects.toThrow(/closed/);
  });
});

describe("a webhook whose review hits a limit of the worker", () => {
  it.each(LIMITS)("past %s: the check run fails closed and says which limit, and why", async (_limit, options, _kind, explanation, reason) => {
    const { probot, metrics } = await createTestApp({ reviewer: worker(options) });
    const api = nock(API);
    const checks = new CheckRuns().mock(api);
    mockToken(api);
    mockPull(api, pullRequest(), 1);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: { ...BASE, "pods.yaml": pods(400).text } });
    mockReviews(api, 7);
    await probot.receive({ id: `d-${reason}`, name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    const run = checks.only(HEAD_SHA);
    expect(run).toMatchObject({ conclusion: "failure", output: { title: "Bulkhead could not complete the review" } });
    expect(run.output!.summary).toMatch(explanation);
    expect(run.output!.summary).toContain("fails closed");
    expect(metrics.failures.get({ reason })).toBe(1);
  });
});
