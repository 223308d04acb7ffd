import type { TenantConfig } from "../../config/types.js";
import type { RuleModule, SideAnalysis } from "../../rules/define-rule.js";
import { computeExposure } from "../exposure.js";
import type { GatewaySettings } from "../settings.js";
import { createRuleContext, type GatewayRule, type GatewayRuleContext } from "./context.js";
import { gatewayRules } from "./index.js";

/** One exposure analysis per analysed side, shared by the 18 rule modules. */
const contexts = new WeakMap<SideAnalysis, GatewayRuleContext>();

const contextFor = (analysis: SideAnalysis, settings: GatewaySettings): GatewayRuleContext => {
  const hit = contexts.get(analysis);
  if (hit) return hit;
  const ctx = createRuleContext(computeExposure(analysis.repo, analysis.model, settings), settings, analysis.repo.objects);
  contexts.set(analysis, ctx);
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
    for (const v of rule.check(contextFor(ctx.analysis, settingsOf(ctx.config))))
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
