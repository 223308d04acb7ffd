import type { ApplicationFunction, Probot } from "probot";
import { onIssueComment } from "./handlers/issue-comment.js";
import { onMergeGroup } from "./handlers/merge-group.js";
import { onPullRequestReview } from "./handlers/pull-request-review.js";
import { onPullRequest } from "./handlers/pull-request.js";
import { onCheckRun, onCheckSuite } from "./handlers/rerun.js";
import { createRuntime, handleOnce, type AppOptions } from "./runtime.js";

/**
 * Bulkhead as a Probot app. This file only routes events; each handler switches on the action and
 * calls the one use case, `reviewPullRequest`. The events must match `app.yml`.
 */
export function createBulkheadApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const runtime = createRuntime(options);
    app.on("pull_request", (context) => handleOnce(context, runtime, () => onPullRequest(context, runtime)));
    app.on("pull_request_review", (context) => handleOnce(context, runtime, () => onPullRequestReview(context, runtime)));
    app.on("check_run", (context) => handleOnce(context, runtime, () => onCheckRun(context, runtime)));
    app.on("check_suite", (context) => handleOnce(context, runtime, () => onCheckSuite(context, runtime)));
    app.on("merge_group", (context) => handleOnce(context, runtime, () => onMergeGroup(context, runtime)));
    app.on("issue_comment", (context) => handleOnce(context, runtime, () => onIssueComment(context, runtime)));
  };
}

export type { AppOptions } from "./runtime.js";

/** For `probot run dist/app/index.js` and other Probot hosts; `npm start` uses server.ts. */
export default createBulkheadApp();
