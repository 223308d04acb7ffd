import { generateKeyPairSync } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Probot, ProbotOctokit } from "probot";
import { createBulkheadApp } from "../../../src/app/index.js";
import { createMetrics, type Metrics } from "../../../src/app/metrics.js";

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

export async function createTestApp(): Promise<{ probot: Probot; metrics: Metrics; logs: string[] }> {
  const { log, lines } = captureLogs();
  const metrics = createMetrics();
  const probot = new Probot({ appId: 123, privateKey: PRIVATE_KEY, secret: WEBHOOK_SECRET, log, Octokit: TestOctokit });
  await probot.load(createBulkheadApp({ metrics, now: () => NOW }));
  return { probot, metrics, logs: lines };
}
