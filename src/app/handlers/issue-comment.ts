import type { Context } from "probot";
import { describeFailure } from "../errors.js";
import { explainConnection, helpReply, parseCommand, TRUSTED_ASSOCIATIONS } from "../commands.js";
import { GitHubFileSource } from "../github-file-source.js";
import { GitHubPullRequests, headCommit } from "../github-pull-requests.js";
import { queueReview, repoOf, type AppRuntime, type Handling } from "../runtime.js";

/**
 * `/bulkhead recheck | explain | help` on a PR, from people with a role in the repository
 * (others are ignored without a reply, so the bot cannot be made to spam). Receipt is
 * acknowledged with 👀 before the work starts.
 */
export async function onIssueComment(context: Context<"issue_comment">, runtime: AppRuntime): Promise<Handling> {
  const { payload } = context;
  switch (payload.action) {
    case "created":
      break;
    default:
      return "ignored";
  }
  const command = parseCommand(payload.comment.body);
  if (!command || !payload.issue.pull_request || context.isBot || !TRUSTED_ASSOCIATIONS.has(payload.comment.author_association)) return "ignored";
  const repo = repoOf(context);
  const number = payload.issue.number;
  await context.octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: payload.comment.id, content: "eyes" });
  const reply = (body: string) => context.octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
  switch (command.name) {
    case "recheck":
      return queueReview(context, runtime, { kind: "pull_request", number });
    case "explain": {
      let answer: string;
      try {
        const pr = await new GitHubPullRequests(context.octokit, repo).get(number);
        answer = await explainConnection(new GitHubFileSource(context.octokit, runtime.cache), headCommit(repo, pr), command);
      } catch (e) {
        // The 👀 is already there: answer with the reason rather than leave the asker waiting.
        answer = `**Bulkhead explain** could not run: ${describeFailure(e).explanation}`;
      }
      await reply(answer);
      return "processed";
    }
    default:
      await reply(helpReply(command));
      return "processed";
  }
}
