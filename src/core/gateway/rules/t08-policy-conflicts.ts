import { labelSelectorMatches, nsName } from "../kinds/read.js";
import type { Meta, TargetRef, TargetSelector } from "../model.js";
import { defineGatewayRule, type GatewayRuleContext, type Violation } from "./context.js";

interface Policy {
  meta: Meta;
  targetRefs: readonly TargetRef[];
  targetSelectors: readonly TargetSelector[];
}

/** Every (kind, ns/name, sectionName) a policy attaches to: targetRefs, and selectors resolved against routes and Gateways. */
const targetsOf = (ctx: GatewayRuleContext, p: Policy): string[] => {
  const { objects } = ctx.analysis;
  const labelled = [...objects.routes.map((r) => r.meta), ...objects.gateways.map((g) => g.meta), ...objects.listenerSets.map((l) => l.meta)];
  const fromRefs = p.targetRefs.map((r) => `${r.kind} ${p.meta.namespace}/${r.name}${r.sectionName ? `#${r.sectionName}` : ""}`);
  const fromSelectors = p.targetSelectors.flatMap((s) =>
    labelled.filter((m) => m.kind === s.kind && m.namespace === p.meta.namespace && labelSelectorMatches(s.selector, m.labels)).map((m) => `${m.kind} ${nsName(m)}`),
  );
  return [...new Set([...fromRefs, ...fromSelectors])];
};

const conflicts = (ctx: GatewayRuleContext, policies: readonly Policy[], kind: string): Violation[] => {
  const byTarget = new Map<string, Policy[]>();
  for (const p of policies) for (const t of targetsOf(ctx, p)) byTarget.set(t, [...(byTarget.get(t) ?? []), p]);
  return [...byTarget.entries()]
    .filter(([, ps]) => ps.length > 1)
    .flatMap(([target, ps]) =>
      ps.map((p) => ({
        message: `${ps.length} ${kind}s target ${target} (${ps.map((x) => nsName(x.meta)).join(", ")}); only the oldest attaches and which one that is depends on creation time`,
        at: p.meta.object.position,
        fix: `merge them into one ${kind} per target`,
        subject: `${kind}|${target}|${nsName(p.meta)}`,
      })),
    );
};

/** T8 (§8, §5.1, §5.4): at most one SecurityPolicy and one ClientTrafficPolicy per (target, sectionName). */
export const t08PolicyConflicts = defineGatewayRule({
  id: "T8",
  name: "policy-conflicts",
  description: "One SecurityPolicy and one ClientTrafficPolicy per target",
  severity: "error",
  check: (ctx) => [
    ...conflicts(ctx, ctx.analysis.objects.securityPolicies, "SecurityPolicy"),
    ...conflicts(ctx, ctx.analysis.objects.clientTrafficPolicies, "ClientTrafficPolicy"),
  ],
});
