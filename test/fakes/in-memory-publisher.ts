import type { CheckRunOutput } from "../../src/core/review/types.js";
import type { CheckConclusion, CheckHandle, CommentMode, CommentResult, Publisher } from "../../src/app/ports.js";

export interface FakeCheck {
  id: number;
  headSha: string;
  status: "in_progress" | "completed";
  conclusion?: CheckConclusion;
  output?: CheckRunOutput;
}

export interface FakeComment {
  body: string;
  hidden: boolean;
}

/** `Publisher` that records check runs and comments in memory, with the sticky-comment rules of the real one. */
export class InMemoryPublisher implements Publisher {
  readonly checks: FakeCheck[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly commentResults: CommentResult[] = [];
  /** Make the next call of a method throw. */
  readonly failures: Partial<Record<"startCheck" | "completeCheck" | "amendCheck" | "publishComment", Error>> = {};

  async startCheck(headSha: string): Promise<CheckHandle> {
    this.#maybeFail("startCheck");
    const check: FakeCheck = { id: this.checks.length + 1, headSha, status: "in_progress" };
    this.checks.push(check);
    return { id: check.id, url: `https://github.com/acme/gitops/runs/${check.id}` };
  }

  async completeCheck(handle: CheckHandle, conclusion: CheckConclusion, output: CheckRunOutput): Promise<void> {
    this.#maybeFail("completeCheck");
    const check = this.checks.find((c) => c.id === handle.id);
    if (!check) throw new Error(`no check ${handle.id}`);
    Object.assign(check, { status: "completed", conclusion, output });
  }

  async amendCheck(handle: CheckHandle, output: Omit<CheckRunOutput, "annotations">): Promise<void> {
    this.#maybeFail("amendCheck");
    const check = this.checks.find((c) => c.id === handle.id);
    if (!check) throw new Error(`no check ${handle.id}`);
    check.output = { ...output, annotations: check.output?.annotations ?? [] };
  }

  async publishComment(pr: number, body: string, options: { mode: CommentMode; createIfMissing: boolean }): Promise<CommentResult> {
    this.#maybeFail("publishComment");
    const result = this.#upsert(pr, body, options);
    this.commentResults.push(result);
    return result;
  }

  /** The visible (not hidden) comments of a PR. */
  visible(pr: number): FakeComment[] {
    return (this.comments.get(pr) ?? []).filter((c) => !c.hidden);
  }

  #upsert(pr: number, body: string, options: { mode: CommentMode; createIfMissing: boolean }): CommentResult {
    if (options.mode === "off") return "skipped";
    const list = this.comments.get(pr) ?? [];
    this.comments.set(pr, list);
    const existing = list[list.length - 1];
    if (existing && existing.body === body) return "unchanged";
    if (!existing && !options.createIfMissing) return "skipped";
    if (existing && options.mode === "update") {
      existing.body = body;
      return "updated";
    }
    if (existing) existing.hidden = true;
    list.push({ body, hidden: false });
    return existing ? "replaced" : "created";
  }

  #maybeFail(method: keyof InMemoryPublisher["failures"]): void {
    const error = this.failures[method];
    if (!error) return;
    delete this.failures[method];
    throw error;
  }
}
