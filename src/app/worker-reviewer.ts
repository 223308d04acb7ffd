import { Worker } from "node:worker_threads";
import type { Review } from "../core/review/types.js";
import { ReviewAbortedError, type ReviewLimit } from "./errors.js";
import type { Reviewer, ReviewRequest } from "./reviewer.js";
import type { WorkerReply, WorkerRequest } from "./worker-protocol.js";

/**
 * Old-generation heap of the review worker. The benchmark's largest diff (16k workloads, 18.7 MB
 * of YAML per side) peaks at about 1 GiB for the whole process; the parse cache kept between
 * reviews needs room on top.
 */
export const DEFAULT_REVIEW_MEMORY_MB = 1536;
/** Wall-clock time of one review: 8× the benchmark's largest diff (15 s). */
export const DEFAULT_REVIEW_TIMEOUT_MS = 120_000;
/** Loading the worker's modules takes well under a second; past this it counts as crashed. */
const DEFAULT_STARTUP_TIMEOUT_MS = 30_000;

export interface WorkerReviewerOptions {
  memoryMb?: number;
  timeoutMs?: number;
  startupTimeoutMs?: number;
  /** The worker's entry point: the compiled `review-worker.js` beside this file unless a test says otherwise. */
  entry?: URL;
  /** Node options of the worker, e.g. a module loader for tests that run the TypeScript sources. */
  execArgv?: string[];
}

interface Job {
  request: ReviewRequest;
  resolve: (review: Review) => void;
  reject: (error: Error) => void;
}

/**
 * Runs reviews in one persistent worker thread, one at a time, so that a large pull request never
 * blocks the event loop (webhooks, `/healthz`) and cannot take the process down. The worker keeps
 * its caches between reviews. Each review gets `timeoutMs` from the moment the worker starts it
 * (time spent waiting behind other reviews does not count), and the worker's heap is capped at
 * `memoryMb`. A review past either limit, or a worker that dies, is rejected with
 * `ReviewAbortedError`, never retried, and the worker is replaced for the next review: every
 * review ends within its limits, and nothing is retried without bound.
 */
export class WorkerReviewer implements Reviewer {
  readonly #memoryMb: number;
  readonly #timeoutMs: number;
  readonly #startupTimeoutMs: number;
  readonly #entry: URL;
  readonly #execArgv: string[] | undefined;
  #worker: Worker | undefined;
  #ready = false;
  #startup: NodeJS.Timeout | undefined;
  readonly #waiting: Job[] = [];
  #current: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  #nextId = 1;
  #closed = false;

  constructor(options: WorkerReviewerOptions = {}) {
    this.#memoryMb = options.memoryMb ?? DEFAULT_REVIEW_MEMORY_MB;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_REVIEW_TIMEOUT_MS;
    this.#startupTimeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    this.#entry = options.entry ?? new URL("./review-worker.js", import.meta.url);
    this.#execArgv = options.execArgv;
  }

  review(request: ReviewRequest): Promise<Review> {
    if (this.#closed) return Promise.reject(new Error("the review worker is closed"));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ request, resolve, reject });
      this.#next();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const stopped = new Error("the review worker is closed");
    for (const job of this.#waiting.splice(0)) job.reject(stopped);
    if (this.#current) {
      clearTimeout(this.#current.timer);
      this.#current.job.reject(stopped);
      this.#current = undefined;
    }
    const worker = this.#discard();
    await worker?.terminate();
  }

  /** Start the next waiting review once the worker is idle and ready; start a worker if there is none. */
  #next(): void {
    if (this.#current || this.#waiting.length === 0 || this.#closed) return;
    const worker = this.#worker ?? this.#spawn();
    if (!this.#ready) return;
    const job = this.#waiting.shift()!;
    const id = this.#nextId++;
    const timer = setTimeout(() => {
      if (this.#current?.id === id) this.#stop(worker, { kind: "timeout", ms: this.#timeoutMs });
    }, this.#timeoutMs);
    this.#current = { id, job, timer };
    try {
      worker.postMessage({ id, request: job.request } satisfies WorkerRequest);
    } catch (e) {
      // Input that cannot be cloned is a bug in the caller, not the worker's: fail that review only.
      clearTimeout(timer);
      this.#current = undefined;
      job.reject(e instanceof Error ? e : new Error(String(e)));
      this.#next();
    }
  }

  #spawn(): Worker {
    const worker = new Worker(this.#entry, {
      resourceLimits: { maxOldGenerationSizeMb: this.#memoryMb },
      ...(this.#execArgv ? { execArgv: this.#execArgv } : {}),
    });
    // An idle worker must not keep the process alive; a review in flight is held by its timer.
    worker.unref();
    this.#worker = worker;
    this.#ready = false;
    this.#startup = setTimeout(() => this.#stop(worker, { kind: "crash", detail: `the review worker did not start within ${this.#startupTimeoutMs / 1000} s` }), this.#startupTimeoutMs);
    worker.on("message", (reply: WorkerReply) => this.#receive(worker, reply));
    worker.on("error", (e: Error & { code?: string }) => this.#stop(worker, e.code === "ERR_WORKER_OUT_OF_MEMORY" ? { kind: "memory", mb: this.#memoryMb } : { kind: "crash", detail: e.message }));
    worker.on("exit", (code) => this.#stop(worker, { kind: "crash", detail: `the review worker exited with code ${code}` }));
    return worker;
  }

  #receive(worker: Worker, reply: WorkerReply): void {
    if (worker !== this.#worker) return;
    if ("ready" in reply) {
      this.#ready = true;
      clearTimeout(this.#startup);
      this.#next();
      return;
    }
    const current = this.#current;
    if (current?.id !== reply.id) return;
    clearTimeout(current.timer);
    this.#current = undefined;
    if ("error" in reply) current.job.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    else current.job.resolve(reply.review);
    this.#next();
  }

  /**
   * The worker hit a limit or died: fail the review it was running (or, if it never became ready,
   * the review that started it, so a worker that cannot start fails each review once instead of
   * being restarted forever), and let the next review start a fresh worker.
   */
  #stop(worker: Worker, limit: ReviewLimit): void {
    if (worker !== this.#worker) return;
    const failed = this.#current?.job ?? (this.#ready ? undefined : this.#waiting.shift());
    if (this.#current) clearTimeout(this.#current.timer);
    this.#current = undefined;
    void this.#discard()?.terminate();
    failed?.reject(new ReviewAbortedError(limit));
    this.#next();
  }

  #discard(): Worker | undefined {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#ready = false;
    clearTimeout(this.#startup);
    return worker;
  }
}
