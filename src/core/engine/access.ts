import { intersectPorts, isEmptyPorts } from "../algebra/port-set.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import type { PortSet } from "../model/ports.js";
import type { AccessModel } from "./access-model.js";
import type { L7Restriction, SideResult } from "./resolve.js";

/** One allowed connection between two peers: the ports that pass both enforcement points (EVAL-2). */
export interface Connection {
  from: Peer;
  to: Peer;
  ports: PortSet;
  /** The source's egress verdict; absent when the source is not a Cilium endpoint (HOST-3). */
  egress?: SideResult;
  /** The destination's ingress verdict; absent when the destination is not a Cilium endpoint. */
  ingress?: SideResult;
  /** Ports on which an L7 proxy filters requests (L7-3), from either side. */
  l7: readonly L7Restriction[];
}

const NO_L7: readonly L7Restriction[] = Object.freeze([]);

const restrictTo = (l7: readonly L7Restriction[], ports: PortSet): readonly L7Restriction[] =>
  l7.length === 0 ? NO_L7 : l7.map((r) => ({ ...r, ports: intersectPorts(r.ports, ports) })).filter((r) => !isEmptyPorts(r.ports));

/** A single real workload never pairs with itself; a group or a representative stands for many pods. */
const isSelfPair = (a: Peer, b: Peer): boolean => a === b && a.kind === "endpoint" && a.workloads.length === 1;

export function connectionBetween(model: AccessModel, from: Peer, to: Peer): Connection | undefined {
  const egress = from.kind === "endpoint" ? model.verdicts(from, "egress").of(to) : undefined;
  if (egress && isEmptyPorts(egress.ports)) return undefined;
  const ingress = to.kind === "endpoint" ? model.verdicts(to, "ingress").of(from) : undefined;
  if (ingress && isEmptyPorts(ingress.ports)) return undefined;
  if (!egress && !ingress) return undefined;
  const ports = egress && ingress ? model.intersect(egress.ports, ingress.ports) : (egress ?? ingress)!.ports;
  if (isEmptyPorts(ports)) return undefined;
  // Both verdicts are shared objects: a connection with the same ones was computed before (same ports, same L7).
  const known = model.connectionLike(from, to, egress, ingress);
  if (known) return known;
  const both = egress?.l7.length && ingress?.l7.length ? [...egress.l7, ...ingress.l7] : (egress?.l7.length ? egress.l7 : ingress?.l7) ?? NO_L7;
  // Built in one shape (no spreads): tens of thousands of these live as long as the review.
  const c: Connection = { from, to, ports, l7: restrictTo(both, ports) };
  if (egress) c.egress = egress;
  if (ingress) c.ingress = ingress;
  model.remember(c);
  return c;
}

/** Pairwise rows a connection stands for: one per (source name, destination name), as accessRows expands it. */
const namesOf = (p: Peer): number => (p.kind === "endpoint" ? p.workloads.length || 1 : 1);
export const pairsOf = (c: Connection): number => {
  const n = namesOf(c.from) * namesOf(c.to);
  // accessRows skips a workload paired with itself within a group.
  return c.from === c.to && c.from.kind === "endpoint" && c.from.workloads.length > 0 ? n - c.from.workloads.length : n;
};

/** What computeAccess found, and whether it stopped at the budget. */
export interface AccessResult {
  connections: Connection[];
  /** Pairwise rows the connections stand for (past the budget: where it stopped). */
  pairs: number;
  /** True when the pairs exceeded the budget: `connections` is then a prefix, not the whole access. */
  overBudget: boolean;
}

/**
 * Every allowed connection of the model, up to `budget` pairwise rows: past it the enumeration
 * stops (the caller must not treat the result as complete), so that time and memory stay bounded.
 */
export function computeAccessWithin(model: AccessModel, budget: number): AccessResult {
  let pairs = 0;
  const out: Connection[] = [];
  const add = (c: Connection | undefined): boolean => {
    if (!c) return true;
    out.push(c);
    pairs += pairsOf(c);
    return pairs <= budget;
  };
  const endpoints: readonly EndpointPeer[] = model.universe.endpoints;
  for (const src of endpoints) {
    for (const dst of model.candidates(src, "egress")) {
      if (isSelfPair(src, dst)) continue;
      if (!add(connectionBetween(model, src, dst))) return { connections: out, pairs, overBudget: true };
    }
  }
  const unmanagedSources = [...model.universe.entities, ...model.universe.externalSources];
  for (const dst of endpoints) {
    const candidates = new Set(model.candidates(dst, "ingress"));
    for (const src of unmanagedSources) {
      if (!candidates.has(src)) continue;
      if (!add(connectionBetween(model, src, dst))) return { connections: out, pairs, overBudget: true };
    }
  }
  return { connections: out, pairs, overBudget: false };
}

/**
 * Every allowed connection of the model. Pairs are enumerated from each endpoint's egress candidates
 * (only the peers its allow rules match when it is in egress default deny), then checked against the
 * destination's ingress, so work follows the policies rather than the square of the peer count.
 * Verdicts are shared between peers an endpoint's rules cannot tell apart (AccessModel.side).
 */
export function computeAccess(model: AccessModel): Connection[] {
  return computeAccessWithin(model, Number.POSITIVE_INFINITY).connections;
}
