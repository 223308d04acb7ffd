import { selectorMatches } from "../algebra/selector.js";
import type { Peer } from "../model/peer.js";
import type { CompiledRule } from "../model/rule.js";
import { crossesTenants, type Owner, type Tenancy } from "../tenancy/tenancy.js";
import { defineRule, type SideAnalysis } from "./define-rule.js";

const podOwners = (peers: readonly Peer[], tenancy: Tenancy): Map<string, Owner> => {
  const out = new Map<string, Owner>();
  for (const p of peers) {
    if (p.kind !== "endpoint") continue;
    const o = tenancy.ownerOf(p);
    if (o.kind === "tenant") out.set(`tenant ${o.tenant}`, o);
    else if (o.kind === "unassigned") out.set(`namespace ${o.namespace} (no tenant)`, o);
  }
  return out;
};

/** Owners on each side of a clusterwide allow rule that it connects across tenants. */
function crossing(analysis: SideAnalysis, tenancy: Tenancy, rule: CompiledRule): { subjects: string[]; peers: string[] } | undefined {
  const subjects = podOwners(analysis.model.universe.endpoints.filter((e) => selectorMatches(rule.subject, e.labels)), tenancy);
  const peers = podOwners(analysis.model.rulePeers(rule), tenancy);
  const s = new Set<string>();
  const p = new Set<string>();
  for (const [sk, so] of subjects)
    for (const [pk, po] of peers)
      if (crossesTenants(so, po)) {
        s.add(sk);
        p.add(pk);
      }
  return s.size ? { subjects: [...s].sort(), peers: [...p].sort() } : undefined;
}

/**
 * A CiliumClusterwideNetworkPolicy selects pods in every namespace (SUBJ-3), and its `{}` peer means
 * every pod of the cluster (§16 item 6). An allow rule of one that connects pods of different tenants
 * weakens isolation for all of them at once, whether or not the other side still blocks today.
 */
export default defineRule({
  id: "clusterwide-policy",
  meta: {
    description: "A clusterwide policy allows traffic between pods of different tenants.",
    defaultSeverity: "error",
    docs: "docs/rules/clusterwide-policy.md",
    messages: {
      clusterwide: "{{policy}} {{rulePath}} lets pods of {{subjects}} {{verb}} pods of {{peers}}",
    },
  },
  check(ctx) {
    for (const p of ctx.analysis.repo.policies) {
      if (!p.compiled || p.object.kind !== "CiliumClusterwideNetworkPolicy") continue;
      const seen = new Set<string>();
      for (const rule of p.compiled.rules) {
        if (rule.action !== "allow") continue;
        const found = crossing(ctx.analysis, ctx.tenancy, rule);
        if (!found) continue;
        const identity = `${rule.provenance.policy}:${rule.direction}:${found.subjects.join(",")}→${found.peers.join(",")}`;
        if (seen.has(identity)) continue;
        seen.add(identity);
        const verb = rule.direction === "egress" ? "send to" : "receive from";
        ctx.report({
          messageId: "clusterwide",
          data: { policy: `${rule.provenance.kind} ${rule.provenance.policy}`, rulePath: rule.provenance.rulePath, subjects: found.subjects.join(", "), peers: found.peers.join(", "), verb },
          at: rule.provenance,
          fix: `Pin the rule to one tenant: narrow endpointSelector and the ${rule.direction === "egress" ? "toEndpoints" : "fromEndpoints"} selectors with io.kubernetes.pod.namespace (or a tenant namespace label) so subject and peer are the same tenant, or move the rule into per-tenant CiliumNetworkPolicies.`,
          identity,
          from: rule.direction === "egress" ? found.subjects.join(", ") : found.peers.join(", "),
          to: rule.direction === "egress" ? found.peers.join(", ") : found.subjects.join(", "),
        });
      }
    }
  },
});
