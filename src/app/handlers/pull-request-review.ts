import type { Context } from "probot";
import { queueReview, type AppRuntime, type Handling } from "../runtime.js";

/**
 * `pull_request_review`: an approval by a tenant owner is consent, so the check re-evaluates when
 * one is given or dismissed. A plain comment review changes no approval.
 */
export async function onPullRequestReview(context: Context<"pull_request_review">, runtime: AppRuntime): Promise<Handling> {
  const { payload } = context;
  const review = () => queueReview(context, runtime, { kind: "pull_request", number: payload.pull_request.number, headSha: payload.pull_request.head.sha });
  switch (payload.action) {
    case "submitted":
      return payload.review.state.toLowerCase() === "commented" ? "ignored" : review();
    case "dismissed":
      return review();
    default:
      return "ignored";
  }
}
