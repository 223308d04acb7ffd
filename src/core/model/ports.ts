/** Transport protocols a port rule can name. ICMP types are modelled as "ports" 0-255 of ICMP/ICMPv6. */
export type Protocol = "TCP" | "UDP" | "SCTP" | "ICMP" | "ICMPv6";

export const L4_PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];
export const ALL_PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP", "ICMP", "ICMPv6"];

/** Inclusive interval of port numbers (or ICMP types). */
export interface Interval {
  from: number;
  to: number;
}

/** Canonical port set: per protocol, sorted disjoint non-adjacent intervals. Absent protocol = nothing. */
export type PortSet = Readonly<Partial<Record<Protocol, readonly Interval[]>>>;

/**
 * What a compiled rule says about ports, before named ports are resolved.
 * - `range`: numeric range of one protocol.
 * - `named`: a container port name (L4-4), resolved per destination (egress) or per subject (ingress).
 */
export type PortMatcher =
  | { kind: "range"; protocol: Protocol; from: number; to: number }
  | { kind: "named"; protocol: Protocol | "ANY"; name: string };
