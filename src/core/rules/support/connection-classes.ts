import type { Connection } from "../../engine/access.js";
import type { Peer } from "../../model/peer.js";
import { crossesTenants, type Owner } from "../../tenancy/tenancy.js";
import type { RuleContext } from "../define-rule.js";
import { isExplicit } from "./flows.js";
import { MemoTable } from "./rule-memo.js";

/**
 * A side's connections sorted, in one pass, into the classes the flow rules look at. Each list keeps
 * the side's connection order; each rule applies the rest of its own conditions.
 */
export interface ConnectionClasses {
  /** Endpoint to endpoint, across tenants (explicit or not: latent-cross-tenant needs the open flows too). */
  crossing: readonly Connection[];
  /** Explicit, from a tenant's endpoint to platform pods or a node-level entity. */
  tenantToPlatform: readonly Connection[];
  /** Explicit, from a tenant's endpoint to an address block or a DNS name. */
  tenantToExternal: readonly Connection[];
  /** Explicit, from an address block to an endpoint. */
  externalToEndpoint: readonly Connection[];
}

/** Keyed by the side's connection list: a function of that list and the tenancy. */
const CLASSES = new MemoTable<readonly Connection[], ConnectionClasses>("connection classes of a side");

function classify(ctx: RuleContext): ConnectionClasses {
  const { tenancy } = ctx;
  const { connections } = ctx.analysis;
  const crossing: Connection[] = [];
  const tenantToPlatform: Connection[] = [];
  const tenantToExternal: Connection[] = [];
  const externalToEndpoint: Connection[] = [];
  // Tens of thousands of connections, visited before the JIT has optimised this loop: an indexed
  // loop (for-of allocates per element until then), and the source's owner re-used while the
  // source stays the same (connections are enumerated source by source).
  let lastFrom: Peer | undefined;
  let a: Owner | undefined;
  for (let i = 0; i < connections.length; i++) {
    const c = connections[i]!;
    const { from, to } = c;
    if (from.kind === "endpoint") {
      if (from !== lastFrom) {
        lastFrom = from;
        a = tenancy.ownerOf(from);
      }
      if (to.kind === "endpoint") {
        // Most connections stay inside a namespace: one owner, so neither crossing nor to the platform.
        if (tenancy.ownerByNamespace && to.namespace === from.namespace) continue;
        const b = tenancy.ownerOf(to);
        if (crossesTenants(a!, b)) crossing.push(c);
        if (a!.kind === "tenant" && b.kind === "platform" && isExplicit(c)) tenantToPlatform.push(c);
      } else if (a!.kind === "tenant" && isExplicit(c)) (to.kind === "entity" ? tenantToPlatform : tenantToExternal).push(c);
    } else if (from.kind === "cidr" && to.kind === "endpoint" && isExplicit(c)) externalToEndpoint.push(c);
  }
  return { crossing, tenantToPlatform, tenantToExternal, externalToEndpoint };
}

/** The side's connection classes, computed once per side for all the flow rules. */
export const connectionClasses = (ctx: RuleContext): ConnectionClasses => ctx.memo.get(CLASSES, ctx.analysis.connections, () => classify(ctx));
