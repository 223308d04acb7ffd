import type { Logger } from "probot";
import { renderCheckRun } from "../core/report/render-check-run.js";
import { COMMENT_MARKER, renderComment } from "../core/report/render-comment.js";
import type { CheckRunOutput, Review } from "../core/review/types.js";
import { describeFailure, failureOutput } from "./errors.js";
import { headCommit } from "./github-pull-requests.js";
import { evaluateChange, type ChangeRequest, type Evaluation } from "./evaluate-change.js";
import type { Metrics, ReviewOutcome } from "./metrics.js";
import type { CheckConclusion, CheckHandle, FileSource, PullRequestReader, Publisher, RepoId } from "./ports.js";
import type { Reviewer } from "./reviewer.js";

export interface ReviewDeps {
  repo: RepoId;
  files: FileSource;
  pulls: PullRequestReader;
  publisher: Publisher;
  metrics: Metrics;
  log: Pick<Logger, "info" | "warn" | "error">;
  now: () => Date;
  /** Where `reviewChange` runs: the app's worker thread; without one, on this thread (see `evaluateChange`). */
  reviewer?: Reviewer;
}

/** What to review: a PR (always its current state, whatever the event said) or a merge-queue group. */
export type ReviewTarget =
  /** `headSha`: the head the event named, where a failure is reported if the PR cannot even be read. */
  | { kind: "pull_request"; number: number; headSha?: string }
  | { kind: "merge_group"; baseSha: string; headSha: string; prNumber?: number };

export interface ReviewReport {
  outcome: ReviewOutcome | "ignored";
  sha?: string;
  reason?: string;
}

/** GitHub rejects longer comment bodies (422 "Body is too long"). */
export const COMMENT_LIMIT = 65_536;

/**
 * The app's use case:
 * 1. resolve the target (a closed PR is left alone);
 * 2. create the `bulkhead` check `in_progress` on the head SHA before any heavy work;
 * 3. evaluate (see `evaluateChange`);
 * 4. discard the result if the PR head moved meanwhile (the run ends `cancelled`, superseded);
 * 5. complete the check, then upsert the sticky comment.
 * Any error after step 2 completes the run as `failure` with a reason: no run stays in progress.
 */
export async function reviewPullRequest(deps: ReviewDeps, target: ReviewTarget): Promise<ReviewReport> {
  const started = deps.now().getTime();
  let request: ChangeRequest | undefined;
  try {
    request = await resolve(deps, target);
  } catch (e) {
    if (!target.headSha) throw e;
    return record(deps, started, await failBeforeStart(deps, target.headSha, e));
  }
  if (!request) return { outcome: "ignored" };
  const check = await deps.publisher.startCheck(request.head.sha);
  return record(deps, started, await evaluateAndPublish(deps, request, check), request.pr?.number);
}

function record(deps: ReviewDeps, started: number, report: ReviewReport, pr?: number): ReviewReport {
  const seconds = (deps.now().getTime() - started) / 1000;
  deps.metrics.evaluations.inc({ outcome: report.outcome });
  deps.metrics.duration.observe(seconds);
  if (report.reason) deps.metrics.failures.inc({ reason: report.reason });
  deps.log.info({ sha: report.sha, pr, durationMs: Math.round(seconds * 1000), outcome: report.outcome, reason: report.reason }, "review finished");
  return report;
}

/** The PR could not be read: still put a failed check on the head the event named, so it does not hang. */
async function failBeforeStart(deps: ReviewDeps, sha: string, error: unknown): Promise<ReviewReport> {
  const failure = describeFailure(error);
  deps.log.warn({ sha, reason: failure.reason, err: errorSummary(error) }, "review failed");
  const check = await deps.publisher.startCheck(sha).catch(() => {
    throw error;
  });
  await deps.publisher.completeCheck(check, "failure", failureOutput(failure));
  return { outcome: "error", sha, reason: failure.reason };
}

async function resolve(deps: ReviewDeps, target: ReviewTarget): Promise<ChangeRequest | undefined> {
  const { repo } = deps;
  if (target.kind === "merge_group") {
    const pr = target.prNumber !== undefined ? await deps.pulls.get(target.prNumber) : undefined;
    return {
      base: { ...repo, sha: target.baseSha },
      head: { ...repo, sha: target.headSha },
      ...(pr ? { pr: { number: pr.number, author: pr.author, headSha: pr.head.sha } } : {}),
    };
  }
  const pr = await deps.pulls.get(target.number);
  if (pr.state !== "open") return undefined;
  return {
    base: { ...repo, sha: pr.base.sha },
    head: headCommit(repo, pr),
    pr: { number: pr.number, author: pr.author, headSha: pr.head.sha },
  };
}

async function evaluateAndPublish(deps: ReviewDeps, request: ChangeRequest, check: CheckHandle): Promise<ReviewReport> {
  const sha = request.head.sha;
  try {
    const evaluation = await evaluateChange(deps, request);
    if (isPullRequestHead(request)) {
      const current = await deps.pulls.get(request.pr.number);
      if (current.head.sha !== sha) {
        await deps.publisher.completeCheck(check, "cancelled", supersededOutput(sha, current.head.sha));
        return { outcome: "stale", sha };
      }
    }
    const { conclusion, output } = checkResult(evaluation);
    await deps.publisher.completeCheck(check, conclusion, output);
    if (isPullRequestHead(request)) await publishComment(deps, request, evaluation, check, output);
    return { outcome: !evaluation.touchesManifests ? "unchanged" : conclusion === "success" ? "pass" : "fail", sha };
  } catch (e) {
    const failure = describeFailure(e);
    deps.log.warn({ sha, reason: failure.reason, err: errorSummary(e) }, "review failed");
    await deps.publisher.completeCheck(check, "failure", failureOutput(failure)).catch((err: unknown) => {
      // Nothing more can be done now; the next event for this PR creates a fresh run.
      deps.log.error({ sha, err: errorSummary(err) }, "could not complete the check run");
    });
    return { outcome: "error", sha, reason: failure.reason };
  }
}

/** A PR's own head, as opposed to a merge-queue commit: only a PR head can go stale or get a comment. */
const isPullRequestHead = (request: ChangeRequest): request is ChangeRequest & { pr: NonNullable<ChangeRequest["pr"]> } => request.pr?.headSha === request.head.sha;

function checkResult(evaluation: Evaluation): { conclusion: CheckConclusion; output: CheckRunOutput } {
  const conclusion = evaluation.review.gate === "pass" ? "success" : "failure";
  if (evaluation.touchesManifests) return { conclusion, output: renderCheckRun(evaluation.review) };
  const summary = evaluation.review.notes.join("\n\n");
  return { conclusion, output: { title: "No network-policy changes", summary, text: "", annotations: [] } };
}

/** A PR that never affected policy gets no comment; one that did keeps its comment, updated. */
async function publishComment(deps: ReviewDeps, request: ChangeRequest & { pr: NonNullable<ChangeRequest["pr"]> }, evaluation: Evaluation, check: CheckHandle, output: CheckRunOutput): Promise<void> {
  const review = evaluation.review;
  const body = fitComment(renderComment(review, { baseSha: request.base.sha, headSha: request.head.sha, ...(check.url ? { fullReportUrl: check.url } : {}) }), review, check.url);
  const createIfMissing = evaluation.touchesManifests && affectsPolicy(review);
  try {
    const result = await deps.publisher.publishComment(request.pr.number, body, { mode: evaluation.commentMode, createIfMissing });
    deps.log.info({ sha: request.head.sha, comment: result }, "comment published");
  } catch (e) {
    // The check already carries the verdict; a lost comment must not turn it red, but people are told.
    deps.metrics.failures.inc({ reason: "comment" });
    deps.log.warn({ sha: request.head.sha, err: errorSummary(e) }, "could not publish the comment");
    const note = `> ⚠️ The pull request comment could not be updated for this commit, so it may be missing or show an earlier one; this check run is the full report. ${describeFailure(e).explanation}`;
    await deps.publisher.amendCheck(check, { ...output, summary: `${note}\n\n${output.summary}` }).catch((err: unknown) => {
      deps.log.error({ sha: request.head.sha, err: errorSummary(err) }, "could not note the comment failure on the check run");
    });
  }
}

/** Anything a reviewer should read: access changes (east-west or north-south), new findings, or a failed gate. */
export const affectsPolicy = (review: Review): boolean =>
  review.gate === "fail" || review.changes.length > 0 || (review.northSouth?.length ?? 0) > 0 || review.findings.some((f) => f.new) || review.diagnostics.some((d) => d.severity === "error");

/** The renderer keeps to 60,000 characters; this guard holds even if it did not, marker included. */
export function fitComment(body: string, review: Review, checkUrl?: string): string {
  const marked = body.includes(COMMENT_MARKER) ? body : `${COMMENT_MARKER}\n${body}`;
  if (marked.length <= COMMENT_LIMIT) return marked;
  const verdict = review.gate === "pass" ? "✅ passed" : "❌ failed";
  const where = checkUrl ? `[the \`bulkhead\` check run](${checkUrl})` : "the `bulkhead` check run";
  return `${COMMENT_MARKER}\n### 🛡️ Bulkhead network review\n\n**${verdict}** · ${review.counts.newViolations} new violation(s) · ${review.counts.opened} connection(s) opened, ${review.counts.closed} closed\n\n_The full report is too long for a comment; it is in ${where}._\n`;
}

const supersededOutput = (sha: string, head: string): CheckRunOutput => ({
  title: "Superseded by a newer commit",
  summary: `The pull request head moved from \`${sha.slice(0, 7)}\` to \`${head.slice(0, 7)}\` while this commit was reviewed; its result was discarded. The review of \`${head.slice(0, 7)}\` is the one that counts.`,
  text: "",
  annotations: [],
});

/** For logs: the error's kind and status, never its request (headers carry the token). */
function errorSummary(e: unknown): { type: string; status?: number; message: string } {
  const status = (e as { status?: unknown } | null)?.status;
  return { type: e instanceof Error ? e.name : typeof e, ...(typeof status === "number" ? { status } : {}), message: e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300) };
}

