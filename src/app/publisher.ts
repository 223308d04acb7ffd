import { randomUUID } from "node:crypto";
import { COMMENT_MARKER } from "../core/report/render-comment.js";
import type { CheckRunOutput } from "../core/review/types.js";
import type { GitHub } from "./github.js";
import { createOnce } from "./idempotent-create.js";
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

interface Comment {
  id: number;
  node_id: string;
  body?: string | null;
  user?: { type?: string } | null;
  performed_via_github_app?: { id?: number | null } | null;
}

export interface PublisherOptions {
  /** This app's id: only comments it wrote (through its installation token) are its own. */
  appId: number;
  now?: () => Date;
}

/** `Publisher` over the Checks and Issues APIs of one repository. */
export class GitHubPublisher implements Publisher {
  private readonly appId: number;
  private readonly now: () => Date;

  constructor(
    private readonly github: GitHub,
    private readonly repo: RepoId,
    options: PublisherOptions,
  ) {
    this.appId = options.appId;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Each run carries a fresh `external_id`, so that after a lost answer this review finds the run
   * it created, and not an older run of the same name on the same commit (a Re-run, another replica).
   */
  async startCheck(headSha: string): Promise<CheckHandle> {
    const externalId = randomUUID();
    const handle = (run: { id: number; html_url?: string | null }): CheckHandle => ({ id: run.id, ...(run.html_url ? { url: run.html_url } : {}) });
    return createOnce(
      this.github,
      async (options) => {
        const { data } = await this.github.rest.checks.create({ ...this.repo, name: CHECK_NAME, head_sha: headSha, external_id: externalId, status: "in_progress", started_at: this.now().toISOString(), ...options });
        return handle(data);
      },
      async () => {
        const runs = await this.github.paginate(this.github.rest.checks.listForRef, { ...this.repo, ref: headSha, check_name: CHECK_NAME, filter: "all", per_page: 100 });
        const run = runs.find((r) => r.external_id === externalId);
        return run ? handle(run) : undefined;
      },
    );
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
    const existing = (await this.#stickies(pr)).at(-1);
    if (existing && existing.body === body) return "unchanged";
    if (!existing && !options.createIfMissing) return "skipped";
    if (existing && options.mode === "update") {
      await this.github.rest.issues.updateComment({ ...this.repo, comment_id: existing.id, body });
      return "updated";
    }
    if (existing) await this.#hideAsOutdated(existing.node_id);
    // After a lost answer, a sticky of ours newer than the one we started from, with this very body, is the one this POST created.
    await createOnce(
      this.github,
      async (request) => (await this.github.rest.issues.createComment({ ...this.repo, issue_number: pr, body, ...request })).data.id,
      async () => (await this.#stickies(pr)).find((c) => c.id > (existing?.id ?? 0) && c.body === body)?.id,
    );
    return existing ? "replaced" : "created";
  }

  /**
   * This app's comments that carry the hidden marker, oldest first, from every page (bots that read
   * page 1 only lose their comment on long PRs). Anybody can paste the marker, and other bots can
   * quote it, so only a comment written by a bot through this app (`performed_via_github_app`) counts.
   */
  async #stickies(pr: number): Promise<Array<Comment & { body: string }>> {
    const comments: Comment[] = await this.github.paginate(this.github.rest.issues.listComments, { ...this.repo, issue_number: pr, per_page: 100 });
    return comments.filter((c): c is Comment & { body: string } => c.user?.type === "Bot" && c.performed_via_github_app?.id === this.appId && (c.body ?? "").includes(COMMENT_MARKER));
  }

  /** Mode `new`: the previous report stays readable but collapsed, as Atlantis and Infracost do. */
  async #hideAsOutdated(nodeId: string): Promise<void> {
    await this.github.graphql(
      `mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`,
      { id: nodeId },
    );
  }
}
