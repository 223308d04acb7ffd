import type { Labels, Requirement, Selector, SelectorOperator } from "../model/labels.js";

export const EVERYTHING: Selector = Object.freeze({ requirements: [] });

/** `k8s:app` → {source: "k8s", key: "app"}; no prefix → source "any" (LBL-1: text before the first `:`). */
export const splitSourceKey = (prefixed: string): { source: string; key: string } => {
  const i = prefixed.indexOf(":");
  return i < 0 ? { source: "any", key: prefixed } : { source: prefixed.slice(0, i), key: prefixed.slice(i + 1) };
};

/** Normalise a selector key as Cilium's validation does: unprefixed keys become `any:` (LBL-1). */
export const normalizeKey = (key: string): string => (key.includes(":") ? key : `any:${key}`);

/** Labels indexed by key without source, for `any:` lookups; built once per label set (hot path). */
const bareKeyIndex = new WeakMap<Labels, Map<string, string>>();

const byBareKey = (labels: Labels): Map<string, string> => {
  let index = bareKeyIndex.get(labels);
  if (!index) {
    index = new Map();
    for (const [k, v] of labels) {
      const bare = splitSourceKey(k).key;
      if (!index.has(bare)) index.set(bare, v);
    }
    bareKeyIndex.set(labels, index);
  }
  return index;
};

/** Value of a label matching a source-prefixed key; `any:` matches every source (LBL-1). */
export const labelValue = (labels: Labels, prefixedKey: string): string | undefined => {
  if (prefixedKey.startsWith("any:")) return byBareKey(labels).get(prefixedKey.slice(4));
  if (prefixedKey.includes(":")) return labels.get(prefixedKey);
  return byBareKey(labels).get(prefixedKey);
};

const requirementMatches = (labels: Labels, r: Requirement): boolean => {
  const v = labelValue(labels, r.key);
  switch (r.operator) {
    case "In":
      return v !== undefined && r.values.includes(v);
    case "NotIn":
      // LBL-2: NotIn is satisfied when the key is absent.
      return v === undefined || !r.values.includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
  }
};

/** SUBJ-1: requirements are ANDed; an empty selector matches everything in scope. */
export const selectorMatches = (selector: Selector, labels: Labels): boolean =>
  selector.requirements.every((r) => requirementMatches(labels, r));

export const requirement = (key: string, operator: SelectorOperator, values: readonly string[] = []): Requirement => ({
  key,
  operator,
  values,
});

export const withRequirements = (s: Selector, extra: readonly Requirement[]): Selector => ({
  requirements: [...s.requirements, ...extra],
});

/** The namespace a selector pins with `In`/equality on the namespace key, if exactly one. */
export const pinnedValues = (s: Selector, keys: readonly string[]): readonly string[] | undefined => {
  for (const r of s.requirements) {
    if (r.operator !== "In") continue;
    if (keys.includes(r.key)) return r.values;
  }
  return undefined;
};

/** Canonical display: `app=web,tier in (a,b),!debug`. */
export const formatSelector = (s: Selector): string => {
  if (s.requirements.length === 0) return "{}";
  return s.requirements
    .map((r) => {
      const k = r.key.startsWith("any:") ? r.key.slice(4) : r.key;
      switch (r.operator) {
        case "In":
          return r.values.length === 1 ? `${k}=${r.values[0]}` : `${k} in (${r.values.join(",")})`;
        case "NotIn":
          return `${k} notin (${r.values.join(",")})`;
        case "Exists":
          return k;
        case "DoesNotExist":
          return `!${k}`;
      }
    })
    .join(",");
};
