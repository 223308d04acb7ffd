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
  const out = new Set<string>();
  for (const ns of repo.inventory.namespaces.values()) if (ns.declared) out.add(ns.name);
  for (const w of repo.inventory.workloads) out.add(w.namespace);
  for (const p of repo.policies) if (p.object.kind !== "CiliumClusterwideNetworkPolicy") out.add(p.object.namespace ?? "default");
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
    const managed = managedNamespaces(repo);
    const groups = new Map<string, { namespace: string; tenant: string; direction: Direction; pods: EndpointPeer[] }>();
    for (const e of model.universe.endpoints) {
      const owner = ctx.tenancy.ownerOf(e);
      if (owner.kind !== "tenant" || !managed.has(e.namespace)) continue;
      for (const direction of ["ingress", "egress"] as const) {
        if (model.enforced(e, direction)) continue;
        const key = `${e.namespace}\u0000${direction}`;
        const g = groups.get(key) ?? { namespace: e.namespace, tenant: owner.tenant, direction, pods: [] };
        g.pods.push(e);
        groups.set(key, g);
      }
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
