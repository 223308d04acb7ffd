import type { TenantConfig } from "../../config/types.js";
import type { RuleModule, SideAnalysis } from "../../rules/define-rule.js";
import { computeExposure } from "../exposure.js";
import type { GatewaySettings } from "../settings.js";
import { createRuleContext, type GatewayRule, type GatewayRuleContext } from "./context.js";
import { gatewayRules } from "./index.js";

/** One exposure analysis per analysed side (and settings), shared by the 18 rule modules and the review's exposure diff. */
const contexts = new WeakMap<SideAnalysis, { settings: string; ctx: GatewayRuleContext }>();

/**
 * The north-south rule context of one analysed side, computed once: the rules and the review's
 * exposure diff (src/core/review/north-south.ts) read the same exposure table.
 */
export const gatewayContextOf = (analysis: SideAnalysis, settings: GatewaySettings): GatewayRuleContext => {
  const key = JSON.stringify(settings);
  const hit = contexts.get(analysis);
  if (hit?.settings === key) return hit.ctx;
  const ctx = createRuleContext(computeExposure(analysis.repo, analysis.model, settings), settings, analysis.repo.objects);
  contexts.set(analysis, { settings: key, ctx });
  return ctx;
};

/** Adapt one gateway rule to the rules engine's `RuleModule` (src/core/rules/define-rule.ts). */
const toRuleModule = (rule: GatewayRule, settingsOf: (config: TenantConfig | undefined) => GatewaySettings): RuleModule<"violation"> => ({
  id: rule.id,
  meta: {
    description: `${rule.id} ${rule.description}`,
    defaultSeverity: rule.severity,
    docs: `docs/gateway.md#${rule.id.toLowerCase()}-${rule.name}`,
    messages: { violation: `${rule.id} ${rule.name}: {{message}}` },
  },
  check(ctx) {
    for (const v of rule.check(gatewayContextOf(ctx.analysis, settingsOf(ctx.config))))
      ctx.report({ messageId: "violation", data: { message: v.message }, at: v.at, fix: v.fix, identity: v.subject });
  },
});

/**
 * T1–T18 as rules-engine modules, for `builtinRules`. `settingsOf` maps the parsed config to the
 * gateway settings, e.g. `(c) => resolveGatewaySettings(c?.gateway)` once TenantConfig carries them.
 *
 * @example
 * export const builtinRules = [...existing, ...gatewayRuleModules((c) => resolveGatewaySettings(c?.gateway))];
 */
export const gatewayRuleModules = (settingsOf: (config: TenantConfig | undefined) => GatewaySettings): RuleModule[] =>
  gatewayRules.map((r) => toRuleModule(r, settingsOf) as RuleModule);
