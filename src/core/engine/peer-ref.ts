import { parseCidr, parseIp } from "../algebra/ip-space.js";
import type { EndpointPeer, Peer, ReservedIdentity } from "../model/peer.js";
import type { Universe } from "./universe.js";
import { cidrPeer, entityPeer, fqdnPeer } from "./universe.js";

const RESERVED = new Set(["host", "remote-node", "kube-apiserver", "ingress", "health", "init", "unmanaged"]);
const DNS_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)+[a-z0-9_-]+\.?$/i;

export type PeerRefResult = { peer: Peer } | { error: string };

const workloadMatches = (e: EndpointPeer, ns: string, name: string, kind: string | undefined): boolean =>
  e.workloads.some((w) => w.namespace === ns && w.name === name && (kind === undefined || w.kind.toLowerCase() === kind.toLowerCase()));

function resolveWorkload(text: string, universe: Universe): PeerRefResult {
  const exact = universe.endpoints.find((e) => e.id === text);
  if (exact) return { peer: exact };
  const m = /^([^/]+)\/([^[\]]+)(?:\[([A-Za-z]+)\])?$/.exec(text);
  if (!m) return { error: `unknown peer "${text}"` };
  const [, ns, name, kind] = m as unknown as [string, string, string, string | undefined];
  const found = (universe.endpointsByNamespace.get(ns) ?? []).filter((e) => workloadMatches(e, ns, name, kind));
  const kinds = new Set(found.flatMap((e) => e.workloads.filter((w) => w.name === name && w.namespace === ns).map((w) => w.kind)));
  if (found.length === 0) {
    const known = (universe.endpointsByNamespace.get(ns) ?? []).map((e) => e.id).slice(0, 8);
    return { error: `no workload "${text}"${known.length ? `; peers in ${ns}: ${known.join(", ")}` : ` and no peers in namespace ${ns}`}` };
  }
  if (kinds.size > 1 && kind === undefined) return { error: `"${text}" is ambiguous (${[...kinds].join(", ")}); write ${ns}/${name}[Kind]` };
  return { peer: found[0]! };
}

/**
 * Resolve the CLI peer syntax: `ns/name` or `ns/name[Kind]` (a workload), a representative peer id
 * such as `sales/*` or `sales/[app=web]`, an IPv4/IPv6 address or CIDR, a DNS name, or `entity:<name>`.
 * `entity:world` stands for an arbitrary Internet address that no narrower CIDR rule names.
 */
export function resolvePeerRef(text: string, universe: Universe): PeerRefResult {
  if (text.startsWith("entity:")) {
    const name = text.slice("entity:".length);
    if (name === "world" || name === "world-ipv4") return { peer: { ...cidrPeer(parseCidr("0.0.0.0/0")!), id: "entity:world" } };
    if (name === "world-ipv6") return { peer: { ...cidrPeer(parseCidr("::/0")!), id: "entity:world-ipv6" } };
    if (RESERVED.has(name)) return { peer: universe.entities.find((e) => e.entity === name) ?? entityPeer(name as ReservedIdentity) };
    return { error: `unknown entity "${name}" (host, remote-node, kube-apiserver, ingress, health, init, unmanaged, world)` };
  }
  if (parseIp(text) || (text.includes("/") && parseCidr(text) && /^[0-9a-f:.]+\/\d+$/i.test(text))) {
    const block = parseCidr(text)!;
    return { peer: cidrPeer(block) };
  }
  if (text.includes("/")) return resolveWorkload(text, universe);
  if (DNS_NAME.test(text)) return { peer: fqdnPeer(text) };
  return { error: `cannot read peer "${text}": use ns/name, ns/name[Kind], an IP or CIDR, a DNS name, or entity:<name>` };
}
