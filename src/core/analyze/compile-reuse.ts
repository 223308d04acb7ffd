import { deepEqual } from "../algebra/deep-equal.js";
import type { Inventory } from "../model/inventory.js";
import type { ManifestObject } from "../model/manifest.js";

type Part = keyof Inventory;

/**
 * What each policy's compilation read of the inventory, so that the other side of a change can
 * re-use the compiled policy when it compiles the very same object (shared through the parse
 * cache) against an inventory that agrees on those parts. Base and head share almost every policy:
 * this halves the compile work of a diff and gives both sides the same rule objects.
 */
const reads = new WeakMap<Inventory, WeakMap<ManifestObject, ReadonlySet<Part>>>();

/** An inventory that records which parts are read (a class: one object per policy, no closures). */
class TrackedInventory implements Inventory {
  constructor(
    private readonly inventory: Inventory,
    private readonly read: Set<Part>,
  ) {}

  get namespaces(): Inventory["namespaces"] {
    this.read.add("namespaces");
    return this.inventory.namespaces;
  }

  get workloads(): Inventory["workloads"] {
    this.read.add("workloads");
    return this.inventory.workloads;
  }

  get services(): Inventory["services"] {
    this.read.add("services");
    return this.inventory.services;
  }
}

/** An inventory that records which parts `object`'s compilation reads. */
export function tracked(inventory: Inventory, object: ManifestObject): Inventory {
  let byObject = reads.get(inventory);
  if (!byObject) reads.set(inventory, (byObject = new WeakMap()));
  const read = new Set<Part>();
  byObject.set(object, read);
  return new TrackedInventory(inventory, read);
}

/**
 * A predicate: may a policy compiled from `object` against `before` be re-used against `after`?
 * Only if it was compiled through `tracked` and every part it read is equal in both (compared
 * once per part, structurally).
 */
export function reusable(before: Inventory, after: Inventory): (object: ManifestObject) => boolean {
  const equalParts = new Map<Part, boolean>();
  const same = (part: Part): boolean => {
    let eq = equalParts.get(part);
    if (eq === undefined) equalParts.set(part, (eq = deepEqual(before[part], after[part])));
    return eq;
  };
  return (object) => {
    const read = reads.get(before)?.get(object);
    return read !== undefined && [...read].every(same);
  };
}
