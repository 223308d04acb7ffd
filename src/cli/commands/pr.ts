import { parseArgs } from "node:util";
import { Octokit } from "@octokit/rest";
import { renderCheckRun } from "../../core/report/render-check-run.js";
import { renderComment } from "../../core/report/render-comment.js";
import type { CheckRunOutput } from "../../core/review/types.js";
import { describeFailure } from "../../app/errors.js";
import { evaluateChange, type Evaluation } from "../../app/evaluate-change.js";
import { GitHubFileSource } from "../../app/github-file-source.js";
import { GitHubPullRequests, headCommit } from "../../app/github-pull-requests.js";
import type { GitHub } from "../../app/github.js";
import { affectsPolicy, fitComment } from "../../app/review-pull-request.js";
import { EXIT, UsageError, type Output } from "../io.js";

export const PR_USAGE = "usage: bulkhead pr <owner>/<repo>#<number> [--json]   (token from GITHUB_TOKEN; GITHUB_API_URL or GHE_HOST for GitHub Enterprise Server)";

/** `owner/repo#12` or a pull request URL. */
export function parsePrReference(text: string): { owner: string; repo: string; number: number } {
  const short = /^([\w.-]+)\/([\w.-]+)#(\d+)$/.exec(text);
  const url = /^https?:\/\/[^/]+\/([\w.-]+)\/([\w.-]+)\/pull\/(\d+)(?:[/?#].*)?$/.exec(text);
  const m = short ?? url;
  if (!m) throw new UsageError(`cannot read "${text}" as a pull request; write owner/repo#number\n${PR_USAGE}`);
  return { owner: m[1]!, repo: m[2]!, number: Number(m[3]) };
}

/** The REST base URL: GITHUB_API_URL (as set in GitHub Actions), else GHE_HOST, else api.github.com. */
export function apiBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.GITHUB_API_URL) return env.GITHUB_API_URL.replace(/\/+$/, "");
  if (env.GHE_HOST) return `${env.GHE_PROTOCOL || "https"}://${env.GHE_HOST}/api/v3`;
  return undefined;
}

/**
 * `bulkhead pr owner/repo#N`: the app's review of a real PR, printed instead of posted. Same
 * file source, config-from-base, consent and renderers as the app; nothing is written to GitHub.
 * Exit 0 when the check would pass, 1 when it would fail, 2 on usage or API errors.
 */
export async function runPr(args: string[], io: Output, env: NodeJS.ProcessEnv = process.env, github?: GitHub): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
  if (positionals.length !== 1) throw new UsageError(PR_USAGE);
  const ref = parsePrReference(positionals[0]!);
  if (!env.GITHUB_TOKEN) io.err("bulkhead: GITHUB_TOKEN is not set; only public repositories can be read, at 60 requests per hour\n");
  const baseUrl = apiBaseUrl(env);
  // Octokit's request log would print every failed request; the one error that matters is reported below.
  const log = { debug: () => {}, info: () => {}, warn: (m: string) => io.err(`bulkhead: ${m}\n`), error: () => {} };
  const client = github ?? new Octokit({ ...(env.GITHUB_TOKEN ? { auth: env.GITHUB_TOKEN } : {}), ...(baseUrl ? { baseUrl } : {}), userAgent: "bulkhead-cli", log });
  const repo = { owner: ref.owner, repo: ref.repo };
  let evaluation: Evaluation;
  let head: string;
  let base: string;
  try {
    const pulls = new GitHubPullRequests(client, repo);
    const pr = await pulls.get(ref.number);
    ({ sha: head } = pr.head);
    ({ sha: base } = pr.base);
    const request = { base: { ...repo, sha: base }, head: headCommit(repo, pr), pr: { number: pr.number, author: pr.author, headSha: head } };
    evaluation = await evaluateChange({ files: new GitHubFileSource(client), pulls, now: () => new Date() }, request);
  } catch (e) {
    io.err(`bulkhead: ${describeFailure(e).explanation.replace(/ Use \*\*Re-run\*\*.*$/, "")}\n`);
    return EXIT.usage;
  }
  const review = evaluation.review;
  const conclusion = review.gate === "pass" ? "success" : "failure";
  const check: CheckRunOutput = evaluation.touchesManifests ? renderCheckRun(review) : { title: "No network-policy changes", summary: review.notes.join("\n\n"), text: "", annotations: [] };
  const comment = fitComment(renderComment(review, { baseSha: base, headSha: head }), review);
  const commentPlan = commentAction(evaluation);
  if (values.json) io.out(JSON.stringify({ conclusion, check, comment: { action: commentPlan, mode: evaluation.commentMode, body: comment } }, null, 2) + "\n");
  else io.out(renderDryRun(conclusion, check, comment, commentPlan, evaluation.commentMode));
  return conclusion === "success" ? EXIT.ok : EXIT.gateFailed;
}

type CommentPlan = "post-or-update" | "update-only" | "none";

function commentAction(evaluation: Evaluation): CommentPlan {
  if (evaluation.commentMode === "off") return "none";
  return evaluation.touchesManifests && affectsPolicy(evaluation.review) ? "post-or-update" : "update-only";
}

const PLAN_TEXT: Record<CommentPlan, string> = {
  "post-or-update": "the bot would post this comment (or update its existing one)",
  "update-only": "this PR does not affect network policy: the bot would post no comment, but would update an existing one to this",
  none: "comments are off in the config: the bot would post nothing",
};

function renderDryRun(conclusion: string, check: CheckRunOutput, comment: string, plan: CommentPlan, mode: string): string {
  const annotations = check.annotations.map((a) => `  ${a.path}:${a.start_line} ${a.annotation_level}: ${a.title} — ${a.message}`);
  return [
    `Check run "bulkhead" would conclude: ${conclusion.toUpperCase()}`,
    `Title: ${check.title}`,
    "",
    check.summary,
    ...(check.text ? ["", check.text] : []),
    ...(annotations.length ? ["", `Annotations (${annotations.length}):`, ...annotations] : []),
    "",
    `--- PR comment (mode ${mode}; ${PLAN_TEXT[plan]}) ---`,
    comment,
    "",
  ].join("\n");
}
