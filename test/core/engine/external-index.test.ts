import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCidr, splitAddressSpace } from "../../../src/core/algebra/ip-space.js";
import { ExternalIndex } from "../../../src/core/engine/external-index.js";
import { isWholeFamily, peerMatches } from "../../../src/core/engine/peer-match.js";
import { cidrPeer, fqdnPeer } from "../../../src/core/engine/universe.js";
import type { CidrPeer, FqdnPeer } from "../../../src/core/model/peer.js";
import type { CidrBlock, FqdnSelector } from "../../../src/core/model/rule.js";

/**
 * The external index only narrows the peers a CIDR or FQDN rule is checked against: every peer the
 * rule matches must be among its candidates, in universe order.
 */
const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) };

const cidr = fc.oneof(
  fc.tuple(fc.nat(255), fc.nat(255), fc.constantFrom(8, 16, 24, 25, 32)).map(([a, b, len]) => `10.${a % 4}.${b % 4}.0/${len}`),
  fc.constantFrom("0.0.0.0/0", "::/0", "fd00::/8", "10.0.0.0/8", "bogus"),
);
const block = fc.record({ cidr, except: fc.array(cidr, { maxLength: 2 }) });
const label = fc.constantFrom("a", "b", "api", "*", "a*", "**", "x-1", "");
const pattern = fc.array(label, { minLength: 1, maxLength: 4 }).map((ls) => ls.join("."));
const selector: fc.Arbitrary<FqdnSelector> = fc.oneof(pattern.map((matchPattern) => ({ matchPattern })), pattern.map((matchName) => ({ matchName })));

const universe = (cuts: string[], names: string[]): Array<CidrPeer | FqdnPeer> => [
  ...([4, 6] as const).flatMap((family) => splitAddressSpace(family, cuts.flatMap((c) => parseCidr(c) ?? []).filter((b) => b.family === family)).map(cidrPeer)),
  ...[...new Set(names.map((n) => fqdnPeer(n).pattern))].sort().map(fqdnPeer),
];

const ordered = (peers: readonly unknown[], all: readonly unknown[]) => peers.map((p) => all.indexOf(p));

describe("ExternalIndex", () => {
  it("offers every address block and name a CIDR rule matches", () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 3 }), fc.array(pattern, { maxLength: 3 }), (blocks: CidrBlock[], names) => {
        const peers = universe(blocks.flatMap((b) => [b.cidr, ...b.except]), names);
        const candidates = new ExternalIndex(peers).cidrCandidates(blocks, isWholeFamily);
        const matched = peers.filter((p) => peerMatches({ kind: "cidr", blocks }, p));
        expect(matched.filter((p) => !candidates.includes(p))).toEqual([]);
        const order = ordered(candidates, peers);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      RUNS,
    );
  });

  it("offers every name an FQDN rule matches", () => {
    fc.assert(
      fc.property(fc.array(selector, { minLength: 1, maxLength: 3 }), fc.array(pattern, { minLength: 1, maxLength: 6 }), (selectors, names) => {
        const peers = universe([], names);
        const candidates = new ExternalIndex(peers).fqdnCandidates(selectors);
        const matched = peers.filter((p) => peerMatches({ kind: "fqdn", selectors }, p));
        expect(matched.filter((p) => !candidates.includes(p as FqdnPeer))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("narrows: a rule naming one tenant's domain is offered that domain's names only", () => {
    const peers = universe([], ["*.api-1.example.com", "*.api-2.example.com", "x.api-1.example.com"]);
    const candidates = new ExternalIndex(peers).fqdnCandidates([{ matchPattern: "*.api-1.example.com" }]);
    expect(candidates.map((p) => p.id)).toEqual(["*.api-1.example.com", "x.api-1.example.com"]);
  });
});
