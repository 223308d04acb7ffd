import { createHmac } from "node:crypto";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/app/server-config.js";
import { startServer, type RunningServer } from "../../src/app/server.js";
import { DOCS_ONLY, BASE } from "./fixtures/manifests.js";
import { API, BASE_SHA, fixture, HEAD_SHA, mockCheckCreate, mockCheckUpdate, mockComments, mockPull, mockRepository, mockToken, pullRequest, type CheckUpdate } from "./support/github-api.js";
import { captureLogs, PRIVATE_KEY, TestOctokit, WEBHOOK_SECRET } from "./support/probot.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

const env = { APP_ID: "123", PRIVATE_KEY, WEBHOOK_SECRET, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "debug" as const };
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const sign = (body: string, secret = WEBHOOK_SECRET) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

/** A webhook delivery as GitHub sends it: JSON body, event, delivery id and HMAC signature headers. */
async function deliver(url: string, event: string, payload: unknown, options: { id?: string; secret?: string } = {}) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${url}/api/github/webhooks`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": options.id ?? "e2e-1", "x-hub-signature-256": sign(body, options.secret), "user-agent": "GitHub-Hookshot/e2e" },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe("the HTTP server (npm start)", () => {
  it("takes a signed webhook through to the GitHub API calls, and serves /healthz and /metrics", async () => {
    const { log } = captureLogs();
    server = await startServer({ env, Octokit: TestOctokit, log });
    const api = nock(API);
    mockToken(api);
    mockPull(api, pullRequest(), 2);
    mockCheckCreate(api, HEAD_SHA);
    mockRepository(api, { sha: BASE_SHA, files: BASE }, { sha: HEAD_SHA, files: DOCS_ONLY });
    const updates: CheckUpdate[] = [];
    mockCheckUpdate(api, updates);
    mockComments(api, 7, []);

    expect(await deliver(server.url, "pull_request", fixture("pull_request.opened.json"))).toEqual({ status: 200, text: "ok\n" });
    expect(updates).toMatchObject([{ status: "completed", conclusion: "success" }]);

    const health = await fetch(`${server.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await metrics.text();
    expect(text).toContain('bulkhead_evaluations_total{outcome="unchanged"} 1');
    expect(text).toContain('bulkhead_webhook_deliveries_total{event="pull_request",handling="processed"} 1');
    expect(text).toMatch(/bulkhead_evaluation_duration_seconds_count 1/);
  });

  it("rejects a webhook with a bad signature and calls no API", async () => {
    const { log } = captureLogs();
    server = await startServer({ env, Octokit: TestOctokit, log });
    const response = await deliver(server.url, "pull_request", fixture("pull_request.opened.json"), { secret: "not-the-secret" });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/signature does not match/);
  });

  it("rejects a request without the webhook headers, and answers 404 elsewhere", async () => {
    const { log } = captureLogs();
    server = await startServer({ env, Octokit: TestOctokit, log });
    const unsigned = await fetch(`${server.url}/api/github/webhooks`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(unsigned.status).toBe(400);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });

  it("refuses to start without a webhook secret", async () => {
    await expect(startServer({ env: { ...env, WEBHOOK_SECRET: "" }, Octokit: TestOctokit })).rejects.toBeInstanceOf(ConfigurationError);
  });
});
