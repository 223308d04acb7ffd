import { describe, expect, it } from "vitest";
import { formatPorts } from "../../../src/core/algebra/port-set.js";
import { requirement } from "../../../src/core/algebra/selector.js";
import { resolveSide } from "../../../src/core/engine/resolve.js";
import { entityPeer, fqdnPeer } from "../../../src/core/engine/universe.js";
import type { EndpointPeer, Peer } from "../../../src/core/model/peer.js";
import { ciliumProfile, type Profile } from "../../../src/core/model/profile.js";
import type { CompiledRule, DefaultDenyContribution, L7Rules, PeerMatcher } from "../../../src/core/model/rule.js";
import type { PortMatcher } from "../../../src/core/model/ports.js";

/** Table tests of the one precedence function (EVAL-3, DENY-1, COMB-1, DD-1/5/7, L7-4, FQDN-3, L4-4). */

const endpoint = (name: string, labels: Record<string, string>, namedPorts: EndpointPeer["namedPorts"] = []): EndpointPeer => ({
  kind: "endpoint",
  id: `ns/${name}`,
  namespace: "ns",
  labels: new Map([["k8s:io.kubernetes.pod.namespace", "ns"], ...Object.entries(labels).map(([k, v]) => [`k8s:${k}`, v] as [string, string])]),
  namedPorts,
  workloads: [],
});

const web = endpoint("web", { app: "web" }, [{ name: "http", port: 8080, protocol: "TCP" }]);
const client = endpoint("client", { app: "client" });
const all = { requirements: [] };
const sel = (app: string): PeerMatcher => ({ kind: "selector", selectors: [{ requirements: [requirement("any:app", "In", [app])] }] });
const tcp = (from: number, to = from): PortMatcher => ({ kind: "range", protocol: "TCP", from, to });

let n = 0;
const rule = (action: "allow" | "deny", peer: PeerMatcher, ports: PortMatcher[] | null, l7?: L7Rules): CompiledRule => ({
  direction: "ingress",
  action,
  subject: all,
  peer,
  ports,
  ...(l7 ? { l7 } : {}),
  provenance: { kind: "CiliumNetworkPolicy", policy: "ns/p", rulePath: `spec.ingress[${n++}]`, file: "p.yaml", line: n, col: 1 },
});
const dd = (enables: boolean): DefaultDenyContribution => ({
  direction: "ingress",
  subject: all,
  enables,
  provenance: { kind: "CiliumNetworkPolicy", policy: "ns/p", rulePath: "spec", file: "p.yaml", line: 1, col: 1 },
});
const http: L7Rules = { protocol: "http", http: [{ method: "GET", path: "/public$" }] };

interface Case {
  name: string;
  rules: CompiledRule[];
  defaultDeny: DefaultDenyContribution[];
  peer?: Peer;
  profile?: Partial<Profile>;
  ports: string;
  l7?: string;
}

const cases: Case[] = [
  { name: "DD-1: no policy selects the endpoint → everything passes", rules: [], defaultDeny: [], ports: "all" },
  { name: "DD-2: default deny with no allow → nothing passes", rules: [], defaultDeny: [dd(true)], ports: "none" },
  { name: "COMB-1: allows are united", rules: [rule("allow", sel("client"), [tcp(80)]), rule("allow", sel("client"), [tcp(443)])], defaultDeny: [dd(true)], ports: "TCP 80,443" },
  { name: "PEER-5: an allow for another peer does not apply", rules: [rule("allow", sel("other"), [tcp(80)])], defaultDeny: [dd(true)], ports: "none" },
  { name: "DENY-1: a deny beats an allow on the same port", rules: [rule("allow", sel("client"), [tcp(80, 81)]), rule("deny", sel("client"), [tcp(80)])], defaultDeny: [dd(true)], ports: "TCP 81" },
  { name: "DENY-2: a port-less deny denies every port and ICMP", rules: [rule("allow", sel("client"), null), rule("deny", sel("client"), null)], defaultDeny: [dd(true)], ports: "none" },
  { name: "DD-5: enableDefaultDeny false everywhere → only denies bite", rules: [rule("deny", sel("client"), [tcp(22)])], defaultDeny: [dd(false)], ports: "TCP 1-21,23-65535 UDP all SCTP all ICMP all ICMPv6 all" },
  { name: "DD-5: one enabling contribution flips the endpoint", rules: [rule("allow", sel("client"), [tcp(80)])], defaultDeny: [dd(false), dd(true)], ports: "TCP 80" },
  { name: "L4-5: an L3-only allow includes ICMP", rules: [rule("allow", sel("client"), null)], defaultDeny: [dd(true)], ports: "all" },
  { name: "L4-4: a named port resolves against the subject's container ports on ingress", rules: [rule("allow", sel("client"), [{ kind: "named", protocol: "TCP", name: "HTTP" }])], defaultDeny: [dd(true)], ports: "TCP 8080" },
  { name: "L4-4: a name nobody defines allows nothing", rules: [rule("allow", sel("client"), [{ kind: "named", protocol: "TCP", name: "grpc" }])], defaultDeny: [dd(true)], ports: "none" },
  { name: "L7-3: an HTTP rule restricts the port", rules: [rule("allow", sel("client"), [tcp(8080)], http)], defaultDeny: [dd(true)], ports: "TCP 8080", l7: "TCP 8080" },
  { name: "L7-4: a plain L4 allow on the same peer and port lifts the restriction", rules: [rule("allow", sel("client"), [tcp(8080)], http), rule("allow", sel("client"), [tcp(8080)])], defaultDeny: [dd(true)], ports: "TCP 8080", l7: "none" },
  { name: "L7-4: an L4 allow on another port does not lift it", rules: [rule("allow", sel("client"), [tcp(8080)], http), rule("allow", sel("client"), [tcp(9090)])], defaultDeny: [dd(true)], ports: "TCP 8080,9090", l7: "TCP 8080" },
  { name: "DD-7: the local host reaches a default-deny pod", rules: [], defaultDeny: [dd(true)], peer: entityPeer("host"), ports: "all" },
  { name: "DD-7: remote nodes get no such exception", rules: [], defaultDeny: [dd(true)], peer: entityPeer("remote-node"), ports: "none" },
  { name: "DD-7: allow-localhost=policy removes the exception", rules: [], defaultDeny: [dd(true)], peer: entityPeer("host"), profile: { allowLocalhost: false }, ports: "none" },
  { name: "DD-1: enforcement mode always denies without any policy", rules: [], defaultDeny: [], profile: { enforcementMode: "always" }, ports: "none" },
  { name: "DD-1: enforcement mode never ignores even denies", rules: [rule("deny", sel("client"), null)], defaultDeny: [dd(true)], profile: { enforcementMode: "never" }, ports: "all" },
];

describe("resolveSide", () => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const side = resolveSide(web, "ingress", c.peer ?? client, { allows: c.rules.filter((r) => r.action === "allow"), denies: c.rules.filter((r) => r.action === "deny"), defaultDeny: c.defaultDeny }, { ...ciliumProfile, ...c.profile });
    expect(formatPorts(side.ports)).toBe(c.ports);
    if (c.l7) expect(side.l7.length ? side.l7.map((r) => formatPorts(r.ports)).join(" ") : "none").toBe(c.l7);
  });

  it("FQDN-3: a toFQDNs allow without a DNS L7 rule allows nothing and says why", () => {
    const fqdnRule = { ...rule("allow", { kind: "fqdn", selectors: [{ matchPattern: "*.example.com" }] }, [tcp(443)]), direction: "egress" as const };
    const dns = { ...rule("allow", sel("kube-dns"), [{ kind: "range" as const, protocol: "UDP" as const, from: 53, to: 53 }], { protocol: "dns", dns: [{ matchPattern: "*.example.com" }] }), direction: "egress" as const };
    const egressDd = { ...dd(true), direction: "egress" as const };
    const peer = fqdnPeer("api.example.com");
    const without = resolveSide(client, "egress", peer, { allows: [fqdnRule], denies: [], defaultDeny: [egressDd] }, ciliumProfile);
    expect(formatPorts(without.ports)).toBe("none");
    expect(without.ineffective[0]?.reason).toMatch(/^FQDN-3/);
    const withDns = resolveSide(client, "egress", peer, { allows: [fqdnRule, dns], denies: [], defaultDeny: [egressDd] }, ciliumProfile);
    expect(formatPorts(withDns.ports)).toBe("TCP 443");
  });

  it("records which statements put the endpoint into default deny (provenance of a default deny)", () => {
    const side = resolveSide(web, "ingress", client, { allows: [], denies: [], defaultDeny: [dd(true)] }, ciliumProfile);
    expect(side.enforcedBy.map((p) => p.policy)).toEqual(["ns/p"]);
  });
});
