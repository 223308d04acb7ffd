import { COMMENT_MARKER } from "../core/report/render-comment.js";
import type { CheckRunOutput } from "../core/review/types.js";
import type { GitHub } from "./github.js";
import { CHECK_NAME, type CheckConclusion, type CheckHandle, type CommentMode, type CommentResult, type Publisher, type RepoId } from "./ports.js";

/** Checks API: at most 50 annotations per request; further ones are appended by later updates. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Bound on update requests per review: 20 requests of 50. The renderer lists the rest in the text. */
export const MAX_ANNOTATIONS = 1000;
/** Checks API limit on `output.summary` and `output.text`, each. */
export const CHECK_TEXT_LIMIT = 65_535;

/** Cut to `max` UTF-16 units (never more code points than GitHub counts), saying so at the end. */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = "\n\n… (truncated: the rest did not fit GitHub's size limit)";
  let cut = max - note.length;
  // Do not split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut -= 1;
  return text.slice(0, cut) + note;
}

const chunk = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length > 0 ? out : [[]];
};

/** `Publisher` over the Checks and Issues APIs of one repository. */
export class GitHubPublisher implements Publisher {
  constructor(
    private readonly github: GitHub,
    private readonly repo: RepoId,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async startCheck(headSha: string): Promise<CheckHandle> {
    const { data } = await this.github.rest.checks.create({
      ...this.repo,
      name: CHECK_NAME,
      head_sha: headSha,
      status: "in_progress",
      started_at: this.now().toISOString(),
    });
    return { id: data.id, ...(data.html_url ? { url: data.html_url } : {}) };
  }

  /**
   * Annotations go out in batches of 50 while the run is still in progress, and the last request
   * completes it, so nobody sees a completed run with half its annotations.
   */
  async completeCheck(check: CheckHandle, conclusion: CheckConclusion, output: CheckRunOutput): Promise<void> {
    const omitted = output.annotations.length - MAX_ANNOTATIONS;
    const summary = omitted > 0 ? `_${omitted} more annotations are not shown on the files; every finding is listed below._\n\n${output.summary}` : output.summary;
    const text = { title: fitText(output.title, 1000), summary: fitText(summary, CHECK_TEXT_LIMIT) };
    const batches = chunk(output.annotations.slice(0, MAX_ANNOTATIONS), ANNOTATIONS_PER_REQUEST);
    for (const batch of batches.slice(0, -1)) {
      await this.github.rest.checks.update({ ...this.repo, check_run_id: check.id, output: { ...text, annotations: batch } });
    }
    await this.github.rest.checks.update({
      ...this.repo,
      check_run_id: check.id,
      status: "completed",
      conclusion,
      completed_at: this.now().toISOString(),
      output: { ...text, ...(output.text ? { text: fitText(output.text, CHECK_TEXT_LIMIT) } : {}), annotations: batches[batches.length - 1]! },
    });
  }

  async amendCheck(check: CheckHandle, output: Omit<CheckRunOutput, "annotations">): Promise<void> {
    const text = output.text ? { text: fitText(output.text, CHECK_TEXT_LIMIT) } : {};
    await this.github.rest.checks.update({ ...this.repo, check_run_id: check.id, output: { title: fitText(output.title, 1000), summary: fitText(output.summary, CHECK_TEXT_LIMIT), ...text } });
  }

  async publishComment(pr: number, body: string, options: { mode: CommentMode; createIfMissing: boolean }): Promise<CommentResult> {
    if (options.mode === "off") return "skipped";
    const existing = await this.#findSticky(pr);
    if (existing && existing.body === body) return "unchanged";
    if (!existing && !options.createIfMissing) return "skipped";
    if (existing && options.mode === "update") {
      await this.github.rest.issues.updateComment({ ...this.repo, comment_id: existing.id, body });
      return "updated";
    }
    if (existing) await this.#hideAsOutdated(existing.node_id);
    await this.github.rest.issues.createComment({ ...this.repo, issue_number: pr, body });
    return existing ? "replaced" : "created";
  }

  /**
   * The newest comment carrying the hidden marker, searched on every page (bots that read page 1
   * only lose their comment on long PRs). Only comments by a bot count: anybody can paste the marker.
   */
  async #findSticky(pr: number): Promise<{ id: number; node_id: string; body: string } | undefined> {
    const comments = await this.github.paginate(this.github.rest.issues.listComments, { ...this.repo, issue_number: pr, per_page: 100 });
    const ours = comments.filter((c) => c.user?.type === "Bot" && (c.body ?? "").includes(COMMENT_MARKER));
    const last = ours[ours.length - 1];
    return last ? { id: last.id, node_id: last.node_id, body: last.body ?? "" } : undefined;
  }

  /** Mode `new`: the previous report stays readable but collapsed, as Atlantis and Infracost do. */
  async #hideAsOutdated(nodeId: string): Promise<void> {
    await this.github.graphql(
      `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`,
      { id: nodeId },
    );
  }
}
