import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * Token scope: the installation token can do what app.yml grants, so app.yml must grant no more
 * than the code uses, and the code must use nothing app.yml does not grant. Checked statically,
 * from app.yml and the source of src/app: a new GitHub API call fails this test until it is added
 * below with the permission it needs (and that permission, if new, to app.yml and
 * docs/github-app.md).
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const APP_DIR = join(ROOT, "src/app");

interface Manifest {
  default_permissions: Record<string, "read" | "write">;
  default_events: string[];
}
const manifest = parse(readFileSync(join(ROOT, "app.yml"), "utf8")) as Manifest;

/** The least privilege the app needs (docs/github-app.md, "Permissions, and why"). */
const LEAST_PRIVILEGE = {
  checks: "write",
  pull_requests: "write",
  contents: "read",
  metadata: "read",
  members: "read",
  merge_queues: "read",
};

/** Every GitHub API the app calls, and the permission GitHub requires for it. */
const API_PERMISSIONS: Record<string, `${keyof typeof LEAST_PRIVILEGE}:${"read" | "write"}`> = {
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}": "contents:read",
  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}": "contents:read",
  "GET /repos/{owner}/{repo}/tarball/{ref}": "contents:read",
  "rest.pulls.get": "pull_requests:read",
  "rest.pulls.list": "pull_requests:read",
  "rest.pulls.listReviews": "pull_requests:read",
  "rest.repos.listPullRequestsAssociatedWithCommit": "pull_requests:read",
  "rest.teams.getMembershipForUserInOrg": "members:read",
  "rest.checks.create": "checks:write",
  "rest.checks.update": "checks:write",
  "rest.checks.listForRef": "checks:read",
  "rest.issues.listComments": "pull_requests:read",
  "rest.issues.createComment": "pull_requests:write",
  "rest.issues.updateComment": "pull_requests:write",
  "rest.reactions.createForIssueComment": "pull_requests:write",
  "graphql minimizeComment": "pull_requests:write",
};

const sources = (dir: string): Array<{ file: string; text: string }> =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => {
      const file = join(e.parentPath, e.name);
      return { file: file.slice(ROOT.length), text: readFileSync(file, "utf8") };
    });

/** `rest.<namespace>.<method>`, `request("VERB /route")` and the operations of `graphql(...)` documents. */
function apiCalls(): Map<string, string[]> {
  const calls = new Map<string, string[]>();
  const add = (call: string, file: string) => calls.set(call, [...(calls.get(call) ?? []), file]);
  for (const { file, text } of sources(APP_DIR)) {
    for (const m of text.matchAll(/\brest\.([a-zA-Z]+)\.([a-zA-Z]+)/g)) add(`rest.${m[1]}.${m[2]}`, file);
    for (const m of text.matchAll(/\brequest\(\s*["'`]((?:GET|POST|PATCH|PUT|DELETE) \/[^"'`]+)["'`]/g)) add(m[1]!, file);
    for (const m of text.matchAll(/graphql\(\s*`([^`]*)`/g)) {
      for (const op of m[1]!.matchAll(/(?:mutation|query)[^{]*\{\s*([a-zA-Z]+)/g)) add(`graphql ${op[1]}`, file);
    }
  }
  return calls;
}

const grants = (permission: string): boolean => {
  const [scope, level] = permission.split(":") as [string, "read" | "write"];
  const granted = manifest.default_permissions[scope];
  return granted === "write" || granted === level;
};

describe("token scope", () => {
  it("app.yml asks for the least privilege: no write access to code, workflows, secrets or settings", () => {
    expect(manifest.default_permissions).toEqual(LEAST_PRIVILEGE);
  });

  it("every GitHub API call in src/app is known, and covered by a permission app.yml grants", () => {
    const calls = apiCalls();
    expect(calls.size, "the scan found the app's API calls").toBeGreaterThan(10);
    const unknown = [...calls].filter(([call]) => !(call in API_PERMISSIONS)).map(([call, files]) => `${call} (${[...new Set(files)].join(", ")})`);
    expect(unknown, "API calls without a reviewed permission: add them to API_PERMISSIONS").toEqual([]);
    const ungranted = [...calls.keys()].filter((call) => !grants(API_PERMISSIONS[call]!));
    expect(ungranted, "API calls app.yml does not grant").toEqual([]);
  });

  it("every permission app.yml grants is used (metadata is mandatory; merge_queues only delivers merge_group events)", () => {
    const used = new Set(Object.values(API_PERMISSIONS).map((p) => p.split(":")[0]));
    const unused = Object.keys(manifest.default_permissions).filter((scope) => !used.has(scope) && scope !== "metadata" && scope !== "merge_queues");
    expect(unused).toEqual([]);
  });

  it("the events app.yml subscribes to are exactly those src/app/index.ts handles", () => {
    const index = readFileSync(join(APP_DIR, "index.ts"), "utf8");
    const handled = [...index.matchAll(/app\.on\("([a-z_]+)"/g)].map((m) => m[1]);
    expect([...manifest.default_events].sort()).toEqual([...handled].sort());
  });
});
