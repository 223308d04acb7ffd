import type { Octokit } from "@octokit/rest";

/**
 * The part of Octokit the adapters use. Both Probot's `context.octokit` (an installation token) and
 * the CLI's `@octokit/rest` client (a personal token) satisfy it, so the app and `bulkhead pr`
 * share every adapter.
 */
export type GitHub = Pick<Octokit, "request" | "paginate" | "graphql" | "rest" | "hook">;

/** True for Octokit's RequestError with the given status. */
export const hasStatus = (e: unknown, status: number): boolean =>
  typeof e === "object" && e !== null && (e as { status?: unknown }).status === status;
