import { formatSelector } from "../algebra/selector.js";
import type { PolicyEntry } from "../analyze/analyze-repository.js";
import type { AccessModel } from "../engine/access-model.js";
import { pinnedNamespaces } from "../engine/rule-index.js";
import type { Universe } from "../engine/universe.js";
import type { Selector } from "../model/labels.js";
import type { EndpointPeer } from "../model/peer.js";
import type { PortMatcher } from "../model/ports.js";
import type { CompiledPolicy, CompiledRule } from "../model/rule.js";
import { defineRule, type RuleReport } from "./define-rule.js";
import { knownPodsOf, type KnownPods } from "./support/known-pods.js";
import { MemoTable } from "./support/rule-memo.js";

type Messages = "subject" | "peer" | "namedPort";

const real = (e: EndpointPeer): boolean => e.workloads.length > 0;

const usesReserved = (s: Selector): boolean => s.requirements.some((r) => r.key.startsWith("reserved:"));

/**
 * One policy's scan. Most policies report nothing, so what only a report needs (the policy's
 * text, the dedupe set, the list) is made on the first report.
 */
interface Scan {
  pods: KnownPods;
  model: AccessModel;
  entry: PolicyEntry;
  compiled: CompiledPolicy;
  out?: RuleReport<Messages>[];
  seen?: Set<string>;
  text?: string;
}

const policyText = (s: Scan): string => (s.text ??= `${s.compiled.kind} ${s.compiled.policy}`);
const report = (s: Scan, r: RuleReport<Messages>): void => void (s.out ??= []).push(r);

type NamedPortMatcher = Extract<PortMatcher, { kind: "named" }>;

const isNamed = (m: PortMatcher): boolean => m.kind === "named";
const hasNamedPort = (rule: CompiledRule): boolean => rule.ports !== null && rule.ports.some(isNamed);

const definesPort = (m: NamedPortMatcher) => {
  const name = m.name.toLowerCase();
  return (e: EndpointPeer): boolean => e.namedPorts.some((n) => n.name.toLowerCase() === name && (m.protocol === "ANY" || n.protocol === m.protocol));
};

function checkSubject(s: Scan, subject: Selector): void {
  if (s.pods.matches(subject) !== false) return;
  const text = formatSelector(subject);
  if (s.seen?.has(text)) return;
  (s.seen ??= new Set()).add(text);
  report(s, {
    messageId: "subject",
    data: { policy: policyText(s), namespaces: pinnedNamespaces(subject)!.join(", "), selector: text },
    at: s.entry.object.position,
    fix: "Check the labels in the policy's pod selector against the pod template labels of the workloads (only identity-relevant labels count, LBL-3).",
    identity: `${s.compiled.policy}:subject:${text}`,
    from: s.compiled.policy,
  });
}

function checkNamedPorts(s: Scan, rule: CompiledRule): void {
  if (!hasNamedPort(rule)) return;
  const named = rule.ports!.filter((m): m is NamedPortMatcher => m.kind === "named");
  // L4-4: a named port resolves on the subject's own ports (the known pods its selector matches) for
  // ingress, on each destination's for egress. No pod concerned: nothing to tell.
  const { model, pods } = s;
  const egressOwners = rule.direction === "egress" ? model.rulePeers(rule).filter((p): p is EndpointPeer => p.kind === "endpoint" && real(p)) : undefined;
  if (egressOwners ? egressOwners.length === 0 : pods.matches(rule.subject) !== true) return;
  for (const m of named) {
    const defined = egressOwners ? egressOwners.some(definesPort(m)) : pods.some(rule.subject, definesPort(m)) === true;
    if (defined) continue;
    report(s, {
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

function checkPeerSelectors(s: Scan, rule: CompiledRule): void {
  if (rule.peer.kind !== "selector") return;
  for (const sel of rule.peer.selectors) {
    if (usesReserved(sel) || s.pods.matches(sel) !== false) continue;
    const text = formatSelector(sel);
    report(s, {
      messageId: "peer",
      data: { policy: policyText(s), rulePath: rule.provenance.rulePath, selector: text, namespaces: pinnedNamespaces(sel)!.join(", ") },
      at: rule.provenance,
      fix: "Check the peer selector's labels against the pod template labels of the workloads it should match (only identity-relevant labels count, LBL-3).",
      identity: `${rule.provenance.policy}:${rule.direction}:${text}`,
      from: rule.provenance.policy,
      to: text,
    });
  }
}

const NO_REPORTS: readonly RuleReport<Messages>[] = [];

/** What one policy reports: a function of the policy entry and the universe (the peers, and each rule's peers in it). */
function policyReports(pods: KnownPods, model: AccessModel, entry: PolicyEntry, compiled: CompiledPolicy): readonly RuleReport<Messages>[] {
  const s: Scan = { pods, model, entry, compiled };
  const { rules, defaultDeny } = compiled;
  // Subjects first (the rules', then default deny's), then each rule's peers and named ports.
  for (let i = 0; i < rules.length; i++) checkSubject(s, rules[i]!.subject);
  for (let i = 0; i < defaultDeny.length; i++) checkSubject(s, defaultDeny[i]!.subject);
  for (let i = 0; i < rules.length; i++) {
    checkPeerSelectors(s, rules[i]!);
    checkNamedPorts(s, rules[i]!);
  }
  return s.out ?? NO_REPORTS;
}

/** Reports per universe and policy entry: base and head share both for every policy the change leaves alone. */
const REPORTS = new MemoTable<Universe, Map<PolicyEntry, readonly RuleReport<Messages>[]>>("matches-nothing reports by policy");

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
    const { model } = ctx.analysis;
    const byUniverse = ctx.memo.of(REPORTS);
    let known = byUniverse.get(model.universe);
    if (!known) byUniverse.set(model.universe, (known = new Map()));
    const pods = knownPodsOf(ctx.memo, model.universe);
    const { policies } = ctx.analysis.repo;
    // Indexed loops over every policy and rule: they mostly run before the JIT optimises them, and
    // for-of allocates per element until then.
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i]!;
      if (!p.compiled) continue;
      let reports = known.get(p);
      if (!reports) known.set(p, (reports = policyReports(pods, model, p, p.compiled)));
      for (let r = 0; r < reports.length; r++) ctx.report(reports[r]!);
    }
  },
});
