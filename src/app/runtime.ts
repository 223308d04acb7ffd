import type { Context } from "probot";
import { DeliveryLog } from "./delivery-log.js";
import { createContentCache, GitHubFileSource, type ContentCache } from "./github-file-source.js";
import { GitHubPullRequests } from "./github-pull-requests.js";
import { KeyedQueue, SUPERSEDED } from "./keyed-queue.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { GitHubPublisher } from "./publisher.js";
import type { RepoId } from "./ports.js";
import { reviewPullRequest, type ReviewDeps, type ReviewReport, type ReviewTarget } from "./review-pull-request.js";
import type { Reviewer } from "./reviewer.js";
import { WorkerReviewer } from "./worker-reviewer.js";

export interface AppOptions {
  metrics?: Metrics;
  /** Budget of the blob-SHA content cache, in bytes (default 128 MiB). */
  cacheBytes?: number;
  now?: () => Date;
  /** Where reviews run (default: a `WorkerReviewer` with its default limits, started on the first review). */
  reviewer?: Reviewer;
}

/** State shared by all events of one app instance. Nothing in it is needed for correctness across replicas. */
export interface AppRuntime {
  cache: ContentCache;
  /** Runs every review of this process off the event loop; it keeps the parse cache, so a push re-parses only what changed. */
  reviewer: Reviewer;
  /** This app's id, read from its credentials on the first event: the sticky comment is only ever one of ours. */
  appId?: number;
  deliveries: DeliveryLog;
  queue: KeyedQueue;
  metrics: Metrics;
  now: () => Date;
}

export function createRuntime(options: AppOptions = {}): AppRuntime {
  const metrics = options.metrics ?? createMetrics();
  const cache = createContentCache(options.cacheBytes);
  cache.onBlobRead = (hit) => {
    metrics.cacheRequests.inc({ result: hit ? "hit" : "miss" });
    metrics.cacheBytes.set(cache.blobs.weight);
  };
  cache.onTarball = (result) => {
    metrics.tarballs.inc({ result: "failed" in result ? "failed" : "ok" });
    metrics.cacheBytes.set(cache.blobs.weight);
  };
  return { cache, reviewer: options.reviewer ?? new WorkerReviewer(), deliveries: new DeliveryLog(), queue: new KeyedQueue(), metrics, now: options.now ?? (() => new Date()) };
}

/** How a delivery was handled, the label of `bulkhead_webhook_deliveries_total`. */
export type Handling = "processed" | "ignored" | "duplicate" | "superseded" | "failed";

type AnyContext = Context;

/**
 * Run a delivery at most once (GitHub keeps the delivery id on redelivery), with the event's
 * installation client observed for rate-limit metrics. A delivery that failed is forgotten, so a
 * manual redelivery retries it.
 */
export async function handleOnce(context: AnyContext, runtime: AppRuntime, work: () => Promise<Handling>): Promise<void> {
  const action = (context.payload as { action?: string }).action;
  const event = context.name;
  if (!runtime.deliveries.begin(context.id)) {
    runtime.metrics.deliveries.inc({ event, handling: "duplicate" });
    context.log.info({ deliveryId: context.id, event, action }, "duplicate delivery ignored");
    return;
  }
  observeRateLimit(context, runtime.metrics);
  let handling: Handling = "failed";
  try {
    handling = await work();
  } finally {
    if (handling === "failed") runtime.deliveries.forget(context.id);
    runtime.metrics.deliveries.inc({ event, handling });
  }
}

function observeRateLimit(context: AnyContext, metrics: Metrics): void {
  const record = (headers: Record<string, unknown> | undefined) => {
    const remaining = Number(headers?.["x-ratelimit-remaining"]);
    if (Number.isFinite(remaining)) metrics.rateLimitRemaining.set(remaining, { resource: String(headers?.["x-ratelimit-resource"] ?? "core") });
  };
  context.octokit.hook.after("request", (response) => record(response.headers));
  context.octokit.hook.error("request", (error) => {
    record((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
    throw error;
  });
}

export function repoOf(context: AnyContext): RepoId {
  const repository = (context.payload as { repository?: { owner: { login: string }; name: string } }).repository;
  if (!repository) throw new Error(`${context.name} event without a repository`);
  return { owner: repository.owner.login, repo: repository.name };
}

/** Adapters for one event: its installation client, the shared caches and reviewer. */
export function reviewDeps(context: AnyContext, runtime: AppRuntime, repo: RepoId, log: ReviewDeps["log"], appId: number): ReviewDeps {
  return {
    repo,
    files: new GitHubFileSource(context.octokit, runtime.cache),
    pulls: new GitHubPullRequests(context.octokit, repo),
    publisher: new GitHubPublisher(context.octokit, repo, { appId, now: runtime.now }),
    metrics: runtime.metrics,
    log,
    now: runtime.now,
    reviewer: runtime.reviewer,
  };
}

/** The app's id from the installation client's credentials (it signs a JWT locally: no request), once per process. */
async function appIdOf(context: AnyContext, runtime: AppRuntime): Promise<number> {
  if (runtime.appId === undefined) {
    const auth = (await context.octokit.auth({ type: "app" })) as { appId?: unknown };
    const appId = Number(auth.appId);
    if (!Number.isInteger(appId) || appId <= 0) throw new Error("the app's id is not known: cannot tell its own comments from others'");
    runtime.appId = appId;
  }
  return runtime.appId;
}

/** Review one target, one at a time per PR; a newer event for the same PR replaces a waiting one. */
export async function queueReview(context: AnyContext, runtime: AppRuntime, target: ReviewTarget): Promise<Handling> {
  const repo = repoOf(context);
  const key = target.kind === "pull_request" ? `${repo.owner}/${repo.repo}#${target.number}` : `${repo.owner}/${repo.repo}@${target.headSha}`;
  const pr = target.kind === "pull_request" ? target.number : target.prNumber;
  const payload = context.payload as { action?: string; installation?: { id: number } };
  const log = context.log.child({ deliveryId: context.id, event: context.name, action: payload.action, installation: payload.installation?.id, repo: `${repo.owner}/${repo.repo}`, pr });
  const appId = await appIdOf(context, runtime);
  const report: ReviewReport | typeof SUPERSEDED = await runtime.queue.run(key, () => reviewPullRequest(reviewDeps(context, runtime, repo, log, appId), target));
  if (report === SUPERSEDED) return "superseded";
  if (report.outcome === "ignored") return "ignored";
  return report.outcome === "error" ? "failed" : "processed";
}
