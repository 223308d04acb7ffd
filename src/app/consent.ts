import type { Consent, Review } from "../core/review/types.js";
import type { Approval } from "./ports.js";

/** A tenant and the owners the base config names for it (`tenants.<t>.owners`: users or `@org/team`). */
export interface TenantOwners {
  name: string;
  owners: readonly string[];
}

/** A consent and the commit the reviewer approved. */
export interface CandidateConsent extends Consent {
  commitId: string;
}

type TeamCheck = (org: string, teamSlug: string, login: string) => Promise<boolean>;

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** `@org/team` → a team; `@user` or `user` → a user. */
function parseOwner(owner: string): { team: { org: string; slug: string } } | { user: string } {
  const name = owner.trim().replace(/^@/, "");
  const slash = name.indexOf("/");
  return slash > 0 ? { team: { org: name.slice(0, slash), slug: name.slice(slash + 1) } } : { user: name };
}

async function ownsTenant(login: string, owners: readonly string[], isTeamMember: TeamCheck): Promise<boolean> {
  for (const owner of owners) {
    const parsed = parseOwner(owner);
    if ("user" in parsed ? sameLogin(parsed.user, login) : await isTeamMember(parsed.team.org, parsed.team.slug, login)) return true;
  }
  return false;
}

/**
 * Approving reviewers who own at least one tenant, with the tenants they own. The PR author is
 * never one: a tenant cannot consent on behalf of another through its own PR. Team membership is
 * asked once per (team, login) per event.
 */
export async function findConsents(approvals: readonly Approval[], tenants: readonly TenantOwners[], author: string | undefined, isTeamMember: TeamCheck): Promise<CandidateConsent[]> {
  const memo = new Map<string, Promise<boolean>>();
  const cachedTeamCheck: TeamCheck = (org, slug, login) => {
    const key = `${org}/${slug}\n${login}`.toLowerCase();
    if (!memo.has(key)) memo.set(key, isTeamMember(org, slug, login));
    return memo.get(key)!;
  };
  const out: CandidateConsent[] = [];
  for (const approval of approvals) {
    if (author !== undefined && sameLogin(approval.login, author)) continue;
    const owned: string[] = [];
    for (const t of tenants) if (await ownsTenant(approval.login, t.owners, cachedTeamCheck)) owned.push(t.name);
    if (owned.length > 0) out.push({ login: approval.login, tenants: owned, commitId: approval.commitId });
  }
  return out;
}

/**
 * What an owner of `tenant` consented to: the cross-tenant rows of the diff into that tenant, as
 * one comparable string. A push that leaves it unchanged keeps the consent (sticky, like Atlantis'
 * policy approvals); any other push invalidates it, so an approval cannot be stretched to a wider
 * flow pushed after it.
 */
export function consentedRows(review: Review, tenant: string): string {
  return review.changes
    .filter((c) => c.crossTenant && c.toTenant === tenant)
    .map((c) => JSON.stringify([c.change, c.from, c.to, c.before, c.after, c.l7After]))
    .sort()
    .join("\n");
}

/** Most commits with stale approvals re-evaluated per review; approvals on older commits lapse. */
export const MAX_STALE_COMMITS = 3;

/**
 * Keep current consents, and from consents given on an earlier commit keep the tenants whose
 * cross-tenant rows did not change since. `reviewAt(sha)` reviews that commit against the same base
 * (undefined when the commit is gone, e.g. force-pushed away).
 */
export async function settleConsents(
  candidates: readonly CandidateConsent[],
  headSha: string,
  headReview: Review,
  reviewAt: (sha: string) => Promise<Review | undefined>,
): Promise<{ consents: Consent[]; lapsed: CandidateConsent[] }> {
  const consents: Consent[] = [];
  const lapsed: CandidateConsent[] = [];
  const staleCommits = [...new Set(candidates.filter((c) => c.commitId !== headSha).map((c) => c.commitId))].slice(-MAX_STALE_COMMITS);
  const earlier = new Map<string, Review | undefined>();
  for (const sha of staleCommits) earlier.set(sha, await reviewAt(sha));
  for (const c of candidates) {
    if (c.commitId === headSha) {
      consents.push({ login: c.login, tenants: c.tenants });
      continue;
    }
    const then = earlier.get(c.commitId);
    const kept = then ? c.tenants.filter((t) => consentedRows(then, t) === consentedRows(headReview, t)) : [];
    if (kept.length > 0) consents.push({ login: c.login, tenants: kept });
    if (kept.length < c.tenants.length) lapsed.push({ ...c, tenants: c.tenants.filter((t) => !kept.includes(t)) });
  }
  return { consents, lapsed };
}
