import { buildInventory, parseManifests } from "../load/index.js";
import type { ParseCache } from "../load/index.js";
import { policyKindFor } from "../kinds/registry.js";
import type { Diagnostic } from "../model/diagnostic.js";
import { diagnostic } from "../model/diagnostic.js";
import type { Inventory } from "../model/inventory.js";
import type { ManifestObject } from "../model/manifest.js";
import { objectRef } from "../model/manifest.js";
import type { SourceFile } from "../model/position.js";
import type { Profile } from "../model/profile.js";
import { ciliumProfile } from "../model/profile.js";
import type { CompiledPolicy } from "../model/rule.js";
import { AccessModel } from "../engine/access-model.js";
import type { ModelSharing } from "../engine/model-sharing.js";
import { buildUniverse, type Universe, type UniverseOptions } from "../engine/universe.js";
import { reusable, tracked } from "./compile-reuse.js";

export interface AnalysisOptions extends UniverseOptions {
  profile?: Profile;
  /** Namespace for namespaced objects that name none, like `kubectl apply -n` (default: "default"). */
  defaultNamespace?: string;
  /** Loaded files to re-use (content-addressed); see load/parse-cache.ts. */
  cache?: ParseCache;
}

const CLUSTER_SCOPED = new Set(["Namespace", "CiliumClusterwideNetworkPolicy", "Node", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "GatewayClass"]);

const withDefaultNamespace = (o: ManifestObject, ns: string | undefined): ManifestObject =>
  ns === undefined || o.namespace !== undefined || CLUSTER_SCOPED.has(o.kind) ? o : { ...o, namespace: ns };

/** A compiled policy together with the object it came from. */
export interface PolicyEntry {
  object: ManifestObject;
  /** null when the object is invalid and enforced by nobody (OBJ-4). */
  compiled: CompiledPolicy | null;
  diagnostics: readonly Diagnostic[];
}

/** A repository parsed and compiled, before the peer universe is built. */
export interface CompiledRepository {
  profile: Profile;
  objects: readonly ManifestObject[];
  inventory: Inventory;
  policies: readonly PolicyEntry[];
  diagnostics: readonly Diagnostic[];
}

export interface RepositoryAnalysis extends CompiledRepository {
  model: AccessModel;
}

export const policyKey = (o: Pick<ManifestObject, "kind" | "namespace" | "name">): string => `${o.kind}/${o.namespace ?? ""}/${o.name}`;

/** Namespace of a namespaced policy object, defaulting like kubectl apply does. */
const policyNamespace = (o: ManifestObject): string | undefined =>
  o.kind === "CiliumClusterwideNetworkPolicy" ? undefined : (o.namespace ?? "default");

/** What one side of a change may share with the other (see analyze-change.ts). */
export interface SharedWork {
  /** Loaded files to re-use (content-addressed); see load/parse-cache.ts. */
  cache?: ParseCache;
  /** The other side, already compiled: its compiled policies are re-used where they cannot differ. */
  reuse?: CompiledRepository;
}

/** Parse → inventory → compile every policy kind through the registry. */
export function compileRepository(
  files: readonly SourceFile[],
  profile: Profile = ciliumProfile,
  defaultNamespace?: string,
  shared: SharedWork = {},
): CompiledRepository {
  const { cache, reuse } = shared;
  const raw = parseManifests(files, undefined, cache ? { cache } : {});
  const parsed = defaultNamespace === undefined ? raw : { ...raw, objects: raw.objects.map((o) => withDefaultNamespace(o, defaultNamespace)) };
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const policyObjects: Array<{ object: ManifestObject; kind: NonNullable<ReturnType<typeof policyKindFor>> }> = [];
  for (let k = 0; k < parsed.objects.length; k++) {
    const object = parsed.objects[k]!;
    const kind = policyKindFor(object.kind);
    if (!kind) continue;
    if (!kind.apiVersions.includes(object.apiVersion)) {
      diagnostics.push(
        diagnostic("UNKNOWN_API_VERSION", "error", `${object.kind} with apiVersion ${object.apiVersion} is not one Bulkhead knows (${kind.apiVersions.join(", ")}); it was not analysed, so the result may be incomplete`, object.position, { object: objectRef(object) }),
      );
      continue;
    }
    policyObjects.push({ object, kind });
  }
  const extraNamespaces = policyObjects.map((p) => policyNamespace(p.object)).filter((n): n is string => n !== undefined);
  const inventory = buildInventory(parsed.objects, (d) => diagnostics.push(d), extraNamespaces);
  // The other side compiled the same object (same instance: same file text) against an inventory
  // that agrees on what that compilation read: the result cannot differ.
  const earlier = reuse && reuse.profile === profile ? new Map(reuse.policies.map((p) => [p.object, p])) : undefined;
  const mayReuse = reuse && earlier ? reusable(reuse.inventory, inventory) : () => false;
  const policies: PolicyEntry[] = policyObjects.map(({ object, kind }) => {
    const before = earlier?.get(object);
    if (before && mayReuse(object)) {
      diagnostics.push(...before.diagnostics);
      return before;
    }
    const own: Diagnostic[] = [];
    const compiled = kind.compile(object, { profile, inventory: tracked(inventory, object), report: (d) => own.push(d) });
    for (let k = 0; k < own.length; k++) diagnostics.push(own[k]!);
    return { object, compiled, diagnostics: own };
  });
  return { profile, objects: parsed.objects, inventory, policies, diagnostics };
}

export const compiledPolicies = (repo: CompiledRepository): CompiledPolicy[] =>
  repo.policies.map((p) => p.compiled).filter((c): c is CompiledPolicy => c !== null);

/**
 * Build the peer universe and the access model of a compiled repository. Models built with the
 * same ModelSharing on equal universes share their peers and caches (see engine/model-sharing.ts).
 * A caller that knows the universe `options` would build (the other side's, see analyze-change.ts)
 * passes it and skips building it.
 */
export function buildAccessModel(repo: CompiledRepository, options: UniverseOptions = {}, sharing?: ModelSharing, universe?: Universe): AccessModel {
  const compiled = compiledPolicies(repo);
  return new AccessModel(universe ?? buildUniverse(repo.inventory, compiled, repo.profile, options), compiled, repo.profile, sharing);
}

/**
 * Analyse one side of a change: parse → inventory → compile → peer universe → an access model
 * that answers queries and lists connections.
 */
export function analyzeRepository(files: readonly SourceFile[], options: AnalysisOptions = {}): RepositoryAnalysis {
  const repo = compileRepository(files, options.profile, options.defaultNamespace, options.cache ? { cache: options.cache } : {});
  return { ...repo, model: buildAccessModel(repo, options) };
}
