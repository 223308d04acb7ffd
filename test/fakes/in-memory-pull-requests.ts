import type { Approval, PullRequestReader, PullRequestState } from "../../src/app/ports.js";

/** `PullRequestReader` over PRs held in memory. `beforeGet` lets a test move the head mid-review. */
export class InMemoryPullRequests implements PullRequestReader {
  readonly prs = new Map<number, PullRequestState>();
  readonly reviews = new Map<number, Approval[]>();
  /** `org/team` → logins. */
  readonly teams = new Map<string, string[]>();
  readonly teamQueries: string[] = [];
  beforeGet?: (number: number, calls: number) => void;
  #gets = 0;

  add(pr: PullRequestState, approvals: Approval[] = []): this {
    this.prs.set(pr.number, pr);
    this.reviews.set(pr.number, approvals);
    return this;
  }

  async get(number: number): Promise<PullRequestState> {
    this.beforeGet?.(number, ++this.#gets);
    const pr = this.prs.get(number);
    if (!pr) throw Object.assign(new Error("Not Found"), { status: 404 });
    return structuredClone(pr);
  }

  async approvals(number: number): Promise<Approval[]> {
    return [...(this.reviews.get(number) ?? [])];
  }

  async isTeamMember(org: string, teamSlug: string, login: string): Promise<boolean> {
    this.teamQueries.push(`${org}/${teamSlug}:${login}`);
    return (this.teams.get(`${org}/${teamSlug}`) ?? []).includes(login);
  }

  async findByHeadSha(sha: string): Promise<number | undefined> {
    return [...this.prs.values()].find((pr) => pr.state === "open" && pr.head.sha === sha)?.number;
  }
}
