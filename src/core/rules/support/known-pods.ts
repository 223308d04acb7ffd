import { labelValue, selectorMatches } from "../../algebra/selector.js";
import { pinnedNamespaces } from "../../engine/rule-index.js";
import type { Universe } from "../../engine/universe.js";
import type { Requirement, Selector } from "../../model/labels.js";
import type { EndpointPeer } from "../../model/peer.js";
import { MemoTable, type RuleMemo } from "./rule-memo.js";

/** The real workloads of one namespace, and (built when first asked) by the value of a label key. */
interface NamespacePods {
  pods: readonly EndpointPeer[];
  byKey: Map<string, Map<string, EndpointPeer[]>>;
  /** A list of this namespace alone. */
  alone: NamespacePods[];
}

const NONE: readonly EndpointPeer[] = [];

const real = (e: EndpointPeer): boolean => e.workloads.length > 0;

/** The namespace's pods whose label `key` has this value, as `labelValue` reads it (the selector's own semantics, LBL-1). */
function podsWith(ns: NamespacePods, key: string, value: string): readonly EndpointPeer[] {
  let byValue = ns.byKey.get(key);
  if (!byValue) {
    ns.byKey.set(key, (byValue = new Map()));
    for (let i = 0; i < ns.pods.length; i++) {
      const e = ns.pods[i]!;
      const v = labelValue(e.labels, key);
      if (v === undefined) continue;
      const list = byValue.get(v);
      if (list) list.push(e);
      else byValue.set(v, [e]);
    }
  }
  return byValue.get(value) ?? NONE;
}

function someIn(pods: readonly EndpointPeer[], selector: Selector, test: ((e: EndpointPeer) => boolean) | undefined): boolean {
  for (let i = 0; i < pods.length; i++) {
    const e = pods[i]!;
    if ((test === undefined || test(e)) && selectorMatches(selector, e.labels)) return true;
  }
  return false;
}

/**
 * The real workloads of a universe, as the matches-nothing checks ask about them. Everything here is
 * a function of the universe, so one instance serves both sides when they share their peers.
 * Indexed loops: thousands of selectors are asked about, mostly before the JIT has optimised this.
 */
export class KnownPods {
  private readonly namespaces = new Map<string, NamespacePods>();
  private readonly matching = new Map<Selector, boolean | undefined>();

  constructor(private readonly universe: Universe) {}

  /**
   * The namespaces whose real workloads a selector could match: those it is pinned to, but only when
   * each of them holds workloads in this repository. Otherwise the pods may come from elsewhere (a
   * Helm release, another repository) and whether the selector matches nothing cannot be told.
   */
  private known(pins: readonly string[] | undefined): readonly NamespacePods[] | undefined {
    if (!pins || pins.length === 0) return undefined;
    const out: NamespacePods[] = [];
    for (let i = 0; i < pins.length; i++) {
      let found = this.namespaces.get(pins[i]!);
      if (!found) {
        found = { pods: (this.universe.endpointsByNamespace.get(pins[i]!) ?? []).filter(real), byKey: new Map(), alone: [] };
        found.alone.push(found);
        this.namespaces.set(pins[i]!, found);
      }
      if (found.pods.length === 0) return undefined;
      if (pins.length === 1) return found.alone; // the usual single pin, without a list per call
      out.push(found);
    }
    return out;
  }

  /**
   * Is there a known pod the selector matches and `test` accepts? Undefined when the selector's pods
   * cannot be known. Only pods that pass one `In` requirement of the selector (other than its
   * namespace pin) are tried, found through the label index: a pod that fails it cannot match.
   */
  some(selector: Selector, test?: (e: EndpointPeer) => boolean): boolean | undefined {
    const pins = pinnedNamespaces(selector);
    const namespaces = this.known(pins);
    if (!namespaces) return undefined;
    let filter: Requirement | undefined;
    for (let i = 0; i < selector.requirements.length && !filter; i++) {
      const r = selector.requirements[i]!;
      if (r.operator === "In" && r.values !== pins) filter = r;
    }
    for (let n = 0; n < namespaces.length; n++) {
      const ns = namespaces[n]!;
      if (!filter) {
        if (someIn(ns.pods, selector, test)) return true;
        continue;
      }
      for (let v = 0; v < filter.values.length; v++) if (someIn(podsWith(ns, filter.key, filter.values[v]!), selector, test)) return true;
    }
    return false;
  }

  /** Does the selector match a known pod? Undefined when its pods cannot be known. Once per selector object. */
  matches(selector: Selector): boolean | undefined {
    if (this.matching.has(selector)) return this.matching.get(selector);
    const matches = this.some(selector);
    this.matching.set(selector, matches);
    return matches;
  }
}

const KNOWN = new MemoTable<Universe, KnownPods>("known pods of a universe");

/** The known pods of the side's universe, shared with the other side when it has the same peers. */
export const knownPodsOf = (memo: RuleMemo, universe: Universe): KnownPods => memo.get(KNOWN, universe, () => new KnownPods(universe));
