import ipaddr from "ipaddr.js";

/** An inclusive range of addresses of one family. Values are unsigned integers (bigint for both families). */
export interface AddressBlock {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

const maxAddress = (family: 4 | 6): bigint => (1n << BigInt(BITS[family])) - 1n;

const compareBigint = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** Number of significant bits of a positive bigint. */
const bitLength = (v: bigint): number => v.toString(2).length;

const fromBytes = (bytes: readonly number[]): bigint => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

const toBytes = (value: bigint, count: number): number[] => {
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
  return out;
};

/** `head:` followed by a dotted quad, as in `::ffff:1.2.3.4` or `64:ff9b::10.0.0.1`. */
const EMBEDDED_IPV4 = /^(.*:)([^:]*\.[^:]*)$/;

const parseIpv6 = (text: string): bigint | undefined => {
  // Zones (fe80::1%eth0) are interface-scoped and never part of a policy address.
  if (text.includes("%")) return undefined;
  let hex = text;
  const embedded = EMBEDDED_IPV4.exec(text);
  if (embedded) {
    // Convert the dotted quad ourselves: ipaddr.js reads `::1.2.3.4` as `::ffff:1.2.3.4` and accepts octal/hex octets.
    const quad = embedded[2]!;
    if (!ipaddr.IPv4.isValidFourPartDecimal(quad)) return undefined;
    const o = ipaddr.IPv4.parse(quad).octets;
    const hi = ((o[0]! << 8) | o[1]!).toString(16);
    const lo = ((o[2]! << 8) | o[3]!).toString(16);
    hex = `${embedded[1]!}${hi}:${lo}`;
  } else if (text.includes(".")) {
    return undefined;
  }
  if (!ipaddr.IPv6.isValid(hex)) return undefined;
  return fromBytes(ipaddr.IPv6.parse(hex).toByteArray());
};

/**
 * Parse one address. IPv4 must be four-part decimal without leading zeros (what Go's netip accepts;
 * ipaddr.js alone would read `010.0.0.1` as octal). Anything with a colon is IPv6, including
 * IPv4-mapped `::ffff:1.2.3.4`, which stays family 6.
 */
export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
  if (text.includes(":")) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return { family: 4, value: fromBytes(ipaddr.IPv4.parse(text).toByteArray()) };
}

interface ParsedCidr {
  block: AddressBlock;
  explicitPrefix: boolean;
  hostBitsSet: boolean;
}

const PREFIX_LENGTH = /^(0|[1-9]\d{0,2})$/;

const parseCidrDetailed = (text: string): ParsedCidr | undefined => {
  const slash = text.indexOf("/");
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return undefined;
  const bits = BITS[ip.family];
  let prefix: number = bits;
  if (slash >= 0) {
    const lengthText = text.slice(slash + 1);
    if (!PREFIX_LENGTH.test(lengthText)) return undefined;
    prefix = Number(lengthText);
    if (prefix > bits) return undefined;
  }
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  const first = ip.value & ~hostMask;
  return {
    block: { family: ip.family, first, last: first | hostMask },
    explicitPrefix: slash >= 0,
    hostBitsSet: (ip.value & hostMask) !== 0n,
  };
};

/**
 * Parse a CIDR (`10.0.0.0/8`, `2606:4700::/96`) or a bare address (= /32 or /128). Host bits are
 * masked off (`10.1.2.3/8` is 10.0.0.0/8), as Go's net.ParseCIDR does for Kubernetes and Cilium.
 */
export function parseCidr(text: string): AddressBlock | undefined {
  return parseCidrDetailed(text)?.block;
}

/** True for an explicit prefix without host bits. A bare address or `10.1.2.3/8` is not canonical. */
export function isCanonicalCidr(text: string): boolean {
  const parsed = parseCidrDetailed(text);
  return parsed !== undefined && parsed.explicitPrefix && !parsed.hostBitsSet;
}

export function blockContains(outer: AddressBlock, inner: AddressBlock): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

export function blocksOverlap(a: AddressBlock, b: AddressBlock): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/**
 * Split the whole address space of `family` into disjoint contiguous atoms at every boundary of the
 * given blocks. Sorted by address; always covers the full space. Cuts of the other family are ignored.
 * O(n log n) in the number of cuts.
 */
export function splitAddressSpace(family: 4 | 6, cuts: readonly AddressBlock[]): AddressBlock[] {
  const max = maxAddress(family);
  const points: bigint[] = [0n];
  for (const c of cuts) {
    if (c.family !== family || c.first < 0n || c.first > c.last || c.last > max) continue;
    points.push(c.first);
    if (c.last < max) points.push(c.last + 1n);
  }
  points.sort(compareBigint);
  const starts = points.filter((p, i) => i === 0 || p !== points[i - 1]);
  return starts.map((first, i) => ({ family, first, last: i + 1 < starts.length ? starts[i + 1]! - 1n : max }));
}

/** Minimal list of CIDR strings exactly covering [first, last]. */
export function blockToCidrs(block: AddressBlock): string[] {
  const bits = BITS[block.family];
  const out: string[] = [];
  let cur = block.first;
  while (cur <= block.last) {
    // The largest aligned power-of-two prefix starting at `cur` that stays inside the block.
    let size = bitLength(block.last - cur + 1n) - 1;
    if (cur !== 0n) size = Math.min(size, bitLength(cur & -cur) - 1);
    out.push(`${formatAddress(block.family, cur)}/${bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}

/** Canonical text: dotted quad, RFC 5952 compressed IPv6, `::ffff:1.2.3.4` for IPv4-mapped addresses. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) return ipaddr.fromByteArray(toBytes(value, 4)).toString();
  if (value >> 32n === 0xffffn) return `::ffff:${formatAddress(4, value & 0xffffffffn)}`;
  return ipaddr.fromByteArray(toBytes(value, 16)).toString();
}

/** `10.0.0.0/8` when the block is exactly one CIDR, else `first-last`. */
export function formatBlock(block: AddressBlock): string {
  const cidrs = blockToCidrs(block);
  if (cidrs.length === 1) return cidrs[0]!;
  return `${formatAddress(block.family, block.first)}-${formatAddress(block.family, block.last)}`;
}

/**
 * Does a CIDR rule entry (cidr minus its excepts, CIDR-2) contain the whole block? True only when the
 * block lies inside `cidr` and is disjoint from every except. Unparseable entries: an invalid `cidr`
 * covers nothing; an invalid except is ignored (validation reports it; the policy is rejected anyway).
 */
export function cidrRuleCovers(rule: { cidr: string; except: readonly string[] }, block: AddressBlock): boolean {
  const cidr = parseCidr(rule.cidr);
  if (!cidr || !blockContains(cidr, block)) return false;
  return rule.except.every((text) => {
    const hole = parseCidr(text);
    return hole === undefined || !blocksOverlap(hole, block);
  });
}

/** Is every address of `block` covered by the union of the `allow` blocks? */
export function blocksCover(allow: readonly AddressBlock[], block: AddressBlock): boolean {
  const relevant = allow.filter((a) => blocksOverlap(a, block)).sort((a, b) => compareBigint(a.first, b.first));
  let next = block.first; // first address not yet known to be covered
  for (const a of relevant) {
    if (a.first > next) return false;
    if (a.last >= next) next = a.last + 1n;
    if (next > block.last) return true;
  }
  return next > block.last;
}
