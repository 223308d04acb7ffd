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

const strings = (description: string) => ({ type: "array", description, items: { type: "string", minLength: 1 } }) as const;
const refs = (description: string) => ({ type: "array", description, items: { type: "string", pattern: "^[a-z0-9-]+/[a-z0-9.-]+$" } }) as const;

/**
 * JSON-schema fragment (draft-07 and later / Ajv) for the `gateway` property of `.github/bulkhead.yml`,
 * merged as `properties.gateway` of the config schema; rule ids T1…T18 are configured like every
 * other rule under `rules` (see gatewayRuleIds).
 */
export const GATEWAY_CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  description: "North-south (Gateway API / Envoy Gateway) settings; see docs/gateway.md",
  properties: {
    tenantLabel: { type: "string", minLength: 1, description: "Namespace label whose value names the tenant. Default platform.example.com/tenant." },
    domainsAnnotation: { type: "string", minLength: 1, description: "Namespace annotation listing the tenant's DNS domains, comma-separated (T1). Default platform.example.com/domains." },
    approvalAnnotation: { type: "string", minLength: 1, description: "Annotation by which the platform approves a ReferenceGrant or extension (T4, T5, T12). Default platform.example.com/approved-by." },
    tenantDomains: { type: "object", description: "Tenant (label value) → DNS domains, in addition to the namespace annotation.", additionalProperties: strings("DNS domains of the tenant, e.g. a.example.com.") },
    platformNamespaces: strings("Namespaces owned by the platform (shared gateways, platform policies). Default [infra-gateways]."),
    platformGateways: refs("ns/name of the platform's shared Gateways; empty means every Gateway in a platform namespace."),
    platformNamespaceLabels: strings("Namespace labels only the platform can set, accepted in allowedRoutes/allowedListeners selectors (T2, T13)."),
    platformProxyLabels: strings("Pod labels only the platform sets on proxies, accepted in tenant CiliumNetworkPolicies (T15)."),
    publicRoutes: refs("ns/name of routes approved to be public without authentication (T6)."),
    platformOwnedFeatures: {
      type: "array",
      description: "SecurityPolicy features a tenant must not set under a platform policy (T7). Default [authorization, extAuth].",
      items: { enum: ["authorization", "jwt", "oidc", "basicAuth", "apiKeyAuth", "extAuth", "cors"] },
    },
    assumeL4LoadBalancer: { type: "boolean", description: "Treat the Envoy LoadBalancer as an L4 pass-through load balancer even without a recognised annotation (T9)." },
    podCIDRs: strings("Cluster pod CIDRs: EG Backend IP endpoints must be outside them (T11)."),
    serviceCIDRs: strings("Cluster Service CIDRs: EG Backend IP endpoints must be outside them (T11)."),
  },
} as const;
