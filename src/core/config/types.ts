import type { GatewaySettings } from "../gateway/settings.js";
import type { PortSet } from "../model/ports.js";
import type { Position } from "../model/position.js";
import type { RuleSeverity } from "../review/types.js";

/**
 * A peer named in the config (`shared[].to`, `exceptions[].from/to`):
 * - `pods`: a tenant or a namespace glob (`scope`), optionally narrowed by pod labels;
 * - `entity`: a node-level identity such as `kube-apiserver` or `host`.
 */
export type ConfigPeer =
  | { kind: "pods"; text: string; scope: string; labels: Readonly<Record<string, string>> }
  | { kind: "entity"; text: string; entity: string };

export interface Tenant {
  name: string;
  description?: string;
  /** Namespace names or picomatch globs. */
  namespaces: readonly string[];
  namespaceSelector?: { matchLabels: Readonly<Record<string, string>> };
  owners: readonly string[];
  egress: { fqdns: readonly string[]; cidrs: readonly string[] };
  ingress: { cidrs: readonly string[] };
  /** Where the tenant is declared in the config file. */
  at: Position;
}

export interface SharedFlow {
  to: ConfigPeer;
  /** null = every port. */
  ports: PortSet | null;
  description?: string;
  at: Position;
}

export interface ConfigException {
  /** Index in `exceptions`, the stable handle in messages (`exceptions[2]`). */
  index: number;
  from: ConfigPeer;
  to: ConfigPeer;
  ports: PortSet | null;
  reason: string;
  /** Last day it applies (UTC, inclusive), YYYY-MM-DD. */
  expires?: string;
  approvedBy?: string;
  at: Position;
}

export type GateMode = "new" | "all";
export type CommentMode = "update" | "new" | "off";

/** `.github/bulkhead.yml`, validated and with defaults applied. */
export interface TenantConfig {
  /** Path of the config file, for positions. */
  file: string;
  tenants: readonly Tenant[];
  platform: { namespaces: readonly string[] };
  shared: readonly SharedFlow[];
  exceptions: readonly ConfigException[];
  /** Severities set in the file; rules not listed keep their default severity. */
  rules: Readonly<Record<string, RuleSeverity>>;
  gate: GateMode;
  comment: { mode: CommentMode };
  cilium: { version?: string; policyEnforcementMode?: "default" | "always" | "never" };
  /**
   * North-south settings as written (`gateway`, docs/gateway.md); absent when the file has none.
   * `resolveGatewaySettings(config.gateway)` fills in the defaults.
   */
  gateway?: Partial<GatewaySettings>;
}
