import type { WorkerReviewerOptions } from "../../../src/app/worker-reviewer.js";

const hooks = new URL("./ts-hooks.mjs", import.meta.url).href;

/**
 * The real review worker (src/app/review-worker.ts) run from the TypeScript sources: the worker
 * registers ts-hooks.mjs before its entry loads. In production the entry is the compiled
 * dist/app/review-worker.js and no hooks are needed.
 */
export const SOURCE_WORKER: Pick<WorkerReviewerOptions, "entry" | "execArgv"> = {
  entry: new URL("../../../src/app/review-worker.ts", import.meta.url),
  execArgv: ["--import", `data:text/javascript,${encodeURIComponent(`import { register } from "node:module"; register(${JSON.stringify(hooks)});`)}`],
};
