import { formatSelector, selectorMatches, splitSourceKey } from "../algebra/selector.js";
import type { Inventory, Namespace } from "../model/inventory.js";
import type { Selector } from "../model/labels.js";
import { LABEL, NAMESPACE_NAME_LABEL } from "../model/labels.js";
import type { EndpointPeer } from "../model/peer.js";
import type { Profile } from "../model/profile.js";
import { podIdentityLabels } from "./identity.js";
import { pinnedNamespaces } from "./rule-index.js";

const NS_KEYS = new Set(["io.kubernetes.pod.namespace"]);
const NS_LABEL_KEY = LABEL.namespaceLabelPrefix.slice("k8s:".length);
const SA_KEY = LABEL.serviceAccount.slice("k8s:".length);
const CLUSTER_KEY = LABEL.cluster.slice("k8s:".length);
const ANY_VALUE = "*";

interface Split {
  namespaces: readonly string[] | undefined;
  namespaceLabels: Record<string, string>;
  podLabels: Record<string, string>;
  serviceAccount: string | undefined;
  satisfiable: boolean;
}

/** Choose label values that satisfy a selector's positive requirements; negative ones are met by absence. */
function splitSelector(selector: Selector): Split {
  const out: Split = { namespaces: undefined, namespaceLabels: {}, podLabels: {}, serviceAccount: undefined, satisfiable: true };
  for (const r of selector.requirements) {
    const { source, key } = splitSourceKey(r.key);
    if (source === "reserved") out.satisfiable = false;
    if (r.operator !== "In" && r.operator !== "Exists") continue;
    const value = r.operator === "In" ? r.values[0] ?? "" : ANY_VALUE;
    if (NS_KEYS.has(key)) out.namespaces = r.operator === "In" ? r.values : undefined;
    else if (key.startsWith(NS_LABEL_KEY)) out.namespaceLabels[key.slice(NS_LABEL_KEY.length)] = value;
    else if (key === SA_KEY) out.serviceAccount = value;
    else if (key !== CLUSTER_KEY) out.podLabels[key] = value;
  }
  return out;
}

const describe = (ns: string, split: Split): string => {
  const parts = Object.entries(split.podLabels).map(([k, v]) => (v === ANY_VALUE ? k : `${k}=${v}`));
  if (split.serviceAccount) parts.push(`serviceaccount=${split.serviceAccount}`);
  return `${ns}/${parts.length ? `[${parts.join(",")}]` : "*"}`;
};

/** Namespaces a representative pod may live in: those named, or those whose labels fit, or a synthetic one. */
function candidateNamespaces(split: Split, inventory: Inventory): Namespace[] {
  if (split.namespaces) {
    return split.namespaces.map(
      (name) => inventory.namespaces.get(name) ?? { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false },
    );
  }
  const wanted = Object.entries(split.namespaceLabels);
  const named = split.namespaceLabels[NAMESPACE_NAME_LABEL];
  if (named && named !== ANY_VALUE) {
    return [inventory.namespaces.get(named) ?? { name: named, labels: { [NAMESPACE_NAME_LABEL]: named }, declared: false }];
  }
  const fitting = [...inventory.namespaces.values()].filter((ns) =>
    wanted.every(([k, v]) => ns.labels[k] !== undefined && (v === ANY_VALUE || ns.labels[k] === v)),
  );
  if (fitting.length > 0 && wanted.length > 0) return fitting;
  const label = wanted.length ? wanted.map(([k, v]) => (v === ANY_VALUE ? k : `${k}=${v}`)).join(",") : "any namespace";
  const name = `[${label}]`;
  return [{ name, labels: { ...split.namespaceLabels }, declared: false }];
}

/**
 * Synthesise representative peers for selectors that match no endpoint yet: "pods with app=db in sales".
 * This is how a repository that holds only policies (the common GitOps case) still gets a readable
 * access model. A representative is kept only if it really matches the selector it came from.
 */
export function synthesizeRepresentatives(
  selectors: readonly Selector[],
  existing: readonly EndpointPeer[],
  inventory: Inventory,
  profile: Profile,
): EndpointPeer[] {
  const made = new Map<string, EndpointPeer>();
  const byNamespace = new Map<string, EndpointPeer[]>();
  const add = (p: EndpointPeer) => {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  };
  existing.forEach(add);
  const seen = new Set<string>();
  for (const selector of selectors) {
    const key = formatSelector(selector);
    if (seen.has(key)) continue;
    seen.add(key);
    // Only endpoints of the pinned namespaces can match a pinned selector.
    const pinned = pinnedNamespaces(selector);
    const candidates = pinned ? pinned.flatMap((ns) => byNamespace.get(ns) ?? []) : [...existing, ...made.values()];
    if (candidates.some((p) => selectorMatches(selector, p.labels))) continue;
    const split = splitSelector(selector);
    if (!split.satisfiable) continue;
    for (const ns of candidateNamespaces(split, inventory)) {
      const id = describe(ns.name, split);
      if (made.has(id)) continue;
      const labels = podIdentityLabels(split.podLabels, ns, split.serviceAccount ?? "default", profile);
      if (split.serviceAccount === undefined) labels.delete(LABEL.serviceAccount);
      if (!selectorMatches(selector, labels)) continue;
      const rep: EndpointPeer = {
        kind: "endpoint",
        id,
        namespace: ns.name,
        labels,
        namedPorts: [],
        workloads: [],
        representative: `pods matching {${key}}`,
        selector,
      };
      made.set(id, rep);
      add(rep);
    }
  }
  return [...made.values()];
}
