import { ChangeMemo } from "../analyze/change-memo.js";

/**
 * What a long-lived caller (the app: one per process, next to its parse cache) keeps between
 * reviews, so that the pushes to one PR, and the consent re-reviews of one event, re-use the
 * analysis of their common base instead of redoing it. A review with a memo gives the same result
 * as one without.
 */
export interface ReviewMemo {
  readonly change: ChangeMemo;
}

export const createReviewMemo = (): ReviewMemo => ({ change: new ChangeMemo() });
