/**
 * The production GitHub client policy, in real (faked) seconds: how often it retries and how long
 * it waits. The webhook tests run the same policy with time shrunk; these pin the production
 * figures that docs/reliability.md quotes.
 */
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLIENT_POLICY, createBulkheadOctokit, RequestTimeoutError, withTimeout } from "../../src/app/octokit.js";
import { useStrictNock } from "./support/strict-nock.js";

useStrictNock();

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const ROUTE = "/repos/acme/gitops/git/trees/abc";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Answer every attempt with `reply`; return each attempt's second on the fake clock, from the first, and the final error. */
async function attempts(reply: () => [number, object, Record<string, string>?]): Promise<{ at: number[]; error: { status?: number } }> {
  const times: number[] = [];
  nock("https://api.github.com")
    .get(ROUTE)
    .times(10)
    .optionally()
    .reply(() => (times.push(Date.now()), reply()));
  const Octokit = createBulkheadOctokit();
  const octokit = new Octokit({ auth: { token: "ghs_test" }, log: quiet } as never);
  let error: { status?: number } | undefined;
  const done = octokit.request(`GET ${ROUTE}`).catch((e: { status?: number }) => (error = e));
  // Jump the clock to the next timer only, letting real I/O (nock's answers) run in between.
  for (let i = 0; i < 10_000 && error === undefined; i++) {
    await vi.advanceTimersToNextTimerAsync();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await done;
  return { at: times.map((t) => Math.round((t - times[0]!) / 1000)), error: error! };
}

describe("production client policy", () => {
  it("is bounded: retries, waits and the request timeout", () => {
    expect(CLIENT_POLICY).toEqual({ requestTimeoutMs: 20_000, retries: 2, rateLimitRetries: 1, secondaryRateLimitRetries: 2, maxWaitSeconds: 3600, msPerSecond: 1000 });
  });

  it("retries a 5xx twice, after 1 s and 4 s", async () => {
    const { at, error } = await attempts(() => [502, { message: "Server Error" }]);
    expect(at).toEqual([0, 1, 5]);
    expect(error.status).toBe(502);
  });

  it("retries a secondary rate limit twice, each after retry-after", async () => {
    const { at, error } = await attempts(() => [403, { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }, { "retry-after": "60" }]);
    expect(at).toEqual([0, 60, 120]);
    expect(error.status).toBe(403);
  });

  it("waits for a primary rate limit's reset once", async () => {
    let reset: string | undefined; // 300 s after the first attempt
    const { at, error } = await attempts(() => [403, { message: "API rate limit exceeded for installation ID 2." }, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": (reset ??= String(Math.floor(Date.now() / 1000) + 300)) }]);
    expect(at).toHaveLength(2);
    expect(at[1]).toBeGreaterThanOrEqual(300);
    expect(at[1]).toBeLessThanOrEqual(302);
    expect(error.status).toBe(403);
  });

  it("does not wait when GitHub asks for longer than an hour", async () => {
    const { at } = await attempts(() => [403, { message: "You have exceeded a secondary rate limit." }, { "retry-after": "7200" }]);
    expect(at).toEqual([0]);
  });

  it("does not retry what a retry cannot fix (404, 422, 403 without a rate limit)", async () => {
    for (const status of [404, 422, 403]) {
      const { at, error } = await attempts(() => [status, { message: "Nope" }]);
      expect(at).toEqual([0]);
      expect(error.status).toBe(status);
      nock.cleanAll();
    }
  });
});

describe("withTimeout", () => {
  afterEach(() => vi.useRealTimers());

  it("fails a request with no answer as a timeout, and hands on a complete body otherwise", async () => {
    vi.useRealTimers();
    const slow = withTimeout(() => new Promise<Response>(() => {}), 20);
    await expect(slow("https://api.github.com/x")).rejects.toBeInstanceOf(RequestTimeoutError);
    const fast = withTimeout(async () => new Response('{"ok":true}', { status: 200, headers: { "content-type": "application/json" } }), 1000);
    const response = await fast("https://api.github.com/x");
    expect(await response.json()).toEqual({ ok: true });
    const empty = withTimeout(async () => new Response(null, { status: 204 }), 1000);
    expect((await empty("https://api.github.com/x")).status).toBe(204);
  });
});
