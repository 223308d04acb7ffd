import type nock from "nock";
import { REPO } from "./github-api.js";

export interface CheckRun {
  id: number;
  head_sha: string;
  status: string;
  conclusion?: string;
  output?: { title: string; summary: string; text?: string; annotations?: unknown[] };
  /** PATCH requests received for this run. */
  updates: number;
}

/**
 * The app's check runs as GitHub would hold them: `POST /check-runs` creates one (ids 99, 100, …),
 * `PATCH /check-runs/:id` merges into it. Lets a test assert the end state ("exactly one completed
 * run on the head, none left in progress") rather than the requests.
 */
export class CheckRuns {
  readonly runs: CheckRun[] = [];

  /** Expect `creates` creations and `updates` updates (strict nock fails on more or fewer). */
  mock(scope: nock.Scope, expected: { creates?: number; updates?: number } = {}): this {
    const { creates = 1, updates = 1 } = expected;
    if (creates > 0)
      scope
        .post(`${REPO}/check-runs`)
        .times(creates)
        .reply((_uri, body) => {
          const { head_sha, status, name } = body as { head_sha: string; status: string; name: string };
          const run: CheckRun = { id: 99 + this.runs.length, head_sha, status, updates: 0 };
          this.runs.push(run);
          return [201, { id: run.id, head_sha, name, status, html_url: `https://github.com/acme/gitops/runs/${run.id}` }];
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
