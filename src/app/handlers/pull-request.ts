import type { Context } from "probot";
import { queueReview, type AppRuntime, type Handling } from "../runtime.js";

/**
 * `pull_request`: review on every change of head or base. Title and body edits change nothing we
 * review; `closed` needs no cleanup (the comment and check stay as the record).
 */
export async function onPullRequest(context: Context<"pull_request">, runtime: AppRuntime): Promise<Handling> {
  const { payload } = context;
  const review = () => queueReview(context, runtime, { kind: "pull_request", number: payload.pull_request.number, headSha: payload.pull_request.head.sha });
  switch (payload.action) {
    case "opened":
    case "synchronize":
    case "reopened":
    case "ready_for_review":
      return review();
    case "edited":
      return payload.changes.base ? review() : "ignored";
    default:
      // Sent when GitHub retargets a PR after its base branch was merged; absent from the webhook types.
      return (payload.action as string) === "automatic_base_change_succeeded" ? review() : "ignored";
  }
}
