import type nock from "nock";
import { comment, REPO } from "./github-api.js";

/** A create that GitHub carries out although its answer is lost: `times` creations, each answered with a 502 or, with `delayMs`, too late. */
export interface Lost {
  times: number;
  delayMs?: number;
}

/** Answer a create interceptor as `lost` says; `create` records the object either way. */
function answerLost(interceptor: nock.Interceptor, lost: Lost, create: (body: nock.Body) => object): void {
  const delayed = lost.delayMs === undefined ? interceptor.times(lost.times) : interceptor.times(lost.times).delay(lost.delayMs);
  delayed.reply((_uri, body) => {
    const created = create(body);
    return lost.delayMs === undefined ? [502, { message: "Server Error" }] : [201, created];
  });
}

export interface CheckRun {
  id: number;
  head_sha: string;
  external_id?: string;
  status: string;
  conclusion?: string;
  output?: { title: string; summary: string; text?: string; annotations?: unknown[] };
  /** PATCH requests received for this run. */
  updates: number;
}

/**
 * The app's check runs as GitHub would hold them: `POST /check-runs` creates one (ids 99, 100, …),
 * `PATCH /check-runs/:id` merges into it, `GET /commits/:sha/check-runs` lists them. Lets a test
 * assert the end state ("exactly one completed run on the head, none left in progress") rather
 * than the requests.
 */
export class CheckRuns {
  readonly runs: CheckRun[] = [];

  /**
   * Expect `creates` creations, `updates` updates and `lists` listings (strict nock fails on more
   * or fewer). The first `lost.times` creations create the run and still fail, as GitHub can: a
   * 502, or an answer after `lost.delayMs` (past the client's timeout).
   */
  mock(scope: nock.Scope, expected: { creates?: number; updates?: number; lists?: number; lost?: Lost } = {}): this {
    const { creates = 1, updates = 1, lists = 0, lost } = expected;
    const view = (run: CheckRun) => ({ id: run.id, head_sha: run.head_sha, external_id: run.external_id ?? null, name: "bulkhead", status: run.status, html_url: `https://github.com/acme/gitops/runs/${run.id}` });
    const create = (body: nock.Body) => {
      const { head_sha, status, external_id } = body as { head_sha: string; status: string; external_id?: string };
      const run: CheckRun = { id: 99 + this.runs.length, head_sha, ...(external_id ? { external_id } : {}), status, updates: 0 };
      this.runs.push(run);
      return run;
    };
    if (lost) answerLost(scope.post(`${REPO}/check-runs`), lost, (body) => view(create(body)));
    const answered = creates - (lost?.times ?? 0);
    if (answered > 0)
      scope
        .post(`${REPO}/check-runs`)
        .times(answered)
        .reply((_uri, body) => [201, view(create(body))]);
    if (lists > 0)
      scope
        .get(new RegExp(`^${REPO}/commits/[0-9a-f]{40}/check-runs\\?check_name=bulkhead&filter=all&per_page=100$`))
        .times(lists)
        .reply((uri) => {
          const runs = this.on(/commits\/([0-9a-f]{40})\//.exec(uri)![1]!).map(view);
          return [200, { total_count: runs.length, check_runs: runs }];
        });
    if (updates > 0)
      scope
        .patch(new RegExp(`^${REPO}/check-runs/\\d+$`))
        .times(updates)
        .reply((uri, body) => {
          const run = this.runs.find((r) => uri.endsWith(`/check-runs/${r.id}`));
          if (!run) return [404, { message: "Not Found" }];
          const patch = body as Partial<CheckRun>;
          Object.assign(run, { ...patch, updates: run.updates + 1 });
          return [200, { id: run.id, status: run.status }];
        });
    return this;
  }

  on(sha: string): CheckRun[] {
    return this.runs.filter((r) => r.head_sha === sha);
  }

  get inProgress(): CheckRun[] {
    return this.runs.filter((r) => r.status !== "completed");
  }

  /** The one run on `sha`, asserted completed: what the PR's checks list shows. */
  only(sha: string): CheckRun {
    const runs = this.on(sha);
    if (runs.length !== 1) throw new Error(`expected exactly one check run on ${sha.slice(0, 7)}, found ${runs.length}`);
    if (runs[0]!.status !== "completed") throw new Error(`the check run on ${sha.slice(0, 7)} is ${runs[0]!.status}`);
    return runs[0]!;
  }
}

/**
 * The comments of PR 7 as GitHub would hold them: `others` first (people, other bots), then what
 * the app posts, as this app (`comment(…)`, app id 123).
 */
export class Comments {
  readonly all: Array<ReturnType<typeof comment>>;

  constructor(others: Array<ReturnType<typeof comment>> = []) {
    this.all = [...others];
  }

  /** Expect `lists` listings, `creates` creations (the first `lost.times` of them lost) and `updates` edits. */
  mock(scope: nock.Scope, expected: { lists?: number; creates?: number; updates?: number; lost?: Lost } = {}): this {
    const { lists = 1, creates = 0, updates = 0, lost } = expected;
    const create = (body: nock.Body) => {
      const created = comment(1000 + this.all.length, (body as { body: string }).body);
      this.all.push(created);
      return created;
    };
    if (lists > 0)
      scope
        .get(`${REPO}/issues/7/comments`)
        .query({ per_page: "100" })
        .times(lists)
        .reply(() => [200, this.all]);
    if (lost) answerLost(scope.post(`${REPO}/issues/7/comments`), lost, create);
    const answered = creates - (lost?.times ?? 0);
    if (answered > 0)
      scope
        .post(`${REPO}/issues/7/comments`)
        .times(answered)
        .reply((_uri, body) => [201, create(body)]);
    if (updates > 0)
      scope
        .patch(/\/issues\/comments\/\d+$/)
        .times(updates)
        .reply((uri, body) => {
          const target = this.all.find((c) => uri.endsWith(`/comments/${c.id}`));
          if (!target) return [404, { message: "Not Found" }];
          target.body = (body as { body: string }).body;
          return [200, target];
        });
    return this;
  }

  /** The app's own comments: what the PR shows from Bulkhead. */
  get ours(): Array<ReturnType<typeof comment>> {
    return this.all.filter((c) => c.performed_via_github_app?.id === 123);
  }
}

/** `GET /repos/acme/gitops/git/blobs/3f…?x=1` → `GET git/blobs/{sha}`: one key per endpoint. */
export function endpointOf(method: string, path: string): string {
  const [pathname = "", query = ""] = path.split("?");
  const template = pathname
    .replace(/^\/(repos\/[^/]+\/[^/]+\/)?/, "")
    .replace(/\/[0-9a-f]{40}(?=\/|$)/g, "/{sha}")
    .replace(/\/\d+(?=\/|$)/g, "/{n}");
  const recursive = /(^|&)recursive=1(&|$)/.test(query) ? "?recursive=1" : "";
  return `${method.toUpperCase()} ${template}${recursive}`;
}

/** Requests a nock scope answered, per endpoint, as they happen. */
export class RequestLog {
  readonly counts = new Map<string, number>();

  constructor(scope: nock.Scope) {
    scope.on("request", (req: { method?: string; path?: string }) => {
      const key = endpointOf(req.method ?? "GET", req.path ?? "");
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    });
  }

  get total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  count(endpoint: string): number {
    return this.counts.get(endpoint) ?? 0;
  }

  /** Counts as a plain object sorted by endpoint, for `toEqual` and for the docs. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  reset(): void {
    this.counts.clear();
  }
}
