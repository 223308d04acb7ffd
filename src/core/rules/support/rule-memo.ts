import type { TenantConfig } from "../../config/types.js";
import type { Tenancy } from "../../tenancy/tenancy.js";

/** A typed name for one table of a RuleMemo; declare one per kind of memoised result, at module level. */
export class MemoTable<K extends object, V> {
  declare private readonly brand: (k: K) => V;
  constructor(readonly description: string) {}
}

/** What every memoised result may depend on besides its key objects: equal for both sides of a review. */
interface ReviewInputs {
  tenancy: Tenancy;
  config: TenantConfig | undefined;
  now: number;
}

/**
 * Results of per-object rule work (per connection, per peer, per policy), shared by the two
 * `evaluateRules` calls of one review and dropped with it. Base and head share most objects by identity (compile
 * re-use, shared PeerCaches), so the second side re-uses what the first computed.
 *
 * The rule of use: a table's value must be a pure function of its key objects plus tenancy, config
 * and `now`. Anything that differs between the sides (the inventory, the connection list, which
 * rules select an endpoint) must be part of the key or checked before the memo is consulted.
 * `bind` enforces that tenancy, config and `now` are the same for every run that uses this memo.
 */
export class RuleMemo {
  // Plain Maps, not WeakMaps: the memo lives for one review, every key is alive for that long anyway,
  // and tens of thousands of ephemeron entries would make every garbage collection of the review slower.
  private readonly tables = new Map<MemoTable<object, unknown>, Map<object, unknown>>();
  private inputs: ReviewInputs | undefined;

  /** The Map behind a table. */
  of<K extends object, V>(table: MemoTable<K, V>): Map<K, V> {
    let map = this.tables.get(table as MemoTable<object, unknown>);
    if (!map) this.tables.set(table as MemoTable<object, unknown>, (map = new Map()));
    return map as Map<K, V>;
  }

  /** The memoised value of `key`, computed once. */
  get<K extends object, V>(table: MemoTable<K, V>, key: K, compute: () => V): V {
    const map = this.of(table);
    const hit = map.get(key);
    if (hit !== undefined || map.has(key)) return hit as V;
    const value = compute();
    map.set(key, value);
    return value;
  }

  /** Tie the memo to one review's tenancy, config and `now`; a run with other inputs is a programming error. */
  bind(tenancy: Tenancy, config: TenantConfig | undefined, now: Date): void {
    const inputs = { tenancy, config, now: now.getTime() };
    if (!this.inputs) {
      this.inputs = inputs;
      return;
    }
    if (this.inputs.tenancy !== tenancy || this.inputs.config !== config || this.inputs.now !== inputs.now)
      throw new Error("RuleMemo: shared by rule runs with different tenancy, config or time");
  }
}
