import { readFileSync } from "node:fs";
import nock from "nock";
import { gitBlobSha, type FileMap } from "../../fakes/in-memory-file-source.js";

export const API = "https://api.github.com";
export const REPO = "/repos/acme/gitops";
export const BASE_SHA = "b".repeat(40);
export const HEAD_SHA = "c".repeat(40);
export const INSTALLATION_TOKEN = "ghs_installationtoken0123456789abcdef";

/** A webhook payload or API response from test/app/fixtures, as a mutable copy. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as T;
}

/** Probot exchanges the app JWT for an installation token once per event. */
export const mockToken = (scope: nock.Scope): nock.Scope =>
  scope.post("/app/installations/2/access_tokens").reply(201, { token: INSTALLATION_TOKEN, expires_at: "2099-01-01T00:00:00Z", permissions: { checks: "write" } });

/** `GET /pulls/N` answering a PR with the given head and base. */
export function pullRequest(options: { number?: number; head?: string; base?: string; state?: string; fork?: boolean } = {}) {
  const pr = fixture<Record<string, unknown> & { head: Record<string, unknown>; base: Record<string, unknown> }>(options.fork ? "pulls.get.fork.json" : "pulls.get.json");
  return { ...pr, number: options.number ?? pr.number, state: options.state ?? "open", head: { ...pr.head, sha: options.head ?? HEAD_SHA }, base: { ...pr.base, sha: options.base ?? BASE_SHA } };
}

export const mockPull = (scope: nock.Scope, pr: ReturnType<typeof pullRequest>, times = 1): nock.Scope => scope.get(`${REPO}/pulls/${pr.number}`).times(times).reply(200, pr);

const isManifest = (path: string) => /\.(ya?ml|json)$/i.test(path) && !path.split("/").some((p) => p.startsWith(".") || p === "node_modules");

/** The body of `GET /git/trees/<sha>?recursive=1` for a commit holding `files` (blobs only). */
export function treeResponse(sha: string, files: FileMap, repo = REPO, truncated = false) {
  const tree = Object.entries(files).map(([path, text]) => ({ path, mode: "100644", type: "blob", sha: gitBlobSha(text), size: Buffer.byteLength(text), url: `${API}${repo}/git/blobs/${gitBlobSha(text)}` }));
  return { sha, url: `${API}${repo}/git/trees/${sha}`, tree, truncated };
}

/** The body of `GET /git/blobs/<sha>`. */
export function blobResponse(text: string, repo = REPO) {
  const sha = gitBlobSha(text);
  return { sha, node_id: "B_x", size: Buffer.byteLength(text), url: `${API}${repo}/git/blobs/${sha}`, content: Buffer.from(text).toString("base64"), encoding: "base64" };
}

/** `GET /git/trees/<sha>?recursive=1` for a commit holding `files`. */
export function mockTree(scope: nock.Scope, sha: string, files: FileMap, repo = REPO): nock.Scope {
  return scope.get(`${repo}/git/trees/${sha}`).query({ recursive: "1" }).reply(200, treeResponse(sha, files, repo));
}

/** `GET /git/blobs/<sha>` once per distinct content not in `seen` (the app caches by blob SHA). */
export function mockBlobs(scope: nock.Scope, texts: readonly string[], seen: Set<string> = new Set(), repo = REPO): nock.Scope {
  for (const text of texts) {
    const sha = gitBlobSha(text);
    if (seen.has(sha)) continue;
    seen.add(sha);
    scope.get(`${repo}/git/blobs/${sha}`).reply(200, blobResponse(text, repo));
  }
  return scope;
}

/**
 * Trees of base and head, the config blob from the base, and, when a manifest differs, every
 * manifest of both sides (each distinct blob once). Returns whether a manifest differs, i.e.
 * whether the app goes on to analyse (and to read reviews for consent).
 */
export function mockRepository(scope: nock.Scope, base: { sha: string; files: FileMap }, head: { sha: string; files: FileMap }, seen: Set<string> = new Set()): boolean {
  mockTree(scope, base.sha, base.files);
  mockTree(scope, head.sha, head.files);
  const config = base.files[".github/bulkhead.yml"];
  if (config !== undefined) mockBlobs(scope, [config], seen);
  const manifests = (files: FileMap) => Object.entries(files).filter(([p]) => isManifest(p));
  const differs = JSON.stringify(manifests(base.files).sort()) !== JSON.stringify(manifests(head.files).sort());
  if (differs) mockBlobs(scope, [...manifests(base.files), ...manifests(head.files)].map(([, t]) => t), seen);
  return differs;
}

/** Creation of the `bulkhead` check run, in progress, on `sha`. */
export const mockCheckCreate = (scope: nock.Scope, sha: string, id = 99): nock.Scope =>
  scope
    .post(`${REPO}/check-runs`, (body: { name: string; head_sha: string; status: string }) => body.name === "bulkhead" && body.head_sha === sha && body.status === "in_progress")
    .reply(201, { id, head_sha: sha, name: "bulkhead", status: "in_progress", html_url: `https://github.com/acme/gitops/runs/${id}` });

export interface CheckUpdate {
  status?: string;
  conclusion?: string;
  output?: { title: string; summary: string; text?: string; annotations: unknown[] };
}

/** The updates of check run `id`, recorded into `into`. */
export const mockCheckUpdate = (scope: nock.Scope, into: CheckUpdate[], id = 99, times = 1): nock.Scope =>
  scope
    .patch(`${REPO}/check-runs/${id}`, (body: CheckUpdate) => (into.push(body), true))
    .times(times)
    .reply(200, { id });

export const mockComments = (scope: nock.Scope, pr: number, comments: unknown[], link?: string): nock.Scope =>
  scope
    .get(`${REPO}/issues/${pr}/comments`)
    .query({ per_page: "100" })
    .reply(200, comments, link ? { link } : {});

export const mockReviews = (scope: nock.Scope, pr: number, reviews: unknown[] = []): nock.Scope =>
  scope.get(`${REPO}/pulls/${pr}/reviews`).query({ per_page: "100" }).reply(200, reviews);

/** Who wrote a comment: this app (id 123, as in `createTestApp`), a person, or another app's bot. */
export type Author = "us" | "person" | "other-bot";

const AUTHORS = {
  us: { user: { login: "bulkhead[bot]", id: 777, type: "Bot" }, performed_via_github_app: { id: 123, slug: "bulkhead" } },
  person: { user: { login: "alice", id: 101, type: "User" }, performed_via_github_app: null },
  "other-bot": { user: { login: "quoter[bot]", id: 888, type: "Bot" }, performed_via_github_app: { id: 456, slug: "quoter" } },
} as const;

/** A comment as the API lists it; by default one of the app's own. */
export const comment = (id: number, body: string, author: Author = "us") => ({ id, node_id: `IC_${id}`, body, ...AUTHORS[author] });
