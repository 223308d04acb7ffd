/**
 * GitHub faults, end to end through Probot with the production client policy (src/app/octokit.ts:
 * bounded retries, per-request timeout), time shrunk a thousandfold. Every test ends by asserting
 * the state a PR author sees — exactly one completed `bulkhead` run on the head, at most one
 * comment, a reason when the review failed — and how many requests it took: nothing retries
 * without bound. docs/reliability.md lists these cases.
 */
import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import type { Metrics } from "../../src/app/metrics.js";
import { gitBlobSha } from "../fakes/in-memory-file-source.js";
import { BASE, CROSS_TENANT } from "./fixtures/manifests.js";
import { API, BASE_SHA, fixture, HEAD_SHA, mockBlobs, mockComments, mockPull, mockRepository, mockReviews, mockToken, mockTree, pullRequest, REPO } from "./support/github-api.js";
import { CheckRuns, RequestLog } from "./support/github-state.js";
import { ATTEMPTS, createTestApp, ProductionPolicyOctokit, ShortTimeoutOctokit, TEST_TIMEOUT_MS } from "./support/probot.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

let probot: Probot;
let metrics: Metrics;
beforeEach(async () => {
  ({ probot, metrics } = await createTestApp({ Octokit: ProductionPolicyOctokit }));
});

const receive = (payload = "pull_request.opened.json", id = `delivery-${Math.random()}`) => probot.receive({ id, name: "pull_request", payload: fixture(payload) } as never);

const SERVER_ERROR = { message: "Server Error" };
const SECONDARY_LIMIT = {
  message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0A1B:2C3D:4E5F:6071:8293.",
  documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
};
const SECONDARY_HEADERS = { "retry-after": "60", "x-ratelimit-remaining": "4990", "x-ratelimit-resource": "core" };
/** A manifest only the head has: read once, by the head. */
const HEAD_ONLY_BLOB = gitBlobSha(CROSS_TENANT["clusters/prod/marketing/to-sales.yaml"]!);

const TREE = `GET git/trees/{sha}?recursive=1`;
const RUN_LOOKUP = "GET commits/{sha}/check-runs";
/** Requests of one clean review of CROSS_TENANT: the baseline every fault adds to. */
const CLEAN_REVIEW = 19;

/** Probot caches the installation token: only an app's first event exchanges one. */
function setup(token = true) {
  const api = nock(API);
  const requests = new RequestLog(api);
  const checks = new CheckRuns();
  const comments: string[] = [];
  if (token) mockToken(api);
  return { api, requests, checks, comments };
}

/**
 * Everything a clean review of CROSS_TENANT asks, answered normally. Faults registered before it
 * are met first. `lookups`: a failed create looks for what it may have created before it retries.
 */
function mockCleanReview({ api, checks, comments }: ReturnType<typeof setup>, lookups: { runs?: number; comments?: number } = {}): void {
  mockPull(api, pullRequest(), 2);
  checks.mock(api, { lists: lookups.runs ?? 0 });
  mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: CROSS_TENANT });
  mockReviews(api, 7);
  mockComments(api, 7, []);
  for (let i = 0; i < (lookups.comments ?? 0); i++) mockComments(api, 7, []);
  api.post(`${REPO}/issues/7/comments`, (b: { body: string }) => (comments.push(b.body), true)).reply(201, { id: 1 });
}

/** Trees and blobs of both sides, with the head-only blob failing `times` times with `reply`. */
function mockReadsWithFailingBlob(api: nock.Scope, times: number, reply: [number, object, Record<string, string>?]): void {
  mockTree(api, BASE_SHA, BASE);
  mockTree(api, HEAD_SHA, CROSS_TENANT);
  const seen = new Set([HEAD_ONLY_BLOB]);
  mockBlobs(api, [BASE[".github/bulkhead.yml"]!], seen);
  api.get(`${REPO}/git/blobs/${HEAD_ONLY_BLOB}`).times(times).reply(...reply);
  mockBlobs(api, [...Object.values(BASE), ...Object.values(CROSS_TENANT)].filter((t, i, all) => all.indexOf(t) === i && t !== BASE["README.md"] && t !== BASE[".github/bulkhead.yml"]), seen);
}

const verdictOf = (checks: CheckRuns) => checks.only(HEAD_SHA);

/** The other manifest only the head has. */
const OTHER_HEAD_ONLY_BLOB = gitBlobSha(CROSS_TENANT["clusters/prod/sales/from-marketing.yaml"]!);

describe("a transient fault is retried and the review completes as if nothing happened", () => {
  /** One fault on each endpoint a review uses; each fails the first attempt of its request only. */
  const faults: Array<[string, string, (api: nock.Scope) => void]> = [
    ["502 on the head's tree", TREE, (api) => api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(502, SERVER_ERROR)],
    ["a timeout on the base's tree", TREE, (api) => api.get(`${REPO}/git/trees/${BASE_SHA}`).query({ recursive: "1" }).delay(TEST_TIMEOUT_MS * 5).reply(200, {})],
    ["500 on a blob", "GET git/blobs/{sha}", (api) => api.get(`${REPO}/git/blobs/${HEAD_ONLY_BLOB}`).reply(500, SERVER_ERROR)],
    ["a secondary rate limit on a blob (retry-after: 60)", "GET git/blobs/{sha}", (api) => api.get(`${REPO}/git/blobs/${OTHER_HEAD_ONLY_BLOB}`).reply(403, SECONDARY_LIMIT, SECONDARY_HEADERS)],
    ["502 creating the check run", "POST check-runs", (api) => api.post(`${REPO}/check-runs`).reply(502, SERVER_ERROR)],
    ["502 completing the check run", "PATCH check-runs/{n}", (api) => api.patch(`${REPO}/check-runs/99`).reply(502, SERVER_ERROR)],
    ["502 listing the comments", "GET issues/{n}/comments", (api) => api.get(`${REPO}/issues/7/comments`).query({ per_page: "100" }).reply(502, SERVER_ERROR)],
    ["502 posting the comment", "POST issues/{n}/comments", (api) => api.post(`${REPO}/issues/7/comments`).reply(502, SERVER_ERROR)],
  ];
  const CLEAN = { [TREE]: 2, "GET git/blobs/{sha}": 9, "POST check-runs": 1, "PATCH check-runs/{n}": 1, "GET issues/{n}/comments": 1, "POST issues/{n}/comments": 1, [RUN_LOOKUP]: 0 };
  /** A failed create looks for the object before it creates again (lost-creates.test.ts): one lookup each. */
  const LOOKUP_AFTER: Record<string, string> = { "POST check-runs": RUN_LOOKUP, "POST issues/{n}/comments": "GET issues/{n}/comments" };

  it("one fault on each endpoint (trees: 502, timeout; blobs: 500, secondary limit; check run: create, complete; comments: list, post) costs one request each, and a failed create one lookup", async () => {
    ({ probot, metrics } = await createTestApp({ Octokit: ShortTimeoutOctokit }));
    const github = setup();
    for (const [, , inject] of faults) inject(github.api);
    mockCleanReview(github, { runs: 1, comments: 1 });
    await receive();
    expect(verdictOf(github.checks)).toMatchObject({ conclusion: "failure", output: { title: expect.stringMatching(/violation/i) } });
    expect(github.checks.runs).toHaveLength(1);
    expect(github.comments).toHaveLength(1);
    for (const endpoint of Object.keys(CLEAN)) {
      const faultsThere = faults.filter(([, e]) => e === endpoint || LOOKUP_AFTER[e] === endpoint).length;
      expect({ endpoint, requests: github.requests.count(endpoint) }).toEqual({ endpoint, requests: CLEAN[endpoint as keyof typeof CLEAN] + faultsThere });
    }
    expect(github.requests.total).toBe(CLEAN_REVIEW + faults.length + Object.keys(LOOKUP_AFTER).length);
  });
});

describe("a fault that persists ends the review with a failed check that says why, after a bounded number of attempts", () => {
  it("5xx on the head's tree: 3 attempts, then failure naming the request; nothing else is read", async () => {
    const { api, requests, checks } = setup();
    mockPull(api, pullRequest(), 1);
    checks.mock(api);
    mockTree(api, BASE_SHA, BASE);
    api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).times(ATTEMPTS.error).reply(502, SERVER_ERROR);
    await receive();
    const run = verdictOf(checks);
    expect(run).toMatchObject({ conclusion: "failure", output: { title: "Bulkhead could not complete the review" } });
    expect(run.output!.summary).toContain(`GitHub's API failed (HTTP 502 on GET ${REPO}/git/trees/${HEAD_SHA})`);
    expect(run.output!.summary).toContain("Re-run");
    expect(requests.snapshot()).toEqual({ "GET pulls/{n}": 1, [TREE]: 1 + ATTEMPTS.error, "PATCH check-runs/{n}": 1, "POST app/installations/{n}/access_tokens": 1, "POST check-runs": 1 });
    expect(metrics.failures.get({ reason: "github_unavailable" })).toBe(1);
  });

  it("5xx on a blob: its 3 attempts, no further blob started, failure naming the blob", async () => {
    const { api, requests, checks } = setup();
    mockPull(api, pullRequest(), 1);
    checks.mock(api);
    mockReadsWithFailingBlob(api, ATTEMPTS.error, [500, SERVER_ERROR]);
    await receive();
    expect(verdictOf(checks).output!.summary).toContain(`HTTP 500 on GET ${REPO}/git/blobs/${HEAD_ONLY_BLOB}`);
    expect(requests.count("GET git/blobs/{sha}")).toBe(8 + ATTEMPTS.error);
  });

  it("a secondary rate limit on every attempt: retried after retry-after twice, then failure with the wait", async () => {
    const { api, requests, checks } = setup();
    mockPull(api, pullRequest(), 1);
    checks.mock(api);
    mockReadsWithFailingBlob(api, ATTEMPTS.secondaryRateLimit, [403, SECONDARY_LIMIT, SECONDARY_HEADERS]);
    const started = Date.now();
    await receive();
    expect(Date.now() - started).toBeLessThan(1000);
    const run = verdictOf(checks);
    expect(run.output!.summary).toMatch(/GitHub's secondary rate limit .* was reached \(HTTP 403 on GET \/repos\/acme\/gitops\/git\/blobs\/[0-9a-f]{40}\); it resets in 60 s\. Use \*\*Re-run\*\*/);
    expect(requests.total).toBe(1 + 1 + 1 + 2 + 8 + ATTEMPTS.secondaryRateLimit + 1);
    expect(metrics.failures.get({ reason: "rate_limited" })).toBe(1);
  });

  it("a timeout on every attempt: 3 attempts, then failure saying GitHub did not answer", async () => {
    ({ probot, metrics } = await createTestApp({ Octokit: ShortTimeoutOctokit }));
    const { api, requests, checks } = setup();
    mockPull(api, pullRequest(), 1);
    checks.mock(api);
    mockTree(api, BASE_SHA, BASE);
    api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).times(ATTEMPTS.error).delay(TEST_TIMEOUT_MS * 5).reply(200, {});
    await receive();
    expect(verdictOf(checks).output!.summary).toContain(`GitHub did not answer GET ${REPO}/git/trees/${HEAD_SHA} within ${TEST_TIMEOUT_MS / 1000} s`);
    expect(requests.count(TREE)).toBe(1 + ATTEMPTS.error);
    expect(metrics.failures.get({ reason: "github_timeout" })).toBe(1);
  });

  it("5xx reading the PR: the failed run goes on the head the event named", async () => {
    const { api, requests, checks } = setup();
    api.get(`${REPO}/pulls/7`).times(ATTEMPTS.error).reply(502, SERVER_ERROR);
    checks.mock(api);
    await receive();
    expect(verdictOf(checks).output!.summary).toContain(`HTTP 502 on GET ${REPO}/pulls/7`);
    expect(requests.total).toBe(1 + ATTEMPTS.error + 2);
  });

  it("5xx completing the check run: the verdict is lost, the run is completed as failed with that reason", async () => {
    const github = setup();
    github.api.patch(`${REPO}/check-runs/99`).times(ATTEMPTS.error).reply(502, SERVER_ERROR);
    mockPull(github.api, pullRequest(), 2);
    github.checks.mock(github.api);
    mockRepository(github.api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: CROSS_TENANT });
    mockReviews(github.api, 7);
    await receive();
    expect(verdictOf(github.checks).output!.summary).toContain(`HTTP 502 on PATCH ${REPO}/check-runs/99`);
    expect(github.requests.count("PATCH check-runs/{n}")).toBe(ATTEMPTS.error + 1);
  });

  it("5xx on the comments: the verdict stands and the check run says the comment is missing", async () => {
    const github = setup();
    mockPull(github.api, pullRequest(), 2);
    github.checks.mock(github.api, { updates: 2 });
    mockRepository(github.api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: CROSS_TENANT });
    mockReviews(github.api, 7);
    github.api.get(`${REPO}/issues/7/comments`).query({ per_page: "100" }).times(ATTEMPTS.error).reply(502, SERVER_ERROR);
    await receive();
    const run = verdictOf(github.checks);
    expect(run.conclusion).toBe("failure");
    expect(run.output!.summary).toMatch(/^> ⚠️ The pull request comment could not be updated .*HTTP 502 on GET \/repos\/acme\/gitops\/issues\/7\/comments/);
    expect(github.requests.count("GET issues/{n}/comments")).toBe(ATTEMPTS.error);
    expect(metrics.failures.get({ reason: "comment" })).toBe(1);
  });

  it("5xx creating the check run: after each attempt a lookup finds no run, the delivery fails and its redelivery reviews", async () => {
    const first = setup();
    mockPull(first.api, pullRequest(), 1);
    first.api.post(`${REPO}/check-runs`).times(ATTEMPTS.error).reply(502, SERVER_ERROR);
    first.checks.mock(first.api, { creates: 0, updates: 0, lists: ATTEMPTS.error });
    await expect(receive("pull_request.opened.json", "d-create")).rejects.toThrow(/Server Error/);
    // Nothing heavy was started before the run existed.
    expect(first.requests.snapshot()).toEqual({ "GET pulls/{n}": 1, "POST app/installations/{n}/access_tokens": 1, "POST check-runs": ATTEMPTS.error, [RUN_LOOKUP]: ATTEMPTS.error });
    expect(metrics.deliveries.get({ event: "pull_request", handling: "failed" })).toBe(1);
    const second = setup(false);
    mockCleanReview(second);
    await receive("pull_request.opened.json", "d-create");
    expect(verdictOf(second.checks).conclusion).toBe("failure");
    expect(second.comments).toHaveLength(1);
  });
});

describe("404 on a fork's head", () => {
  it("fails with a reason naming both repositories when the fork (or its branch) is gone", async () => {
    const { api, requests, checks } = setup();
    mockPull(api, pullRequest({ number: 9, fork: true }), 1);
    checks.mock(api);
    mockTree(api, BASE_SHA, BASE);
    api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(404, { message: "Not Found" });
    api.get(`/repos/mallory/gitops/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(404, { message: "Not Found" });
    await receive("pull_request.opened.fork.json");
    const run = verdictOf(checks);
    expect(run.output!.summary).toMatch(/GitHub has the tree of commit ccccccc neither in acme\/gitops nor in the fork mallory\/gitops \(HTTP 404\): the fork or its branch was probably deleted/);
    expect(requests.total).toBe(7);
    expect(metrics.failures.get({ reason: "not_found" })).toBe(1);
  });

  it("fails with a reason when the fork was deleted (head.repo is null) and the base repository lacks the commit", async () => {
    const { api, checks } = setup();
    const pr = pullRequest({ number: 9, fork: true });
    // GitHub's answer once the fork is deleted: the head keeps its SHA, its repo becomes null.
    mockPull(api, { ...pr, head: Object.assign({ ...pr.head }, { repo: null }) }, 1);
    checks.mock(api);
    mockTree(api, BASE_SHA, BASE);
    api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(404, { message: "Not Found" });
    await receive("pull_request.opened.fork.json");
    expect(verdictOf(checks).output!.summary).toMatch(/GitHub answered 404 for GET \/repos\/acme\/gitops\/git\/trees\/c{40}: .*fork deleted/);
  });
});
