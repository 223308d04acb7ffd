import { blockToCidrs, formatAddress, formatBlock, parseCidr, splitAddressSpace, type AddressBlock } from "../algebra/ip-space.js";
import { normalizeFqdn } from "../algebra/fqdn-pattern.js";
import { requirement } from "../algebra/selector.js";
import type { Inventory } from "../model/inventory.js";
import { LABEL } from "../model/labels.js";
import type { Selector } from "../model/labels.js";
import type { CidrPeer, EndpointPeer, EntityPeer, FqdnPeer, Peer, ReservedIdentity } from "../model/peer.js";
import type { Profile } from "../model/profile.js";
import type { CompiledPolicy, CompiledRule, Direction } from "../model/rule.js";
import { identityKey, podIdentityLabels } from "./identity.js";
import { synthesizeRepresentatives } from "./representatives.js";

export type RepresentativeMode = "auto" | "always" | "never";

export interface UniverseOptions {
  representatives?: RepresentativeMode;
  /** Entities to include as peers even when no policy names them. */
  entities?: readonly ReservedIdentity[];
  /**
   * Extra CIDRs at which to split the external address space, per direction: the other side's
   * cuts when diffing, so that both sides talk about the same address blocks.
   */
  cuts?: { ingress: readonly string[]; egress: readonly string[] };
  /** Additional endpoints (e.g. representatives a caller synthesised for its own questions). */
  extraEndpoints?: readonly EndpointPeer[];
  /**
   * Policies of the other side of a change: their selectors, entities and DNS names become peers
   * here too, so that both sides of a diff talk about the same peers.
   */
  alsoPeersOf?: readonly CompiledPolicy[];
  /** Namespaces that get an "any pod" representative even when they hold workloads (the other side of a change needs it). */
  namespaceRepresentatives?: readonly string[];
}

/** Every peer the access model talks about. External space is split per direction (sources vs destinations). */
export interface Universe {
  endpoints: readonly EndpointPeer[];
  entities: readonly EntityPeer[];
  externalSources: readonly CidrPeer[];
  externalDestinations: readonly (CidrPeer | FqdnPeer)[];
  endpointsByNamespace: ReadonlyMap<string, readonly EndpointPeer[]>;
}

const RESERVED: readonly ReservedIdentity[] = ["host", "remote-node", "kube-apiserver", "ingress", "health", "init", "unmanaged"];
/** Entities shown as peers when `cluster`/`all` is mentioned: the ones tenants' traffic really meets. */
const CLUSTER_SHOWN: readonly ReservedIdentity[] = ["host", "remote-node", "kube-apiserver"];

export const entityPeer = (entity: ReservedIdentity): EntityPeer => ({
  kind: "entity",
  id: `entity:${entity}`,
  entity,
  labels: new Map([[`reserved:${entity}`, ""]]),
});

export const cidrPeer = (block: AddressBlock): CidrPeer => ({
  kind: "cidr",
  id: formatBlock(block),
  family: block.family,
  first: formatAddress(block.family, block.first),
  last: formatAddress(block.family, block.last),
  start: block.first,
  end: block.last,
  cidrs: blockToCidrs(block),
});

export const fqdnPeer = (pattern: string): FqdnPeer => ({ kind: "fqdn", id: normalizeFqdn(pattern), pattern: normalizeFqdn(pattern) });

function endpointsFromWorkloads(inventory: Inventory, profile: Profile): EndpointPeer[] {
  const groups = new Map<string, EndpointPeer>();
  for (const w of inventory.workloads) {
    // SUBJ-5: hostNetwork pods are not endpoints; they share the node identity.
    if (w.hostNetwork && profile.hostNetworkIsNode) continue;
    const ns = inventory.namespaces.get(w.namespace);
    if (!ns) continue;
    const labels = podIdentityLabels(w.podLabels, ns, w.serviceAccount, profile);
    const key = identityKey(labels, w);
    const ref = { kind: w.kind, namespace: w.namespace, name: w.name, position: w.position };
    const group = groups.get(key);
    if (group) (group.workloads as typeof ref[]).push(ref);
    else groups.set(key, { kind: "endpoint", id: `${w.namespace}/${w.name}[${w.kind}]`, namespace: w.namespace, labels, namedPorts: w.namedPorts, workloads: [ref] });
  }
  return [...groups.values()];
}

function ruleSelectors(policies: readonly CompiledPolicy[], inventory: Inventory, withWorkloads: ReadonlySet<string>): Selector[] {
  const nsWide: Selector[] = [...inventory.namespaces.keys()]
    .filter((ns) => !withWorkloads.has(ns))
    .map((ns) => ({ requirements: [requirement(LABEL.namespace, "In", [ns])] }));
  const specific: Selector[] = [];
  for (const p of policies) {
    for (const r of p.rules) {
      specific.push(r.subject);
      if (r.peer.kind === "selector") specific.push(...r.peer.selectors);
    }
    for (const d of p.defaultDeny) specific.push(d.subject);
  }
  specific.sort((a, b) => a.requirements.length - b.requirements.length);
  return [...nsWide, ...specific];
}

function mentionedEntities(rules: readonly CompiledRule[]): Set<ReservedIdentity> {
  const out = new Set<ReservedIdentity>();
  for (const r of rules) {
    if (r.peer.kind === "entities") {
      for (const e of r.peer.entities) {
        if ((RESERVED as readonly string[]).includes(e)) out.add(e as ReservedIdentity);
        if (e === "cluster" || e === "all" || e === "cluster-mesh") CLUSTER_SHOWN.forEach((x) => out.add(x));
      }
    }
    if (r.peer.kind === "selector") {
      for (const s of r.peer.selectors)
        for (const q of s.requirements) {
          const name = q.key.startsWith("reserved:") ? q.key.slice("reserved:".length) : "";
          if ((RESERVED as readonly string[]).includes(name)) out.add(name as ReservedIdentity);
        }
    }
  }
  return out;
}

/** Every CIDR and except a direction's rules mention: the cut points of the external address space. */
export function externalCuts(policies: readonly CompiledPolicy[], direction: Direction): string[] {
  const out: string[] = [];
  for (const p of policies)
    for (const r of p.rules) {
      if (r.direction !== direction || r.peer.kind !== "cidr") continue;
      for (const b of r.peer.blocks) out.push(b.cidr, ...b.except);
    }
  return out;
}

function externalAtoms(cidrs: readonly string[]): CidrPeer[] {
  const cuts: AddressBlock[] = [];
  for (const text of cidrs) {
    const block = parseCidr(text);
    if (block) cuts.push(block);
  }
  return ([4, 6] as const).flatMap((family) =>
    splitAddressSpace(family, cuts.filter((c) => c.family === family)).map(cidrPeer),
  );
}

/**
 * Build the peers of the access model: workload identity groups, representative peers synthesised
 * from selectors (mode `auto`: only where no workload matches), entities the policies mention, and
 * the external address space split at every CIDR the policies mention, plus DNS names from toFQDNs.
 */
export function buildUniverse(
  inventory: Inventory,
  policies: readonly CompiledPolicy[],
  profile: Profile,
  options: UniverseOptions = {},
): Universe {
  const mode = options.representatives ?? "auto";
  const real = endpointsFromWorkloads(inventory, profile);
  const withWorkloads = new Set(real.map((e) => e.namespace));
  const peerPolicies = [...policies, ...(options.alsoPeersOf ?? [])];
  const reps =
    mode === "never"
      ? []
      : synthesizeRepresentatives(ruleSelectors(peerPolicies, inventory, mode === "always" ? new Set() : withWorkloads), mode === "always" ? [] : real, inventory, profile);
  const forced =
    mode === "never"
      ? []
      : synthesizeRepresentatives(
          (options.namespaceRepresentatives ?? []).filter((ns) => withWorkloads.has(ns)).map((ns) => ({ requirements: [requirement(LABEL.namespace, "In", [ns])] })),
          [],
          inventory,
          profile,
        );
  const endpoints = [...real, ...reps, ...forced.filter((f) => !reps.some((r) => r.id === f.id)), ...(options.extraEndpoints ?? [])];
  const byNs = new Map<string, EndpointPeer[]>();
  for (const e of endpoints) {
    const list = byNs.get(e.namespace);
    if (list) list.push(e);
    else byNs.set(e.namespace, [e]);
  }
  const rules = peerPolicies.flatMap((p) => p.rules);
  const entities = [...new Set([...mentionedEntities(rules), ...(options.entities ?? [])])].sort().map(entityPeer);
  const fqdns = new Set<string>();
  for (const r of rules)
    if (r.peer.kind === "fqdn")
      for (const s of r.peer.selectors) {
        const name = s.matchName ?? s.matchPattern;
        if (name) fqdns.add(normalizeFqdn(name));
      }
  return {
    endpoints,
    entities,
    externalSources: externalAtoms([...externalCuts(policies, "ingress"), ...(options.cuts?.ingress ?? [])]),
    externalDestinations: [...externalAtoms([...externalCuts(policies, "egress"), ...(options.cuts?.egress ?? [])]), ...[...fqdns].sort().map(fqdnPeer)],
    endpointsByNamespace: byNs,
  };
}

export const allPeers = (u: Universe): Peer[] => [...u.endpoints, ...u.entities, ...u.externalSources, ...u.externalDestinations];
