import type { FieldPath } from "../../model/manifest.js";

/** `["spec", "ingress", 0, "toPorts", 1]` → `spec.ingress[0].toPorts[1]`: the rule path of a provenance. */
export const formatPath = (path: FieldPath): string => {
  // Joined once rather than concatenated step by step: rule paths are kept with every compiled rule.
  const parts: string[] = [];
  let empty = true;
  for (const p of path) {
    const part: string = typeof p === "number" ? `[${p}]` : empty ? p : `.${p}`;
    parts.push(part);
    empty &&= part === "";
  }
  return parts.join("");
};
