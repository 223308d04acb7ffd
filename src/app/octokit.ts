import { ProbotOctokit } from "probot";

/**
 * How the app's GitHub client waits, retries and gives up. Every retry is bounded in number and
 * every wait in length, so a review of a PR always ends (a completed check) within a known time.
 * Probot's own defaults retry the primary rate limit up to 3 times whatever the wait, never retry a
 * secondary limit, and never time a request out; these replace them.
 */
export interface ClientPolicy {
  /** A request without an answer after this long fails (and counts as a retryable error). */
  requestTimeoutMs: number;
  /** Retries of a 5xx, a network error or a timeout (`@octokit/plugin-retry`), after 1 s, 4 s, 9 s… */
  retries: number;
  /** Retries after a primary rate limit (quota exhausted), each waiting for the reset. */
  rateLimitRetries: number;
  /** Retries after a secondary rate limit, each waiting `retry-after` (60 s when GitHub gives none). */
  secondaryRateLimitRetries: number;
  /** A rate limit that asks for a longer wait is not waited for: the review fails with the reset time. */
  maxWaitSeconds: number;
  /** Milliseconds per second of every wait above: 1000 in production; tests shrink time, not the policy. */
  msPerSecond: number;
  /** Tests only: Bottleneck groups that replace the throttle's spacing (1 s between writes, 3 s between comments, 10 requests at a time). */
  throttleGroups?: { write?: unknown; notifications?: unknown; global?: unknown };
}

export const CLIENT_POLICY: Readonly<ClientPolicy> = Object.freeze({
  requestTimeoutMs: 20_000,
  retries: 2,
  rateLimitRetries: 1,
  secondaryRateLimitRetries: 2,
  maxWaitSeconds: 3600,
  msPerSecond: 1000,
});

/** Statuses never retried: errors that a retry cannot fix. 403 and 429 are rate limits, for the throttle plugin alone, so retries never multiply. */
export const DO_NOT_RETRY: readonly number[] = [400, 401, 403, 404, 410, 422, 429, 451];

/** A failed request that the policy retries: a 5xx, a network error or a timeout (Octokit reports the last two as 500). */
export const isRetryable = (e: unknown): boolean => {
  const status = (e as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && !DO_NOT_RETRY.includes(status);
};

/** Wait before retry `n` (1, 2, …), as `@octokit/plugin-retry` schedules it: 1 s, 4 s, 9 s… */
export const retryDelayMs = (policy: Pick<ClientPolicy, "msPerSecond">, n: number): number => n * n * policy.msPerSecond;

/**
 * The policy of a client built by `createBulkheadOctokit`, which carries it; undefined for any other
 * client (Probot's default under `probot run`, the CLI's), whose own retry then applies unchanged.
 */
export const policyOf = (client: object): Readonly<ClientPolicy> | undefined => (client as { bulkheadPolicy?: Readonly<ClientPolicy> }).bulkheadPolicy;

/** GitHub did not answer in time; the request may be retried, then the review fails with this reason. */
export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`no answer from GitHub within ${timeoutMs / 1000} s`);
  }
}

type Fetch = typeof globalThis.fetch;
const TIMED = Symbol("bulkhead.timed");

/** Statuses whose response has no body (a `Response` built with one throws). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch that gives every attempt (retries included) its own deadline, covering the body too.
 * The body is read here, within the deadline, and handed on buffered: Octokit reads a body whose
 * stream fails as an empty string, so an abort while it reads would pass for an empty answer.
 */
export function withTimeout(inner: Fetch | undefined, timeoutMs: number): Fetch {
  if (inner && (inner as Fetch & { [TIMED]?: true })[TIMED]) return inner;
  const timed = async (input: Parameters<Fetch>[0], init: RequestInit = {}) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    // Also for a fetch that ignores its signal: the deadline wins the race either way.
    let onAbort = () => {};
    const expired = new Promise<never>((_, reject) => {
      onAbort = () => reject(new RequestTimeoutError(timeoutMs));
      deadline.addEventListener("abort", onAbort, { once: true });
    });
    expired.catch(() => undefined);
    try {
      // Looked up per call: test doubles (nock) replace globalThis.fetch after this module loads.
      const response = await Promise.race([(inner ?? globalThis.fetch)(input, { ...init, signal }), expired]);
      const body = NULL_BODY.has(response.status) ? null : await Promise.race([response.arrayBuffer(), expired]);
      const buffered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(buffered, "url", { value: response.url });
      return buffered;
    } catch (e) {
      if (deadline.aborted && !init.signal?.aborted) throw new RequestTimeoutError(timeoutMs);
      throw e;
    } finally {
      deadline.removeEventListener("abort", onAbort);
    }
  };
  return Object.assign(timed, { [TIMED]: true as const });
}

interface LimitHandlerOptions {
  method: string;
  url: string;
  request: { retryCount: number };
}

interface Logged {
  log: { warn: (message: string) => void };
}

/**
 * `ProbotOctokit` with `policy`. Probot merges its own throttle handlers into the options of
 * every client it builds (app and installation); this function runs after that merge and
 * replaces them, so the policy holds for `context.octokit`.
 */
export function createBulkheadOctokit(overrides: Partial<ClientPolicy> = {}): typeof ProbotOctokit {
  const policy: ClientPolicy = { ...CLIENT_POLICY, ...overrides };
  const limitHandler = (kind: string, maxRetries: number) => (retryAfter: number, options: LimitHandlerOptions, octokit: Logged) => {
    const retryCount = options.request.retryCount;
    const retry = retryCount < maxRetries && retryAfter <= policy.maxWaitSeconds;
    octokit.log.warn(`${kind} rate limit on ${options.method} ${options.url}: ${retry ? `retry ${retryCount + 1} of ${maxRetries} in ${retryAfter} s` : "giving up"}`);
    return retry;
  };
  const Client = ProbotOctokit.defaults((options: Record<string, unknown>) => {
    const throttle = (options.throttle ?? {}) as Record<string, unknown>;
    const request = (options.request ?? {}) as { fetch?: Fetch };
    return {
      ...options,
      request: { ...request, fetch: withTimeout(request.fetch, policy.requestTimeoutMs) },
      retry: {
        retries: policy.retries,
        retryAfterBaseValue: policy.msPerSecond,
        doNotRetry: [...DO_NOT_RETRY],
      },
      throttle: {
        ...throttle,
        ...(throttle.enabled === false ? {} : policy.throttleGroups),
        retryAfterBaseValue: policy.msPerSecond,
        onRateLimit: limitHandler("primary", policy.rateLimitRetries),
        onSecondaryRateLimit: limitHandler("secondary", policy.secondaryRateLimitRetries),
      },
    };
  });
  // Every client of this class (the app's and each installation's) carries the policy, for `policyOf`.
  return Client.plugin(() => ({ bulkheadPolicy: Object.freeze({ ...policy }) })) as unknown as typeof ProbotOctokit;
}
