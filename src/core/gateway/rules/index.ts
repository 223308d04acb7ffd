import type { Finding, RuleSeverity } from "../../review/types.js";
import type { GatewayRule, GatewayRuleContext, Violation } from "./context.js";
import { t01HostnameOwnership } from "./t01-hostname-ownership.js";
import { t02AllowedRoutesNamespaces } from "./t02-allowed-routes-namespaces.js";
import { t03ListenerHostname } from "./t03-listener-hostname.js";
import { t04CrossTenantBackend } from "./t04-cross-tenant-backend.js";
import { t05NarrowGrants } from "./t05-narrow-grants.js";
import { t06InternetFacingAuth } from "./t06-internet-facing-auth.js";
import { t07TenantPolicyOverride } from "./t07-tenant-policy-override.js";
import { t08PolicyConflicts } from "./t08-policy-conflicts.js";
import { t09ClientCidrsTrust } from "./t09-client-cidrs-trust.js";
import { t10PlaintextExposure } from "./t10-plaintext-exposure.js";
import { t11BackdoorBackends } from "./t11-backdoor-backends.js";
import { t12DataPlanePatching } from "./t12-data-plane-patching.js";
import { t13ListenerSets } from "./t13-listener-sets.js";
import { t14HostnameCollisions } from "./t14-hostname-collisions.js";
import { t15ProxyAdmission } from "./t15-proxy-admission.js";
import { t16EffectiveExposure } from "./t16-effective-exposure.js";
import { t17CrossNamespaceAttachment } from "./t17-cross-namespace-attachment.js";
import { t18PlatformPolicySelectors } from "./t18-platform-policy-selectors.js";

export { createRuleContext, defineGatewayRule } from "./context.js";
export type { GatewayRule, GatewayRuleContext, Violation } from "./context.js";

/** Tenant rules T1–T18 of spec §8, in id order: the list the lead registers with the rules engine. */
export const gatewayRules: readonly GatewayRule[] = [
  t01HostnameOwnership,
  t02AllowedRoutesNamespaces,
  t03ListenerHostname,
  t04CrossTenantBackend,
  t05NarrowGrants,
  t06InternetFacingAuth,
  t07TenantPolicyOverride,
  t08PolicyConflicts,
  t09ClientCidrsTrust,
  t10PlaintextExposure,
  t11BackdoorBackends,
  t12DataPlanePatching,
  t13ListenerSets,
  t14HostnameCollisions,
  t15ProxyAdmission,
  t16EffectiveExposure,
  t17CrossNamespaceAttachment,
  t18PlatformPolicySelectors,
];

export const gatewayRuleIds: readonly string[] = gatewayRules.map((r) => r.id);

/** A finding before base/head comparison; `subject` identifies it across both sides. */
export type GatewayFinding = Omit<Finding, "new"> & { subject: string };

const toFinding = (rule: GatewayRule, severity: "error" | "warning", v: Violation): GatewayFinding => ({
  rule: rule.id,
  severity,
  message: `${rule.id} ${rule.name}: ${v.message}`,
  file: v.at.file,
  line: v.at.line,
  col: v.at.col,
  fix: v.fix,
  subject: `${rule.id}|${v.subject}`,
});

/**
 * Run the gateway rules on one side. `severities` is the `rules` map of the config (keys T1…T18);
 * `off` disables a rule, a missing key keeps the rule's default (§8 block → error, warn → warning).
 */
export function runGatewayRules(ctx: GatewayRuleContext, severities: Readonly<Record<string, RuleSeverity>> = {}): GatewayFinding[] {
  return gatewayRules.flatMap((rule) => {
    const configured = severities[rule.id] ?? rule.severity;
    if (configured === "off") return [];
    return rule.check(ctx).map((v) => toFinding(rule, configured, v));
  });
}

/**
 * Findings of a change: the head's findings, `new` unless the same (rule, subject) exists on the base.
 *
 * @example
 * gatewayFindings(createRuleContext(baseGw, settings, baseObjects), createRuleContext(headGw, settings, headObjects), config.rules)
 */
export function gatewayFindings(base: GatewayRuleContext | undefined, head: GatewayRuleContext, severities: Readonly<Record<string, RuleSeverity>> = {}): Finding[] {
  const before = new Set(base ? runGatewayRules(base, severities).map((f) => f.subject) : []);
  return runGatewayRules(head, severities).map(({ subject, ...f }) => ({ ...f, new: !before.has(subject) }));
}
