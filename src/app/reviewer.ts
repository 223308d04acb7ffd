import { createReviewMemo } from "../core/review/review-memo.js";
import { createParseCache } from "../core/load/index.js";
import { reviewChange } from "../core/review/review-change.js";
import type { Review, ReviewInput } from "../core/review/types.js";

/**
 * The caches a review reuses across reviews, created once per reviewer: in the app, once per
 * review worker thread, so every event of the process shares them. This is the one place they are
 * created; a new per-process cache is one more line here, and `ReviewRequest` drops it by itself.
 */
export function createReviewCaches() {
  return { parseCache: createParseCache(), memo: createReviewMemo() };
}

export type ReviewCaches = ReturnType<typeof createReviewCaches>;

/** A review's input without the caches: plain data, so that it crosses to a worker thread by structured clone. */
export type ReviewRequest = Omit<ReviewInput, keyof ReviewCaches>;

/** Runs `reviewChange`; the app runs it off the event loop (see worker-reviewer.ts). */
export interface Reviewer {
  review(request: ReviewRequest): Promise<Review>;
  /** Release the reviewer's resources (a worker thread); reviews still waiting are rejected. */
  close(): Promise<void>;
}

/** `reviewChange` with caches of its own: the one place where a `ReviewInput` is assembled. */
export function createLocalReview(): (request: ReviewRequest) => Review {
  const caches = createReviewCaches();
  return (request) => reviewChange({ ...request, ...caches });
}

/**
 * Reviews on the calling thread: for `bulkhead pr`, and for tests that inject a reviewer. A slow
 * review blocks the event loop for its whole duration, which is why the app does not use it.
 */
export function createInProcessReviewer(): Reviewer {
  const review = createLocalReview();
  return {
    review: async (request) => review(request),
    close: async () => {},
  };
}
