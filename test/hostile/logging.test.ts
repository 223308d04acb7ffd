import nock from "nock";
import type { Probot } from "probot";
import { beforeEach, describe, expect, it } from "vitest";
import { BASE } from "../app/fixtures/manifests.js";
import {
  API,
  BASE_SHA,
  fixture,
  HEAD_SHA,
  INSTALLATION_TOKEN,
  mockBlobs,
  mockCheckCreate,
  mockCheckUpdate,
  mockComments,
  mockPull,
  mockRepository,
  mockReviews,
  mockToken,
  mockTree,
  pullRequest,
  REPO,
  type CheckUpdate,
} from "../app/support/github-api.js";
import { createTestApp, PRIVATE_KEY, WEBHOOK_SECRET } from "../app/support/probot.js";
import { useStrictNock } from "../app/support/strict-nock.js";
import { gitBlobSha } from "../fakes/in-memory-file-source.js";

/**
 * What the app logs while it reviews a hostile pull request: the whole Probot app (its own logger
 * at debug level, Octokit's request logging, our handlers), driven by a webhook, with GitHub's API
 * mocked. Logs may carry ids, SHAs, paths, counts and outcomes; never a token, the private key,
 * the webhook secret, manifest content or the comment body.
 */
useStrictNock();

let probot: Probot;
let logs: string[];
beforeEach(async () => {
  ({ probot, logs } = await createTestApp());
});

const CANARY = "canary-7f3d9c1e-do-not-log";
/** A manifest whose content must stay out of the logs: a secret-looking value, a hostile name, and a broken document. */
const LEAK = `apiVersion: v1
kind: Secret
metadata: {name: ${CANARY}-name, namespace: sales}
stringData: {password: ${CANARY}-password, token: ghp_${CANARY}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: broken, namespace: sales}
spec: {endpointSelector: {}, ingress: [{fromEntities: [world]}
`;
const HEAD = { ...BASE, "clusters/prod/sales/leak.yaml": LEAK };

const receive = (id: string) => probot.receive({ id, name: "pull_request", payload: fixture("pull_request.opened.json") } as never);

/** What must never be logged, at any level: secrets, and file content. */
const FORBIDDEN = [INSTALLATION_TOKEN, WEBHOOK_SECRET, "PRIVATE KEY", PRIVATE_KEY.split("\n")[1]!, CANARY, "stringData", "fromEntities"];

/** Parsed log lines at `level` (pino: 20 debug, 30 info) or above. */
const atLeast = (lines: readonly string[], level: number) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => Number(l.level) >= level);

describe("logs of a review", () => {
  it("a hostile PR reviewed to a failed check: ids and outcome logged, no secret or file content even at debug level", async () => {
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest(), 2);
    mockCheckCreate(api, HEAD_SHA);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: HEAD });
    mockReviews(api, 7);
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);
    mockComments(api, 7, []);
    const bodies: string[] = [];
    api.post(`${REPO}/issues/7/comments`, (b: { body: string }) => (bodies.push(b.body), true)).reply(201, { id: 1 });

    await receive("d-hostile-logs");

    expect(updates.at(-1)).toMatchObject({ status: "completed", conclusion: "failure" });
    // The canary did reach the PR (the comment names the Secret's file), so its absence from the logs means something.
    expect(bodies.join("")).toContain("leak.yaml");
    const text = logs.join("\n");
    expect(FORBIDDEN.filter((s) => text.includes(s))).toEqual([]);
    const info = atLeast(logs, 30);
    expect(info.find((l) => l.msg === "review finished")).toMatchObject({ deliveryId: "d-hostile-logs", repo: "acme/gitops", pr: 7, sha: HEAD_SHA, outcome: "fail" });
    // At the default level (info) not even the report is logged. At debug, Probot's Octokit logger
    // adds the parameters of each write request, i.e. the check run output and the comment body,
    // which quote names from the manifests (JSON-escaped, so they cannot forge log lines).
    const infoText = JSON.stringify(info);
    expect(["bulkhead:comment", "YAML_SYNTAX", "Flow sequence", "annotations"].filter((s) => infoText.includes(s))).toEqual([]);
  });

  it("a review that GitHub breaks off (500 on a blob): the error is logged by kind and status, without request headers", async () => {
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest(), 1);
    mockCheckCreate(api, HEAD_SHA);
    mockTree(api, BASE_SHA, BASE);
    mockTree(api, HEAD_SHA, HEAD);
    mockBlobs(api, [BASE[".github/bulkhead.yml"]!]);
    // Base and head are read concurrently: once the leak fails, the other reads may or may not happen.
    for (const [path, text] of Object.entries(BASE)) {
      if (!path.endsWith(".yaml")) continue;
      const sha = gitBlobSha(text);
      api.get(`${REPO}/git/blobs/${sha}`).optionally().reply(200, { sha, content: Buffer.from(text).toString("base64"), encoding: "base64" });
    }
    api.get(`${REPO}/git/blobs/${gitBlobSha(LEAK)}`).reply(500, { message: `Server Error ${CANARY}` });
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);

    await receive("d-failed-logs");

    expect(updates.at(-1)).toMatchObject({ status: "completed", conclusion: "failure" });
    const failed = logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "review failed");
    expect(failed).toMatchObject({ reason: "github_unavailable", err: { status: 500 } });
    const text = logs.join("\n");
    expect([INSTALLATION_TOKEN, WEBHOOK_SECRET, "PRIVATE KEY", "authorization", "stringData"].filter((s) => text.includes(s))).toEqual([]);
  });
});
