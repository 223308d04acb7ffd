import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";

/** `UPDATE_GOLDEN=1 npx vitest run …` rewrites golden files instead of comparing with them. */
export const updatingGolden = (): boolean => process.env.UPDATE_GOLDEN === "1";

/**
 * Compare `actual` with the golden file at `path`, or rewrite the file when UPDATE_GOLDEN=1.
 * A missing golden file fails (it is never created silently), so a new case needs a deliberate
 * update run and a review of the written file.
 */
export function expectGolden(actual: string, path: string): void {
  if (updatingGolden()) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing; run with UPDATE_GOLDEN=1 to create it, then review it`);
  expect(actual, `golden ${path} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, "utf8"));
}
