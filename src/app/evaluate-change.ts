import type { SourceFile } from "../core/model/position.js";
import { CONFIG_PATH } from "../core/review/notes.js";
import type { Consent, Review } from "../core/review/types.js";
import { findConsents, settleConsents, type TenantOwners } from "./consent.js";
import { ConfigUnreadableError } from "./errors.js";
import { readRepoSettings } from "./repo-settings.js";
import { hasStatus } from "./github.js";
import { sameFiles, selectManifests } from "./manifest-files.js";
import type { CommentMode, CommitRef, FileSource, PullRequestReader, TreeFile } from "./ports.js";
import { createInProcessReviewer, type Reviewer, type ReviewRequest } from "./reviewer.js";

/** Where the tenant model and bot settings live; always read from the BASE commit. */
export { CONFIG_PATH };

export interface ChangeRequest {
  base: CommitRef;
  head: CommitRef;
  /** The PR whose approving reviews may consent; `headSha` is the PR's head (≠ `head.sha` in a merge group). */
  pr?: { number: number; author: string; headSha: string };
}

export interface EvaluationDeps {
  files: FileSource;
  /** Needed for consent; without it nobody consents (e.g. a merge group without a PR). */
  pulls?: PullRequestReader;
  now: () => Date;
  /**
   * Runs the reviews (up to three per change, for consent). The app's runs them in a worker thread
   * that keeps its caches across events; without one, they run here, sharing caches within this change.
   */
  reviewer?: Reviewer;
}

export interface Evaluation {
  review: Review;
  /** False when no manifest differs between base and head: the change cannot alter network access. */
  touchesManifests: boolean;
  configChanged: boolean;
  commentMode: CommentMode;
  consents: readonly Consent[];
}

/**
 * Review a change the way the app and `bulkhead pr` both do:
 * 1. list base and head trees; read the config from the base, note whether the change edits it;
 * 2. no manifest differs → an empty, passing review without reading a single manifest;
 * 3. read the manifests of both sides (blob cache), review, and resolve tenant owners' consent;
 * 4. input the loader could not read is added to the diagnostics, and fails the gate on the head.
 */
export async function evaluateChange(deps: EvaluationDeps, request: ChangeRequest): Promise<Evaluation> {
  const [baseTree, headTree] = await Promise.all([deps.files.list(request.base), deps.files.list(request.head)]);
  const config = await readConfig(deps.files, request.base, baseTree);
  const settings = readRepoSettings(config);
  const configChanged = configId(baseTree) !== configId(headTree);
  const baseManifests = selectManifests(baseTree);
  const headManifests = selectManifests(headTree);
  const common = { configChanged, commentMode: settings.commentMode };
  if (sameFiles(baseManifests.files, headManifests.files)) {
    return { ...common, touchesManifests: false, review: unchangedReview(request, config !== undefined, configChanged), consents: [] };
  }
  // The base first, then the head: the head then only fetches what the change added or edited.
  const base = await deps.files.read(request.base, baseManifests.files);
  const head = await deps.files.read(request.head, headManifests.files);
  const input: ReviewRequest = {
    base: base.files,
    head: head.files,
    ...(config ? { config } : {}),
    configChangedInChange: configChanged,
    baseRef: request.base.sha,
    headRef: request.head.sha,
    ...(request.pr ? { author: request.pr.author } : {}),
    readDiagnostics: { head: [...headManifests.diagnostics, ...head.diagnostics], base: [...baseManifests.diagnostics, ...base.diagnostics] },
    now: deps.now(),
  };
  const reviewer = deps.reviewer ?? createInProcessReviewer();
  const { review, consents } = await reviewWithConsents(deps, reviewer, request, input, settings.tenants);
  return { ...common, touchesManifests: true, review, consents };
}

const configId = (tree: readonly TreeFile[]): string | undefined => tree.find((f) => f.path === CONFIG_PATH)?.id;

async function readConfig(files: FileSource, base: CommitRef, tree: readonly TreeFile[]): Promise<SourceFile | undefined> {
  const entry = tree.find((f) => f.path === CONFIG_PATH);
  if (!entry) return undefined;
  const read = await files.read(base, [entry]);
  const file = read.files[0];
  if (!file) throw new ConfigUnreadableError(`${CONFIG_PATH} on the base commit could not be read (${read.diagnostics.map((d) => d.message).join("; ")})`);
  return file;
}

async function reviewWithConsents(deps: EvaluationDeps, reviewer: Reviewer, request: ChangeRequest, input: ReviewRequest, tenants: readonly TenantOwners[]): Promise<{ review: Review; consents: Consent[] }> {
  const { pulls } = deps;
  const pr = request.pr;
  if (!pulls || !pr || tenants.every((t) => t.owners.length === 0)) return { review: await reviewer.review(input), consents: [] };
  const candidates = await findConsents(await pulls.approvals(pr.number), tenants, pr.author, (org, team, login) => pulls.isTeamMember(org, team, login));
  const first = await reviewer.review({ ...input, consents: candidates });
  // In a merge group the approvals are on the PR's own head, whose rows the group's diff need not share.
  const currentSha = pr.headSha;
  const reviewAt = async (sha: string) => (request.head.sha === currentSha ? reviewCommit(deps.files, reviewer, request, input, sha) : undefined);
  const settled = await settleConsents(candidates, currentSha, first, reviewAt);
  if (settled.lapsed.length === 0) return { review: first, consents: settled.consents };
  const notes = settled.lapsed.map((c) => `The approval by @${c.login} on ${c.commitId.slice(0, 7)} no longer counts as consent for ${c.tenants.join(", ")}: the cross-tenant changes into that tenant changed after it.`);
  const review = await reviewer.review({ ...input, consents: settled.consents });
  return { review: { ...review, notes: [...review.notes, ...notes] }, consents: settled.consents };
}

/** The same review at an earlier head commit, to compare what an older approval saw. */
async function reviewCommit(files: FileSource, reviewer: Reviewer, request: ChangeRequest, input: ReviewRequest, sha: string): Promise<Review | undefined> {
  const at = { ...request.head, sha };
  let head: SourceFile[];
  try {
    const manifests = selectManifests(await files.list(at));
    head = (await files.read(at, manifests.files)).files;
  } catch (e) {
    if (hasStatus(e, 404) || hasStatus(e, 422)) return undefined;
    throw e;
  }
  return reviewer.review({ ...input, head, headRef: sha });
}

function unchangedReview(request: ChangeRequest, hasConfig: boolean, configChanged: boolean): Review {
  const notes = ["This change does not modify any Kubernetes manifest, so it cannot change network access."];
  if (configChanged) notes.push(`It edits ${CONFIG_PATH}; that edit applies after merge, never to the pull request that makes it.`);
  return {
    gate: "pass",
    baseRef: request.base.sha,
    headRef: request.head.sha,
    observeMode: !hasConfig,
    notes,
    changes: [],
    findings: [],
    diagnostics: [],
    counts: { opened: 0, closed: 0, changed: 0, newViolations: 0, preexisting: 0, waived: 0 },
  };
}
