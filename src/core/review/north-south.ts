import type { TenantConfig } from "../config/types.js";
import { diffExposure, type ExposureChange } from "../gateway/diff-exposure.js";
import { describeAction, describeBackend, describeUrl, routeRef, type ExposureRow } from "../gateway/exposure-row.js";
import { gatewayContextOf } from "../gateway/rules/rule-modules.js";
import { resolveGatewaySettings } from "../gateway/settings.js";
import type { Diagnostic } from "../model/diagnostic.js";
import type { SideAnalysis } from "../rules/define-rule.js";
import type { NorthSouthChange } from "./types.js";

/** Reachable from the Internet (or possibly so: NodePort, unknown LB) by an anonymous client, and effective. */
const publiclyOpen = (r: ExposureRow | undefined): boolean => r !== undefined && r.effective && r.gateway.internetFacing !== false && r.authz.access === "open";

/** An exposure diff entry as the Review carries it: plain data, described from the head row (the base row if removed). */
export function toNorthSouthChange(c: ExposureChange): NorthSouthChange {
  const r = (c.after ?? c.before)!;
  return {
    change: c.change,
    aspects: c.aspects,
    summary: c.summary,
    newlyPublic: publiclyOpen(c.after) && !publiclyOpen(c.before),
    gateway: `${r.gateway.namespace}/${r.gateway.name}`,
    listener: `${r.listener.name} (${r.listener.protocol} ${r.listener.port})`,
    url: describeUrl(r),
    route: `${routeRef(r)} rule ${r.route.rule}`,
    backend: describeBackend(r.backend) ?? describeAction(r),
    access: r.authz.access,
    effective: r.effective,
    internetFacing: r.gateway.internetFacing,
    file: r.provenance.route.file,
    line: r.provenance.route.line,
  };
}

export interface NorthSouthReview {
  /** Newly public rows first, then in the exposure diff's order (by row key). */
  changes: NorthSouthChange[];
  /** Problems reading the Gateway API / Envoy Gateway objects of each side. */
  head: readonly Diagnostic[];
  base: readonly Diagnostic[];
}

/**
 * The north-south part of a review: the exposure table of each side (computed once per side and
 * shared with the T1–T18 rules, see `gatewayContextOf`) and its diff. Settings come from the
 * config's `gateway` section, with the defaults of docs/gateway.md when there is none.
 *
 * @example
 * const ns = reviewNorthSouth(sides.base, sides.head, config);
 * ns.changes.filter((c) => c.newlyPublic).map((c) => c.summary);
 */
export function reviewNorthSouth(base: SideAnalysis, head: SideAnalysis, config: TenantConfig | undefined): NorthSouthReview {
  const settings = resolveGatewaySettings(config?.gateway);
  const before = gatewayContextOf(base, settings).analysis;
  const after = gatewayContextOf(head, settings).analysis;
  const changes = diffExposure(before.rows, after.rows).map(toNorthSouthChange);
  return { changes: [...changes.filter((c) => c.newlyPublic), ...changes.filter((c) => !c.newlyPublic)], head: after.diagnostics, base: before.diagnostics };
}
