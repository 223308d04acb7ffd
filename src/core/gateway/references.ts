import { nsName } from "./kinds/read.js";
import type { GatewayObjects, ReferenceGrant } from "./model.js";

/** How a reference is permitted (§4): same namespace, by a named grant, or not at all. */
export type RefAllowed = "same-ns" | { grant: string } | "denied";

export interface RefFrom {
  group: string;
  kind: string;
  namespace: string;
}

export interface RefTo {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** §4 C2: a grant in the target namespace with a matching `from` entry and a matching `to` entry. */
const grantPermits = (g: ReferenceGrant, from: RefFrom, to: RefTo): boolean =>
  g.meta.namespace === to.namespace &&
  g.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace) &&
  g.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name));

/**
 * Is a reference from an object (`from`: its group, kind and namespace) to `to` permitted?
 * Same-namespace references need nothing (C1); grants are additive (GW4, GW8).
 *
 * @example
 * refAllowed(gw, { group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "tenant-a" },
 *            { group: "", kind: "Service", namespace: "tenant-b", name: "reports-api" })
 * // → { grant: "tenant-b/tenant-a-routes-to-reports-api" }
 */
export function refAllowed(objects: GatewayObjects, from: RefFrom, to: RefTo): RefAllowed {
  if (from.namespace === to.namespace) return "same-ns";
  const grant = objects.grants.find((g) => grantPermits(g, from, to));
  return grant ? { grant: nsName(grant.meta) } : "denied";
}

/** The grant objects that permit a reference (for T4's "approved" check). */
export const grantsFor = (objects: GatewayObjects, from: RefFrom, to: RefTo): ReferenceGrant[] =>
  objects.grants.filter((g) => grantPermits(g, from, to));
