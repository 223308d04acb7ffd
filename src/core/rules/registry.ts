import { gatewayRuleModules } from "../gateway/rules/rule-modules.js";
import { resolveGatewaySettings } from "../gateway/settings.js";
import type { RuleModule } from "./define-rule.js";
import broadEntity from "./broad-entity.js";
import clusterwidePolicy from "./clusterwide-policy.js";
import crossTenant from "./cross-tenant.js";
import defaultDeny from "./default-deny.js";
import exceptionExpired from "./exception-expired.js";
import exceptionUnused from "./exception-unused.js";
import externalEgress from "./external-egress.js";
import fqdnWithoutDns from "./fqdn-without-dns.js";
import internetIngress from "./internet-ingress.js";
import invalidPolicy from "./invalid-policy.js";
import latentCrossTenant from "./latent-cross-tenant.js";
import matchesNothing from "./matches-nothing.js";
import platformAccess from "./platform-access.js";

/**
 * The built-in rules, in report order: one line per rule (a meta-test checks docs, tests and the
 * schema's id list), then the north-south tenant rules T1–T18 (src/core/gateway/rules, docs/gateway.md),
 * whose settings come from the config's `gateway` section.
 */
export const builtinRules: readonly RuleModule[] = [
  crossTenant,
  latentCrossTenant,
  externalEgress,
  internetIngress,
  defaultDeny,
  platformAccess,
  broadEntity,
  clusterwidePolicy,
  invalidPolicy,
  fqdnWithoutDns,
  matchesNothing,
  exceptionExpired,
  exceptionUnused,
  ...gatewayRuleModules((c) => resolveGatewaySettings(c?.gateway)),
] as RuleModule[];

export const ruleById = (id: string): RuleModule | undefined => builtinRules.find((r) => r.id === id);

/** Short descriptions by rule id, e.g. for SARIF `shortDescription`. */
export const ruleDescriptions = (): Record<string, string> => Object.fromEntries(builtinRules.map((r) => [r.id, r.meta.description]));
