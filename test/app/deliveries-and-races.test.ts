/**
 * Webhook delivery semantics and partial listings, end to end through Probot: redeliveries, pushes
 * that race the review of an earlier push (in one process and across replicas), and trees GitHub
 * truncates. Each test asserts the runs a PR author sees and the requests it took.
 */
import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import type { Metrics } from "../../src/app/metrics.js";
import type { FileMap } from "../fakes/in-memory-file-source.js";
import { BASE, CROSS_TENANT, CROSS_TENANT_WIDER } from "./fixtures/manifests.js";
import { API, BASE_SHA, fixture, HEAD_SHA, mockBlobs, mockComments, mockPull, mockRepository, mockReviews, mockToken, mockTree, pullRequest, REPO, treeResponse } from "./support/github-api.js";
import { CheckRuns, RequestLog } from "./support/github-state.js";
import { createTestApp } from "./support/probot.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

let probot: Probot;
let metrics: Metrics;
beforeEach(async () => {
  ({ probot, metrics } = await createTestApp());
});

const H1 = HEAD_SHA;
const H2 = "d".repeat(40);
const manifestsOf = (files: FileMap) => Object.entries(files).filter(([p]) => p.endsWith(".yaml")).map(([, t]) => t);

/** A `synchronize` delivery: the PR's head moved from `before` to `after`. */
function synchronize(before: string, after: string) {
  const payload = fixture<{ before: string; after: string; pull_request: { head: { sha: string } } }>("pull_request.synchronize.json");
  Object.assign(payload, { before, after });
  payload.pull_request.head.sha = after;
  return payload;
}

const deliver = (app: Probot, payload: object, id = `delivery-${Math.random()}`) => app.receive({ id, name: "pull_request", payload } as never);

function github() {
  const api = nock(API);
  const comments: string[] = [];
  const post = () => api.post(`${REPO}/issues/7/comments`, (b: { body: string }) => (comments.push(b.body), true)).reply(201, { id: 1 });
  return { api, requests: new RequestLog(api), checks: new CheckRuns(), comments, post };
}

describe("redelivery", () => {
  it("a webhook delivered 100 times (same X-GitHub-Delivery) is reviewed once", async () => {
    const { api, requests, checks, comments, post } = github();
    mockToken(api);
    mockPull(api, pullRequest(), 2);
    checks.mock(api);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: H1, files: CROSS_TENANT });
    mockReviews(api, 7);
    mockComments(api, 7, []);
    post();
    const payload = fixture("pull_request.opened.json");
    await Promise.all(Array.from({ length: 100 }, () => deliver(probot, payload, "72d3162e-cc78-11e3-81ab-4c9367dc0958")));
    expect(checks.only(H1).conclusion).toBe("failure");
    expect(checks.runs).toHaveLength(1);
    expect(comments).toHaveLength(1);
    expect(requests.total).toBe(19);
    expect(metrics.deliveries.get({ event: "pull_request", handling: "duplicate" })).toBe(99);
    expect(metrics.evaluations.get({ outcome: "fail" })).toBe(1);
  });
});

describe("two synchronize events racing", () => {
  /**
   * The push to H2 lands while H1's tree is being read: from then on GitHub says the head is H2,
   * and H2's `synchronize` is delivered (to `second`, another replica or the same app).
   */
  function race(second: () => Probot) {
    const gh = github();
    let head = H1;
    let later: Promise<void> | undefined;
    gh.api.get(`${REPO}/pulls/7`).times(4).reply(() => [200, pullRequest({ head })]);
    gh.api.get(`${REPO}/git/trees/${H1}`).query({ recursive: "1" }).reply(() => {
      head = H2;
      later = deliver(second(), synchronize(H1, H2));
      return [200, treeResponse(H1, CROSS_TENANT)];
    });
    gh.checks.mock(gh.api, { creates: 2, updates: 2 });
    mockReviews(gh.api, 7);
    mockReviews(gh.api, 7);
    mockComments(gh.api, 7, []);
    gh.post();
    return { ...gh, done: async () => later };
  }

  const expectOnlyNewestJudged = ({ checks, comments }: ReturnType<typeof race>) => {
    const [older] = checks.on(H1);
    expect(older).toMatchObject({ status: "completed", conclusion: "cancelled", output: { title: "Superseded by a newer commit" } });
    expect(older!.output!.summary).toContain("moved from `ccccccc` to `ddddddd`");
    expect(checks.only(H2).conclusion).toBe("failure");
    expect(checks.inProgress).toEqual([]);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain("ddddddd");
  };

  it("in one process: the newer push waits for the older review, which ends cancelled with a reason", async () => {
    const gh = race(() => probot);
    mockToken(gh.api);
    const seen = new Set<string>();
    mockTree(gh.api, BASE_SHA, BASE);
    mockBlobs(gh.api, [BASE[".github/bulkhead.yml"]!, ...manifestsOf(BASE), ...manifestsOf(CROSS_TENANT)], seen);
    mockTree(gh.api, H2, CROSS_TENANT_WIDER);
    mockBlobs(gh.api, manifestsOf(CROSS_TENANT_WIDER), seen);
    await deliver(probot, synchronize("a".repeat(40), H1));
    await gh.done();
    expectOnlyNewestJudged(gh);
    // The base tree and every unchanged blob were read once, for both pushes.
    expect(gh.requests.snapshot()).toMatchObject({ "GET git/trees/{sha}?recursive=1": 3, "GET git/blobs/{sha}": 11, "GET pulls/{n}": 4, "POST check-runs": 2, "PATCH check-runs/{n}": 2, "POST issues/{n}/comments": 1 });
    expect(metrics.evaluations.get({ outcome: "stale" })).toBe(1);
  });

  it("across two replicas (no shared queue): the head check before publishing still cancels the older run", async () => {
    const other = await createTestApp();
    const gh = race(() => other.probot);
    mockToken(gh.api);
    mockToken(gh.api);
    // Each replica has its own cache: both read the base and their head in full.
    mockTree(gh.api, BASE_SHA, BASE);
    mockTree(gh.api, BASE_SHA, BASE);
    mockBlobs(gh.api, [BASE[".github/bulkhead.yml"]!, ...manifestsOf(BASE), ...manifestsOf(CROSS_TENANT)]);
    mockTree(gh.api, H2, CROSS_TENANT_WIDER);
    mockBlobs(gh.api, [BASE[".github/bulkhead.yml"]!, ...manifestsOf(BASE), ...manifestsOf(CROSS_TENANT_WIDER)]);
    await deliver(probot, synchronize("a".repeat(40), H1));
    await gh.done();
    expectOnlyNewestJudged(gh);
    expect(metrics.evaluations.get({ outcome: "stale" }) + other.metrics.evaluations.get({ outcome: "stale" })).toBe(1);
  });

  it("a push that is itself superseded while waiting never creates a run", async () => {
    const H3 = "e".repeat(40);
    const gh = github();
    let head = H1;
    let later: Promise<unknown> | undefined;
    mockToken(gh.api);
    gh.api.get(`${REPO}/pulls/7`).times(4).reply(() => [200, pullRequest({ head })]);
    gh.api.get(`${REPO}/git/trees/${H1}`).query({ recursive: "1" }).reply(() => {
      head = H3;
      later = Promise.all([deliver(probot, synchronize(H1, H2)), deliver(probot, synchronize(H2, H3))]);
      return [200, treeResponse(H1, CROSS_TENANT)];
    });
    gh.checks.mock(gh.api, { creates: 2, updates: 2 });
    mockTree(gh.api, BASE_SHA, BASE);
    mockTree(gh.api, H3, CROSS_TENANT_WIDER);
    mockBlobs(gh.api, [BASE[".github/bulkhead.yml"]!, ...manifestsOf(CROSS_TENANT), ...manifestsOf(CROSS_TENANT_WIDER)]);
    mockReviews(gh.api, 7);
    mockReviews(gh.api, 7);
    mockComments(gh.api, 7, []);
    gh.post();
    await deliver(probot, synchronize("a".repeat(40), H1));
    await later;
    expect(gh.checks.on(H1)).toMatchObject([{ conclusion: "cancelled" }]);
    expect(gh.checks.on(H2)).toEqual([]);
    expect(gh.checks.only(H3).conclusion).toBe("failure");
    expect(metrics.deliveries.get({ event: "pull_request", handling: "superseded" })).toBe(1);
  });
});

describe("truncated trees", () => {
  /** GitHub's answers for a head whose recursive listing is truncated: the root one level deep, then each top directory. */
  function mockTruncatedHead(api: nock.Scope, files: FileMap, rootTruncated = false): number {
    const partial = treeResponse(H1, Object.fromEntries(Object.entries(files).slice(0, 2)), REPO, true);
    api.get(`${REPO}/git/trees/${H1}`).query({ recursive: "1" }).reply(200, partial);
    const dirs = [...new Set(Object.keys(files).filter((p) => p.includes("/")).map((p) => p.split("/")[0]!))];
    const treeSha = (dir: string) => Buffer.from(dir.padEnd(20, "_")).toString("hex").slice(0, 40);
    const rootFiles = Object.fromEntries(Object.entries(files).filter(([p]) => !p.includes("/")));
    const root = treeResponse(H1, rootFiles, REPO, rootTruncated);
    root.tree.push(...dirs.map((d) => ({ path: d, mode: "040000", type: "tree", sha: treeSha(d), size: 0, url: `${API}${REPO}/git/trees/${treeSha(d)}` })));
    api.get(`${REPO}/git/trees/${H1}`).reply(200, root);
    if (rootTruncated) return 2;
    for (const d of dirs) {
      const inside = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(`${d}/`)).map(([p, t]) => [p.slice(d.length + 1), t]));
      api.get(`${REPO}/git/trees/${treeSha(d)}`).query({ recursive: "1" }).reply(200, treeResponse(treeSha(d), inside));
    }
    return 2 + dirs.length;
  }

  it("walks the subtrees and reviews the whole head: the same verdict as an untruncated listing", async () => {
    const { api, requests, checks, comments, post } = github();
    mockToken(api);
    mockPull(api, pullRequest(), 2);
    checks.mock(api);
    mockTree(api, BASE_SHA, BASE);
    const headListings = mockTruncatedHead(api, CROSS_TENANT);
    mockBlobs(api, [BASE[".github/bulkhead.yml"]!, ...manifestsOf(BASE), ...manifestsOf(CROSS_TENANT)]);
    mockReviews(api, 7);
    mockComments(api, 7, []);
    post();
    await deliver(probot, fixture("pull_request.opened.json"));
    const run = checks.only(H1);
    expect(run.conclusion).toBe("failure");
    expect(run.output!.summary).not.toContain("could not");
    expect(comments).toHaveLength(1);
    expect(requests.count("GET git/trees/{sha}?recursive=1") + requests.count("GET git/trees/{sha}")).toBe(1 + headListings);
  });

  it("fails closed, never reviewing part of the head, when even one directory's listing is truncated", async () => {
    const { api, requests, checks, comments } = github();
    mockToken(api);
    mockPull(api, pullRequest(), 1);
    checks.mock(api);
    mockTree(api, BASE_SHA, BASE);
    mockTruncatedHead(api, CROSS_TENANT, true);
    await deliver(probot, fixture("pull_request.opened.json"));
    const run = checks.only(H1);
    expect(run).toMatchObject({ conclusion: "failure", output: { title: "Bulkhead could not complete the review" } });
    expect(run.output!.summary).toMatch(/GitHub truncated the listing of the directory "\/".*never reviews part of a repository/);
    expect(comments).toEqual([]);
    expect(requests.count("GET git/blobs/{sha}")).toBe(0);
    expect(metrics.failures.get({ reason: "incomplete_input" })).toBe(1);
  });
});
