import type { Peer } from "../model/peer.js";

/**
 * Display names of a peer. A workload identity group expands to each of its workloads
 * (`ns/name[Kind]`); a representative peer keeps its description (`sales/*`, `sales/[app=web]`).
 */
export const peerNames = (peer: Peer): string[] => {
  switch (peer.kind) {
    case "endpoint":
      return peer.workloads.length ? peer.workloads.map((w) => `${w.namespace}/${w.name}[${w.kind}]`) : [peer.id];
    case "entity":
      return [`entity:${peer.entity}`];
    case "cidr":
      return [peer.id];
    case "fqdn":
      return [peer.pattern];
  }
};

/** The namespace a peer lives in, or a pseudo-namespace for what is outside the cluster's pods. */
export const peerNamespace = (peer: Peer): string => {
  switch (peer.kind) {
    case "endpoint":
      return peer.namespace;
    case "entity":
      return `entity:${peer.entity}`;
    default:
      return "world";
  }
};
