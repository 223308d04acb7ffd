import { anonymousAccess, authnOf, describeAuthzRule, enforcingAuthn } from "./authorization.js";
import type { AuthzSummary } from "./exposure-row.js";
import { nsName } from "./kinds/read.js";
import type { ClientIpSource } from "./model.js";
import type { EffectiveSecurity } from "./policies.js";

/** §6.1 `authz` of a row from the effective SecurityPolicy (§5.1) and the listener's client-IP source (§5.4). */
export function summarizeAuthz(sec: EffectiveSecurity, clientIpSource: ClientIpSource): AuthzSummary {
  const f = sec.features;
  const authz = f?.authorization;
  const policies = [sec.policy, sec.mergedWith?.policy].filter((p) => p !== undefined).map((p) => nsName(p.meta));
  const merged = sec.mergedWith && sec.policy ? `${nsName(sec.policy.meta)} + ${nsName(sec.mergedWith.policy.meta)} (${sec.mergedWith.mergeType})` : undefined;
  const level = sec.mergedWith && (sec.level === "rule" || sec.level === "route") ? (`${sec.level}-merged` as const) : sec.level;
  return {
    policy: merged ?? (sec.policy ? nsName(sec.policy.meta) : undefined),
    policies,
    level,
    authn: authnOf(f),
    enforcingAuthn: enforcingAuthn(f),
    rules: authz?.rules.map(describeAuthzRule) ?? [],
    defaultAction: authz ? authz.defaultAction : "n/a",
    clientIpSource,
    usesClientCIDRs: authz?.rules.some((r) => r.clientCIDRs.length > 0) ?? false,
    spoofable: false,
    clientIpProblem: undefined,
    access: anonymousAccess(f),
    overrides: sec.overridden.map((p) => nsName(p.meta)),
    conflicts: sec.conflicts.map((p) => nsName(p.meta)),
    notes: sec.notes,
  };
}
