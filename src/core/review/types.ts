import type { Diagnostic } from "../model/diagnostic.js";
import type { SourceFile } from "../model/position.js";
import type { ParseCache } from "../load/parse-cache.js";
import type { ReviewMemo } from "./review-memo.js";

/** Severity a rule is configured with in `.github/bulkhead.yml`. */
export type RuleSeverity = "error" | "warning" | "off";

/** One finding of a tenant-isolation rule. */
export interface Finding {
  /** Rule id, e.g. `cross-tenant`. */
  rule: string;
  severity: "error" | "warning";
  /** Introduced by the change under review (false = pre-existing on the base). */
  new: boolean;
  message: string;
  /** The manifest line that causes it (on the head side when new). */
  file: string;
  line: number;
  col: number;
  /** A concrete fix, in words a tenant developer can act on. */
  fix: string;
  from?: string;
  to?: string;
  ports?: string;
  /** Set when an exception or an owner's consent covers the finding; a waived finding never gates. */
  waived?: { by: "exception" | "consent"; detail: string };
  /** Tenants of `from` and `to` when they are tenant pods (per-tenant sections; consent goes to `toTenant`'s owners). */
  fromTenant?: string;
  toTenant?: string;
  /** The rule's docs page, relative to the repository root (`docs/rules/<id>.md`). */
  docs?: string;
}

/** Approval of a cross-tenant flow by an owner of the receiving tenant (issue: tenant consent). */
export interface Consent {
  /** GitHub login of the approving reviewer. */
  login: string;
  /** Tenants that reviewer owns (resolved by the app from users/teams). */
  tenants: readonly string[];
}

/** Everything a review needs; the app and the CLI both build this and call `reviewChange`. */
export interface ReviewInput {
  base: readonly SourceFile[];
  head: readonly SourceFile[];
  /** `.github/bulkhead.yml` as read from the BASE commit; undefined = no config (observe mode). */
  config?: SourceFile;
  /** True when the change edits the config file: the edit applies after merge, never to this review. */
  configChangedInChange?: boolean;
  /** What the reader could not read on each side (size and count limits, unreadable files, symlinks). */
  readDiagnostics?: { base: readonly Diagnostic[]; head: readonly Diagnostic[] };
  /** A content-addressed parse cache the caller keeps across reviews (the app: one per process). */
  parseCache?: ParseCache;
  /** Analyses re-used between reviews with the same base (see review-memo.ts); created once per process. */
  memo?: ReviewMemo;
  baseRef?: string;
  headRef?: string;
  consents?: readonly Consent[];
  /** The PR author, who cannot consent for another tenant. */
  author?: string;
  /** "Today", for exception expiry; injected so that the core stays pure. */
  now: Date;
  /** Budgets on pairwise work (B7); defaults DEFAULT_LIMITS in analyze-change.ts. Past one the review fails closed with ANALYSIS_TOO_LARGE. */
  limits?: { pairs?: number; changes?: number };
}

export type GateResult = "pass" | "fail";

export interface CheckRunOutput {
  title: string;
  summary: string;
  text: string;
  annotations: Array<{
    path: string;
    start_line: number;
    end_line: number;
    start_column?: number;
    end_column?: number;
    annotation_level: "failure" | "warning" | "notice";
    title: string;
    message: string;
  }>;
}

export type { Diagnostic };

/**
 * One row of the effective-access diff as people read it: pairwise changes that differ only by
 * workload are collapsed to the namespace or tenant level, but a cross-tenant row is never hidden.
 */
export interface AggregatedChange {
  change: "added" | "removed" | "changed";
  /** Display names; an aggregate reads e.g. "all pods in marketing". */
  from: string;
  to: string;
  fromTenant?: string;
  toTenant?: string;
  crossTenant: boolean;
  /** Canonical port texts ("TCP 443", "none"). */
  before: string;
  after: string;
  opened: string;
  closed: string;
  l7Before: readonly string[];
  l7After: readonly string[];
  /** Provenance on each side: `policy rulePath (file:line)`. */
  rulesBefore: readonly string[];
  rulesAfter: readonly string[];
  /** How many pairwise rows this aggregate stands for. */
  count: number;
  /** The pairwise names the row stands for (from × to); only when asked for (tests, exports). */
  members?: { from: readonly string[]; to: readonly string[] };
}

/**
 * One change of the north-south exposure (who on the Internet reaches which pods through a gateway,
 * docs/gateway.md) between base and head: a row of the exposure table added, removed or changed.
 * Plain data, so that a Review stays JSON.
 */
export interface NorthSouthChange {
  change: "added" | "removed" | "changed";
  /** For a changed row, what changed: authz, effective, backend, shadowing, reachability. */
  aspects: readonly string[];
  /** The reviewer's sentence, e.g. "now reachable from the Internet: https://shop.a.example.com/admin/* → tenant-a/shop, no authentication". */
  summary: string;
  /** True when the change makes the URL reachable from the Internet without authentication (listed first, never left out first). */
  newlyPublic: boolean;
  /** The row on the head (on the base for a removed row): gateway `ns/name`, listener, URL, route and rule. */
  gateway: string;
  /** `name (HTTPS 443)`. */
  listener: string;
  url: string;
  /** `HTTPRoute tenant-b/promo rule 0`. */
  route: string;
  /** `Service tenant-b/promo:80`, or the action when there is no backend (`redirect`, `500`, `direct-response`). */
  backend: string;
  /** What an anonymous Internet client meets: open, authenticated, restricted or closed. */
  access: "open" | "authenticated" | "restricted" | "closed";
  /** Configured and admitted by every Cilium hop (§7.5). */
  effective: boolean;
  /** The gateway's Service is reachable from the Internet; "unknown" for NodePort or unrecognised load balancers. */
  internetFacing: boolean | "unknown";
  /** The route rule's place in the manifests (head side; base side for a removed row). */
  file: string;
  line: number;
}

export interface Review {
  gate: GateResult;
  baseRef?: string;
  headRef?: string;
  /** No `.github/bulkhead.yml` on the base: namespaces are tenants, findings are warnings. */
  observeMode: boolean;
  /** Notes for the reader, e.g. that the PR edits the config and the edit applies after merge. */
  notes: readonly string[];
  changes: readonly AggregatedChange[];
  /** North-south exposure changes (Gateway API / Envoy Gateway); absent or empty when there are none. */
  northSouth?: readonly NorthSouthChange[];
  findings: readonly Finding[];
  diagnostics: readonly Diagnostic[];
  counts: { opened: number; closed: number; changed: number; newViolations: number; preexisting: number; waived: number };
}
