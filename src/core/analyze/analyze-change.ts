import type { AccessChange } from "../diff/diff-access.js";
import { diffConnections } from "../diff/diff-connections.js";
import { computeAccessWithin, type Connection } from "../engine/access.js";
import type { AccessModel } from "../engine/access-model.js";
import { ModelSharing } from "../engine/model-sharing.js";
import { buildUniverse, externalCuts, type RepresentativeMode, type Universe, type UniverseOptions } from "../engine/universe.js";
import type { ChangeMemo } from "./change-memo.js";
import { deepEqual } from "../algebra/deep-equal.js";
import { createParseCache, type ParseCache } from "../load/index.js";
import type { SourceFile } from "../model/position.js";
import { ciliumProfile, type Profile } from "../model/profile.js";
import { buildAccessModel, compiledPolicies, compileRepository, type CompiledRepository } from "./analyze-repository.js";
import { keepValidBaseVersions, type KeptPolicy } from "./keep-valid-base.js";

export interface ChangeSide {
  repo: CompiledRepository;
  model: AccessModel;
  connections: Connection[];
}

/**
 * How much pairwise work one review may do (B7). Without default deny every pod reaches every other,
 * so the access of a side, and the diff, grow with the square of the pods. Past a limit the review
 * stops materialising pairs and fails closed with ANALYSIS_TOO_LARGE rather than run out of memory.
 */
export interface AnalysisLimits {
  /** Pairwise rows (workload → peer) of one side. The bench's 16k-workload repository, with per-namespace default deny, has 183k. */
  pairs: number;
  /** Pairwise changes of the diff, which the review then aggregates: the per-change work is the larger. */
  changes: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = { pairs: 1_000_000, changes: 100_000 };

/** The analysis stopped at a limit: no side's rows (pairs) or no diff (changes) is complete. */
export interface TooLarge {
  limit: "pairs" | "changes";
  /** The side whose access exceeded the pair budget; for `changes`, the head. */
  side: "base" | "head";
  /** Pairs or changes counted when it stopped (more than `max`). */
  count: number;
  max: number;
  /** Distinct sources and destinations of the pairwise changes (limit `changes`) or workloads of the side (limit `pairs`). */
  sources: number;
  destinations: number;
  /** The changed file with the most workloads (the change's largest contributor); "." when none. */
  file: string;
  line: number;
}

export interface ChangeAnalysis {
  base: ChangeSide;
  head: ChangeSide;
  changes: AccessChange[];
  /** Policies invalid on the head but valid on the base: the base version stays in force (OBJ-5). */
  kept: KeptPolicy[];
  /** Set when a limit stopped the analysis: then `changes` is empty and the connections of that side are a prefix. */
  tooLarge?: TooLarge;
}

/** The changed file (text differs, or only on one side) with the most workloads, on the head or else the base. */
function largestContributor(base: readonly SourceFile[], head: readonly SourceFile[], repos: readonly CompiledRepository[]): { file: string; line: number } {
  const before = new Map(base.map((f) => [f.path, f.text]));
  const after = new Map(head.map((f) => [f.path, f.text]));
  const changed = (path: string) => before.get(path) !== after.get(path);
  for (const repo of [repos[1]!, repos[0]!]) {
    const byFile = new Map<string, { count: number; line: number }>();
    for (const w of repo.inventory.workloads) {
      if (!changed(w.position.file)) continue;
      const hit = byFile.get(w.position.file);
      if (hit) hit.count++;
      else byFile.set(w.position.file, { count: 1, line: w.position.line });
    }
    const top = [...byFile].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))[0];
    if (top) return { file: top[0], line: top[1].line };
  }
  return { file: ".", line: 1 };
}

const namespacesWithWorkloads = (repo: CompiledRepository): Set<string> =>
  new Set(repo.inventory.workloads.map((w) => w.namespace));

const withAccess = (model: AccessModel, budget: number) => ({ model, access: computeAccessWithin(model, budget) });

/** The base's model and access from the memo when the universe this change needs is the remembered one; else computed and remembered. */
function rememberedBaseSide(memo: ChangeMemo, repo: CompiledRepository, options: UniverseOptions, sharing: ModelSharing, budget: number) {
  const universe = buildUniverse(repo.inventory, compiledPolicies(repo), repo.profile, options);
  const hit = memo.baseSide(repo, universe, budget);
  if (hit) {
    // The head must find the remembered model's caches to share its verdicts.
    hit.model.shareInto(sharing);
    return hit;
  }
  const side = withAccess(buildAccessModel(repo, options, sharing, universe), budget);
  memo.rememberBaseSide(repo, { ...side, budget });
  return side;
}

/**
 * Analyse both sides of a change on a common footing, so that the diff compares like with like:
 * - the external address space of both sides is split at the CIDRs either side mentions;
 * - selectors, entities and DNS names of either side are peers on both sides;
 * - a namespace's "any pod" representative exists on both sides when either side needs it, so that
 *   adding the first workload to a namespace does not read as every connection removed;
 * - the head keeps the base version of a policy that the change made invalid (OBJ-5).
 */
export interface ChangeOptions {
  profile?: Profile;
  representatives?: RepresentativeMode;
  cache?: ParseCache;
  limits?: Partial<AnalysisLimits>;
  /** What earlier changes with the same base left (the app keeps one per process); see change-memo.ts. */
  memo?: ChangeMemo;
}

export function analyzeChange(base: readonly SourceFile[], head: readonly SourceFile[], options: ChangeOptions = {}): ChangeAnalysis {
  // Base and head share almost every file: each distinct file is parsed once, its objects are shared,
  // and so are the policies compiled from them where the inventory they read is the same.
  const cache = options.cache ?? createParseCache();
  const memo = options.memo;
  const compileBase = () => compileRepository(base, options.profile, undefined, { cache });
  const baseRepo = memo ? memo.compiledBase(base, options.profile ?? ciliumProfile, compileBase) : compileBase();
  const { repo: headRepo, kept } = keepValidBaseVersions(baseRepo, compileRepository(head, options.profile, undefined, { cache, reuse: baseRepo }));
  const repos = [baseRepo, headRepo] as const;
  const cuts = {
    ingress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "ingress")),
    egress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "egress")),
  };
  const withWorkloads = repos.map(namespacesWithWorkloads);
  // Both sides usually have equal universes: then they share peers and every verdict they agree on.
  const sharing = new ModelSharing();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let tooLarge: TooLarge | undefined;
  const stop = (t: Omit<TooLarge, "file" | "line">): void => {
    tooLarge = { ...t, ...largestContributor(base, head, repos) };
  };
  // The universe is a function of the inventory and of the policies of both sides (their selectors,
  // entities, DNS names and CIDRs are peers on either side): with an equal inventory the head's
  // universe is the base's, and building it again would only find that out.
  const sameInventory = deepEqual(baseRepo.inventory.namespaces, headRepo.inventory.namespaces) && deepEqual(baseRepo.inventory.workloads, headRepo.inventory.workloads);
  let baseUniverse: Universe | undefined;
  const [b, h] = repos.map((repo, i): ChangeSide => {
    const other = 1 - i;
    const namespaceRepresentatives = [...repo.inventory.namespaces.keys()].filter((ns) => !withWorkloads[other]!.has(ns));
    const universeOptions = {
      cuts,
      alsoPeersOf: compiledPolicies(repos[other]!),
      namespaceRepresentatives,
      ...(options.representatives ? { representatives: options.representatives } : {}),
    };
    const { model, access } =
      i === 0 && memo
        ? rememberedBaseSide(memo, repo, universeOptions, sharing, limits.pairs)
        : withAccess(buildAccessModel(repo, universeOptions, sharing, i === 1 && sameInventory ? baseUniverse : undefined), limits.pairs);
    baseUniverse ??= model.universe;
    // Once one side is over budget the diff is not computed, but the other side's connections
    // (within its own budget) still feed the rules, so that cross-tenant findings fire.
    if (access.overBudget && !tooLarge) {
      const endpoints = model.universe.endpoints.reduce((n, e) => n + (e.workloads.length || 1), 0);
      stop({ limit: "pairs", side: i === 0 ? "base" : "head", count: access.pairs, max: limits.pairs, sources: endpoints, destinations: endpoints });
    }
    return { repo, model, connections: access.connections };
  }) as [ChangeSide, ChangeSide];
  if (tooLarge) return { base: b, head: h, changes: [], kept, tooLarge };
  const changes = diffConnections(b.connections, h.connections, b.model.sharedPeers(h.model));
  if (changes.length > limits.changes) {
    stop({ limit: "changes", side: "head", count: changes.length, max: limits.changes, sources: new Set(changes.map((c) => c.from)).size, destinations: new Set(changes.map((c) => c.to)).size });
    return { base: b, head: h, changes: [], kept, ...(tooLarge ? { tooLarge } : {}) };
  }
  return { base: b, head: h, changes, kept };
}
