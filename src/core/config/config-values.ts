import { portSetOf, unionPorts } from "../algebra/port-set.js";
import type { PortSet, Protocol } from "../model/ports.js";
import type { ConfigPeer } from "./types.js";

/** Entities a config peer may name: node-level identities tenants might be granted (§5). */
export const CONFIG_ENTITIES: readonly string[] = ["host", "remote-node", "kube-apiserver", "ingress"];

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;
const SCOPE = /^[-a-z0-9*?.[\]{},!]+$/;
const PORT = /^([0-9]{1,5})(?:-([0-9]{1,5}))?\/(tcp|udp|sctp)$/i;

/**
 * Read a config peer: `sales`, `sales-*`, `sales/app=reports`, `kube-system/k8s-app=kube-dns,tier=dns`,
 * or `entity:kube-apiserver`. The scope before `/` is a tenant name or a namespace glob.
 */
export function parseConfigPeer(text: string): ConfigPeer | { error: string } {
  if (text.startsWith("entity:")) {
    const entity = text.slice("entity:".length);
    if (!CONFIG_ENTITIES.includes(entity)) return { error: `unknown entity "${entity}" (use ${CONFIG_ENTITIES.join(", ")})` };
    return { kind: "entity", text, entity };
  }
  const slash = text.indexOf("/");
  const scope = slash < 0 ? text : text.slice(0, slash);
  if (!SCOPE.test(scope)) return { error: `"${scope}" is not a tenant name or namespace glob` };
  const labels: Record<string, string> = {};
  if (slash >= 0) {
    for (const part of text.slice(slash + 1).split(",")) {
      const eq = part.indexOf("=");
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? "" : part.slice(eq + 1);
      if (eq < 0 || !LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) return { error: `"${part}" is not a pod label written key=value` };
      labels[key] = value;
    }
  }
  return { kind: "pods", text, scope, labels };
}

/** Read `["53/UDP", "8000-8080/TCP"]` into an exact port set. */
export function parsePortList(list: readonly string[]): { ports: PortSet } | { error: string; index: number } {
  const sets: PortSet[] = [];
  for (const [index, text] of list.entries()) {
    const m = PORT.exec(text);
    const from = Number(m?.[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!m || from < 1 || to > 65535 || to < from) return { error: `"${text}" is not PORT/PROTOCOL with a port in 1-65535`, index };
    sets.push(portSetOf(m[3]!.toUpperCase() as Protocol, from, to));
  }
  return { ports: unionPorts(...sets) };
}

/** The inverse, for fixes that suggest config text: TCP/UDP/SCTP intervals as `PORT/PROTOCOL`; other protocols are dropped. */
export function portListOf(ports: PortSet): string[] {
  const out: string[] = [];
  for (const protocol of ["TCP", "UDP", "SCTP"] as const)
    for (const iv of ports[protocol] ?? []) out.push(iv.from === iv.to ? `${iv.from}/${protocol}` : `${iv.from}-${iv.to}/${protocol}`);
  return out;
}

/** A YYYY-MM-DD that names a real calendar day. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** An exception expires at the end of its `expires` day, UTC. */
export function isExpired(expires: string | undefined, now: Date): boolean {
  if (expires === undefined) return false;
  return now.getTime() >= Date.parse(`${expires}T00:00:00Z`) + 86_400_000;
}
