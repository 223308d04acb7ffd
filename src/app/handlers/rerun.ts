import type { Context } from "probot";
import { GitHubPullRequests } from "../github-pull-requests.js";
import { CHECK_NAME } from "../ports.js";
import { queueReview, repoOf, type AppRuntime, type Handling } from "../runtime.js";

/** `gh-readonly-queue/main/pr-123-<base sha>`: a merge-queue branch names its PR and its base. */
function mergeQueueBranch(branch: string | null | undefined): { prNumber: number; baseSha: string } | undefined {
  const match = /^gh-readonly-queue\/.+\/pr-(\d+)-([0-9a-f]{40})$/.exec(branch ?? "");
  return match ? { prNumber: Number(match[1]), baseSha: match[2]! } : undefined;
}

/**
 * The Re-run buttons. `pull_requests` is empty for fork PRs, so the PR is then found by its head
 * SHA; a merge-queue commit is re-reviewed as the group it belongs to.
 */
async function rerun(context: Context, runtime: AppRuntime, sha: string, prs: ReadonlyArray<{ number: number }>, branch: string | null | undefined): Promise<Handling> {
  const number = prs[0]?.number ?? (await new GitHubPullRequests(context.octokit, repoOf(context)).findByHeadSha(sha));
  if (number !== undefined) return queueReview(context, runtime, { kind: "pull_request", number, headSha: sha });
  const group = mergeQueueBranch(branch);
  if (group) return queueReview(context, runtime, { kind: "merge_group", baseSha: group.baseSha, headSha: sha, prNumber: group.prNumber });
  context.log.info({ deliveryId: context.id, sha }, "re-run requested for a commit without an open pull request");
  return "ignored";
}

export async function onCheckRun(context: Context<"check_run">, runtime: AppRuntime): Promise<Handling> {
  const { payload } = context;
  switch (payload.action) {
    case "rerequested":
      if (payload.check_run.name !== CHECK_NAME) return "ignored";
      return rerun(context, runtime, payload.check_run.head_sha, payload.check_run.pull_requests, payload.check_run.check_suite.head_branch);
    default:
      return "ignored";
  }
}

export async function onCheckSuite(context: Context<"check_suite">, runtime: AppRuntime): Promise<Handling> {
  const { payload } = context;
  switch (payload.action) {
    case "rerequested":
      return rerun(context, runtime, payload.check_suite.head_sha, payload.check_suite.pull_requests, payload.check_suite.head_branch);
    default:
      // `requested` comes on every push; the pull_request events already cover what we review.
      return "ignored";
  }
}
