import type { CompiledRepository } from "../analyze/analyze-repository.js";
import type { EndpointPeer } from "../model/peer.js";
import type { Direction } from "../model/rule.js";
import { defineRule } from "./define-rule.js";
import { listSome } from "./support/flows.js";

/**
 * Namespaces this repository manages: declared, holding workloads, or holding policies. A namespace
 * only referenced by another namespace's policy is someone else's business.
 */
function managedNamespaces(repo: CompiledRepository): Set<string> {
  // forEach and indexed loops: thousands of workloads and policies, mostly before the JIT optimises this.
  const out = new Set<string>();
  repo.inventory.namespaces.forEach((ns) => {
    if (ns.declared) out.add(ns.name);
  });
  const { workloads } = repo.inventory;
  for (let i = 0; i < workloads.length; i++) out.add(workloads[i]!.namespace);
  const { policies } = repo;
  for (let i = 0; i < policies.length; i++) {
    const o = policies[i]!.object;
    if (o.kind !== "CiliumClusterwideNetworkPolicy") out.add(o.namespace ?? "default");
  }
  return out;
}

/**
 * Every tenant pod must be in default deny in both directions (DD-1..DD-8): otherwise any pod that
 * is not itself restricted reaches it (ingress) or it reaches anything (egress).
 */
export default defineRule({
  id: "default-deny",
  meta: {
    description: "A tenant pod is not in default deny in both directions, so traffic no policy mentions is allowed.",
    defaultSeverity: "error",
    docs: "docs/rules/default-deny.md",
    messages: {
      notDefaultDeny: "Pods in {{namespace}} (tenant {{tenant}}) are not in {{direction}} default deny: {{pods}}",
    },
  },
  check(ctx) {
    const { model, repo } = ctx.analysis;
    const open: Array<{ e: EndpointPeer; tenant: string; direction: Direction }> = [];
    // An indexed loop over every endpoint: it mostly runs before the JIT optimises it.
    const { endpoints } = model.universe;
    for (let i = 0; i < endpoints.length; i++) {
      const e = endpoints[i]!;
      const owner = ctx.tenancy.ownerOf(e);
      if (owner.kind !== "tenant") continue;
      if (!model.enforced(e, "ingress")) open.push({ e, tenant: owner.tenant, direction: "ingress" });
      if (!model.enforced(e, "egress")) open.push({ e, tenant: owner.tenant, direction: "egress" });
    }
    if (open.length === 0) return;
    // Only now: walking the whole inventory is most of this rule's work, and usually every pod is in default deny.
    const managed = managedNamespaces(repo);
    const groups = new Map<string, { namespace: string; tenant: string; direction: Direction; pods: EndpointPeer[] }>();
    for (const { e, tenant, direction } of open) {
      if (!managed.has(e.namespace)) continue;
      const key = `${e.namespace}\u0000${direction}`;
      const g = groups.get(key) ?? { namespace: e.namespace, tenant, direction, pods: [] };
      g.pods.push(e);
      groups.set(key, g);
    }
    for (const g of [...groups.values()].sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.direction < b.direction ? -1 : 1))) {
      const names = g.pods.flatMap((p) => (p.workloads.length ? p.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`) : [p.id]));
      const at = g.pods.map((p) => p.workloads[0]?.position).find((p) => p !== undefined) ?? ctx.locate.namespace(g.namespace);
      ctx.report({
        messageId: "notDefaultDeny",
        data: { namespace: g.namespace, tenant: g.tenant, direction: g.direction, pods: listSome(names) },
        at,
        fix: `Select every pod of ${g.namespace} with a policy that has ${g.direction} rules, e.g. a NetworkPolicy with podSelector: {} and policyTypes: [${g.direction === "ingress" ? "Ingress" : "Egress"}], or a CiliumNetworkPolicy with endpointSelector: {} and an ${g.direction} section (DD-2); then allow only what the pods need.`,
        identity: `${g.namespace}:${g.direction}`,
        from: g.namespace,
        fromTenant: g.tenant,
      });
    }
  },
});
