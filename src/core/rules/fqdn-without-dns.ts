import type { CompiledRule } from "../model/rule.js";
import { defineRule } from "./define-rule.js";

const toFqdn = (r: CompiledRule): boolean => r.peer.kind === "fqdn";

/**
 * A toFQDNs allow only learns addresses from DNS answers the DNS proxy sees, so without a DNS L7 rule
 * on the pod's egress to its resolver it allows nothing (FQDN-3). The engine already marks such
 * rules ineffective (SideResult.ineffective); this rule turns that into a finding.
 */
export default defineRule({
  id: "fqdn-without-dns",
  meta: {
    description: "A toFQDNs allow cannot take effect because no DNS rule lets the pods resolve the name through Cilium's DNS proxy.",
    defaultSeverity: "warning",
    docs: "docs/rules/fqdn-without-dns.md",
    messages: {
      noDnsVisibility: "{{policy}} {{rulePath}} allows {{name}} for pods in {{namespace}}, but no DNS rule lets them resolve it through the DNS proxy, so the allow never learns an address (FQDN-3)",
    },
  },
  check(ctx) {
    const { model } = ctx.analysis;
    const seen = new Set<string>();
    // Only the DNS names an endpoint's own toFQDNs allows match can be ineffective for it: walk those,
    // not every (endpoint, name) pair.
    const { endpoints } = model.universe;
    for (let k = 0; k < endpoints.length; k++) {
      const e = endpoints[k]!; // an indexed loop: it mostly runs before the JIT optimises it
      const allows = model.index.forEndpoint(e, "egress").allows;
      if (!allows.some(toFqdn)) continue;
      const names = new Set(allows.filter(toFqdn).flatMap((r) => model.rulePeers(r)));
      for (const name of names)
        for (const i of model.side(e, "egress", name).ineffective) {
          const identity = `${i.rule.policy}:${name.id}:${e.namespace}`;
          if (seen.has(identity)) continue;
          seen.add(identity);
          ctx.report({
            messageId: "noDnsVisibility",
            data: { policy: `${i.rule.kind} ${i.rule.policy}`, rulePath: i.rule.rulePath, name: name.id, namespace: e.namespace },
            at: i.rule,
            fix: `Allow DNS for these pods with an L7 DNS rule that covers ${name.id}, e.g. toEndpoints kube-system/k8s-app=kube-dns, toPorts 53/UDP and 53/TCP with rules.dns: [{matchPattern: "*"}].`,
            identity,
            from: e.namespace,
            to: name.id,
          });
        }
    }
  },
});
