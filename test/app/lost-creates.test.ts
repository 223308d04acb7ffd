/**
 * Creates whose answer is lost. GitHub can create a check run or a comment and still answer 502,
 * or answer after the client gave up; a blind retry then leaves two. The app looks for the object
 * before it creates again (src/app/idempotent-create.ts), so each case below ends with exactly one
 * run and one comment, for one lookup more than a clean review per lost answer. A clean review
 * makes no lookup at all (api-budget.test.ts). docs/reliability.md lists these cases.
 */
import nock from "nock";
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/core/report/render-comment.js";
import { BASE, CROSS_TENANT } from "./fixtures/manifests.js";
import { API, BASE_SHA, fixture, HEAD_SHA, mockPull, mockRepository, mockReviews, mockToken, pullRequest, REPO } from "./support/github-api.js";
import { CheckRuns, Comments, RequestLog, type Lost } from "./support/github-state.js";
import { createTestApp, ShortTimeoutOctokit, TEST_TIMEOUT_MS } from "./support/probot.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

/** Requests of one clean review of CROSS_TENANT (as in github-faults.test.ts). */
const CLEAN_REVIEW = 19;
const LOOKUPS = ["GET commits/{sha}/check-runs", "GET issues/{n}/comments"];

/**
 * One review of CROSS_TENANT (a failing check and a new comment) with `lost` answers. `rejected`:
 * the first check-run POST fails before GitHub creates anything, so the lookup finds only what
 * `checks` held before.
 */
async function review(lost: { run?: Lost; comment?: Lost }, options: { checks?: CheckRuns; rejected?: boolean } = {}) {
  const { probot } = await createTestApp({ Octokit: ShortTimeoutOctokit });
  const api = nock(API);
  const requests = new RequestLog(api);
  const checks = options.checks ?? new CheckRuns();
  mockToken(api);
  mockPull(api, pullRequest(), 2);
  if (options.rejected) api.post(`${REPO}/check-runs`).reply(502, { message: "Server Error" });
  checks.mock(api, { lists: lost.run || options.rejected ? 1 : 0, ...(lost.run ? { lost: lost.run } : {}) });
  mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: CROSS_TENANT });
  mockReviews(api, 7);
  const comments = new Comments().mock(api, { lists: lost.comment ? 2 : 1, creates: 1, ...(lost.comment ? { lost: lost.comment } : {}) });
  await probot.receive({ id: `d-${Math.random()}`, name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
  return { requests, checks, comments };
}

describe("a create that GitHub carried out although its answer was lost is adopted, not repeated", () => {
  const late = { times: 1, delayMs: TEST_TIMEOUT_MS * 3 };
  const cases: Array<[string, { run?: Lost; comment?: Lost }]> = [
    ["the check run's POST answered 502", { run: { times: 1 } }],
    ["the comment's POST answered 502", { comment: { times: 1 } }],
    ["both POSTs answered 502", { run: { times: 1 }, comment: { times: 1 } }],
    ["the check run's POST answered after the request timeout", { run: late }],
    ["the comment's POST answered after the request timeout", { comment: late }],
  ];

  it.each(cases)("%s: one check run, one comment, one lookup per lost answer", async (_name, lost) => {
    const { requests, checks, comments } = await review(lost);
    expect(checks.runs).toHaveLength(1);
    expect(checks.only(HEAD_SHA)).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(comments.ours).toHaveLength(1);
    expect(comments.ours[0]!.body).toContain(COMMENT_MARKER);
    expect({ runCreates: requests.count("POST check-runs"), commentCreates: requests.count("POST issues/{n}/comments") }).toEqual({ runCreates: 1, commentCreates: 1 });
    const lookups = (lost.run ? 1 : 0) + (lost.comment ? 1 : 0);
    expect(requests.total).toBe(CLEAN_REVIEW + lookups);
    expect(LOOKUPS.map((e) => requests.count(e))).toEqual([lost.run ? 1 : 0, 1 + (lost.comment ? 1 : 0)]);
  });

  it("does not adopt an earlier run of the same name on the same commit: it creates its own", async () => {
    // A Re-run of this commit left a completed run; this review's first POST fails before GitHub creates anything.
    const checks = new CheckRuns();
    checks.runs.push({ id: 42, head_sha: HEAD_SHA, external_id: "an-earlier-review", status: "completed", conclusion: "success", updates: 1 });
    const { requests, comments } = await review({}, { checks, rejected: true });
    expect(checks.on(HEAD_SHA).map((r) => [r.id, r.status, r.conclusion])).toEqual([
      [42, "completed", "success"],
      [100, "completed", "failure"],
    ]);
    expect(requests.count("POST check-runs")).toBe(2);
    expect(comments.ours).toHaveLength(1);
  });
});
