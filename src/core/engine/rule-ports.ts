import { ALL_PORTS, EMPTY_PORTS, portSetOf, unionPorts } from "../algebra/port-set.js";
import type { EndpointPeer, Peer } from "../model/peer.js";
import type { PortSet } from "../model/ports.js";
import type { CompiledRule, Direction } from "../model/rule.js";

const numericCache = new WeakMap<CompiledRule, PortSet>();

/**
 * Ports a rule grants or denies towards one peer. Named ports (L4-4) resolve against the subject's own
 * container ports for ingress, and against each destination's ports for egress; a name nobody defines
 * resolves to nothing, and non-pod peers have no named ports.
 */
export function rulePorts(rule: CompiledRule, direction: Direction, subject: EndpointPeer, peer: Peer): PortSet {
  if (rule.ports === null) return ALL_PORTS;
  const hasNamed = rule.ports.some((m) => m.kind === "named");
  if (!hasNamed) {
    const cached = numericCache.get(rule);
    if (cached) return cached;
  }
  const owner = direction === "ingress" ? subject : peer.kind === "endpoint" ? peer : undefined;
  const sets = rule.ports.map((m) => {
    if (m.kind === "range") return portSetOf(m.protocol, m.from, m.to);
    const named = owner?.namedPorts.filter(
      (n) => n.name.toLowerCase() === m.name.toLowerCase() && (m.protocol === "ANY" || n.protocol === m.protocol),
    );
    return named && named.length ? unionPorts(...named.map((n) => portSetOf(n.protocol, n.port))) : EMPTY_PORTS;
  });
  const result = unionPorts(...sets);
  if (!hasNamed) numericCache.set(rule, result);
  return result;
}
