import nock from "nock";
import { describe, expect, it } from "vitest";
import { parsePrReference, runPr } from "../../src/cli/commands/pr.js";
import { COMMENT_MARKER } from "../../src/core/report/render-comment.js";
import { BASE, CROSS_TENANT, DOCS_ONLY } from "./fixtures/manifests.js";
import { API, BASE_SHA, HEAD_SHA, mockPull, mockRepository, mockReviews, pullRequest } from "./support/github-api.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

function output() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

describe("bulkhead pr", () => {
  it("prints the failing check and the comment the bot would post, and posts nothing", async () => {
    const api = nock(API, { reqheaders: { authorization: "token ghp_test" } });
    mockPull(api, pullRequest(), 1);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: CROSS_TENANT });
    mockReviews(api, 7);
    const { io, out } = output();
    expect(await runPr(["acme/gitops#7"], io, { GITHUB_TOKEN: "ghp_test" })).toBe(1);
    const text = out.join("");
    expect(text).toContain('Check run "bulkhead" would conclude: FAILURE');
    expect(text).toContain("the bot would post this comment");
    expect(text).toContain(COMMENT_MARKER);
  });

  it("talks to GitHub Enterprise Server through GITHUB_API_URL", async () => {
    const ghes = nock("https://ghe.example.com/api/v3");
    mockPull(ghes, pullRequest(), 1);
    mockRepository(ghes, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: DOCS_ONLY });
    const { io, out } = output();
    expect(await runPr(["https://ghe.example.com/acme/gitops/pull/7", "--json"], io, { GITHUB_TOKEN: "t", GITHUB_API_URL: "https://ghe.example.com/api/v3/" })).toBe(0);
    expect(JSON.parse(out.join(""))).toMatchObject({ conclusion: "success", check: { title: "No network-policy changes" }, comment: { action: "update-only", mode: "update" } });
  });

  it("exits 2 with GitHub's reason when the PR cannot be read", async () => {
    nock(API).get("/repos/acme/gitops/pulls/7").reply(404, { message: "Not Found" });
    const { io, err } = output();
    expect(await runPr(["acme/gitops#7"], io, { GITHUB_TOKEN: "t" })).toBe(2);
    expect(err.join("")).toContain("GitHub answered 404 for GET /repos/acme/gitops/pulls/7");
  });

  it("reads owner/repo#N and pull request URLs, and rejects anything else", () => {
    expect(parsePrReference("acme/gitops#12")).toEqual({ owner: "acme", repo: "gitops", number: 12 });
    expect(parsePrReference("https://github.com/acme/gitops/pull/12/files")).toEqual({ owner: "acme", repo: "gitops", number: 12 });
    expect(() => parsePrReference("acme/gitops")).toThrow(/owner\/repo#number/);
  });
});
