import { hasStatus, type GitHub } from "./github.js";
import type { Approval, CommitRef, PullRequestReader, PullRequestState, RepoId } from "./ports.js";

/** Review states that change whether a reviewer approves; `COMMENTED` and `PENDING` do not. */
const DECISIVE = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/** `PullRequestReader` over the REST API. */
export class GitHubPullRequests implements PullRequestReader {
  constructor(
    private readonly github: GitHub,
    private readonly repo: RepoId,
  ) {}

  async get(number: number): Promise<PullRequestState> {
    const { data } = await this.github.rest.pulls.get({ ...this.repo, pull_number: number });
    const headRepo = data.head.repo ? { owner: data.head.repo.owner.login, repo: data.head.repo.name } : undefined;
    return {
      number: data.number,
      state: data.state === "open" ? "open" : "closed",
      author: data.user.login,
      base: { ref: data.base.ref, sha: data.base.sha },
      head: { sha: data.head.sha, ...(headRepo ? { repo: headRepo } : {}) },
    };
  }

  async approvals(number: number): Promise<Approval[]> {
    const reviews = await this.github.paginate(this.github.rest.pulls.listReviews, { ...this.repo, pull_number: number, per_page: 100 });
    // Reviews come oldest first: the last decisive one per reviewer is their current stance.
    const latest = new Map<string, { state: string; commitId: string }>();
    for (const r of reviews) {
      if (!r.user || !DECISIVE.has(r.state) || !r.commit_id) continue;
      latest.set(r.user.login, { state: r.state, commitId: r.commit_id });
    }
    return [...latest].filter(([, r]) => r.state === "APPROVED").map(([login, r]) => ({ login, commitId: r.commitId }));
  }

  async isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean> {
    try {
      const { data } = await this.github.rest.teams.getMembershipForUserInOrg({ org, team_slug: teamSlug, username: login });
      return data.state === "active";
    } catch (e) {
      // 404 = not a member (or no such team); anything else is a real failure and must not pass as "no".
      if (hasStatus(e, 404)) return false;
      throw e;
    }
  }

  async findByHeadSha(sha: string): Promise<number | undefined> {
    const { data } = await this.github.rest.repos.listPullRequestsAssociatedWithCommit({ ...this.repo, commit_sha: sha });
    const direct = data.find((pr) => pr.state === "open" && pr.head.sha === sha);
    if (direct) return direct.number;
    // Fork heads are not associated with commits of the base repository: scan the open PRs.
    for await (const page of this.github.paginate.iterator(this.github.rest.pulls.list, { ...this.repo, state: "open", per_page: 100 })) {
      const match = page.data.find((pr) => pr.head.sha === sha);
      if (match) return match.number;
    }
    return undefined;
  }
}

/** The head commit of a PR, read through the base repository and, for a fork, the fork as fallback. */
export function headCommit(repo: RepoId, pr: PullRequestState): CommitRef {
  const fork = pr.head.repo && (pr.head.repo.owner !== repo.owner || pr.head.repo.repo !== repo.repo) ? pr.head.repo : undefined;
  return { ...repo, sha: pr.head.sha, ...(fork ? { alternate: fork } : {}) };
}
