import type { CompiledRule } from "../model/rule.js";
import { defineRule } from "./define-rule.js";

/** Entities that span tenants or the whole Internet (§5, ENT-1), with what they mean for a tenant. */
const BROAD: Readonly<Record<string, string>> = {
  cluster: "every pod of every namespace plus the nodes (ENT-1)",
  "cluster-mesh": "every pod of every cluster in the mesh plus the nodes",
  all: "every identity, the Internet included",
  world: "every address outside the cluster",
  "world-ipv4": "every IPv4 address outside the cluster",
  "world-ipv6": "every IPv6 address outside the cluster",
};

const NO_PEER: readonly string[] = ["(no peer)"];
const NONE: readonly string[] = [];

// Runs for every rule of every tenant policy, on both sides: no allocation for the usual peers.
const broadOf = (rule: CompiledRule): readonly string[] => {
  if (rule.peer.kind === "all") return NO_PEER;
  if (rule.peer.kind !== "entities") return NONE;
  return rule.peer.entities.filter((e) => BROAD[e] !== undefined);
};

/** Broad entities in a tenant's own policies: the grant reaches far beyond the tenant (ENT-1, PEER-3). */
export default defineRule({
  id: "broad-entity",
  meta: {
    description: "A tenant policy allows `cluster`, `all` or `world` (or has a rule with no peer), which spans other tenants or the whole Internet.",
    defaultSeverity: "error",
    docs: "docs/rules/broad-entity.md",
    messages: {
      broadEntity: "{{policy}} {{rulePath}} ({{direction}}) allows entity {{entity}}: {{meaning}}",
      noPeer: "{{policy}} {{rulePath}} ({{direction}}) names no peer, so it allows every peer, the Internet and the nodes included (PEER-3, KNP-2)",
    },
  },
  check(ctx) {
    const { repo } = ctx.analysis;
    // Indexed loops over every policy and rule: they mostly run before the JIT optimises them, and
    // for-of allocates per element until then.
    for (let i = 0; i < repo.policies.length; i++) {
      const p = repo.policies[i]!;
      if (!p.compiled || p.object.kind === "CiliumClusterwideNetworkPolicy") continue;
      const namespace = p.object.namespace ?? "default";
      const owner = ctx.tenancy.namespaceOwner(namespace, repo.inventory.namespaces.get(namespace)?.labels ?? {});
      if (owner.kind !== "tenant") continue;
      let seen: Set<string> | undefined; // created on the first finding: most policies have none
      const rules = p.compiled.rules;
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r]!;
        if (rule.action !== "allow") continue;
        const entities = broadOf(rule);
        for (let e = 0; e < entities.length; e++) {
          const entity = entities[e]!;
          const identity = `${rule.provenance.policy}:${rule.direction}:${entity}`;
          if (seen?.has(identity)) continue;
          (seen ??= new Set()).add(identity);
          const verb = rule.direction === "egress" ? "to" : "from";
          const narrow = rule.direction === "egress" ? "toEndpoints/toCIDRSet/toFQDNs" : "fromEndpoints/fromCIDRSet";
          ctx.report({
            messageId: entity === "(no peer)" ? "noPeer" : "broadEntity",
            data: { policy: `${rule.provenance.kind} ${rule.provenance.policy}`, rulePath: rule.provenance.rulePath, direction: rule.direction, entity, meaning: BROAD[entity] ?? "" },
            at: rule.provenance,
            fix: `Replace the ${entity === "(no peer)" ? "missing peer" : `entity ${entity}`} ${verb} the peers the pods really need (${narrow} naming namespaces of tenant ${owner.tenant}, the approved CIDRs or DNS names).`,
            identity,
            from: rule.direction === "egress" ? namespace : entity,
            to: rule.direction === "egress" ? entity : namespace,
            fromTenant: owner.tenant,
          });
        }
      }
    }
  },
});
