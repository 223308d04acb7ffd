import { isRetryable, policyOf, retryDelayMs } from "./octokit.js";
import type { GitHub } from "./github.js";

/** Per-request options that switch the client's own retry off for one request. */
export type NoRetry = { request: { retries: 0 } };

/**
 * Create a GitHub object at most once although its POST may be retried. GitHub can create the
 * object and still answer 502, or answer too late for the request timeout; a blind retry then
 * leaves two. So the client's own retry is off for the POST, and after each failure that may have
 * reached GitHub, `find` looks for the object and, if it is there, it is adopted. Only when it is
 * not is the POST sent again, as often and after the same waits as the client policy retries any
 * request. A clean create costs exactly the one POST: the lookups happen on failures only.
 *
 * A client without Bulkhead's policy (Probot's default under `probot run`) keeps its own retry.
 */
export async function createOnce<T>(github: GitHub, create: (options: NoRetry | Record<string, never>) => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
  const policy = policyOf(github);
  if (!policy) return create({});
  for (let attempt = 0; ; attempt++) {
    try {
      return await create({ request: { retries: 0 } });
    } catch (e) {
      if (!isRetryable(e)) throw e;
      const last = attempt >= policy.retries;
      // Waiting first gives GitHub the time a retry would have given it; after the last attempt there is nothing to wait for.
      if (!last) await sleep(retryDelayMs(policy, attempt + 1));
      const found = await find();
      if (found !== undefined) return found;
      if (last) throw e;
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
