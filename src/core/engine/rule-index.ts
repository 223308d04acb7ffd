import { selectorMatches } from "../algebra/selector.js";
import type { Selector } from "../model/labels.js";
import { LABEL } from "../model/labels.js";
import type { EndpointPeer } from "../model/peer.js";
import type { CompiledPolicy, CompiledRule, DefaultDenyContribution, Direction } from "../model/rule.js";

/** Namespaces a selector is pinned to (an `In` on the namespace key), or undefined when it spans namespaces. */
const NAMESPACE_KEYS = new Set([LABEL.namespace, "any:io.kubernetes.pod.namespace"]);

export const pinnedNamespaces = (s: Selector): readonly string[] | undefined =>
  s.requirements.find((r) => NAMESPACE_KEYS.has(r.key) && r.operator === "In")?.values;

class SubjectIndex<T extends { subject: Selector }> {
  private readonly pinned = new Map<string, T[]>();
  private readonly global: T[] = [];

  add(item: T): void {
    const namespaces = pinnedNamespaces(item.subject);
    if (!namespaces) {
      this.global.push(item);
      return;
    }
    for (const ns of namespaces) {
      const list = this.pinned.get(ns);
      if (list) list.push(item);
      else this.pinned.set(ns, [item]);
    }
  }

  selecting(endpoint: EndpointPeer): T[] {
    const candidates = [...(this.pinned.get(endpoint.namespace) ?? []), ...this.global];
    return candidates.filter((c) => selectorMatches(c.subject, endpoint.labels));
  }
}

/** Rules and default-deny statements selecting one endpoint in one direction. */
export interface DirectionRules {
  allows: readonly CompiledRule[];
  denies: readonly CompiledRule[];
  defaultDeny: readonly DefaultDenyContribution[];
}

/**
 * Finds the rules that select an endpoint, indexed by the namespace their subject is pinned to
 * (CNP/KNP subjects always are, SUBJ-2/KNP-1), so work grows with rules per namespace, not rules in the repo.
 */
export class RuleIndex {
  private readonly rules = { ingress: new SubjectIndex<CompiledRule>(), egress: new SubjectIndex<CompiledRule>() };
  private readonly dd = { ingress: new SubjectIndex<DefaultDenyContribution>(), egress: new SubjectIndex<DefaultDenyContribution>() };
  private readonly cache = { ingress: new Map<EndpointPeer, DirectionRules>(), egress: new Map<EndpointPeer, DirectionRules>() };

  constructor(policies: readonly CompiledPolicy[]) {
    for (const p of policies) {
      for (const r of p.rules) this.rules[r.direction].add(r);
      for (const d of p.defaultDeny) this.dd[d.direction].add(d);
    }
  }

  forEndpoint(endpoint: EndpointPeer, direction: Direction): DirectionRules {
    const hit = this.cache[direction].get(endpoint);
    if (hit) return hit;
    const selecting = this.rules[direction].selecting(endpoint);
    const result = {
      allows: selecting.filter((r) => r.action === "allow"),
      denies: selecting.filter((r) => r.action === "deny"),
      defaultDeny: this.dd[direction].selecting(endpoint),
    };
    this.cache[direction].set(endpoint, result);
    return result;
  }
}
