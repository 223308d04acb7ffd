import type { ConfigPeer, Tenant, TenantConfig } from "../config/types.js";
import { LABEL } from "../model/labels.js";
import type { Peer } from "../model/peer.js";
import { globMatcher, type GlobMatcher } from "./glob-matcher.js";

/**
 * Who a peer belongs to, for the tenant-isolation rules:
 * - `tenant`: pods of a namespace a tenant claims;
 * - `platform`: pods of a platform namespace;
 * - `unassigned`: pods of a namespace nobody claims, or of a namespace only known by labels
 *   (a representative peer such as `[any namespace]/…`); treated as foreign to every tenant (fail closed);
 * - `node`: a reserved identity (host, remote-node, kube-apiserver, …, spec §5);
 * - `external`: addresses and DNS names outside the cluster.
 */
export type Owner =
  | { kind: "tenant"; tenant: string; namespace: string }
  | { kind: "platform"; namespace: string }
  | { kind: "unassigned"; namespace: string }
  | { kind: "node"; entity: string }
  | { kind: "external" };

/** Namespaces Kubernetes itself runs; the platform in observe mode. */
export const SYSTEM_NAMESPACES: readonly string[] = ["kube-system", "kube-public", "kube-node-lease"];

export interface Tenancy {
  /** No config: every namespace is its own tenant (observe mode). */
  readonly observe: boolean;
  readonly tenants: readonly Tenant[];
  /** True when a pod's owner depends on its namespace name alone (no tenant claims namespaces by label). */
  readonly ownerByNamespace: boolean;
  namespaceOwner(namespace: string, labels: Readonly<Record<string, string>>): Owner;
  ownerOf(peer: Peer): Owner;
  /** The tenant's settings; in observe mode a synthesised tenant with empty allowlists. */
  tenant(name: string): Tenant | undefined;
  /** Does a config peer (`sales/app=reports`, `entity:kube-apiserver`) name this peer? */
  matches(target: ConfigPeer, peer: Peer): boolean;
}

const NS_LABEL_PREFIX = LABEL.namespaceLabelPrefix;

/** Namespace labels carried in an endpoint's identity (§3.1), which representative peers have too. */
export function namespaceLabelsOf(labels: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of labels) if (k.startsWith(NS_LABEL_PREFIX)) out[k.slice(NS_LABEL_PREFIX.length)] = v;
  return out;
}

/** A synthetic namespace of a representative peer is written in brackets (`[tenant=sales]`). */
const isSynthetic = (namespace: string): boolean => namespace.startsWith("[");

const observeTenant = (name: string): Tenant => ({
  name,
  namespaces: [name],
  owners: [],
  egress: { fqdns: [], cidrs: [] },
  ingress: { cidrs: [] },
  at: { file: "", line: 0, col: 0 },
});

function claims(globs: GlobMatcher, tenant: Tenant, namespace: string, labels: Readonly<Record<string, string>>): boolean {
  if (!isSynthetic(namespace) && globs.any(namespace, tenant.namespaces)) return true;
  const wanted = tenant.namespaceSelector?.matchLabels;
  return wanted !== undefined && Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/**
 * Resolve peers to owners. The platform wins over tenants (it is declared by the config's owners on
 * purpose); among tenants the first in file order wins, and `parseConfig` warns about overlaps.
 *
 * @example
 * createTenancy(config).ownerOf(peer) // { kind: "tenant", tenant: "sales", namespace: "sales-eu" }
 */
export function createTenancy(config: TenantConfig | undefined): Tenancy {
  const observe = config === undefined;
  const tenants = config?.tenants ?? [];
  const platform = config ? [...config.platform.namespaces] : [...SYSTEM_NAMESPACES];
  const byName = new Map(tenants.map((t) => [t.name, t]));
  const cache = new Map<string, Owner>();
  const globs = globMatcher();
  // Namespace labels only matter through a tenant's namespaceSelector: without one, the owner is a
  // function of the name alone, and the labels are neither serialised nor even collected.
  const labelsMatter = tenants.some((t) => t.namespaceSelector !== undefined);

  const ownerFor = (namespace: string, labelsOf: () => Readonly<Record<string, string>>): Owner => {
    const labels = labelsMatter ? labelsOf() : undefined;
    const key = labels ? `${namespace}\u0000${JSON.stringify(labels)}` : namespace;
    const hit = cache.get(key);
    if (hit) return hit;
    let owner: Owner;
    if (!isSynthetic(namespace) && globs.any(namespace, platform)) owner = { kind: "platform", namespace };
    else if (observe) owner = isSynthetic(namespace) ? { kind: "unassigned", namespace } : { kind: "tenant", tenant: namespace, namespace };
    else {
      const t = tenants.find((x) => claims(globs, x, namespace, labels ?? {}));
      owner = t ? { kind: "tenant", tenant: t.name, namespace } : { kind: "unassigned", namespace };
    }
    cache.set(key, owner);
    return owner;
  };
  const namespaceOwner = (namespace: string, labels: Readonly<Record<string, string>>): Owner =>
    (!labelsMatter && cache.get(namespace)) || ownerFor(namespace, () => labels);

  const owners = new WeakMap<Peer, Owner>();
  const resolve = (peer: Peer): Owner => {
    switch (peer.kind) {
      case "endpoint":
        return ownerFor(peer.namespace, () => namespaceLabelsOf(peer.labels));
      case "entity":
        return { kind: "node", entity: peer.entity };
      default:
        return { kind: "external" };
    }
  };
  const ownerOf = (peer: Peer): Owner => {
    let owner = owners.get(peer);
    if (!owner) owners.set(peer, (owner = resolve(peer)));
    return owner;
  };

  const matches = (target: ConfigPeer, peer: Peer): boolean => {
    if (target.kind === "entity") return peer.kind === "entity" && peer.entity === target.entity;
    if (peer.kind !== "endpoint") return false;
    const owner = ownerOf(peer);
    const inScope = (owner.kind === "tenant" && owner.tenant === target.scope) || (!isSynthetic(peer.namespace) && globs.one(peer.namespace, target.scope));
    return inScope && Object.entries(target.labels).every(([k, v]) => peer.labels.get(`k8s:${k}`) === v);
  };

  return {
    observe,
    tenants,
    ownerByNamespace: !labelsMatter,
    namespaceOwner,
    ownerOf,
    tenant: (name) => {
      const known = byName.get(name);
      if (known || !observe) return known;
      // Observe mode: one synthesised tenant per name, made once (rules ask per connection).
      const synthesised = observeTenant(name);
      byName.set(name, synthesised);
      return synthesised;
    },
    matches,
  };
}

/** The tenant an owner belongs to, if any. */
export const tenantOf = (owner: Owner): string | undefined => (owner.kind === "tenant" ? owner.tenant : undefined);

/** Pods of two owners are in different tenants (an unassigned namespace is foreign to every tenant). */
export function crossesTenants(a: Owner, b: Owner): boolean {
  const podsA = a.kind === "tenant" || a.kind === "unassigned";
  const podsB = b.kind === "tenant" || b.kind === "unassigned";
  if (!podsA || !podsB || (a.kind !== "tenant" && b.kind !== "tenant")) return false;
  if (a.kind === "tenant" && b.kind === "tenant") return a.tenant !== b.tenant;
  return true;
}

/** Short text for messages: `tenant sales`, `the platform`, `no tenant`. */
export function describeOwner(owner: Owner): string {
  switch (owner.kind) {
    case "tenant":
      return `tenant ${owner.tenant}`;
    case "platform":
      return "the platform";
    case "unassigned":
      return "no tenant";
    case "node":
      return `entity ${owner.entity}`;
    case "external":
      return "outside the cluster";
  }
}
