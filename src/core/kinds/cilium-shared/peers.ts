import { validateFqdnSelector } from "../../algebra/fqdn-pattern.js";
import type { FieldPath } from "../../model/manifest.js";
import type { EntityName } from "../../model/peer.js";
import type { Direction, FqdnSelector, PeerMatcher, RuleAction } from "../../model/rule.js";
import { compileCidrList, compileCidrSet, reportUnknownAddresses } from "./cidr.js";
import type { CiliumContext } from "./context.js";
import { CODES, isAbsent, versionAtLeast } from "./context.js";
import { compilePeerSelector, parseSelector } from "./selectors.js";
import { compileServices } from "./services.js";

type PeerField = "endpoints" | "cidr" | "cidrSet" | "entities" | "nodes" | "groups" | "services" | "fqdns";

/** Field names per direction, in Cilium's l3Members order (PEER-1). */
const FIELDS: Record<Direction, Partial<Record<PeerField, string>>> = {
  ingress: {
    endpoints: "fromEndpoints",
    cidr: "fromCIDR",
    cidrSet: "fromCIDRSet",
    entities: "fromEntities",
    nodes: "fromNodes",
    groups: "fromGroups",
  },
  egress: {
    endpoints: "toEndpoints",
    cidr: "toCIDR",
    cidrSet: "toCIDRSet",
    entities: "toEntities",
    nodes: "toNodes",
    groups: "toGroups",
    services: "toServices",
    fqdns: "toFQDNs",
  },
};

/** FIELDS as a list, in their order (which decides which field a PEER-1 error names). */
const fieldList = (fields: Partial<Record<PeerField, string>>) =>
  (Object.entries(fields) as Array<[PeerField, string]>).map(([field, name]) => ({ field, name }));
const FIELD_ENTRIES: Record<Direction, ReadonlyArray<{ field: PeerField; name: string }>> = {
  ingress: fieldList(FIELDS.ingress),
  egress: fieldList(FIELDS.egress),
};

/** Explicitly empty lists of these select nobody (PEER-2, [C-parserules] `mergeEndpointSelectors`). */
const EMPTY_MEANS_NONE: readonly PeerField[] = ["endpoints", "cidr", "cidrSet", "entities", "nodes"];

/** The entity enum of the CRD at the baseline (§5); `world-ipv4`/`world-ipv6` are not in it (§16 item 22). */
const ENTITIES: readonly EntityName[] = [
  "all",
  "world",
  "cluster",
  "host",
  "init",
  "ingress",
  "unmanaged",
  "remote-node",
  "health",
  "none",
  "kube-apiserver",
];

const FQDN_FIELDS = ["matchName", "matchPattern"] as const;

export interface PeerInput {
  rec: Record<string, unknown>;
  path: FieldPath;
  direction: Direction;
  action: RuleAction;
  /** The rule subject is `reserved:init` (no namespace injection in CCNP peers, §3.3). */
  init: boolean;
}

/**
 * The peer of one rule element (PEER-1..3). Returns undefined when the element names no peer, so that
 * the caller can apply PEER-3 (ports → every peer) or PEER-4 (nothing at all).
 */
export function compilePeer(c: CiliumContext, input: PeerInput): PeerMatcher | undefined {
  const { rec, path, direction } = input;
  const lists: Array<{ field: PeerField; name: string; items: readonly unknown[] }> = [];
  const fields = FIELD_ENTRIES[direction];
  for (let k = 0; k < fields.length; k++) {
    const { field, name } = fields[k]!;
    if (!isAbsent(rec[name])) lists.push({ field, name, items: c.list(rec[name], [...path, name]) ?? [] });
  }
  if (lists.length === 0) return undefined;
  const nonEmpty = lists.filter((l) => l.items.length > 0);
  if (nonEmpty.length > 1)
    return c.invalid([...path, nonEmpty[1]!.name], `combining ${nonEmpty[0]!.name} and ${nonEmpty[1]!.name} is not supported: use separate rules`, "PEER-1");
  const compiled = nonEmpty[0] ? compileField(c, input, nonEmpty[0].field, nonEmpty[0].items) : undefined;
  if (lists.some((l) => l.items.length === 0 && EMPTY_MEANS_NONE.includes(l.field))) return { kind: "none" };
  if (compiled) return compiled;
  for (const l of lists) {
    c.report(
      CODES.emptyPeerWildcard,
      "warning",
      [...path, l.name],
      `${l.name}: [] is not an empty peer list for Cilium: it contributes no selector, so the rule behaves as if no peer field were given (with toPorts: every peer, world included)`,
      "PEER-3",
    );
  }
  return undefined;
}

function compileField(c: CiliumContext, input: PeerInput, field: PeerField, items: readonly unknown[]): PeerMatcher {
  const name = FIELDS[input.direction][field]!;
  const at = [...input.path, name];
  switch (field) {
    case "endpoints": {
      const selectors = items.map((raw, i) => compilePeerSelector(c, raw ?? {}, [...at, i], input.init));
      return { kind: "selector", selectors: selectors.filter((s) => s !== undefined) };
    }
    case "cidr":
      return { kind: "cidr", blocks: compileCidrList(c, items, at) };
    case "cidrSet": {
      const blocks = compileCidrSet(c, items, at, input.action);
      return blocks.length ? { kind: "cidr", blocks } : { kind: "none" };
    }
    case "entities":
      return { kind: "entities", entities: compileEntities(c, items, at) };
    case "nodes":
      items.forEach((raw, i) => parseSelector(c, raw, [...at, i]));
      c.invalid(at, `${name} needs the agent flag enable-node-selector-labels, which is off by default`);
      return { kind: "none" };
    case "groups":
      reportUnknownAddresses(c, at, input.action, `${name} (cloud provider security groups)`);
      return { kind: "none" };
    case "services": {
      const selectors = compileServices(c, items, at);
      return selectors.length ? { kind: "selector", selectors } : { kind: "none" };
    }
    case "fqdns":
      return { kind: "fqdn", selectors: compileFqdns(c, items, at) };
  }
}

function compileEntities(c: CiliumContext, items: readonly unknown[], at: FieldPath): EntityName[] {
  const allowed: readonly string[] = versionAtLeast(c.profile.ciliumVersion, "1.20") ? [...ENTITIES, "cluster-mesh"] : ENTITIES;
  const out: EntityName[] = [];
  items.forEach((raw, i) => {
    const entity = c.string(raw, [...at, i]);
    if (entity === undefined) return;
    if (!allowed.includes(entity)) {
      const hint = entity === "world-ipv4" || entity === "world-ipv6" ? " (the code knows it, but the CRD enum does not)" : "";
      c.invalid([...at, i], `unsupported entity "${entity}"${hint}; valid: ${allowed.join(", ")}`, "ENT-1");
      return;
    }
    out.push(entity as EntityName);
  });
  return out;
}

function compileFqdns(c: CiliumContext, items: readonly unknown[], at: FieldPath): FqdnSelector[] {
  const out: FqdnSelector[] = [];
  items.forEach((raw, i) => {
    const selector = compileFqdnSelector(c, raw, [...at, i]);
    if (selector) out.push(selector);
  });
  return out;
}

/** One `matchName`/`matchPattern` selector (FQDN-2), shared with DNS L7 rules. */
export function compileFqdnSelector(c: CiliumContext, raw: unknown, at: FieldPath): FqdnSelector | undefined {
  const rec = c.record(raw, at, FQDN_FIELDS);
  if (rec === undefined) return undefined;
  const selector: FqdnSelector = {};
  const matchName = c.string(rec.matchName, [...at, "matchName"]);
  const matchPattern = c.string(rec.matchPattern, [...at, "matchPattern"]);
  if (matchName !== undefined && matchName !== "") selector.matchName = matchName;
  if (matchPattern !== undefined && matchPattern !== "") selector.matchPattern = matchPattern;
  const error = validateFqdnSelector(selector);
  if (error !== undefined) return c.invalid(at, error, "FQDN-2");
  return selector;
}

/** `fromRequires`/`toRequires` (REQ-1): rejected since 1.19 (`maxItems: 0`), not modelled before. */
export function checkRequires(c: CiliumContext, rec: Record<string, unknown>, path: FieldPath, name: string): void {
  if (isAbsent(rec[name])) return;
  const items = c.list(rec[name], [...path, name]) ?? [];
  if (items.length === 0) return;
  items.forEach((raw, i) => parseSelector(c, raw, [...path, name, i]));
  const at = [...path, name];
  if (versionAtLeast(c.profile.ciliumVersion, "1.19")) {
    c.invalid(at, `${name} was removed in Cilium 1.19 (the CRD allows 0 items)`, "REQ-1");
    return;
  }
  c.report(
    CODES.incomplete,
    "error",
    at,
    `${name} constrains every ingress/egress rule of the selected endpoints, which this analysis does not model: reported access may be too broad`,
    "REQ-1",
  );
}
