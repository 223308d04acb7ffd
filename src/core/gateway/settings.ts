/**
 * North-south settings read from `.github/bulkhead.yml` (key `gateway`). Everything has a default
 * matching the platform conventions of spec §0.2, so an absent section still works.
 */
export interface GatewaySettings {
  /** Namespace label naming the tenant (§0.2). */
  tenantLabel: string;
  /** Namespace annotation listing the tenant's DNS domains, comma-separated (§0.2, T1). */
  domainsAnnotation: string;
  /** Annotation that marks a ReferenceGrant or extension as approved by the platform (T4, T5, T12). */
  approvalAnnotation: string;
  /** Tenant → domains, added to (and winning over) the namespace annotation. */
  tenantDomains: Readonly<Record<string, readonly string[]>>;
  /** Namespaces owned by the platform (gateways, platform policies). */
  platformNamespaces: readonly string[];
  /** `ns/name` of the platform's (shared) Gateways; empty = every Gateway in a platform namespace. */
  platformGateways: readonly string[];
  /** Namespace labels only the platform can set, accepted in allowedRoutes/allowedListeners selectors (T2, T13). */
  platformNamespaceLabels: readonly string[];
  /** Pod labels only the platform sets on proxies, accepted in tenant CNPs instead of owning-gateway labels (T15). */
  platformProxyLabels: readonly string[];
  /** `ns/name` of routes approved to be public without authentication (T6). */
  publicRoutes: readonly string[];
  /** SecurityPolicy features a tenant must not set under a platform policy (T7). */
  platformOwnedFeatures: readonly string[];
  /** Treat the Envoy LoadBalancer as an L4 pass-through LB even without a recognised annotation (T9). */
  assumeL4LoadBalancer: boolean;
  /** Cluster pod and Service CIDRs: Backend IP endpoints must be outside them (T11). */
  podCIDRs: readonly string[];
  serviceCIDRs: readonly string[];
}

export const DEFAULT_GATEWAY_SETTINGS: Readonly<GatewaySettings> = Object.freeze({
  tenantLabel: "platform.example.com/tenant",
  domainsAnnotation: "platform.example.com/domains",
  approvalAnnotation: "platform.example.com/approved-by",
  tenantDomains: {},
  platformNamespaces: ["infra-gateways"],
  platformGateways: [],
  platformNamespaceLabels: [],
  platformProxyLabels: [],
  publicRoutes: [],
  platformOwnedFeatures: ["authorization", "extAuth"],
  assumeL4LoadBalancer: false,
  podCIDRs: [],
  serviceCIDRs: [],
});

/** Fill in defaults for a (validated) `gateway` config section. */
export const resolveGatewaySettings = (partial: Partial<GatewaySettings> = {}): GatewaySettings => {
  const out: GatewaySettings = { ...DEFAULT_GATEWAY_SETTINGS };
  for (const key of Object.keys(out) as (keyof GatewaySettings)[]) {
    const value = partial[key];
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
};

const strings = { type: "array", items: { type: "string", minLength: 1 } } as const;

/**
 * JSON-schema fragment (draft 2020-12 / Ajv) for the `gateway` property of `.github/bulkhead.yml`.
 * Merge it as `properties.gateway` of the config schema; rule ids T1…T18 are configured like
 * every other rule under `rules` (see gatewayRuleIds).
 */
export const GATEWAY_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  description: "North-south (Gateway API / Envoy Gateway) settings; see docs/gateway.md",
  properties: {
    tenantLabel: { type: "string", minLength: 1 },
    domainsAnnotation: { type: "string", minLength: 1 },
    approvalAnnotation: { type: "string", minLength: 1 },
    tenantDomains: { type: "object", additionalProperties: strings },
    platformNamespaces: strings,
    platformGateways: { type: "array", items: { type: "string", pattern: "^[a-z0-9-]+/[a-z0-9.-]+$" } },
    platformNamespaceLabels: strings,
    platformProxyLabels: strings,
    publicRoutes: { type: "array", items: { type: "string", pattern: "^[a-z0-9-]+/[a-z0-9.-]+$" } },
    platformOwnedFeatures: { type: "array", items: { enum: ["authorization", "jwt", "oidc", "basicAuth", "apiKeyAuth", "extAuth", "cors"] } },
    assumeL4LoadBalancer: { type: "boolean" },
    podCIDRs: strings,
    serviceCIDRs: strings,
  },
} as const;
