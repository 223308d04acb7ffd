import type { Review } from "../core/review/types.js";
import type { ReviewRequest } from "./reviewer.js";

/** Main thread → review worker: one review. Plain data, copied by structured clone. */
export interface WorkerRequest {
  id: number;
  request: ReviewRequest;
}

/** Review worker → main thread: once `ready` after loading, then one reply per request. */
export type WorkerReply = { ready: true } | { id: number; review: Review } | { id: number; error: { name: string; message: string } };
