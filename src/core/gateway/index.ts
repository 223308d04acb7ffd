/**
 * North-south analysis: Gateway API + Envoy Gateway exposure composed with Cilium
 * (spec: shared/reference/gateway-semantics.md; docs/gateway.md).
 */
export { readGatewayObjects, gatewayKinds } from "./registry.js";
export type { GatewayKind } from "./registry.js";
export type * from "./model.js";
export { attachRoutes } from "./attach.js";
export type { Attachment, Rejection, ListenerContext } from "./attach.js";
export { intersectHostnames, hostUnderDomain } from "./hostnames.js";
export { refAllowed } from "./references.js";
export type { RefAllowed } from "./references.js";
export { effectiveSecurity, effectiveClientTraffic } from "./policies.js";
export type { EffectiveSecurity, PolicyLevel } from "./policies.js";
export { evaluateAuthorization, anonymousAccess, describeAuthzRule } from "./authorization.js";
export type { AuthzRequest } from "./authorization.js";
export { computeExposure } from "./exposure.js";
export type { GatewayAnalysis, ExposureInput } from "./exposure.js";
export type { ExposureRow, AuthzSummary, RowBackend, RowAction } from "./exposure-row.js";
export { describeAction, describeBackend, describeMatch, describePods, describeUrl, routeRef } from "./exposure-row.js";
export { diffExposure, describeExposure } from "./diff-exposure.js";
export type { ExposureChange } from "./diff-exposure.js";
export { evaluateNorthSouth, renderNorthSouth } from "./north-south.js";
export type { NorthSouthPath, NorthSouthResult } from "./north-south.js";
export { DEFAULT_GATEWAY_SETTINGS, GATEWAY_CONFIG_SCHEMA, resolveGatewaySettings } from "./settings.js";
export type { GatewaySettings } from "./settings.js";
export { gatewayRules, gatewayRuleIds, gatewayFindings, runGatewayRules, createRuleContext, defineGatewayRule } from "./rules/index.js";
export type { GatewayRule, GatewayRuleContext, GatewayFinding, Violation } from "./rules/index.js";
export { gatewayRuleModules } from "./rules/rule-modules.js";
