import { fileURLToPath } from "node:url";
import type { Output } from "../io.js";
import { runAccess } from "./access.js";

/** `bulkhead demo`: the effective access of the bundled multi-tenant example. */
export async function runDemo(args: string[], io: Output): Promise<number> {
  const example = fileURLToPath(new URL("../../../examples/multi-tenant", import.meta.url));
  io.out(`Effective access of ${example}\n(Cilium semantics; representative peers such as sales/* stand for "any pod in sales")\n\n`);
  return runAccess([example, ...args], io);
}
