import { formatPorts } from "../algebra/port-set.js";
import type { PortSet } from "../model/ports.js";
import type { AccessChange } from "../diff/diff-access.js";
import type { Universe } from "../engine/universe.js";
import { allPeers } from "../engine/universe.js";
import type { AccessRow } from "../report/access-rows.js";
import { peerNames } from "../report/peer-names.js";
import { crossesTenants, type Owner, type Tenancy } from "../tenancy/tenancy.js";
import type { AggregatedChange } from "./types.js";

interface NameInfo {
  namespace?: string;
  owner: Owner;
}

/** One pairwise change, plus the sets of names each side stands for while collapsing. */
interface Row extends AggregatedChange {
  /** Everything but the names, as one comparable key. */
  content: string;
  fromNames: string[];
  toNames: string[];
  fromNamespace?: string;
  toNamespace?: string;
}

const ORDER = { changed: 0, added: 1, removed: 2 } as const;

/** Display names → namespace and owner, over both sides (a workload may exist on one side only). */
function indexNames(universes: readonly Universe[], tenancy: Tenancy): Map<string, NameInfo> {
  const out = new Map<string, NameInfo>();
  for (const u of universes)
    for (const p of allPeers(u))
      for (const name of peerNames(p))
        if (!out.has(name)) out.set(name, { ...(p.kind === "endpoint" ? { namespace: p.namespace } : {}), owner: tenancy.ownerOf(p) });
  return out;
}

const NO_RULES: readonly string[] = Object.freeze([]);

/**
 * Per-call caches for what rows share: access rows of one connection share their provenance and L7
 * arrays, and the diff shares port sets, so each is described (and its part of the content key
 * written) once per distinct object rather than once per pairwise change.
 */
class Shared {
  private readonly provenance = new WeakMap<readonly string[], WeakMap<readonly string[], readonly string[]>>();
  private readonly texts = new WeakMap<object, string>();

  /** Provenance of one side of a row: `policy rulePath (file:line)`, with the two unrestricted cases spelled out. */
  rules(row: AccessRow | undefined): readonly string[] {
    if (!row) return NO_RULES;
    let byIngress = this.provenance.get(row.egress);
    if (!byIngress) this.provenance.set(row.egress, (byIngress = new WeakMap()));
    let hit = byIngress.get(row.ingress);
    if (!hit) {
      const side = (dir: "egress" | "ingress", refs: readonly string[]) =>
        refs.flatMap((r) => (r === "n/a" ? [] : r === "unrestricted" ? [`${dir}: not in default deny`] : [r]));
      byIngress.set(row.ingress, (hit = [...new Set([...side("egress", row.egress), ...side("ingress", row.ingress)])]));
    }
    return hit;
  }

  ports(p: PortSet): string {
    let hit = this.texts.get(p);
    if (hit === undefined) this.texts.set(p, (hit = formatPorts(p)));
    return hit;
  }

  json(a: readonly string[]): string {
    let hit = this.texts.get(a);
    if (hit === undefined) this.texts.set(a, (hit = JSON.stringify(a)));
    return hit;
  }
}

const NO_L7: readonly string[] = Object.freeze([]);

function toRow(c: AccessChange, names: ReadonlyMap<string, NameInfo>, shared: Shared): Row {
  const from = names.get(c.from);
  const to = names.get(c.to);
  const fromTenant = from?.owner.kind === "tenant" ? from.owner.tenant : undefined;
  const toTenant = to?.owner.kind === "tenant" ? to.owner.tenant : undefined;
  const row: Row = {
    content: "",
    change: c.change,
    from: c.from,
    to: c.to,
    ...(fromTenant !== undefined ? { fromTenant } : {}),
    ...(toTenant !== undefined ? { toTenant } : {}),
    crossTenant: from !== undefined && to !== undefined && crossesTenants(from.owner, to.owner),
    before: c.before?.ports ?? "none",
    after: c.after?.ports ?? "none",
    opened: shared.ports(c.opened),
    closed: shared.ports(c.closed),
    l7Before: c.before?.l7 ?? NO_L7,
    l7After: c.after?.l7 ?? NO_L7,
    rulesBefore: shared.rules(c.before),
    rulesAfter: shared.rules(c.after),
    count: 1,
    fromNames: [c.from],
    toNames: [c.to],
    ...(from?.namespace !== undefined ? { fromNamespace: from.namespace } : {}),
    ...(to?.namespace !== undefined ? { toNamespace: to.namespace } : {}),
  };
  row.content = contentKey(row, shared);
  return row;
}

/** Everything but the names; port texts never hold U+0000, and the arrays are JSON (which escapes it). */
function contentKey(r: Row, shared: Shared): string {
  return [r.change, r.crossTenant, r.before, r.after, r.opened, r.closed, shared.json(r.l7Before), shared.json(r.l7After), shared.json(r.rulesBefore), shared.json(r.rulesAfter)].join("\u0000");
}

/** Append to the group of `key` (in place: a group may hold every row). */
const addTo = <K, V>(groups: Map<K, V[]>, key: K, value: V): void => {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
};

/** `all pods in sales`, the names themselves when few, else `5 pods in sales`. */
function display(names: readonly string[], namespace: string | undefined, all: ReadonlyMap<string, Set<string>>): string {
  if (names.length === 1 || namespace === undefined) return names.join(", ");
  const everyone = all.get(namespace);
  if (everyone && everyone.size === names.length) return `all pods in ${namespace}`;
  return names.length <= 3 ? names.join(", ") : `${names.length} pods in ${namespace}`;
}

/**
 * Merge rows that agree on everything but one side's workload within a namespace. Grouping on one
 * side at a time keeps every aggregate an exact product (M sources × N destinations).
 */
function collapse(rows: readonly Row[], side: "from" | "to", all: ReadonlyMap<string, Set<string>>): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const ns = side === "from" ? r.fromNamespace : r.toNamespace;
    const other = side === "from" ? r.toNames.join("\u0001") : r.fromNames.join("\u0001");
    const mine = ns !== undefined ? `ns:${ns}` : `name:${side === "from" ? r.from : r.to}`;
    const key = `${mine}\u0000${other}\u0000${r.content}`;
    addTo(groups, key, r);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    if (group.length === 1) return first;
    const names = [...new Set(group.flatMap((r) => (side === "from" ? r.fromNames : r.toNames)))].sort();
    const ns = side === "from" ? first.fromNamespace : first.toNamespace;
    const count = group.reduce((n, r) => n + r.count, 0);
    const text = display(names, ns, all);
    return side === "from" ? { ...first, from: text, fromNames: names, count } : { ...first, to: text, toNames: names, count };
  });
}

/**
 * Rows that stand for all pods of a namespace merge into "all pods of tenant T" when they cover every
 * namespace of T and agree on everything else. Cross-tenant rows stay per namespace, so that the
 * reader sees exactly which namespaces a cross-tenant flow involves.
 */
function collapseTenants(rows: readonly Row[], side: "from" | "to", all: ReadonlyMap<string, Set<string>>, tenantNamespaces: ReadonlyMap<string, Set<string>>): Row[] {
  const out: Row[] = [];
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const ns = side === "from" ? r.fromNamespace : r.toNamespace;
    const tenant = side === "from" ? r.fromTenant : r.toTenant;
    const whole = ns !== undefined && (side === "from" ? r.fromNames : r.toNames).length === all.get(ns)?.size;
    if (r.crossTenant || tenant === undefined || !whole) {
      out.push(r);
      continue;
    }
    const other = side === "from" ? r.toNames.join("\u0001") : r.fromNames.join("\u0001");
    const key = `${tenant}\u0000${other}\u0000${r.content}`;
    addTo(groups, key, r);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    const tenant = (side === "from" ? first.fromTenant : first.toTenant)!;
    const covered = new Set(group.map((r) => (side === "from" ? r.fromNamespace : r.toNamespace)));
    if (group.length < 2 || covered.size !== tenantNamespaces.get(tenant)?.size) {
      out.push(...group);
      continue;
    }
    const names = group.flatMap((r) => (side === "from" ? r.fromNames : r.toNames)).sort();
    const count = group.reduce((n, r) => n + r.count, 0);
    const text = `all pods of tenant ${tenant}`;
    out.push(side === "from" ? { ...first, from: text, fromNames: names, count } : { ...first, to: text, toNames: names, count });
  }
  return out;
}

/**
 * The diff as people read it: pairwise changes that differ only by workload collapse to the
 * namespace ("all pods in marketing") and then to the tenant; cross-tenant rows are flagged and sorted first so that
 * aggregation never hides one. Each row keeps the provenance of both sides.
 */
export function aggregateChanges(
  changes: readonly AccessChange[],
  universes: readonly Universe[],
  tenancy: Tenancy,
  options: { members?: boolean } = {},
): AggregatedChange[] {
  const names = indexNames(universes, tenancy);
  const shared = new Shared();
  const podsByNamespace = new Map<string, Set<string>>();
  for (const [name, info] of names)
    if (info.namespace !== undefined) podsByNamespace.set(info.namespace, (podsByNamespace.get(info.namespace) ?? new Set()).add(name));
  const tenantNamespaces = new Map<string, Set<string>>();
  for (const info of names.values())
    if (info.owner.kind === "tenant" && info.namespace !== undefined) tenantNamespaces.set(info.owner.tenant, (tenantNamespaces.get(info.owner.tenant) ?? new Set()).add(info.namespace));
  const byNamespace = collapse(collapse(changes.map((c) => toRow(c, names, shared)), "to", podsByNamespace), "from", podsByNamespace);
  const rows = collapseTenants(collapseTenants(byNamespace, "to", podsByNamespace, tenantNamespaces), "from", podsByNamespace, tenantNamespaces);
  return rows
    .map(({ content: _c, fromNames, toNames, fromNamespace: _fn, toNamespace: _tn, ...r }) => (options.members ? { ...r, members: { from: fromNames, to: toNames } } : r))
    .sort((a, b) => Number(b.crossTenant) - Number(a.crossTenant) || ORDER[a.change] - ORDER[b.change] || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
