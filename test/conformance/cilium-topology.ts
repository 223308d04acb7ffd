import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { SourceFile } from "../../src/core/model/position.js";

/**
 * Turns the Cilium oracle's topology.yaml (../shared/conformance/cilium) into ordinary Kubernetes
 * manifests (Namespaces, Pods, Services), so that the oracle runs through our real loader.
 */
export interface Topology {
  namespaces: Array<{ name: string; labels: Record<string, string> }>;
  nodes: Array<{ name: string; hosts: string[] }>;
  pods: Array<{ id: string; namespace: string; serviceAccount: string; node: string; labels: Record<string, string>; containerPorts: Array<{ name: string; containerPort: number; protocol: string }> }>;
  hostNetworkPods: Array<{ id: string; node: string }>;
  services: Array<{ id: string; labels?: Record<string, string>; selector: Record<string, string>; ports: Array<{ name: string; port: number; targetPort?: number; protocol: string }> }>;
}

export const readTopology = (path: string): Topology => parse(readFileSync(path, "utf8")) as Topology;

export function topologyManifests(t: Topology): SourceFile {
  const docs: unknown[] = [];
  for (const ns of t.namespaces) docs.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns.name, labels: ns.labels } });
  for (const p of t.pods) {
    const name = p.id.split("/")[1]!;
    docs.push({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: p.namespace, labels: p.labels },
      spec: { serviceAccountName: p.serviceAccount, nodeName: p.node, containers: [{ name: "main", image: "x", ports: p.containerPorts }] },
    });
  }
  for (const s of t.services) {
    const [ns, name] = s.id.slice("svc:".length).split("/") as [string, string];
    docs.push({ apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns, labels: s.labels ?? {} }, spec: { selector: s.selector, ports: s.ports } });
  }
  return { path: "topology.json", text: JSON.stringify({ apiVersion: "v1", kind: "List", items: docs }) };
}

export const nodeOf = (t: Topology, podId: string): string | undefined => t.nodes.find((n) => n.hosts.includes(podId))?.name;
