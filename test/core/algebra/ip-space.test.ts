import { describe, expect, it } from "vitest";
import {
  type AddressBlock,
  blockContains,
  blocksCover,
  blocksOverlap,
  blockToCidrs,
  cidrRuleCovers,
  formatAddress,
  formatBlock,
  isCanonicalCidr,
  parseCidr,
  parseIp,
  splitAddressSpace,
} from "../../../src/core/algebra/ip-space.js";

const block = (text: string): AddressBlock => {
  const b = parseCidr(text);
  if (!b) throw new Error(`bad test cidr ${text}`);
  return b;
};
const range = (first: string, last: string): AddressBlock => {
  const a = parseIp(first)!;
  return { family: a.family, first: a.value, last: parseIp(last)!.value };
};
const show = (b: AddressBlock | undefined): string | undefined =>
  b && `${formatAddress(b.family, b.first)}-${formatAddress(b.family, b.last)}`;

/** Deterministic PRNG (mulberry32) so property checks are reproducible. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const randomBigint = (next: () => number, bits: number): bigint => {
  let v = 0n;
  for (let i = 0; i < bits; i += 16) v = (v << 16n) | BigInt(Math.floor(next() * 65536));
  return v & ((1n << BigInt(bits)) - 1n);
};
const randomCidr = (next: () => number, family: 4 | 6): AddressBlock => {
  const bits = family === 4 ? 32 : 128;
  const prefix = Math.floor(next() * (bits + 1));
  const host = (1n << BigInt(bits - prefix)) - 1n;
  const first = randomBigint(next, bits) & ~host;
  return { family, first, last: first | host };
};

describe("parseCidr (CIDR-1)", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0-10.255.255.255"],
    ["1.1.1.1/32", "1.1.1.1-1.1.1.1"],
    ["1.1.1.1", "1.1.1.1-1.1.1.1"],
    ["0.0.0.0/0", "0.0.0.0-255.255.255.255"],
    ["10.1.2.3/8", "10.0.0.0-10.255.255.255"],
    ["::/0", "::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"],
    ["2606:4700::/96", "2606:4700::-2606:4700::ffff:ffff"],
    ["2001:DB8::1", "2001:db8::1-2001:db8::1"],
    ["::ffff:1.2.3.4/128", "::ffff:1.2.3.4-::ffff:1.2.3.4"],
    ["::ffff:0.0.0.0/96", "::ffff:0.0.0.0-::ffff:255.255.255.255"],
    ["::1.2.3.4", "::102:304-::102:304"],
    ["64:ff9b::10.0.0.1/128", "64:ff9b::a00:1-64:ff9b::a00:1"],
  ])("CIDR-1: %s is %s", (text, expected) => {
    expect(show(parseCidr(text))).toBe(expected);
  });

  it.each([
    "", "abc", "10.0.0.0/33", "::/129", "10.0.0/8", "10.0.0.0/", "10.0.0.0/08", "10.0.0.0/-1", "010.0.0.0/8",
    "0x0a.0.0.0/8", "10.0.0.256", " 10.0.0.0/8", "10.0.0.0/8 ", "fe80::1%eth0", "fe80::1%eth0/64", "1:::2",
    "1:2:3:4:5:6:7:8:9", "::ffff:01.2.3.4", "::1.2.3", "1.2.3.4:80", "10.0.0.0/8/8",
  ])("CIDR-1: %j is invalid", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it("CIDR-1: IPv4-mapped IPv6 stays family 6", () => {
    expect(parseIp("::ffff:1.2.3.4")).toEqual({ family: 6, value: 0xffff01020304n });
    expect(parseIp("1.2.3.4")).toEqual({ family: 4, value: 0x01020304n });
    expect(parseIp("1.2.3.4/32")).toBeUndefined();
  });

  it.each([
    ["10.0.0.0/8", true],
    ["::/0", true],
    ["10.1.2.3/8", false],
    ["1.1.1.1", false],
    ["2606:4700::1/96", false],
    ["nonsense", false],
  ])("CIDR-1: isCanonicalCidr(%s) = %s", (text, expected) => {
    expect(isCanonicalCidr(text)).toBe(expected);
  });
});

describe("block relations", () => {
  it.each([
    ["10.0.0.0/8", "10.1.0.0/16", true, true],
    ["10.1.0.0/16", "10.0.0.0/8", false, true],
    ["10.0.0.0/8", "11.0.0.0/8", false, false],
    ["0.0.0.0/0", "::/0", false, false],
    ["::/0", "::ffff:0:0/96", true, true],
  ])("%s contains %s: %s, overlap: %s", (a, b, contains, overlap) => {
    expect(blockContains(block(a), block(b))).toBe(contains);
    expect(blocksOverlap(block(a), block(b))).toBe(overlap);
  });
});

describe("blockToCidrs / formatBlock", () => {
  it.each([
    ["10.0.0.0", "10.0.0.255", ["10.0.0.0/24"]],
    ["0.0.0.0", "255.255.255.255", ["0.0.0.0/0"]],
    ["10.0.0.1", "10.0.0.6", ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]],
    ["0.0.0.0", "9.255.255.255", ["0.0.0.0/5", "8.0.0.0/7"]],
    ["::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ["::/0"]],
    ["::", "::1", ["::/127"]],
    ["::ffff:0.0.0.0", "::ffff:255.255.255.255", ["::ffff:0.0.0.0/96"]],
  ])("%s-%s is %j", (first, last, cidrs) => {
    expect(blockToCidrs(range(first, last))).toEqual(cidrs);
  });

  it.each([
    [range("10.0.0.0", "10.255.255.255"), "10.0.0.0/8"],
    [range("10.0.0.1", "10.0.0.6"), "10.0.0.1-10.0.0.6"],
    [range("2001:db8::", "2001:db8::ffff"), "2001:db8::/112"],
  ])("formatBlock %# is %s", (b, text) => {
    expect(formatBlock(b)).toBe(text);
  });

  it("random blocks: CIDRs are aligned, contiguous and exactly cover the block", () => {
    const next = rng(7);
    for (let n = 0; n < 300; n++) {
      const family = n % 2 === 0 ? 4 : 6;
      const bits = family === 4 ? 32 : 128;
      const a = randomBigint(next, bits) >> BigInt(Math.floor(next() * bits));
      const b = randomBigint(next, bits) >> BigInt(Math.floor(next() * bits));
      const b0: AddressBlock = { family, first: a < b ? a : b, last: a < b ? b : a };
      let nextAddress = b0.first;
      const bad = blockToCidrs(b0).filter((text) => {
        const part = parseCidr(text)!;
        const ok = isCanonicalCidr(text) && part.first === nextAddress;
        nextAddress = part.last + 1n;
        return !ok;
      });
      expect(bad).toEqual([]);
      expect(nextAddress).toBe(b0.last + 1n);
    }
  });
});

describe("splitAddressSpace", () => {
  it("CIDR-2: a cidr with an except splits into five atoms", () => {
    const atoms = splitAddressSpace(4, [block("10.0.0.0/8"), block("10.1.0.0/16"), block("::/0")]);
    expect(atoms.map(formatBlock)).toEqual([
      "0.0.0.0-9.255.255.255",
      "10.0.0.0/16",
      "10.1.0.0/16",
      "10.2.0.0-10.255.255.255",
      "11.0.0.0-255.255.255.255",
    ]);
  });

  it("no cuts is the whole space; a /0 cut changes nothing", () => {
    expect(splitAddressSpace(6, []).map(formatBlock)).toEqual(["::/0"]);
    expect(splitAddressSpace(4, [block("0.0.0.0/0")]).map(formatBlock)).toEqual(["0.0.0.0/0"]);
  });

  it.each([
    [4, 50],
    [6, 50],
    [4, 10_000],
    [6, 10_000],
  ] as const)("property: IPv%s with %s random cuts", (family, count) => {
    const next = rng(count + family);
    const cuts = Array.from({ length: count }, () => randomCidr(next, family));
    const atoms = splitAddressSpace(family, cuts);
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    expect(atoms[0]!.first).toBe(0n);
    expect(atoms[atoms.length - 1]!.last).toBe(max);
    const broken = atoms.filter((a, i) => a.first > a.last || (i > 0 && a.first !== atoms[i - 1]!.last + 1n));
    expect(broken).toEqual([]);
    // No cut boundary inside an atom: every cut starts an atom and ends right before one (or at the end).
    // (string keys: a Set<bigint> of large IPv6 values is very slow in V8)
    const starts = new Set(atoms.map((a) => a.first.toString(16)));
    const isStart = (v: bigint): boolean => starts.has(v.toString(16));
    const cutInside = cuts.filter((c) => !isStart(c.first) || (c.last < max && !isStart(c.last + 1n)));
    expect(cutInside).toEqual([]);
    if (count <= 50) {
      const straddling = atoms.filter((a) => cuts.some((c) => blocksOverlap(c, a) && !blockContains(c, a)));
      expect(straddling).toEqual([]);
    }
  });
});

describe("cidrRuleCovers (CIDR-2)", () => {
  const rule = { cidr: "10.0.0.0/8", except: ["10.1.0.0/16", "10.2.3.4/32"] };
  it.each([
    [rule, "10.0.0.0/16", true],
    [rule, "10.1.0.0/16", false],
    [rule, "10.1.2.0/24", false],
    [rule, "10.0.0.0/15", false],
    [rule, "10.2.3.0/30", true],
    [rule, "10.2.3.0/29", false],
    [rule, "11.0.0.0/8", false],
    [rule, "0.0.0.0/0", false],
    [{ cidr: "0.0.0.0/0", except: [] }, "255.255.255.255", true],
    [{ cidr: "0.0.0.0/0", except: [] }, "::/0", false],
    [{ cidr: "::/0", except: ["::ffff:0:0/96"] }, "::ffff:1.2.3.4", false],
    [{ cidr: "bogus", except: [] }, "1.1.1.1", false],
  ])("CIDR-2: %j covers %s: %s", (r, b, expected) => {
    expect(cidrRuleCovers(r, block(b))).toBe(expected);
  });
});

describe("blocksCover", () => {
  it.each([
    [["10.0.0.0/9", "10.128.0.0/9"], "10.0.0.0/8", true],
    [["10.128.0.0/9", "10.0.0.0/9"], "10.0.0.0/8", true],
    [["10.0.0.0/9", "10.192.0.0/10"], "10.0.0.0/8", false],
    [["10.0.0.0/8", "10.0.0.0/9"], "10.1.2.0/24", true],
    [["0.0.0.0/0"], "::/0", false],
    [[], "1.1.1.1", false],
    [["9.0.0.0/8", "10.0.0.0/16", "10.0.0.0/7"], "10.0.0.0/8", true],
  ])("%j cover %s: %s", (allow, b, expected) => {
    expect(blocksCover(allow.map(block), block(b))).toBe(expected);
  });

  it("covers the last address of the space", () => {
    expect(blocksCover([range("255.0.0.0", "255.255.255.255")], block("255.255.255.255"))).toBe(true);
    expect(blocksCover([block("::/1"), block("8000::/1")], block("::/0"))).toBe(true);
  });
});
