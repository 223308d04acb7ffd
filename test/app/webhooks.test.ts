import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import type { Metrics } from "../../src/app/metrics.js";
import { COMMENT_MARKER } from "../../src/core/report/render-comment.js";
import { gitBlobSha } from "../fakes/in-memory-file-source.js";
import { APPROVED_EGRESS, BASE, CONFIG_LOOSENED, CROSS_TENANT, DOCS_ONLY } from "./fixtures/manifests.js";
import { manyTenants } from "./fixtures/many-tenants.js";
import { API, BASE_SHA, comment, fixture, HEAD_SHA, INSTALLATION_TOKEN, mockBlobs, mockCheckCreate, mockCheckUpdate, mockComments, mockPull, mockRepository, mockReviews, mockToken, mockTree, pullRequest, REPO, type CheckUpdate } from "./support/github-api.js";
import { createTestApp } from "./support/probot.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

let probot: Probot;
let metrics: Metrics;
let logs: string[];
beforeEach(async () => {
  ({ probot, metrics, logs } = await createTestApp());
});

type Payload = Record<string, unknown>;
const receive = (name: string, payloadFile: string | Payload, id = `delivery-${Math.random()}`) =>
  probot.receive({ id, name, payload: typeof payloadFile === "string" ? fixture(payloadFile) : payloadFile } as never);

/** The full path of one PR review; returns what was sent to the check run and as comments. */
function expectReview(options: { head: Record<string, string>; headSha?: string; number?: number; comments?: unknown[]; reviews?: unknown[]; token?: boolean }) {
  const api = nock(API);
  const headSha = options.headSha ?? HEAD_SHA;
  const number = options.number ?? 7;
  if (options.token !== false) mockToken(api);
  mockPull(api, pullRequest({ head: headSha, number }), 2);
  mockCheckCreate(api, headSha);
  if (mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: headSha, files: options.head })) mockReviews(api, number, options.reviews ?? []);
  const updates: CheckUpdate[] = [];
  mockCheckUpdate(api, updates);
  mockComments(api, number, options.comments ?? []);
  return { api, updates };
}

const posted = (api: nock.Scope, into: string[], number = 7) =>
  api.post(`${REPO}/issues/${number}/comments`, (b: { body: string }) => (into.push(b.body), true)).reply(201, { id: 1 });

describe("pull_request", () => {
  it("fails the check and comments when a PR opens a cross-tenant flow", async () => {
    const { api, updates } = expectReview({ head: CROSS_TENANT });
    const bodies: string[] = [];
    posted(api, bodies);
    await receive("pull_request", "pull_request.opened.json", "d-violation");
    const last = updates.at(-1)!;
    expect(last).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(last.output!.annotations.length).toBeGreaterThan(0);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain(COMMENT_MARKER);
    expect(bodies[0]).toContain(HEAD_SHA.slice(0, 7));
    expect(metrics.evaluations.get({ outcome: "fail" })).toBe(1);
  });

  it("passes a clean PR", async () => {
    const { api, updates } = expectReview({ head: APPROVED_EGRESS });
    posted(api, []);
    await receive("pull_request", "pull_request.opened.json");
    expect(updates.at(-1)).toMatchObject({ status: "completed", conclusion: "success" });
  });

  it("passes a PR without policy changes, reads no manifest and posts no comment", async () => {
    const { updates } = expectReview({ head: DOCS_ONLY });
    await receive("pull_request", "pull_request.opened.json");
    expect(updates).toMatchObject([{ status: "completed", conclusion: "success", output: { title: "No network-policy changes" } }]);
  });

  it("updates the same comment on synchronize, found on page 2", async () => {
    const newHead = "d".repeat(40);
    const page2 = `${API}/repositories/4242/issues/7/comments?per_page=100&page=2`;
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest({ head: newHead }), 2);
    mockCheckCreate(api, newHead);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: newHead, files: CROSS_TENANT });
    mockReviews(api, 7);
    mockCheckUpdate(api, []);
    mockComments(api, 7, [comment(1, "LGTM", "person")], `<${page2}>; rel="next", <${page2}>; rel="last"`);
    const edits: string[] = [];
    api
      .get("/repositories/4242/issues/7/comments")
      .query({ per_page: "100", page: "2" })
      .reply(200, [comment(41, `${COMMENT_MARKER}\nprevious report`)])
      .patch(`${REPO}/issues/comments/41`, (b: { body: string }) => (edits.push(b.body), true))
      .reply(200, {});
    await receive("pull_request", "pull_request.synchronize.json");
    expect(edits).toHaveLength(1);
    expect(edits[0]).toContain(newHead.slice(0, 7));
  });

  it("does nothing for a redelivered webhook (same delivery id)", async () => {
    expectReview({ head: DOCS_ONLY });
    await receive("pull_request", "pull_request.opened.json", "same-delivery");
    await receive("pull_request", "pull_request.opened.json", "same-delivery");
    expect(metrics.deliveries.get({ event: "pull_request", handling: "duplicate" })).toBe(1);
  });

  it("reviews again when the base branch changes, but not when only the title does", async () => {
    expectReview({ head: DOCS_ONLY });
    await receive("pull_request", "pull_request.edited.base.json");
    await receive("pull_request", "pull_request.edited.title.json");
    expect(metrics.deliveries.get({ event: "pull_request", handling: "ignored" })).toBe(1);
  });

  it("judges a PR that loosens the config by the base config, and never reads the head's", async () => {
    const { api, updates } = expectReview({ head: CONFIG_LOOSENED });
    const bodies: string[] = [];
    posted(api, bodies);
    await receive("pull_request", "pull_request.opened.json");
    expect(updates.at(-1)).toMatchObject({ conclusion: "failure" });
    expect(bodies[0]).toContain("The edit applies after merge");
  });

  it("reviews a fork PR, reading the head through the fork when the base repository lacks it", async () => {
    const api = nock(API);
    const fork = "/repos/mallory/gitops";
    mockToken(api);
    mockPull(api, pullRequest({ number: 9, fork: true }), 2);
    mockCheckCreate(api, HEAD_SHA);
    mockTree(api, BASE_SHA, BASE);
    api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(404, { message: "Not Found" });
    mockTree(api, HEAD_SHA, CROSS_TENANT, fork);
    const seen = new Set<string>();
    const manifests = (files: Record<string, string>) => Object.entries(files).filter(([p]) => /\.yaml$/.test(p)).map(([, t]) => t);
    mockBlobs(api, [BASE[".github/bulkhead.yml"]!, ...manifests(BASE)], seen);
    for (const text of manifests(CROSS_TENANT).filter((t) => !seen.has(gitBlobSha(t)))) {
      api.get(`${REPO}/git/blobs/${gitBlobSha(text)}`).reply(404, { message: "Not Found" });
      mockBlobs(api, [text], seen, fork);
    }
    mockReviews(api, 9);
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);
    mockComments(api, 9, []);
    posted(api, [], 9);
    await receive("pull_request", "pull_request.opened.fork.json");
    expect(updates.at(-1)).toMatchObject({ conclusion: "failure" });
  });
});

describe("re-runs, merge queue and consent", () => {
  it("re-runs on the check's Re-run button, finding a fork PR by its head SHA", async () => {
    const api = nock(API);
    api
      .get(`${REPO}/commits/${HEAD_SHA}/pulls`)
      .reply(200, [])
      .get(`${REPO}/pulls`)
      .query({ state: "open", per_page: "100" })
      .reply(200, [{ ...pullRequest({ number: 8, head: "0".repeat(40) }) }, { ...pullRequest({ number: 9, fork: true }) }]);
    const { updates } = expectReview({ head: DOCS_ONLY, number: 9 });
    await receive("check_run", "check_run.rerequested.fork.json");
    expect(updates.at(-1)).toMatchObject({ conclusion: "success" });
  });

  it("re-runs on Re-run all checks, using the suite's PR", async () => {
    const { updates } = expectReview({ head: DOCS_ONLY });
    await receive("check_suite", "check_suite.rerequested.json");
    expect(updates).toHaveLength(1);
  });

  it("reports on the merge queue's commit, with the PR's approvals and no comment", async () => {
    const group = "f".repeat(40);
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest(), 1);
    mockCheckCreate(api, group);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: group, files: CROSS_TENANT });
    mockReviews(api, 7);
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);
    await receive("merge_group", "merge_group.checks_requested.json");
    expect(updates.at(-1)).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("turns the violation into consent when an owner of the receiving tenant approves", async () => {
    const { api, updates } = expectReview({ head: CROSS_TENANT, reviews: [{ user: { login: "tess" }, state: "APPROVED", commit_id: HEAD_SHA }] });
    api.get("/orgs/acme/teams/sales-platform/memberships/tess").reply(200, { state: "active", role: "member" });
    posted(api, []);
    await receive("pull_request_review", "pull_request_review.submitted.json");
    expect(updates.at(-1)).toMatchObject({ conclusion: "success" });
  });

  it("acknowledges /bulkhead recheck with 👀 and reviews again", async () => {
    const { api } = expectReview({ head: DOCS_ONLY });
    api.post(`${REPO}/issues/comments/3001/reactions`, { content: "eyes" }).reply(201, {});
    await receive("issue_comment", "issue_comment.created.json");
  });

  it("answers /bulkhead explain from the PR head, with the rules that decide", async () => {
    const api = nock(API);
    mockToken(api);
    api.post(`${REPO}/issues/comments/3001/reactions`, { content: "eyes" }).reply(201, {});
    mockPull(api, pullRequest(), 1);
    mockTree(api, HEAD_SHA, CROSS_TENANT);
    mockBlobs(api, Object.entries(CROSS_TENANT).filter(([p]) => p.endsWith(".yaml")).map(([, t]) => t));
    const replies: string[] = [];
    posted(api, replies);
    const payload = fixture<{ comment: Record<string, unknown> }>("issue_comment.created.json");
    payload.comment.body = "/bulkhead explain marketing/web sales/api 8080/TCP";
    await receive("issue_comment", payload);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/`marketing\/web` → `sales\/api` on `8080\/TCP` is \*\*✅ allowed\*\*/);
    expect(replies[0]).toContain("from-marketing");
  });

  it("answers /bulkhead explain with the reason when the head cannot be read", async () => {
    const api = nock(API);
    mockToken(api);
    api.post(`${REPO}/issues/comments/3001/reactions`, { content: "eyes" }).reply(201, {});
    api.get(`${REPO}/pulls/7`).reply(502, { message: "Bad Gateway" });
    const replies: string[] = [];
    posted(api, replies);
    const payload = fixture<{ comment: Record<string, unknown> }>("issue_comment.created.json");
    payload.comment.body = "/bulkhead explain marketing/web sales/api 8080/TCP";
    await receive("issue_comment", payload);
    expect(replies[0]).toMatch(/could not run: GitHub's API failed \(HTTP 502/);
  });

  it("answers an unknown command with the help", async () => {
    const api = nock(API);
    mockToken(api);
    api.post(`${REPO}/issues/comments/3001/reactions`, { content: "eyes" }).reply(201, {});
    const replies: string[] = [];
    posted(api, replies);
    const payload = fixture<{ comment: Record<string, unknown> }>("issue_comment.created.json");
    payload.comment.body = "/bulkhead plan";
    await receive("issue_comment", payload);
    expect(replies[0]).toMatch(/^Unknown command `plan`/);
  });

  it("ignores commands from people without a role in the repository", async () => {
    const payload = fixture<{ comment: Record<string, unknown> }>("issue_comment.created.json");
    payload.comment.author_association = "NONE";
    await receive("issue_comment", payload);
  });
});

describe("GitHub failures", () => {
  it("completes the check as failure with the reason when GitHub answers 5xx", async () => {
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest(), 1);
    mockCheckCreate(api, HEAD_SHA);
    mockTree(api, BASE_SHA, BASE);
    api.get(`${REPO}/git/trees/${HEAD_SHA}`).query({ recursive: "1" }).reply(502, { message: "Server Error" });
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);
    await receive("pull_request", "pull_request.opened.json");
    expect(updates).toMatchObject([{ status: "completed", conclusion: "failure", output: { title: "Bulkhead could not complete the review" } }]);
    expect(updates[0]!.output!.summary).toContain(`HTTP 502 on GET ${REPO}/git/trees/${HEAD_SHA}`);
    expect(metrics.failures.get({ reason: "github_unavailable" })).toBe(1);
  });

  it("retries a failed delivery when it is redelivered", async () => {
    const api = nock(API);
    mockToken(api);
    api.get(`${REPO}/pulls/7`).reply(500, { message: "Server Error" });
    mockCheckCreate(api, HEAD_SHA);
    mockCheckUpdate(api, []);
    await receive("pull_request", "pull_request.opened.json", "flaky");
    const { updates } = expectReview({ head: DOCS_ONLY, token: false });
    await receive("pull_request", "pull_request.opened.json", "flaky");
    expect(updates).toMatchObject([{ conclusion: "success" }]);
    expect(metrics.deliveries.get({ event: "pull_request", handling: "failed" })).toBe(1);
  });

  it("still reports a failed check on the head when the rate limit stops it from reading the PR", async () => {
    const api = nock(API);
    mockToken(api);
    api.get(`${REPO}/pulls/7`).reply(403, { message: "API rate limit exceeded for installation ID 2." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Date.parse("2026-03-02T13:00:00Z") / 1000) });
    mockCheckCreate(api, HEAD_SHA);
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);
    await receive("pull_request", "pull_request.opened.json");
    expect(updates[0]).toMatchObject({ conclusion: "failure" });
    expect(updates[0]!.output!.summary).toMatch(/rate limit was reached .*resets at 13:00 UTC/);
    expect(metrics.rateLimitRemaining.get({ resource: "core" })).toBe(0);
  });
});

describe("logs", () => {
  it("carry delivery, repository, PR, SHA, duration and outcome, and never the token", async () => {
    expectReview({ head: DOCS_ONLY });
    await receive("pull_request", "pull_request.opened.json", "d-logs");
    const finished = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "review finished");
    expect(finished).toMatchObject({ deliveryId: "d-logs", event: "pull_request", action: "opened", installation: 2, repo: "acme/gitops", pr: 7, sha: HEAD_SHA, outcome: "unchanged" });
    expect(typeof finished!.durationMs).toBe("number");
    expect(logs.join("\n")).not.toContain(INSTALLATION_TOKEN);
    expect(logs.join("\n")).not.toContain("PRIVATE KEY");
  });
});

describe("large changes", () => {
  it("keeps the comment within GitHub's size limit and sends annotations 50 per request", async () => {
    const { base, head, config } = manyTenants(30);
    const withConfig = (files: Record<string, string>) => ({ ...files, ".github/bulkhead.yml": config });
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest(), 2);
    mockCheckCreate(api, HEAD_SHA);
    mockRepository(api, { sha: BASE_SHA, files: withConfig(base) }, { sha: HEAD_SHA, files: withConfig(head) });
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates, 99, 20);
    mockComments(api, 7, []);
    const bodies: string[] = [];
    posted(api, bodies);
    await receive("pull_request", "pull_request.opened.json");
    expect(updates.map((u) => u.output!.annotations.length)).toEqual(Array(20).fill(50));
    expect(updates.slice(0, -1).every((u) => u.status === undefined)).toBe(true);
    expect(updates.at(-1)).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(updates.at(-1)!.output!.summary).toMatch(/^_20 more annotations are not shown/);
    expect(updates.every((u) => u.output!.summary.length <= 65_535 && (u.output!.text ?? "").length <= 65_535)).toBe(true);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.length).toBeLessThanOrEqual(65_536);
    expect(bodies[0]).toContain(COMMENT_MARKER);
    expect(bodies[0]).toMatch(/shortened to stay within GitHub's size limit.*\(https:\/\/github\.com\/acme\/gitops\/runs\/99\)/s);
  });
});
