/**
 * GitHub API requests per event on a 2,000-manifest repository, cold (the app's first event) and
 * warm (a `synchronize` that changes one file, same process). The bounds are the figures in
 * docs/reliability.md: a change that makes the app ask GitHub more fails here.
 * Cold, the base comes in one tarball; without it (too large, or the tarball fails) every blob is
 * one request, which the last tests bound too.
 */
import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { BLOB_CONCURRENCY, TARBALL_MIN_BLOBS } from "../../src/app/github-file-source.js";
import type { Metrics } from "../../src/app/metrics.js";
import { COMMENT_MARKER } from "../../src/core/report/render-comment.js";
import { gitBlobSha } from "../fakes/in-memory-file-source.js";
import { largeRepository, narrowToPort, openToTeam00 } from "./fixtures/large-repo.js";
import { API, BASE_SHA, blobResponse, comment, fixture, HEAD_SHA, mockToken, pullRequest, REPO, treeResponse } from "./support/github-api.js";
import { CheckRuns, RequestLog } from "./support/github-state.js";
import { gitArchive } from "./support/tarball.js";
import { createTestApp } from "./support/probot.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

let probot: Probot;
let metrics: Metrics;
beforeEach(async () => {
  ({ probot, metrics } = await createTestApp());
});

const H2 = "d".repeat(40);
const base = largeRepository();
const head1 = openToTeam00(base);
const head2 = narrowToPort(head1);
const MANIFESTS = Object.keys(base).filter((p) => p.endsWith(".yaml")).length;

/** Each endpoint at most its bound, and no endpoint without one. */
function expectAtMost(counts: Record<string, number>, bounds: Record<string, number>): void {
  for (const [endpoint, n] of Object.entries(counts)) expect({ endpoint, n: n <= (bounds[endpoint] ?? 0) }).toEqual({ endpoint, n: true });
}

/** A Git host for commits of `files`: trees by commit SHA, blobs by content address, every request counted. */
function gitHost(api: nock.Scope, commits: Record<string, Record<string, string>>) {
  const blobs = new Map(Object.values(commits).flatMap((files) => Object.values(files).map((t) => [gitBlobSha(t), t] as const)));
  api
    .get(/\/git\/trees\/[0-9a-f]{40}\?recursive=1$/)
    .times(Object.keys(commits).length)
    .reply((uri) => {
      const sha = /trees\/([0-9a-f]{40})/.exec(uri)![1]!;
      return [200, treeResponse(sha, commits[sha]!)];
    });
  api
    .get(/\/git\/blobs\/[0-9a-f]{40}$/)
    .times(blobs.size)
    .optionally()
    .reply((uri) => [200, blobResponse(blobs.get(uri.slice(-40))!)]);
}

/** `GET /tarball/<sha>`: GitHub redirects to codeload, which serves the archive (not an API request). */
function mockTarball(api: nock.Scope, sha: string, files: Record<string, string>): nock.Scope {
  const codeload = nock("https://codeload.github.com");
  api.get(`${REPO}/tarball/${sha}`).reply(302, "", { location: `https://codeload.github.com/acme/gitops/legacy.tar.gz/${sha}?token=AAAA` });
  return codeload.get(`/acme/gitops/legacy.tar.gz/${sha}`).query({ token: "AAAA" }).reply(200, gitArchive(sha, files), { "content-type": "application/x-gzip" });
}

describe("GitHub API requests per event, 2,000-manifest repository", () => {
  it("cold: one tree per commit, the base in one tarball; warm synchronize of one file: one tree and that one blob", async () => {
    expect(MANIFESTS).toBe(2000);
    const api = nock(API);
    const requests = new RequestLog(api);
    const checks = new CheckRuns().mock(api, { creates: 2, updates: 2 });
    mockToken(api);
    gitHost(api, { [BASE_SHA]: base, [HEAD_SHA]: head1, [H2]: head2 });
    mockTarball(api, BASE_SHA, base);
    let head = HEAD_SHA;
    api.get(`${REPO}/pulls/7`).times(4).reply(() => [200, pullRequest({ head })]);
    api.get(`${REPO}/pulls/7/reviews`).query({ per_page: "100" }).times(2).reply(200, []);
    let posted = "";
    api.get(`${REPO}/issues/7/comments`).query({ per_page: "100" }).reply(200, []);
    api.post(`${REPO}/issues/7/comments`, (b: { body: string }) => ((posted = b.body), true)).reply(201, { id: 41 });

    await probot.receive({ id: "cold", name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    const cold = requests.snapshot();
    expect(checks.only(HEAD_SHA).conclusion).toBe("failure");
    expect(posted).toContain(COMMENT_MARKER);
    expectAtMost(cold, {
      "POST app/installations/{n}/access_tokens": 1,
      "GET pulls/{n}": 2,
      "POST check-runs": 1,
      "GET git/trees/{sha}?recursive=1": 2,
      "GET tarball/{sha}": 1, // the base's 2,000 manifests, in one archive
      "GET git/blobs/{sha}": 2, // the config (read before the manifests), and the one manifest the PR changed
      "GET pulls/{n}/reviews": 1,
      "PATCH check-runs/{n}": 1,
      "GET issues/{n}/comments": 1,
      "POST issues/{n}/comments": 1,
    });

    requests.reset();
    head = H2;
    api.get(`${REPO}/issues/7/comments`).query({ per_page: "100" }).reply(200, [comment(41, posted)]);
    api.patch(`${REPO}/issues/comments/41`).reply(200, {});
    const hitsBefore = metrics.cacheRequests.get({ result: "hit" });
    await probot.receive({ id: "warm", name: "pull_request", payload: fixture("pull_request.synchronize.json") } as never);
    const warm = requests.snapshot();
    expect(checks.only(H2).conclusion).toBe("failure");
    expectAtMost(warm, {
      "GET pulls/{n}": 2,
      "POST check-runs": 1,
      "GET git/trees/{sha}?recursive=1": 1, // the new head; the base's listing is cached by commit
      "GET git/blobs/{sha}": 1, // only the file the push changed
      "GET pulls/{n}/reviews": 1,
      "PATCH check-runs/{n}": 1,
      "GET issues/{n}/comments": 1,
      "PATCH issues/comments/{n}": 1,
    });
    expect(warm["GET git/blobs/{sha}"]).toBe(1);
    expect(metrics.cacheRequests.get({ result: "hit" }) - hitsBefore).toBe(2 * MANIFESTS); // config + both sides, less the one miss
    expect(metrics.tarballs.get({ result: "ok" })).toBe(1);
  });

  it("without the tarball, one request per blob; and a blob that fails stops the reading after the requests in flight", async () => {
    const api = nock(API);
    const requests = new RequestLog(api);
    const checks = new CheckRuns().mock(api);
    mockToken(api);
    api.get(`${REPO}/pulls/7`).reply(200, pullRequest());
    api.get(`${REPO}/tarball/${BASE_SHA}`).reply(502, { message: "Server Error" });
    // The first manifest read fails; registered before the host, so it is met first.
    const first = Object.keys(base).filter((p) => p.startsWith("tenants/")).sort()[0]!;
    api.get(`${REPO}/git/blobs/${gitBlobSha(base[first]!)}`).reply(502, { message: "Server Error" });
    gitHost(api, { [BASE_SHA]: base, [HEAD_SHA]: head1 });
    await probot.receive({ id: "stop", name: "pull_request", payload: fixture("pull_request.opened.json") } as never);
    expect(checks.only(HEAD_SHA).output!.summary).toContain(`HTTP 502 on GET ${REPO}/git/blobs/`);
    expect(metrics.tarballs.get({ result: "failed" })).toBe(1);
    // The config, then at most the blobs in flight when the first manifest failed.
    expect(requests.count("GET git/blobs/{sha}")).toBeLessThanOrEqual(1 + BLOB_CONCURRENCY);
    expect(TARBALL_MIN_BLOBS).toBeLessThan(MANIFESTS);
  });
});
