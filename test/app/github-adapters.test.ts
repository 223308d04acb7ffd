import nock from "nock";
import { describe, expect, it } from "vitest";
import { Octokit } from "@octokit/rest";
import { createContentCache, GitHubFileSource } from "../../src/app/github-file-source.js";
import { GitHubPullRequests } from "../../src/app/github-pull-requests.js";
import { IncompleteInputError } from "../../src/app/errors.js";
import { ANNOTATIONS_PER_REQUEST, CHECK_TEXT_LIMIT, GitHubPublisher } from "../../src/app/publisher.js";
import { COMMENT_MARKER } from "../../src/core/report/render-comment.js";
import { gitBlobSha } from "../fakes/in-memory-file-source.js";
import { API, comment, mockBlobs, mockComments, mockTree, REPO, type CheckUpdate } from "./support/github-api.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const github = () => new Octokit({ auth: "token", log: quiet });
const repo = { owner: "acme", repo: "gitops" };
/** The app id of `comment(…)` fixtures written by this app. */
const OURS = { appId: 123 };
const at = { ...repo, sha: "a".repeat(40) };

describe("GitHubFileSource", () => {
  it("lists a commit with one recursive tree request, without submodules, and caches it", async () => {
    const scope = nock(API)
      .get(`${REPO}/git/trees/${at.sha}`)
      .query({ recursive: "1" })
      .reply(200, {
        truncated: false,
        tree: [
          { path: "a.yaml", mode: "100644", type: "blob", sha: "1".repeat(40), size: 3 },
          { path: "dir", mode: "040000", type: "tree", sha: "2".repeat(40) },
          { path: "vendor", mode: "160000", type: "commit", sha: "4".repeat(40) },
        ],
      });
    const source = new GitHubFileSource(github());
    expect(await source.list(at)).toEqual([{ path: "a.yaml", id: "1".repeat(40), size: 3 }]);
    expect(await source.list(at)).toHaveLength(1);
    scope.done();
  });

  // security.md B2: GitOps tools follow in-repository links, so a manifest-named link is analysed as its target.
  it("lists a manifest-named link to a file of the commit as that file's blob, at the link's path; other links fail closed", async () => {
    const blob = (target: string) => ({ sha: "x", size: target.length, content: Buffer.from(target).toString("base64"), encoding: "base64" });
    const scope = nock(API)
      .get(`${REPO}/git/trees/${at.sha}`)
      .query({ recursive: "1" })
      .reply(200, {
        truncated: false,
        tree: [
          { path: "a.yaml", mode: "100644", type: "blob", sha: "1".repeat(40), size: 3 },
          { path: "dir", mode: "040000", type: "tree", sha: "2".repeat(40) },
          { path: "dir/link.yaml", mode: "120000", type: "blob", sha: "3".repeat(40), size: 9 },
          { path: "dir/out.yaml", mode: "120000", type: "blob", sha: "5".repeat(40), size: 12 },
        ],
      })
      .get(`${REPO}/git/blobs/${"3".repeat(40)}`)
      .reply(200, blob("../a.yaml"))
      .get(`${REPO}/git/blobs/${"5".repeat(40)}`)
      .reply(200, blob("../../x.yaml"));
    const source = new GitHubFileSource(github());
    const listed = await source.list(at);
    expect(listed.map((f) => [f.path, f.id.slice(0, 12)])).toEqual([
      ["a.yaml", "1".repeat(12)],
      ["dir/link.yaml", "1".repeat(12)],
      ["dir/out.yaml", "unfollowed-l"],
    ]);
    const { diagnostics } = await source.read(at, listed.filter((f) => f.path === "dir/out.yaml"));
    expect(diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([["SYMLINK_SKIPPED", "error", "dir/out.yaml"]]);
    scope.done();
  });

  it("walks subtrees when GitHub truncates the recursive listing, and never returns part of a tree", async () => {
    const sub = "5".repeat(40);
    nock(API)
      .get(`${REPO}/git/trees/${at.sha}`)
      .query({ recursive: "1" })
      .reply(200, { truncated: true, tree: [{ path: "a.yaml", mode: "100644", type: "blob", sha: "1".repeat(40), size: 3 }] })
      .get(`${REPO}/git/trees/${at.sha}`)
      .reply(200, { truncated: false, tree: [{ path: "a.yaml", mode: "100644", type: "blob", sha: "1".repeat(40), size: 3 }, { path: "apps", mode: "040000", type: "tree", sha: sub }] })
      .get(`${REPO}/git/trees/${sub}`)
      .query({ recursive: "1" })
      .reply(200, { truncated: false, tree: [{ path: "x/b.yaml", mode: "100644", type: "blob", sha: "6".repeat(40), size: 4 }] });
    expect((await new GitHubFileSource(github()).list(at)).map((f) => f.path)).toEqual(["a.yaml", "apps/x/b.yaml"]);
  });

  it("fails when even one level of a tree is truncated", async () => {
    nock(API)
      .get(`${REPO}/git/trees/${at.sha}`)
      .query({ recursive: "1" })
      .reply(200, { truncated: true, tree: [] })
      .get(`${REPO}/git/trees/${at.sha}`)
      .reply(200, { truncated: true, tree: [] });
    await expect(new GitHubFileSource(github()).list(at)).rejects.toBeInstanceOf(IncompleteInputError);
  });

  it("fetches each blob SHA once across reads and sources sharing a cache, and skips files over the size limit", async () => {
    const text = "kind: Namespace\n";
    const seen = new Set<string>();
    mockBlobs(nock(API), [text], seen);
    const cache = createContentCache();
    const file = { path: "ns.yaml", id: gitBlobSha(text), size: text.length };
    const big = { path: "big.yaml", id: "9".repeat(40), size: 10_000_000 };
    const first = await new GitHubFileSource(github(), cache).read(at, [file, big]);
    const second = await new GitHubFileSource(github(), cache).read({ ...at, sha: "b".repeat(40) }, [{ ...file, path: "moved.yaml" }]);
    expect(first.files).toEqual([{ path: "ns.yaml", text }]);
    expect(first.diagnostics.map((d) => [d.code, d.file])).toEqual([["FILE_TOO_LARGE", "big.yaml"]]);
    expect(second.files).toEqual([{ path: "moved.yaml", text }]);
  });

  it("reads a fork's head from the fork when the base repository answers 404", async () => {
    const fork = { owner: "mallory", repo: "gitops" };
    nock(API).get(`${REPO}/git/trees/${at.sha}`).query({ recursive: "1" }).reply(404, { message: "Not Found" });
    mockTree(nock(API), at.sha, { "a.yaml": "x: 1\n" }, "/repos/mallory/gitops");
    expect(await new GitHubFileSource(github()).list({ ...at, alternate: fork })).toHaveLength(1);
  });
});

describe("GitHubPublisher", () => {
  const output = (annotations: number, summary = "s") => ({
    title: "t",
    summary,
    text: "details",
    annotations: Array.from({ length: annotations }, (_, i) => ({ path: "a.yaml", start_line: i + 1, end_line: i + 1, annotation_level: "failure" as const, title: "x", message: "y" })),
  });

  it("sends annotations 50 per request and completes the run with the last batch", async () => {
    const updates: CheckUpdate[] = [];
    nock(API)
      .patch(`${REPO}/check-runs/5`, (b: CheckUpdate) => (updates.push(b), true))
      .times(3)
      .reply(200, {});
    await new GitHubPublisher(github(), repo, OURS).completeCheck({ id: 5 }, "failure", output(120));
    expect(updates.map((u) => [u.status, u.conclusion, u.output?.annotations.length])).toEqual([
      [undefined, undefined, ANNOTATIONS_PER_REQUEST],
      [undefined, undefined, ANNOTATIONS_PER_REQUEST],
      ["completed", "failure", 20],
    ]);
    expect(updates[2]!.output!.text).toBe("details");
  });

  it("keeps the summary within the Checks API limit", async () => {
    const updates: CheckUpdate[] = [];
    nock(API)
      .patch(`${REPO}/check-runs/5`, (b: CheckUpdate) => (updates.push(b), true))
      .reply(200, {});
    await new GitHubPublisher(github(), repo, OURS).completeCheck({ id: 5 }, "success", output(0, "😀".repeat(40_000)));
    expect(updates[0]!.output!.summary.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(updates[0]!.output!.summary).toMatch(/truncated/);
  });

  it("finds its comment by the marker on a later page, among look-alikes by people", async () => {
    const page2 = `${API}/repositories/4242/issues/7/comments?per_page=100&page=2`;
    mockComments(nock(API), 7, [comment(1, `${COMMENT_MARKER} pasted by a person`, "person")], `<${page2}>; rel="next", <${page2}>; rel="last"`);
    const updated: string[] = [];
    nock(API)
      .get("/repositories/4242/issues/7/comments")
      .query({ per_page: "100", page: "2" })
      .reply(200, [comment(2, "unrelated bot"), comment(3, `${COMMENT_MARKER}\nold`)])
      .patch(`${REPO}/issues/comments/3`, (b: { body: string }) => (updated.push(b.body), true))
      .reply(200, {});
    expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, `${COMMENT_MARKER}\nnew`, { mode: "update", createIfMissing: false })).toBe("updated");
    expect(updated).toEqual([`${COMMENT_MARKER}\nnew`]);
  });

  describe("only the app's own comment is the sticky one: the marker alone proves nothing", () => {
    const others = [
      ["a person pasting the marker", "person"],
      ["another app's bot quoting the marker", "other-bot"],
    ] as const;

    it.each(others)("edits its own comment and leaves %s alone, even when it is newer", async (_who, author) => {
      mockComments(nock(API), 7, [comment(3, `${COMMENT_MARKER}\nold`), comment(5, `> ${COMMENT_MARKER}\n> quoted`, author)]);
      const edited: Array<[string, string]> = [];
      nock(API)
        .patch(/\/issues\/comments\/\d+$/)
        .reply(200, (uri, body) => (edited.push([uri, (body as { body: string }).body]), {}));
      expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, `${COMMENT_MARKER}\nnew`, { mode: "update", createIfMissing: true })).toBe("updated");
      expect(edited).toEqual([[`${REPO}/issues/comments/3`, `${COMMENT_MARKER}\nnew`]]);
    });

    it.each(others)("posts a comment of its own when only %s carries the marker", async (_who, author) => {
      mockComments(nock(API), 7, [comment(5, `${COMMENT_MARKER}\nnot ours`, author)]);
      nock(API)
        .post(`${REPO}/issues/7/comments`, (b: { body: string }) => b.body === `${COMMENT_MARKER}\nnew`)
        .reply(201, { id: 6 });
      expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, `${COMMENT_MARKER}\nnew`, { mode: "update", createIfMissing: true })).toBe("created");
    });

    it("does not count a comment of its own app id written by a person (a user token acting through the app)", async () => {
      const userViaApp = { ...comment(5, `${COMMENT_MARKER}\nby hand`, "person"), performed_via_github_app: { id: OURS.appId, slug: "bulkhead" } };
      mockComments(nock(API), 7, [userViaApp]);
      expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, `${COMMENT_MARKER}\nnew`, { mode: "update", createIfMissing: false })).toBe("skipped");
    });
  });

  it("does not edit a comment whose body is unchanged", async () => {
    mockComments(nock(API), 7, [comment(3, `${COMMENT_MARKER}\nsame`)]);
    expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, `${COMMENT_MARKER}\nsame`, { mode: "update", createIfMissing: true })).toBe("unchanged");
  });

  it("in mode new, hides the old comment as outdated and posts a new one", async () => {
    mockComments(nock(API), 7, [comment(3, `${COMMENT_MARKER}\nold`)]);
    const graphql: Array<{ variables: { id: string } }> = [];
    nock(API)
      .post("/graphql", (b: { query: string; variables: { id: string } }) => (graphql.push(b), b.query.includes("minimizeComment") && b.query.includes("OUTDATED")))
      .reply(200, { data: { minimizeComment: { minimizedComment: { isMinimized: true } } } })
      .post(`${REPO}/issues/7/comments`, (b: { body: string }) => b.body === `${COMMENT_MARKER}\nnew`)
      .reply(201, { id: 4 });
    expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, `${COMMENT_MARKER}\nnew`, { mode: "new", createIfMissing: true })).toBe("replaced");
    expect(graphql.map((g) => g.variables.id)).toEqual(["IC_3"]);
  });

  it("in mode off, makes no request at all", async () => {
    expect(await new GitHubPublisher(github(), repo, OURS).publishComment(7, "x", { mode: "off", createIfMissing: true })).toBe("skipped");
  });
});

describe("GitHubPullRequests", () => {
  it("counts each reviewer's latest decisive review, approvals only", async () => {
    nock(API)
      .get(`${REPO}/pulls/7/reviews`)
      .query({ per_page: "100" })
      .reply(200, [
        { user: { login: "tess" }, state: "APPROVED", commit_id: "a" },
        { user: { login: "tess" }, state: "COMMENTED", commit_id: "b" },
        { user: { login: "mark" }, state: "APPROVED", commit_id: "a" },
        { user: { login: "mark" }, state: "DISMISSED", commit_id: "a" },
        { user: { login: "sally" }, state: "CHANGES_REQUESTED", commit_id: "a" },
        { user: { login: "sally" }, state: "APPROVED", commit_id: "c" },
      ]);
    expect(await new GitHubPullRequests(github(), repo).approvals(7)).toEqual([
      { login: "tess", commitId: "a" },
      { login: "sally", commitId: "c" },
    ]);
  });

  it("treats 404 as not a team member, and other errors as errors", async () => {
    nock(API).get("/orgs/acme/teams/sales/memberships/bob").reply(404, {}).get("/orgs/acme/teams/sales/memberships/eve").reply(500, {});
    const pulls = new GitHubPullRequests(github(), repo);
    expect(await pulls.isTeamMember("acme", "sales", "bob")).toBe(false);
    await expect(pulls.isTeamMember("acme", "sales", "eve")).rejects.toMatchObject({ status: 500 });
  });
});
