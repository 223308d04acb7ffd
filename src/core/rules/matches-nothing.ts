import { formatSelector, selectorMatches } from "../algebra/selector.js";
import type { AccessModel } from "../engine/access-model.js";
import { pinnedNamespaces } from "../engine/rule-index.js";
import type { Selector } from "../model/labels.js";
import type { EndpointPeer } from "../model/peer.js";
import type { CompiledRule } from "../model/rule.js";
import { defineRule, type RuleContext } from "./define-rule.js";

type Messages = "subject" | "peer" | "namedPort";

const real = (e: EndpointPeer): boolean => e.workloads.length > 0;

/**
 * Real workloads a selector could match: those of the namespaces it is pinned to, but only when each
 * of them holds workloads in this repository. Otherwise the pods may come from elsewhere (a Helm
 * release, another repository) and "matches nothing" cannot be told.
 */
function knownPods(model: AccessModel, selector: Selector): EndpointPeer[] | undefined {
  const pins = pinnedNamespaces(selector);
  if (!pins || pins.length === 0) return undefined;
  const pods = pins.map((ns) => (model.universe.endpointsByNamespace.get(ns) ?? []).filter(real));
  return pods.every((p) => p.length > 0) ? pods.flat() : undefined;
}

const usesReserved = (s: Selector): boolean => s.requirements.some((r) => r.key.startsWith("reserved:"));

function checkNamedPorts(ctx: RuleContext<Messages>, rule: CompiledRule, subjects: readonly EndpointPeer[]): void {
  const named = (rule.ports ?? []).flatMap((m) => (m.kind === "named" ? [m] : []));
  if (named.length === 0) return;
  // L4-4: a named port resolves on the subject's own ports for ingress, on each destination's for egress.
  const owners = rule.direction === "ingress" ? subjects : ctx.analysis.model.rulePeers(rule).filter((p): p is EndpointPeer => p.kind === "endpoint" && real(p));
  if (owners.length === 0) return;
  for (const m of named) {
    const defined = owners.some((o) => o.namedPorts.some((n) => n.name.toLowerCase() === m.name.toLowerCase() && (m.protocol === "ANY" || n.protocol === m.protocol)));
    if (defined) continue;
    ctx.report({
      messageId: "namedPort",
      data: { policy: `${rule.provenance.kind} ${rule.provenance.policy}`, rulePath: rule.provenance.rulePath, name: m.name },
      at: rule.provenance,
      fix: `Use a port number, or the name of a containerPort the ${rule.direction === "ingress" ? "selected pods" : "destination pods"} define (names are case-insensitive, L4-4).`,
      identity: `${rule.provenance.policy}:${rule.direction}:port ${m.name.toLowerCase()}`,
      from: rule.provenance.policy,
      to: m.name,
    });
  }
}

function checkPeerSelectors(ctx: RuleContext<Messages>, rule: CompiledRule, policy: string): void {
  if (rule.peer.kind !== "selector") return;
  for (const s of rule.peer.selectors) {
    const candidates = usesReserved(s) ? undefined : knownPods(ctx.analysis.model, s);
    if (!candidates || candidates.some((e) => selectorMatches(s, e.labels))) continue;
    const text = formatSelector(s);
    ctx.report({
      messageId: "peer",
      data: { policy, rulePath: rule.provenance.rulePath, selector: text, namespaces: pinnedNamespaces(s)!.join(", ") },
      at: rule.provenance,
      fix: "Check the peer selector's labels against the pod template labels of the workloads it should match (only identity-relevant labels count, LBL-3).",
      identity: `${rule.provenance.policy}:${rule.direction}:${text}`,
      from: rule.provenance.policy,
      to: text,
    });
  }
}

/** Selectors and named ports that match nothing make a policy silently do nothing (LBL-3, L4-4). */
export default defineRule<Messages>({
  id: "matches-nothing",
  meta: {
    description: "A policy's subject or peer selector, or a named port, matches no workload of the namespaces this repository deploys.",
    defaultSeverity: "warning",
    docs: "docs/rules/matches-nothing.md",
    messages: {
      subject: "{{policy}} selects no workload in {{namespaces}} ({{selector}}), so it applies to nobody",
      peer: "{{policy}} {{rulePath}}: the peer selector {{selector}} matches no workload in {{namespaces}}",
      namedPort: "{{policy}} {{rulePath}}: no pod the rule concerns defines a port named {{name}}, so the port matches nothing",
    },
  },
  check(ctx) {
    const { model, repo } = ctx.analysis;
    for (const p of repo.policies) {
      if (!p.compiled) continue;
      const policy = `${p.compiled.kind} ${p.compiled.policy}`;
      const subjects = [...p.compiled.rules.map((r) => r.subject), ...p.compiled.defaultDeny.map((d) => d.subject)];
      const seen = new Set<string>();
      for (const subject of subjects) {
        const text = formatSelector(subject);
        const pods = knownPods(model, subject);
        if (seen.has(text) || !pods || pods.some((e) => selectorMatches(subject, e.labels))) continue;
        seen.add(text);
        ctx.report({
          messageId: "subject",
          data: { policy, namespaces: pinnedNamespaces(subject)!.join(", "), selector: text },
          at: p.object.position,
          fix: "Check the labels in the policy's pod selector against the pod template labels of the workloads (only identity-relevant labels count, LBL-3).",
          identity: `${p.compiled.policy}:subject:${text}`,
          from: p.compiled.policy,
        });
      }
      for (const rule of p.compiled.rules) {
        checkPeerSelectors(ctx, rule, policy);
        const pods = knownPods(model, rule.subject) ?? [];
        checkNamedPorts(ctx, rule, pods.filter((e) => selectorMatches(rule.subject, e.labels)));
      }
    }
  },
});
