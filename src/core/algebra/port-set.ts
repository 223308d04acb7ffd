import type { Interval, PortSet, Protocol } from "../model/ports.js";
import { ALL_PROTOCOLS, L4_PROTOCOLS } from "../model/ports.js";

/** Port numbers span 1-65535 ("0" in a rule means every port, L4-3); ICMP types span 0-255 (L4-6). */
export const fullRange = (protocol: Protocol): Interval =>
  protocol === "ICMP" || protocol === "ICMPv6" ? { from: 0, to: 255 } : { from: 1, to: 65535 };

export const EMPTY_PORTS: PortSet = Object.freeze({});

/** Every port of every protocol, ICMP included: what an L3-only rule allows (L4-5). */
export const ALL_PORTS: PortSet = Object.freeze(
  Object.fromEntries(ALL_PROTOCOLS.map((p) => [p, [fullRange(p)]])) as PortSet,
);

/** TCP, UDP and SCTP fully: what `protocol: ANY` with port 0 means (L4-2 excludes ICMP). */
export const ALL_L4_PORTS: PortSet = Object.freeze(
  Object.fromEntries(L4_PROTOCOLS.map((p) => [p, [fullRange(p)]])) as PortSet,
);

export const portSetOf = (protocol: Protocol, from: number, to: number = from): PortSet => {
  const full = fullRange(protocol);
  const lo = Math.max(from, full.from);
  const hi = Math.min(to, full.to);
  return lo > hi ? EMPTY_PORTS : { [protocol]: [{ from: lo, to: hi }] };
};

const normalize = (intervals: Interval[]): Interval[] => {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.from <= last.to + 1) last.to = Math.max(last.to, iv.to);
    else out.push({ from: iv.from, to: iv.to });
  }
  return out;
};

/** `a` minus `b`, both sorted and disjoint: one merge-like pass. */
const subtractIntervals = (a: readonly Interval[], b: readonly Interval[]): Interval[] => {
  const out: Interval[] = [];
  let j = 0;
  for (const iv of a) {
    let from = iv.from;
    // Cuts entirely before this interval cannot touch later ones either (both lists are sorted).
    while (j < b.length && b[j]!.to < from) j++;
    for (let k = j; k < b.length && b[k]!.from <= iv.to; k++) {
      const cut = b[k]!;
      if (cut.from > from) out.push({ from, to: cut.from - 1 });
      from = Math.max(from, cut.to + 1);
    }
    if (from <= iv.to) out.push({ from, to: iv.to });
  }
  return out;
};

const intersectIntervals = (a: readonly Interval[], b: readonly Interval[]): Interval[] => {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = Math.max(x.from, y.from);
    const hi = Math.min(x.to, y.to);
    if (lo <= hi) out.push({ from: lo, to: hi });
    if (x.to < y.to) i++;
    else j++;
  }
  return out;
};

const build = (entries: Array<[Protocol, Interval[]]>): PortSet => {
  const out: Partial<Record<Protocol, Interval[]>> = {};
  for (const [p, ivs] of entries) if (ivs.length > 0) out[p] = ivs;
  return out;
};

const protocolsOf = (...sets: PortSet[]): Protocol[] => {
  const out: Protocol[] = [];
  for (const p of ALL_PROTOCOLS) {
    for (const s of sets) {
      if ((s[p]?.length ?? 0) > 0) {
        out.push(p);
        break;
      }
    }
  }
  return out;
};

export const unionPorts = (...sets: PortSet[]): PortSet => {
  const nonEmpty = sets.filter((s) => !isEmptyPorts(s));
  if (nonEmpty.length === 0) return EMPTY_PORTS;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  // Common in verdicts: the same (cached) set several times, or an L3-only rule among others.
  if (nonEmpty.every((s) => s === nonEmpty[0])) return nonEmpty[0]!;
  if (nonEmpty.includes(ALL_PORTS)) return ALL_PORTS;
  return build(protocolsOf(...nonEmpty).map((p) => [p, normalize(nonEmpty.flatMap((s) => [...(s[p] ?? [])]))]));
};

export const intersectPorts = (a: PortSet, b: PortSet): PortSet => {
  if (a === b) return a;
  const out: Partial<Record<Protocol, Interval[]>> = {};
  for (const p of ALL_PROTOCOLS) {
    const x = a[p];
    const y = b[p];
    if (!x?.length || !y?.length) continue;
    const both = intersectIntervals(x, y);
    if (both.length > 0) out[p] = both;
  }
  return out;
};

export const subtractPorts = (a: PortSet, b: PortSet): PortSet => {
  if (isEmptyPorts(b)) return a;
  if (a === b) return EMPTY_PORTS;
  const out: Partial<Record<Protocol, Interval[]>> = {};
  for (const p of ALL_PROTOCOLS) {
    const x = a[p];
    if (!x?.length) continue;
    const rest = subtractIntervals(x, b[p] ?? []);
    if (rest.length > 0) out[p] = rest;
  }
  return out;
};

export function isEmptyPorts(s: PortSet): boolean {
  for (const p of ALL_PROTOCOLS) if ((s[p]?.length ?? 0) > 0) return false;
  return true;
}

export const equalPorts = (a: PortSet, b: PortSet): boolean => {
  if (a === b) return true;
  for (const p of ALL_PROTOCOLS) {
    const x = a[p] ?? [];
    const y = b[p] ?? [];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (x[i]!.from !== y[i]!.from || x[i]!.to !== y[i]!.to) return false;
  }
  return true;
};

export const containsPort = (s: PortSet, protocol: Protocol, port: number): boolean =>
  (s[protocol] ?? []).some((iv) => iv.from <= port && port <= iv.to);

/** Canonical text: `TCP 80,443 UDP 53`, `all` when every port of every protocol is in the set. */
export const formatPorts = (s: PortSet): string => {
  if (equalPorts(s, ALL_PORTS)) return "all";
  if (equalPorts(s, ALL_L4_PORTS)) return "all TCP/UDP/SCTP";
  const parts = protocolsOf(s).map((p) => {
    const full = fullRange(p);
    const ivs = s[p]!;
    if (ivs.length === 1 && ivs[0]!.from === full.from && ivs[0]!.to === full.to) return `${p} all`;
    return `${p} ${ivs.map((iv) => (iv.from === iv.to ? `${iv.from}` : `${iv.from}-${iv.to}`)).join(",")}`;
  });
  return parts.length === 0 ? "none" : parts.join(" ");
};
