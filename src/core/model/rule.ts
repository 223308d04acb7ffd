import type { EntityName } from "./peer.js";
import type { Selector } from "./labels.js";
import type { PortMatcher } from "./ports.js";
import type { Position } from "./position.js";

export type Direction = "ingress" | "egress";
export type RuleAction = "allow" | "deny";

/**
 * Where a compiled rule came from: the answer to "why is this allowed?".
 * `rulePath` is the path inside the object, e.g. `spec.ingress[1]` or `specs[0].egressDeny[2]`.
 */
export interface Provenance extends Position {
  kind: string;
  /** `ns/name` for namespaced objects, `name` for cluster-scoped ones. */
  policy: string;
  rulePath: string;
}

export interface CidrBlock {
  cidr: string;
  except: readonly string[];
}

export interface FqdnSelector {
  matchName?: string;
  matchPattern?: string;
}

/**
 * Which peers a rule talks to. Kinds only translate into these (PEER-1..5):
 * - `all`: omitted peer with ports (PEER-3) or KNP rule without from/to: every identity, world and host included.
 * - `selector`: endpoint selector (already namespace-injected per §3.3); also matches reserved identities by label.
 * - `entities`: Cilium entities (§5).
 * - `cidr`: external addresses (CIDR-1..3: never matches pods or nodes).
 * - `fqdn`: DNS names (FQDN-2); egress only.
 * - `none`: an explicitly empty peer list (PEER-2).
 */
export type PeerMatcher =
  | { kind: "all" }
  | { kind: "none" }
  | { kind: "selector"; selectors: readonly Selector[] }
  | { kind: "entities"; entities: readonly EntityName[] }
  | { kind: "cidr"; blocks: readonly CidrBlock[] }
  | { kind: "fqdn"; selectors: readonly FqdnSelector[] };

export interface HttpRule {
  method?: string;
  path?: string;
  host?: string;
  headers?: readonly string[];
}

export interface DnsRule {
  matchName?: string;
  matchPattern?: string;
}

/** L7 restriction of an allow (L7-1): the connection is allowed but requests are filtered by the proxy. */
export type L7Rules = { protocol: "http"; http: readonly HttpRule[] } | { protocol: "dns"; dns: readonly DnsRule[] };

/**
 * One rule of the small rule model every policy kind compiles into.
 * `ports: null` means every port and protocol, ICMP included (L4-5, L3-only rule).
 */
export interface CompiledRule {
  direction: Direction;
  action: RuleAction;
  /** Which endpoints the rule applies to (already pinned to the namespace where the kind requires it). */
  subject: Selector;
  peer: PeerMatcher;
  ports: readonly PortMatcher[] | null;
  l7?: L7Rules;
  provenance: Provenance;
}

/**
 * A statement that endpoints matched by `subject` are (or, with `enables: false`, are explicitly not made)
 * default-deny in `direction` (DD-2..DD-8). An endpoint is default-deny in a direction if any
 * contribution selecting it enables it.
 */
export interface DefaultDenyContribution {
  direction: Direction;
  subject: Selector;
  enables: boolean;
  provenance: Provenance;
}

/** What a policy object compiles into. An invalid object compiles into nothing plus error diagnostics (OBJ-4). */
export interface CompiledPolicy {
  kind: string;
  policy: string;
  rules: readonly CompiledRule[];
  defaultDeny: readonly DefaultDenyContribution[];
}
