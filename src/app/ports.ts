/**
 * The ports of the app's use case (code anchor 4): reading files at a commit, reading pull request
 * state, and publishing results. `github-*.ts` implement them with Octokit; `test/fakes/` with
 * maps in memory, so the orchestration is tested without HTTP.
 */
import type { Diagnostic } from "../core/model/diagnostic.js";
import type { SourceFile } from "../core/model/position.js";
import type { CheckRunOutput } from "../core/review/types.js";

/** A repository on the GitHub host the app talks to. */
export interface RepoId {
  owner: string;
  repo: string;
}

/**
 * A commit and where to read it. `alternate` is tried when `repo` answers 404 for the commit: the
 * head of a fork PR is normally readable through the base repository (`refs/pull/N/head` keeps it
 * there), and otherwise through the fork.
 */
export interface CommitRef extends RepoId {
  sha: string;
  alternate?: RepoId;
}

/** A file of a commit's tree: `id` is the content address (blob SHA), `size` in bytes. */
export interface TreeFile {
  path: string;
  id: string;
  size: number;
}

export interface ReadLimits {
  maxFileBytes?: number;
}

export interface FileSource {
  /** Every regular file of the commit. Complete or throws `IncompleteInputError`: never a partial tree. */
  list(at: CommitRef): Promise<TreeFile[]>;
  /**
   * Content of the given files as UTF-8, sorted by path. A file over `maxFileBytes` is not read and
   * becomes a `FILE_TOO_LARGE` error diagnostic, as in the CLI.
   */
  read(at: CommitRef, files: readonly TreeFile[], limits?: ReadLimits): Promise<{ files: SourceFile[]; diagnostics: Diagnostic[] }>;
}

/** What the app needs to know about a pull request, read fresh from the API. */
export interface PullRequestState {
  number: number;
  state: "open" | "closed";
  author: string;
  base: { ref: string; sha: string };
  head: { sha: string; repo?: RepoId };
}

/** The latest review state of one reviewer that approved, and the commit they approved. */
export interface Approval {
  login: string;
  commitId: string;
}

export interface PullRequestReader {
  get(number: number): Promise<PullRequestState>;
  /** Reviewers whose latest approving-or-blocking review is an approval. */
  approvals(number: number): Promise<Approval[]>;
  /** Active member of `org/team`. */
  isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean>;
  /** The open PR whose head is `sha`, also for forks (where the commit→PR API finds nothing). */
  findByHeadSha(sha: string): Promise<number | undefined>;
}

/** Fixed name, so that branch protection and rulesets can require it. */
export const CHECK_NAME = "bulkhead";

export interface CheckHandle {
  id: number;
  url?: string;
}

/**
 * `success` and `failure` are the verdicts; `cancelled` only ends a run whose commit stopped being
 * the PR head while it ran (it blocks like `failure`, but says that nothing is wrong).
 * Never `neutral` or `skipped`: required checks count both as passing.
 */
export type CheckConclusion = "success" | "failure" | "cancelled";

export type CommentMode = "update" | "new" | "off";

export type CommentResult = "created" | "updated" | "replaced" | "unchanged" | "skipped";

export interface Publisher {
  /** Create the `bulkhead` check run, `in_progress`, on a commit. */
  startCheck(headSha: string): Promise<CheckHandle>;
  /** Complete it; annotations are sent 50 per request. */
  completeCheck(check: CheckHandle, conclusion: CheckConclusion, output: CheckRunOutput): Promise<void>;
  /** Replace the title and texts of a run, completed or not; annotations already sent stay. */
  amendCheck(check: CheckHandle, output: Omit<CheckRunOutput, "annotations">): Promise<void>;
  /**
   * Upsert the sticky comment (found by its hidden marker). With `createIfMissing: false` a PR
   * that never had one keeps having none.
   */
  publishComment(pr: number, body: string, options: { mode: CommentMode; createIfMissing: boolean }): Promise<CommentResult>;
}
