import { selectorMatches } from "../algebra/selector.js";
import type { PolicyEntry } from "../analyze/analyze-repository.js";
import type { AccessModel } from "../engine/access-model.js";
import type { Universe } from "../engine/universe.js";
import type { Peer } from "../model/peer.js";
import type { CompiledRule } from "../model/rule.js";
import { crossesTenants, type Owner, type Tenancy } from "../tenancy/tenancy.js";
import { defineRule, type RuleReport } from "./define-rule.js";
import { MemoTable } from "./support/rule-memo.js";

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
function crossing(model: AccessModel, tenancy: Tenancy, rule: CompiledRule): { subjects: string[]; peers: string[] } | undefined {
  const subjects = podOwners(model.universe.endpoints.filter((e) => selectorMatches(rule.subject, e.labels)), tenancy);
  const peers = podOwners(model.rulePeers(rule), tenancy);
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

type Messages = "clusterwide";

/** What one clusterwide policy reports: a function of the policy entry and the universe (its pods, and each rule's peers in it). */
function policyReports(model: AccessModel, tenancy: Tenancy, compiled: NonNullable<PolicyEntry["compiled"]>): RuleReport<Messages>[] {
  const out: RuleReport<Messages>[] = [];
  const seen = new Set<string>();
  for (const rule of compiled.rules) {
    if (rule.action !== "allow") continue;
    const found = crossing(model, tenancy, rule);
    if (!found) continue;
    const identity = `${rule.provenance.policy}:${rule.direction}:${found.subjects.join(",")}→${found.peers.join(",")}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    const verb = rule.direction === "egress" ? "send to" : "receive from";
    out.push({
      messageId: "clusterwide",
      data: { policy: `${rule.provenance.kind} ${rule.provenance.policy}`, rulePath: rule.provenance.rulePath, subjects: found.subjects.join(", "), peers: found.peers.join(", "), verb },
      at: rule.provenance,
      fix: `Pin the rule to one tenant: narrow endpointSelector and the ${rule.direction === "egress" ? "toEndpoints" : "fromEndpoints"} selectors with io.kubernetes.pod.namespace (or a tenant namespace label) so subject and peer are the same tenant, or move the rule into per-tenant CiliumNetworkPolicies.`,
      identity,
      from: rule.direction === "egress" ? found.subjects.join(", ") : found.peers.join(", "),
      to: rule.direction === "egress" ? found.peers.join(", ") : found.subjects.join(", "),
    });
  }
  return out;
}

const REPORTS = new MemoTable<PolicyEntry, { universe: Universe; reports: readonly RuleReport<Messages>[] }>("clusterwide-policy reports of a policy");

/**
 * A CiliumClusterwideNetworkPolicy selects pods in every namespace (SUBJ-3), and its `{}` peer means
 * every pod of the cluster (§16 item 6). An allow rule of one that connects pods of different tenants
 * weakens isolation for all of them at once, whether or not the other side still blocks today.
 */
export default defineRule<Messages>({
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
    const { model } = ctx.analysis;
    const table = ctx.memo.of(REPORTS);
    const { policies } = ctx.analysis.repo;
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i]!; // an indexed loop over every policy: it mostly runs before the JIT optimises it
      if (!p.compiled || p.object.kind !== "CiliumClusterwideNetworkPolicy") continue;
      let hit = table.get(p);
      if (hit?.universe !== model.universe) table.set(p, (hit = { universe: model.universe, reports: policyReports(model, ctx.tenancy, p.compiled) }));
      for (const r of hit.reports) ctx.report(r);
    }
  },
});
