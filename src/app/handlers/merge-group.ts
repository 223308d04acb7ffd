import type { Context } from "probot";
import { queueReview, type AppRuntime, type Handling } from "../runtime.js";

/** `refs/heads/gh-readonly-queue/main/pr-123-<sha>` → 123: the PR whose approvals may consent. */
export function mergeQueuePr(ref: string): number | undefined {
  const match = /gh-readonly-queue\/.+\/pr-(\d+)-[0-9a-f]{40}$/.exec(ref);
  return match ? Number(match[1]) : undefined;
}

/** `merge_group`: required checks must also report on the queue's commit, or the queue stalls. */
export async function onMergeGroup(context: Context<"merge_group">, runtime: AppRuntime): Promise<Handling> {
  const { payload } = context;
  switch (payload.action) {
    case "checks_requested": {
      const group = payload.merge_group;
      const prNumber = mergeQueuePr(group.head_ref);
      return queueReview(context, runtime, { kind: "merge_group", baseSha: group.base_sha, headSha: group.head_sha, ...(prNumber !== undefined ? { prNumber } : {}) });
    }
    default:
      return "ignored";
  }
}
