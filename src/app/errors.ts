import type { CheckRunOutput } from "../core/review/types.js";

/** The input could not be read in full (e.g. a tree GitHub will not list); never review part of it. */
export class IncompleteInputError extends Error {
  override readonly name = "IncompleteInputError";
}

/**
 * A commit (or a blob of it) is in neither the base repository nor the PR's fork: typically a fork
 * or branch deleted, or a commit force-pushed away, while the PR was being reviewed.
 */
export class CommitUnreadableError extends Error {
  override readonly name = "CommitUnreadableError";
}

/** `.github/bulkhead.yml` exists on the base but cannot be read; falling back to no config would loosen the rules. */
export class ConfigUnreadableError extends Error {
  override readonly name = "ConfigUnreadableError";
}

/** Why the review worker stopped a review: it ran past its deadline, past its memory, or the worker died. */
export type ReviewLimit = { kind: "timeout"; ms: number } | { kind: "memory"; mb: number } | { kind: "crash"; detail: string };

/**
 * The analysis itself was stopped (worker-reviewer.ts). The worker is replaced and the review is
 * not retried: the same input would hit the same limit, so the check fails closed at once.
 */
export class ReviewAbortedError extends Error {
  override readonly name = "ReviewAbortedError";
  constructor(readonly limit: ReviewLimit) {
    super(limit.kind === "timeout" ? `review stopped after ${limit.ms} ms` : limit.kind === "memory" ? `review stopped at its ${limit.mb} MiB memory limit` : `review worker stopped: ${limit.detail}`);
  }
}

/** Why a review failed, as a closed set for the `bulkhead_failures_total{reason}` metric. */
export type FailureReason =
  | "incomplete_input"
  | "config_unreadable"
  | "rate_limited"
  | "github_timeout"
  | "github_unavailable"
  | "not_found"
  | "github_api"
  | "review_timeout"
  | "review_memory"
  | "review_crashed"
  | "internal";

export interface Failure {
  reason: FailureReason;
  /** For people: what happened and what to do. Never a token, a header or file content. */
  explanation: string;
}

interface HttpError {
  status: number;
  message?: string;
  cause?: unknown;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined> };
}

const isHttpError = (e: unknown): e is HttpError => typeof e === "object" && e !== null && typeof (e as { status?: unknown }).status === "number";

/** `GET /repos/o/r/git/trees/…`: the route without host or query string. */
function route(e: HttpError): string {
  const url = e.request?.url;
  if (!url) return "a GitHub API request";
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, "").replace(/\?.*$/, "");
  return `${e.request?.method ?? "GET"} ${path}`;
}

function rateLimitReset(e: HttpError): string | undefined {
  const headers = e.response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (retryAfter > 0) return `in ${retryAfter} s`;
  const reset = Number(headers["x-ratelimit-reset"]);
  return reset > 0 ? `at ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC` : undefined;
}

const isRateLimit = (e: HttpError): boolean =>
  e.status === 429 || (e.status === 403 && (String(e.response?.headers?.["x-ratelimit-remaining"]) === "0" || /rate limit/i.test(e.message ?? "") || e.response?.headers?.["retry-after"] !== undefined));

const isSecondary = (e: HttpError): boolean => /secondary rate limit/i.test(e.message ?? "");

/** Octokit reports a request that our fetch timed out (see octokit.ts) as a 500 whose cause says so. */
const timedOut = (e: HttpError): { timeoutMs?: number } | undefined => {
  const cause = e.cause as { name?: unknown; timeoutMs?: unknown } | undefined;
  if (cause?.name !== "RequestTimeoutError" && cause?.name !== "TimeoutError") return undefined;
  return typeof cause.timeoutMs === "number" ? { timeoutMs: cause.timeoutMs } : {};
};

const RETRY = "Use **Re-run** on this check or comment `/bulkhead recheck` to try again.";

/** Turn whatever stopped a review into a reason and a sentence a PR author can act on. */
export function describeFailure(e: unknown): Failure {
  if (e instanceof IncompleteInputError) return { reason: "incomplete_input", explanation: `${e.message}. Bulkhead never reviews part of a repository, so this check fails closed.` };
  if (e instanceof CommitUnreadableError) return { reason: "not_found", explanation: `${e.message}. ${RETRY}` };
  if (e instanceof ConfigUnreadableError) return { reason: "config_unreadable", explanation: `${e.message}. Bulkhead does not fall back to defaults when the tenant configuration cannot be read.` };
  if (e instanceof ReviewAbortedError) return describeAbort(e.limit);
  if (!isHttpError(e)) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { reason: "internal", explanation: `Bulkhead hit an internal error (${what.slice(0, 300)}). ${RETRY} If it persists, report it with this check's URL.` };
  }
  if (isRateLimit(e)) {
    const reset = rateLimitReset(e);
    const which = isSecondary(e) ? "secondary rate limit (too many requests in a short time)" : "API rate limit";
    return { reason: "rate_limited", explanation: `GitHub's ${which} was reached (HTTP ${e.status} on ${route(e)})${reset ? `; it resets ${reset}` : ""}. ${RETRY}` };
  }
  const timeout = timedOut(e);
  if (timeout) {
    const within = timeout.timeoutMs !== undefined ? ` within ${timeout.timeoutMs / 1000} s` : "";
    return { reason: "github_timeout", explanation: `GitHub did not answer ${route(e)}${within}. ${RETRY}` };
  }
  if (e.status >= 500) return { reason: "github_unavailable", explanation: `GitHub's API failed (HTTP ${e.status} on ${route(e)}). ${RETRY}` };
  if (e.status === 404) return { reason: "not_found", explanation: `GitHub answered 404 for ${route(e)}: the commit may have been force-pushed away or its fork deleted, or the app cannot read this repository. ${RETRY}` };
  return { reason: "github_api", explanation: `GitHub's API refused ${route(e)} (HTTP ${e.status}). Check the app's permissions. ${RETRY}` };
}

const TOO_LARGE = "Bulkhead never passes a change it could not analyse in full, so this check fails closed. Split the pull request into smaller ones, or ask the app's operator to raise";

function describeAbort(limit: ReviewLimit): Failure {
  switch (limit.kind) {
    case "timeout":
      return { reason: "review_timeout", explanation: `The analysis of this change did not finish within ${limit.ms / 1000} s and was stopped. ${TOO_LARGE} the limit (\`BULKHEAD_REVIEW_TIMEOUT_SECONDS\`). A **Re-run** helps only if the app was busy.` };
    case "memory":
      return { reason: "review_memory", explanation: `The analysis of this change needed more than ${limit.mb} MiB of memory and was stopped. ${TOO_LARGE} the limit (\`BULKHEAD_REVIEW_MEMORY_MB\`).` };
    case "crash":
      return { reason: "review_crashed", explanation: `The analysis of this change stopped unexpectedly (${limit.detail.slice(0, 300)}), so this check fails closed. ${RETRY} If it persists, report it with this check's URL.` };
  }
}

/** Check output for a review that could not complete. */
export const failureOutput = (failure: Failure): CheckRunOutput => ({
  title: "Bulkhead could not complete the review",
  summary: failure.explanation,
  text: "",
  annotations: [],
});
