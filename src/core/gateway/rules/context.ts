import type { ManifestObject } from "../../model/manifest.js";
import type { Position } from "../../model/position.js";
import type { GatewayAnalysis } from "../exposure.js";
import { nsName } from "../kinds/read.js";
import type { Gateway, LabelSelector, Source } from "../model.js";
import type { GatewaySettings } from "../settings.js";

/** What every gateway rule reads: one side's north-south analysis plus tenant facts (§0.2, §8). */
export interface GatewayRuleContext {
  analysis: GatewayAnalysis;
  settings: GatewaySettings;
  /** Every manifest of the side (T15 reads Cilium/Kubernetes policies as written). */
  manifests: readonly ManifestObject[];
  /** Tenant of a namespace (tenant label), undefined for platform/other namespaces. */
  tenantOf(namespace: string): string | undefined;
  /** DNS domains of a tenant: config `tenantDomains` plus the namespace annotation (T1). */
  domainsOf(tenant: string): readonly string[];
  /** A platform-owned (shared) Gateway (§8 "shared gateway"). */
  isPlatformGateway(gateway: Gateway): boolean;
  /** Has the platform approved this object (approval annotation)? */
  approved(annotations: Readonly<Record<string, string>>): boolean;
}

/** One violation a rule reports; `subject` identifies it across base and head (new vs pre-existing). */
export interface Violation {
  message: string;
  at: Position;
  fix: string;
  subject: string;
}

export interface GatewayRule {
  /** Spec rule id, also the config key under `rules` (T1…T18). */
  id: string;
  name: string;
  description: string;
  /** §8: block → error, warn → warning. */
  severity: "error" | "warning";
  check(ctx: GatewayRuleContext): Violation[];
}

/** Identity helper, so rule modules read like ESLint's `defineRule` (code-anchors §12). */
export const defineGatewayRule = (rule: GatewayRule): GatewayRule => rule;

export const positionOf = (s: Source): Position => s.object.at(s.path);

const splitDomains = (text: string | undefined): string[] =>
  (text ?? "").split(",").map((d) => d.trim().toLowerCase()).filter((d) => d !== "");

/** Build the rule context for one analysed side. */
export function createRuleContext(analysis: GatewayAnalysis, settings: GatewaySettings, manifests: readonly ManifestObject[]): GatewayRuleContext {
  const namespaces = analysis.objects.namespaces;
  const tenantOf = (ns: string): string | undefined => namespaces.get(ns)?.labels[settings.tenantLabel];
  const domainsOf = (tenant: string): string[] => {
    const annotated = [...namespaces.values()].filter((n) => n.labels[settings.tenantLabel] === tenant).flatMap((n) => splitDomains(n.annotations[settings.domainsAnnotation]));
    return [...new Set([...(settings.tenantDomains[tenant] ?? []).map((d) => d.toLowerCase()), ...annotated])];
  };
  const isPlatformGateway = (g: Gateway): boolean =>
    settings.platformGateways.length > 0 ? settings.platformGateways.includes(nsName(g.meta)) : settings.platformNamespaces.includes(g.meta.namespace);
  const approved = (a: Readonly<Record<string, string>>): boolean => (a[settings.approvalAnnotation] ?? "") !== "";
  return { analysis, settings, manifests, tenantOf, domainsOf, isPlatformGateway, approved };
}

/**
 * T2/T13: is a namespace selector pinned to names (kubernetes.io/metadata.name, In/equality) or to
 * a label only the platform can set? An empty selector `{}` selects everything (counts as All).
 */
export const selectorPinned = (s: LabelSelector, platformLabels: readonly string[]): boolean => {
  const keys = ["kubernetes.io/metadata.name", ...platformLabels];
  return Object.keys(s.matchLabels).some((k) => keys.includes(k)) || s.matchExpressions.some((e) => keys.includes(e.key) && e.operator === "In");
};
