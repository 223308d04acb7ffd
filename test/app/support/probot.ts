import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createBulkheadApp } from "../../../src/app/index.js";
import { CLIENT_POLICY, createBulkheadOctokit } from "../../../src/app/octokit.js";
import { createMetrics, type Metrics } from "../../../src/app/metrics.js";
import { createInProcessReviewer, type Reviewer } from "../../../src/app/reviewer.js";

/** A fresh RSA key per test run, as changesets/bot does: no committed secret, even a fake one. */
export const PRIVATE_KEY = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } }).privateKey;
export const WEBHOOK_SECRET = "test-webhook-secret";
export const NOW = new Date("2026-03-02T12:00:00Z");

/**
 * Retries and throttling off, so a 5xx or 403 fails at once and nothing sleeps (the throttle
 * spaces writes by 1 s). The function form matters: Probot merges its own `throttle` options over
 * plain defaults, which would switch throttling back on.
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } }));

/** A Bottleneck group that runs every job at once: replaces the throttle's spacing of writes (1 s, 3 s for comments) and its scheduler. */
const unspaced = { key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => job(...args) }) };

/**
 * The production client policy (bounded retries of 5xx, timeouts and rate limits, per-request
 * timeout: src/app/octokit.ts) with time shrunk a thousandfold — a 60 s `retry-after` waits 60 ms —
 * and writes not spaced. The retry counts are production's own. The timeout is the one thing not
 * shrunk: a short one would fire whenever the event loop is busy reviewing.
 */
export const ProductionPolicyOctokit = createBulkheadOctokit({ msPerSecond: 1, throttleGroups: { write: unspaced, notifications: unspaced, global: unspaced } });

/** Request timeout of `ShortTimeoutOctokit`, for the timeout tests. */
export const TEST_TIMEOUT_MS = 150;

/** `ProductionPolicyOctokit` with a short request timeout, for tests where GitHub does not answer. */
export const ShortTimeoutOctokit = createBulkheadOctokit({ msPerSecond: 1, requestTimeoutMs: TEST_TIMEOUT_MS, throttleGroups: { write: unspaced, notifications: unspaced, global: unspaced } });

/** Attempts per request under the production policy: first try plus retries. */
export const ATTEMPTS = { error: 1 + CLIENT_POLICY.retries, secondaryRateLimit: 1 + CLIENT_POLICY.secondaryRateLimitRetries, rateLimit: 1 + CLIENT_POLICY.rateLimitRetries };

/** Every log line, as JSON, to assert on what is (not) logged. */
export function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { log: pino({ level: "debug" }, stream), lines };
}

/**
 * The app as Probot runs it, with app id 123 (the id of `comment(…)` fixtures written by the app).
 * Reviews run in-process unless a test passes a reviewer (review-worker.test.ts runs the real worker).
 */
export async function createTestApp(options: { Octokit?: typeof ProbotOctokit; reviewer?: Reviewer } = {}): Promise<{ probot: Probot; metrics: Metrics; logs: string[] }> {
  const { log, lines } = captureLogs();
  const metrics = createMetrics();
  const probot = new Probot({ appId: 123, privateKey: PRIVATE_KEY, secret: WEBHOOK_SECRET, log, Octokit: options.Octokit ?? TestOctokit });
  await probot.load(createBulkheadApp({ metrics, now: () => NOW, reviewer: options.reviewer ?? createInProcessReviewer() }));
  return { probot, metrics, logs: lines };
}
