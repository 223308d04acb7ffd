/**
 * Entry point of the review worker thread (started by worker-reviewer.ts). It owns the caches a
 * review reuses (`createLocalReview`), so they live as long as the worker, and runs one review
 * per message. A review that runs too long or needs too much memory is stopped from outside: the
 * main thread terminates this thread, and starts a new one for the next review.
 */
import { parentPort } from "node:worker_threads";
import { createLocalReview } from "./reviewer.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

const port = parentPort;
if (!port) throw new Error("review-worker.js runs only as a worker thread");
const review = createLocalReview();
port.on("message", (message: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: message.id, review: review(message.request) };
  } catch (e) {
    // Only the name and message cross back: an Error's other fields need not be cloneable.
    reply = { id: message.id, error: { name: e instanceof Error ? e.name : "Error", message: e instanceof Error ? e.message : String(e) } };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies WorkerReply);
