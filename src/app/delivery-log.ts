/**
 * Remembers webhook delivery ids (`X-GitHub-Delivery`), which GitHub keeps on a redelivery, so
 * that a redelivered event does no work twice. A delivery whose processing failed is forgotten,
 * so that redelivering it from the app settings is a way to retry.
 * Bounded; per process (a redelivery that reaches another replica is still harmless: the comment
 * is only edited when its body changes, and the newest check run on a SHA is the one GitHub shows).
 */
export class DeliveryLog {
  readonly #seen = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  /** True the first time a delivery id is seen; false for a redelivery. */
  begin(id: string): boolean {
    if (this.#seen.has(id)) return false;
    this.#seen.add(id);
    if (this.#seen.size > this.capacity) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    return true;
  }

  forget(id: string): void {
    this.#seen.delete(id);
  }
}
