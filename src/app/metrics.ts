import { Counter, Gauge, Histogram, Registry } from "./prometheus.js";

/** Outcome of one review, the label values of `bulkhead_evaluations_total`. */
export type ReviewOutcome = "pass" | "fail" | "unchanged" | "stale" | "error";

/**
 * The app's metrics. Labels are closed sets (outcome, reason, event), never repository names or
 * SHAs: an unbounded label would grow the series without limit on a busy installation.
 */
export function createMetrics() {
  const registry = new Registry();
  return {
    registry,
    evaluations: registry.register(new Counter("bulkhead_evaluations_total", "Pull request and merge group reviews by outcome (pass, fail, unchanged, stale, error).")),
    duration: registry.register(new Histogram("bulkhead_evaluation_duration_seconds", "Time from check run creation to the published result.", [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120])),
    failures: registry.register(new Counter("bulkhead_failures_total", "Reviews that ended as a failed check because of an error, by reason.")),
    deliveries: registry.register(new Counter("bulkhead_webhook_deliveries_total", "Webhook deliveries by event and handling (processed, duplicate, ignored).")),
    rateLimitRemaining: registry.register(new Gauge("bulkhead_github_rate_limit_remaining", "x-ratelimit-remaining of the most recent GitHub API response, by resource.")),
    cacheBytes: registry.register(new Gauge("bulkhead_blob_cache_bytes", "Bytes held by the blob-SHA content cache.")),
    cacheRequests: registry.register(new Counter("bulkhead_blob_cache_requests_total", "Blob reads by result (hit, miss).")),
    tarballs: registry.register(new Counter("bulkhead_tarball_reads_total", "Commit tarballs read to fill the blob cache, by result (ok, failed: the blobs were then read one by one).")),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
