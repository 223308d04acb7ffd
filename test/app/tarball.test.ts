import { gunzipSync, gzipSync } from "node:zlib";
import nock from "nock";
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { createContentCache, GitHubFileSource, TARBALL_MIN_BLOBS } from "../../src/app/github-file-source.js";
import { TarballError, tarballFiles } from "../../src/app/tarball.js";
import { gitBlobSha } from "../fakes/in-memory-file-source.js";
import { API, blobResponse, REPO, treeResponse } from "./support/github-api.js";
import { RequestLog } from "./support/github-state.js";
import { gitArchive } from "./support/tarball.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

const SHA = "a".repeat(40);
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

describe("tarballFiles", () => {
  it("yields the regular files of a git archive, without its top directory, long and non-ASCII paths included", () => {
    const long = `apps/${"very-long-directory-name/".repeat(6)}policy.yaml`;
    const files = { "README.md": "# hi\n", "clusters/prod/ns.yaml": "kind: Namespace\n", [long]: "kind: CiliumNetworkPolicy\n", "équipe/ns.yaml": "kind: Namespace\n" };
    const read = [...tarballFiles(gitArchive(SHA, files), 1 << 20)].map(({ path, data }) => [path, text(data)]);
    expect(Object.fromEntries(read)).toEqual(files);
  });

  it("throws on an archive cut short, and on one that decompresses past the bound", () => {
    const whole = gitArchive(SHA, { "a.yaml": "x: 1\n".repeat(400) });
    const raw = gunzipSync(whole);
    expect(() => [...tarballFiles(gzipSync(raw.subarray(0, 1536)), 1 << 20)]).toThrow(TarballError);
    expect(() => [...tarballFiles(whole, 1024)]).toThrow(/cannot decompress/);
    expect(() => [...tarballFiles(Buffer.from("not gzip"), 1 << 20)]).toThrow(TarballError);
  });
});

describe("GitHubFileSource with tarballs", () => {
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const github = () => new Octokit({ auth: "token", log: quiet });
  const at = { owner: "acme", repo: "gitops", sha: SHA };
  const many = Object.fromEntries(Array.from({ length: TARBALL_MIN_BLOBS }, (_, i) => [`apps/app-${i}.yaml`, `kind: ConfigMap\nmetadata: { name: app-${i} }\n`]));

  it("fetches one tarball instead of many blobs, and keeps only content whose blob id the tree listed", async () => {
    const api = nock(API);
    const requests = new RequestLog(api);
    api.get(`${REPO}/git/trees/${SHA}`).query({ recursive: "1" }).reply(200, treeResponse(SHA, many));
    api.get(`${REPO}/tarball/${SHA}`).reply(302, "", { location: `https://codeload.github.com/acme/gitops/legacy.tar.gz/${SHA}` });
    // As if `export-subst` had rewritten one file in the archive: its bytes do not match the tree.
    const archived = { ...many, "apps/app-0.yaml": "kind: ConfigMap # $Format:%H$ expanded\n" };
    nock("https://codeload.github.com").get(`/acme/gitops/legacy.tar.gz/${SHA}`).reply(200, gitArchive(SHA, archived), { "content-type": "application/x-gzip" });
    api.get(`${REPO}/git/blobs/${gitBlobSha(many["apps/app-0.yaml"]!)}`).reply(200, blobResponse(many["apps/app-0.yaml"]!));
    const cache = createContentCache();
    let outcome: unknown;
    cache.onTarball = (result) => (outcome = result);
    const source = new GitHubFileSource(github(), cache);
    const read = await source.read(at, await source.list(at));
    expect(Object.fromEntries(read.files.map((f) => [f.path, f.text]))).toEqual(many);
    expect(outcome).toEqual({ supplied: TARBALL_MIN_BLOBS - 1 });
    expect(requests.snapshot()).toEqual({ "GET git/blobs/{sha}": 1, "GET git/trees/{sha}?recursive=1": 1, "GET tarball/{sha}": 1 });
  });

  it("reads a few missing blobs one by one", async () => {
    const few = Object.fromEntries(Object.entries(many).slice(0, TARBALL_MIN_BLOBS - 1));
    const api = nock(API);
    const requests = new RequestLog(api);
    api.get(`${REPO}/git/trees/${SHA}`).query({ recursive: "1" }).reply(200, treeResponse(SHA, few));
    for (const t of Object.values(few)) api.get(`${REPO}/git/blobs/${gitBlobSha(t)}`).reply(200, blobResponse(t));
    const source = new GitHubFileSource(github());
    await source.read(at, await source.list(at));
    expect(requests.count("GET tarball/{sha}")).toBe(0);
  });
});
