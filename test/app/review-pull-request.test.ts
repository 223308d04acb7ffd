import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/app/metrics.js";
import type { PullRequestState } from "../../src/app/ports.js";
import { COMMENT_LIMIT, fitComment, reviewPullRequest, type ReviewDeps } from "../../src/app/review-pull-request.js";
import { COMMENT_MARKER } from "../../src/core/report/render-comment.js";
import type { Review } from "../../src/core/review/types.js";
import { httpError, InMemoryFileSource, type FileMap } from "../fakes/in-memory-file-source.js";
import { InMemoryPublisher } from "../fakes/in-memory-publisher.js";
import { InMemoryPullRequests } from "../fakes/in-memory-pull-requests.js";
import { APPROVED_EGRESS, BASE, CONFIG_LOOSENED, CROSS_TENANT, CROSS_TENANT_WIDER, DOCS_ONLY } from "./fixtures/manifests.js";

const B = "b".repeat(40);
const H = "c".repeat(40);
const H2 = "d".repeat(40);
const repo = { owner: "acme", repo: "gitops" };

const pr = (head = H, over: Partial<PullRequestState> = {}): PullRequestState => ({ number: 7, state: "open", author: "alice", base: { ref: "main", sha: B }, head: { sha: head, repo }, ...over });

function setup(head: FileMap, options: { approvals?: Array<{ login: string; commitId: string }>; commits?: Record<string, FileMap> } = {}) {
  const files = new InMemoryFileSource({ [B]: BASE, [H]: head, ...options.commits });
  const pulls = new InMemoryPullRequests().add(pr(), options.approvals);
  pulls.teams.set("acme/sales-platform", ["tess"]);
  const publisher = new InMemoryPublisher();
  const metrics = createMetrics();
  const logs: unknown[] = [];
  const log = { info: (o: unknown) => logs.push(o), warn: (o: unknown) => logs.push(o), error: (o: unknown) => logs.push(o) } as unknown as ReviewDeps["log"];
  const deps: ReviewDeps = { repo, files, pulls, publisher, metrics, log, now: () => new Date("2026-03-02T12:00:00Z") };
  return { deps, files, pulls, publisher, metrics, logs };
}

const target = { kind: "pull_request", number: 7 } as const;

describe("reviewPullRequest", () => {
  it("fails the check and comments on a cross-tenant flow", async () => {
    const { deps, publisher, metrics } = setup(CROSS_TENANT);
    expect(await reviewPullRequest(deps, target)).toMatchObject({ outcome: "fail", sha: H });
    expect(publisher.checks).toMatchObject([{ headSha: H, status: "completed", conclusion: "failure" }]);
    expect(publisher.visible(7)).toHaveLength(1);
    expect(publisher.visible(7)[0]!.body).toContain(COMMENT_MARKER);
    expect(metrics.evaluations.get({ outcome: "fail" })).toBe(1);
  });

  it("passes a change the tenant allowlist approves, and still comments on the access it opens", async () => {
    const { deps, publisher } = setup(APPROVED_EGRESS);
    expect((await reviewPullRequest(deps, target)).outcome).toBe("pass");
    expect(publisher.checks[0]).toMatchObject({ conclusion: "success" });
    expect(publisher.commentResults).toEqual(["created"]);
  });

  it("passes a PR that changes no manifest without reading one, and posts no comment", async () => {
    const { deps, files, publisher } = setup(DOCS_ONLY);
    expect((await reviewPullRequest(deps, target)).outcome).toBe("unchanged");
    expect(publisher.checks[0]).toMatchObject({ conclusion: "success", output: { title: "No network-policy changes" } });
    expect(publisher.commentResults).toEqual(["skipped"]);
    expect(files.reads).toEqual([`${B}:.github/bulkhead.yml`]);
  });

  it("updates its one comment when a later push removes every policy change", async () => {
    const { deps, files, pulls, publisher } = setup(CROSS_TENANT, { commits: { [H2]: DOCS_ONLY } });
    await reviewPullRequest(deps, target);
    pulls.add(pr(H2));
    files.add(H2, DOCS_ONLY);
    await reviewPullRequest(deps, target);
    expect(publisher.commentResults).toEqual(["created", "updated"]);
    expect(publisher.comments.get(7)).toHaveLength(1);
    expect(publisher.checks.map((c) => c.conclusion)).toEqual(["failure", "success"]);
  });

  it("discards a result whose commit stopped being the head, and says so on that run", async () => {
    const { deps, pulls, publisher, metrics } = setup(CROSS_TENANT);
    pulls.beforeGet = (_n, calls) => {
      if (calls === 2) pulls.add(pr(H2));
    };
    expect((await reviewPullRequest(deps, target)).outcome).toBe("stale");
    expect(publisher.checks).toMatchObject([{ headSha: H, status: "completed", conclusion: "cancelled", output: { title: "Superseded by a newer commit" } }]);
    expect(publisher.comments.size).toBe(0);
    expect(metrics.evaluations.get({ outcome: "stale" })).toBe(1);
  });

  it("judges the PR by the base config even when the PR loosens it", async () => {
    const { deps, publisher } = setup(CONFIG_LOOSENED);
    expect((await reviewPullRequest(deps, target)).outcome).toBe("fail");
    expect(publisher.checks[0]).toMatchObject({ conclusion: "failure" });
  });

  it("ends the run as failure with a reason when reading fails, and never leaves it in progress", async () => {
    const { deps, files, publisher, metrics } = setup(CROSS_TENANT);
    files.list = async () => Promise.reject(Object.assign(httpError(502), { request: { method: "GET", url: "https://api.github.com/repos/acme/gitops/git/trees/x?recursive=1" } }));
    expect(await reviewPullRequest(deps, target)).toMatchObject({ outcome: "error", reason: "github_unavailable" });
    expect(publisher.checks).toMatchObject([{ status: "completed", conclusion: "failure", output: { title: "Bulkhead could not complete the review" } }]);
    expect(publisher.checks[0]!.output!.summary).toContain("HTTP 502 on GET /repos/acme/gitops/git/trees/x");
    expect(metrics.failures.get({ reason: "github_unavailable" })).toBe(1);
  });

  it("fails closed when the base config cannot be read", async () => {
    const { deps, files, publisher } = setup(CROSS_TENANT);
    const read = files.read.bind(files);
    files.read = (at, list) => read(at, list, { maxFileBytes: 10 });
    expect(await reviewPullRequest(deps, target)).toMatchObject({ outcome: "error", reason: "config_unreadable" });
    expect(publisher.checks[0]).toMatchObject({ conclusion: "failure" });
  });

  it("keeps the verdict when only the comment fails, and says on the check run that the comment is missing", async () => {
    const { deps, publisher, metrics } = setup(CROSS_TENANT);
    publisher.failures.publishComment = httpError(403);
    expect((await reviewPullRequest(deps, target)).outcome).toBe("fail");
    expect(publisher.checks[0]).toMatchObject({ conclusion: "failure" });
    expect(publisher.checks[0]!.output!.summary).toMatch(/^> ⚠️ The pull request comment could not be updated for this commit.*HTTP 403/);
    expect(publisher.checks[0]!.output!.annotations.length).toBeGreaterThan(0);
    expect(metrics.failures.get({ reason: "comment" })).toBe(1);
  });

  it("keeps the verdict when neither the comment nor the note about it can be written", async () => {
    const { deps, publisher, logs } = setup(CROSS_TENANT);
    publisher.failures.publishComment = httpError(502);
    publisher.failures.amendCheck = httpError(502);
    expect((await reviewPullRequest(deps, target)).outcome).toBe("fail");
    expect(publisher.checks[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    // The comment's failure, the note's failure, the outcome.
    expect(logs).toMatchObject([{ err: { status: 502 } }, { err: { status: 502 } }, { outcome: "fail" }]);
  });

  it("leaves a closed PR alone", async () => {
    const { deps, pulls, publisher } = setup(CROSS_TENANT);
    pulls.add(pr(H, { state: "closed" }));
    expect((await reviewPullRequest(deps, target)).outcome).toBe("ignored");
    expect(publisher.checks).toEqual([]);
  });

  it("reports on the event's head when the PR itself cannot be read", async () => {
    const { deps, pulls, publisher } = setup(CROSS_TENANT);
    pulls.get = async () => Promise.reject(httpError(500));
    expect(await reviewPullRequest(deps, { ...target, headSha: H })).toMatchObject({ outcome: "error", reason: "github_unavailable" });
    expect(publisher.checks).toMatchObject([{ headSha: H, conclusion: "failure" }]);
  });

  it("reads a fork's head through the fork when the base repository does not have it", async () => {
    const { deps, files, pulls, publisher } = setup(CROSS_TENANT);
    const fork = { owner: "mallory", repo: "gitops" };
    pulls.add(pr(H, { head: { sha: H, repo: fork } }));
    const list = files.list.bind(files);
    const seen: string[] = [];
    files.list = async (at) => {
      seen.push(`${at.owner}@${at.sha.slice(0, 1)}:${at.alternate?.owner ?? "-"}`);
      return list(at);
    };
    await reviewPullRequest(deps, target);
    expect(seen).toEqual(["acme@b:-", "acme@c:mallory"]);
    expect(publisher.checks[0]).toMatchObject({ conclusion: "failure" });
  });
});

describe("tenant consent", () => {
  it("turns the cross-tenant finding into an approval by an owner of the receiving tenant", async () => {
    const { deps, publisher, pulls } = setup(CROSS_TENANT, { approvals: [{ login: "tess", commitId: H }] });
    expect((await reviewPullRequest(deps, target)).outcome).toBe("pass");
    expect(publisher.checks[0]).toMatchObject({ conclusion: "success" });
    expect(pulls.teamQueries).toContain("acme/sales-platform:tess");
  });

  it("does not let the PR author consent", async () => {
    const { deps, pulls } = setup(CROSS_TENANT, { approvals: [{ login: "sally", commitId: H }] });
    pulls.add(pr(H, { author: "sally" }), [{ login: "sally", commitId: H }]);
    expect((await reviewPullRequest(deps, target)).outcome).toBe("fail");
  });

  it("keeps an approval across a push that leaves the cross-tenant rows unchanged", async () => {
    const unrelated = { ...CROSS_TENANT, "README.md": "changed\n" };
    const { deps } = setup(unrelated, { approvals: [{ login: "tess", commitId: H2 }], commits: { [H2]: CROSS_TENANT } });
    expect((await reviewPullRequest(deps, target)).outcome).toBe("pass");
  });

  it("drops an approval when a later push widened the flow, and says why", async () => {
    const { deps, publisher } = setup(CROSS_TENANT_WIDER, { approvals: [{ login: "tess", commitId: H2 }], commits: { [H2]: CROSS_TENANT } });
    expect((await reviewPullRequest(deps, target)).outcome).toBe("fail");
    expect(publisher.visible(7)[0]!.body).toContain("no longer counts as consent");
  });
});

describe("merge queue", () => {
  it("reviews the group's commit against its base, with a check and no comment", async () => {
    const G = "f".repeat(40);
    const { deps, files, publisher } = setup(CROSS_TENANT, { approvals: [{ login: "tess", commitId: H }] });
    files.add(G, CROSS_TENANT);
    expect((await reviewPullRequest(deps, { kind: "merge_group", baseSha: B, headSha: G, prNumber: 7 })).outcome).toBe("pass");
    expect(publisher.checks).toMatchObject([{ headSha: G, conclusion: "success" }]);
    expect(publisher.comments.size).toBe(0);
  });
});

describe("fitComment", () => {
  const review = { gate: "fail", counts: { newViolations: 2, opened: 3, closed: 1 } } as unknown as Review;

  it("replaces a body over GitHub's limit by a short one that keeps the marker and points to the check", () => {
    const body = fitComment(`${COMMENT_MARKER}\n${"x".repeat(COMMENT_LIMIT)}`, review, "https://github.com/acme/gitops/runs/1");
    expect(body.length).toBeLessThan(1000);
    expect(body).toContain(COMMENT_MARKER);
    expect(body).toContain("2 new violation(s)");
    expect(body).toContain("https://github.com/acme/gitops/runs/1");
  });

  it("adds the marker when a body lacks it", () => {
    expect(fitComment("hello", review)).toBe(`${COMMENT_MARKER}\nhello`);
  });
});
