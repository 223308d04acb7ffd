import { diffAccess, type AccessChange } from "../diff/diff-access.js";
import { computeAccess, type Connection } from "../engine/access.js";
import type { AccessModel } from "../engine/access-model.js";
import { ModelSharing } from "../engine/model-sharing.js";
import { externalCuts, type RepresentativeMode } from "../engine/universe.js";
import { createParseCache, type ParseCache } from "../load/index.js";
import type { SourceFile } from "../model/position.js";
import type { Profile } from "../model/profile.js";
import { accessRows, type AccessRow } from "../report/access-rows.js";
import { buildAccessModel, compiledPolicies, compileRepository, type CompiledRepository } from "./analyze-repository.js";
import { keepValidBaseVersions, type KeptPolicy } from "./keep-valid-base.js";

export interface ChangeSide {
  repo: CompiledRepository;
  model: AccessModel;
  connections: Connection[];
  rows: AccessRow[];
}

export interface ChangeAnalysis {
  base: ChangeSide;
  head: ChangeSide;
  changes: AccessChange[];
  /** Policies invalid on the head but valid on the base: the base version stays in force (OBJ-5). */
  kept: KeptPolicy[];
}

const namespacesWithWorkloads = (repo: CompiledRepository): Set<string> =>
  new Set(repo.inventory.workloads.map((w) => w.namespace));

/**
 * Analyse both sides of a change on a common footing, so that the diff compares like with like:
 * - the external address space of both sides is split at the CIDRs either side mentions;
 * - selectors, entities and DNS names of either side are peers on both sides;
 * - a namespace's "any pod" representative exists on both sides when either side needs it, so that
 *   adding the first workload to a namespace does not read as every connection removed;
 * - the head keeps the base version of a policy that the change made invalid (OBJ-5).
 */
export function analyzeChange(
  base: readonly SourceFile[],
  head: readonly SourceFile[],
  options: { profile?: Profile; representatives?: RepresentativeMode; cache?: ParseCache } = {},
): ChangeAnalysis {
  // Base and head share almost every file: each distinct file is parsed once, its objects are shared,
  // and so are the policies compiled from them where the inventory they read is the same.
  const cache = options.cache ?? createParseCache();
  const baseRepo = compileRepository(base, options.profile, undefined, { cache });
  const { repo: headRepo, kept } = keepValidBaseVersions(baseRepo, compileRepository(head, options.profile, undefined, { cache, reuse: baseRepo }));
  const repos = [baseRepo, headRepo] as const;
  const cuts = {
    ingress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "ingress")),
    egress: repos.flatMap((r) => externalCuts(compiledPolicies(r), "egress")),
  };
  const withWorkloads = repos.map(namespacesWithWorkloads);
  // Both sides usually have equal universes: then they share peers and every verdict they agree on.
  const sharing = new ModelSharing();
  const [b, h] = repos.map((repo, i): ChangeSide => {
    const other = 1 - i;
    const namespaceRepresentatives = [...repo.inventory.namespaces.keys()].filter((ns) => !withWorkloads[other]!.has(ns));
    const model = buildAccessModel(repo, {
      cuts,
      alsoPeersOf: compiledPolicies(repos[other]!),
      namespaceRepresentatives,
      ...(options.representatives ? { representatives: options.representatives } : {}),
    }, sharing);
    const connections = computeAccess(model);
    return { repo, model, connections, rows: accessRows(connections) };
  }) as [ChangeSide, ChangeSide];
  return { base: b, head: h, changes: diffAccess(b.rows, h.rows), kept };
}
