/** What a queued task learns when a newer task for the same key replaced it before it started. */
export const SUPERSEDED = Symbol("superseded");

interface Pending<T> {
  task: () => Promise<T>;
  resolve: (value: T | typeof SUPERSEDED) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs tasks one at a time per key (one pull request), and only the latest of those that waited:
 * three pushes in a row need one evaluation of the newest head, not three. Without this, two
 * events for one PR could both find no sticky comment and both create one.
 * In-process only; across replicas the head-SHA check before publishing keeps results correct.
 */
export class KeyedQueue {
  readonly #running = new Set<string>();
  readonly #waiting = new Map<string, Pending<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T | typeof SUPERSEDED> {
    return new Promise<T | typeof SUPERSEDED>((resolve, reject) => {
      const pending = { task, resolve, reject } as Pending<unknown>;
      if (!this.#running.has(key)) return this.#start(key, pending);
      this.#waiting.get(key)?.resolve(SUPERSEDED);
      this.#waiting.set(key, pending);
    });
  }

  #start(key: string, pending: Pending<unknown>): void {
    this.#running.add(key);
    pending
      .task()
      .then(pending.resolve, pending.reject)
      .finally(() => {
        this.#running.delete(key);
        const next = this.#waiting.get(key);
        if (!next) return;
        this.#waiting.delete(key);
        this.#start(key, next);
      });
  }

  /** Keys with a task running, for tests and metrics. */
  get active(): number {
    return this.#running.size;
  }
}
