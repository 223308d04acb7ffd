import type { Attachment } from "./attach.js";
import { GatewayReader, labelSelectorMatches, nsName } from "./kinds/read.js";
import { readSecurityFeatures } from "./kinds/security-policy.js";
import type { ClientIpSource, ClientTrafficPolicy, GatewayObjects, Meta, MergeType, RouteRule, SecurityFeatures, SecurityPolicy, TargetRef, TargetSelector } from "./model.js";
import { EG_GROUP, GATEWAY_GROUP } from "./model.js";
import { refAllowed } from "./references.js";

/** Attachment scopes of a SecurityPolicy, most specific first (§5.1 precedence 1-4). */
export type PolicyLevel = "rule" | "route" | "ls-listener" | "listenerset" | "gw-listener" | "gateway";

/** A target at one scope: the object kind and name, and the listener or rule name (sectionName). */
export interface Scope {
  level: PolicyLevel;
  kind: string;
  meta: Meta;
  sectionName: string | undefined;
}

export interface EffectiveSecurity {
  level: PolicyLevel | "none";
  policy: SecurityPolicy | undefined;
  /** Set when the winner has `mergeType` and a parent policy exists (§5.1 mergeType). */
  mergedWith: { policy: SecurityPolicy; level: PolicyLevel; mergeType: MergeType } | undefined;
  features: SecurityFeatures | undefined;
  /** Other policies on the winning scope: only one attaches (`Conflicted`, T8). */
  conflicts: readonly SecurityPolicy[];
  /** Parent-scope policies the winner replaces entirely (`Overridden`). */
  overridden: readonly SecurityPolicy[];
  notes: readonly string[];
}

/** §5.1 precedence: rule → route → (ListenerSet listener → ListenerSet → Gateway) or (Gateway listener → Gateway). */
export const scopesOf = (a: Attachment, rule: RouteRule | undefined): Scope[] => {
  const route = { kind: a.route.kind, meta: a.route.meta };
  const scopes: Scope[] = [];
  if (rule?.name) scopes.push({ level: "rule", ...route, sectionName: rule.name });
  if (rule) scopes.push({ level: "route", ...route, sectionName: undefined });
  if (a.listenerSet) {
    scopes.push({ level: "ls-listener", kind: "ListenerSet", meta: a.listenerSet.meta, sectionName: a.listener.name });
    scopes.push({ level: "listenerset", kind: "ListenerSet", meta: a.listenerSet.meta, sectionName: undefined });
  } else scopes.push({ level: "gw-listener", kind: "Gateway", meta: a.gateway.meta, sectionName: a.listener.name });
  scopes.push({ level: "gateway", kind: "Gateway", meta: a.gateway.meta, sectionName: undefined });
  return scopes;
};

const refTargets = (ref: TargetRef, policyNs: string, s: Scope): boolean =>
  ref.group === GATEWAY_GROUP && ref.kind === s.kind && ref.name === s.meta.name && policyNs === s.meta.namespace && ref.sectionName === s.sectionName;

/** targetSelectors: same namespace unless `namespaces.from` widens it, which also needs a grant (§4 C6, v1.8+). */
const selectorTargets = (sel: TargetSelector, policy: Meta, s: Scope, objects: GatewayObjects): boolean => {
  if (s.sectionName !== undefined || sel.kind !== s.kind || !labelSelectorMatches(sel.selector, s.meta.labels)) return false;
  if (policy.namespace === s.meta.namespace) return true;
  if (!sel.namespacesFrom || sel.namespacesFrom === "Same") return false;
  const to = { group: GATEWAY_GROUP, kind: s.kind, namespace: s.meta.namespace, name: s.meta.name };
  return refAllowed(objects, { group: EG_GROUP, kind: policy.kind, namespace: policy.namespace }, to) !== "denied";
};

/** Policies of one kind (SecurityPolicy, ClientTrafficPolicy) that attach at a scope. */
export const policiesAt = <P extends { meta: Meta; targetRefs: readonly TargetRef[]; targetSelectors: readonly TargetSelector[] }>(
  policies: readonly P[],
  s: Scope,
  objects: GatewayObjects,
): P[] =>
  policies
    .filter((p) => p.targetRefs.some((r) => refTargets(r, p.meta.namespace, s)) || p.targetSelectors.some((t) => selectorTargets(t, p.meta, s, objects)))
    // creationTimestamps are unknown (§5.6): namespace/name order stands in for "oldest wins".
    .sort((x, y) => nsName(x.meta).localeCompare(nsName(y.meta)));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch; lists are replaced (§5.1: no patch-strategy tags on these lists). */
const mergePatch = (target: unknown, patch: unknown): unknown => {
  if (!isRecord(patch)) return patch;
  const out: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
};

const mergeFeatures = (child: SecurityPolicy, parent: SecurityPolicy): { features: SecurityFeatures; notes: string[] } => {
  const patch: Record<string, unknown> = { ...child.rawFeatures };
  const notes: string[] = [];
  const authz = patch.authorization;
  if (isRecord(authz) && authz.defaultAction === undefined && parent.rawFeatures.authorization !== undefined) {
    // §5.1: defaultAction has no omitempty, so the child's patch nulls it → Deny (UNVERIFIED).
    patch.authorization = { ...authz, defaultAction: null };
    notes.push("merged authorization.defaultAction assumed Deny (child sets authorization without defaultAction; UNVERIFIED, §5.1)");
  }
  const merged = mergePatch(parent.rawFeatures, patch) as Record<string, unknown>;
  const quiet = new GatewayReader(child.meta.object, () => undefined);
  return { features: readSecurityFeatures(quiet, merged), notes };
};

/**
 * §5.1: the SecurityPolicy that applies to one rule of an attached route. The most specific scope
 * wins as a whole; with `mergeType` a route/rule policy is merged into the closest parent policy.
 */
export function effectiveSecurity(a: Attachment, rule: RouteRule | undefined, objects: GatewayObjects): EffectiveSecurity {
  const scopes = scopesOf(a, rule);
  const found = scopes.map((s) => ({ scope: s, policies: policiesAt(objects.securityPolicies, s, objects) }));
  const index = found.findIndex((f) => f.policies.length > 0);
  if (index < 0) return { level: "none", policy: undefined, mergedWith: undefined, features: undefined, conflicts: [], overridden: [], notes: [] };
  const { scope, policies } = found[index]!;
  const [policy, ...conflicts] = policies as [SecurityPolicy, ...SecurityPolicy[]];
  const notes = conflicts.length > 0 ? [`${conflicts.length + 1} SecurityPolicies target the same ${scope.level}; the oldest attaches and creation times are unknown (§5.6)`] : [];
  const parents = found.slice(index + 1).filter((f) => f.scope.level !== "rule" && f.scope.level !== "route" && f.policies.length > 0);
  const parent = parents[0];
  const routeLevel = scope.level === "rule" || scope.level === "route";
  if (routeLevel && policy.mergeType && parent) {
    const merged = mergeFeatures(policy, parent.policies[0]!);
    const mergedWith = { policy: parent.policies[0]!, level: parent.scope.level, mergeType: policy.mergeType };
    return { level: scope.level, policy, mergedWith, features: merged.features, conflicts, overridden: [], notes: [...notes, ...merged.notes] };
  }
  const overridden = parents.flatMap((p) => p.policies);
  return { level: scope.level, policy, mergedWith: undefined, features: policy.features, conflicts, overridden, notes };
}

/** §5.4: the ClientTrafficPolicy of a listener (listener-level over Gateway/ListenerSet-level). */
export function effectiveClientTraffic(a: Attachment, objects: GatewayObjects): ClientTrafficPolicy | undefined {
  for (const s of scopesOf(a, undefined)) {
    const found = policiesAt(objects.clientTrafficPolicies, s, objects);
    if (found.length > 0) return found[0];
  }
  return undefined;
}

export const clientIpSourceOf = (a: Attachment, objects: GatewayObjects): ClientIpSource => effectiveClientTraffic(a, objects)?.clientIpSource ?? "peer";
