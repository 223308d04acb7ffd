import { subtractPorts, isEmptyPorts, unionPorts, ALL_PORTS } from "../../src/core/algebra/port-set.js";
import { buildAccessModel, compiledPolicies, type CompiledRepository } from "../../src/core/analyze/analyze-repository.js";
import { connectionBetween } from "../../src/core/engine/access.js";
import type { AccessModel } from "../../src/core/engine/access-model.js";
import { rulePorts } from "../../src/core/engine/rule-ports.js";
import { synthesizeRepresentatives } from "../../src/core/engine/representatives.js";
import { LABEL, type Selector } from "../../src/core/model/labels.js";
import type { EndpointPeer } from "../../src/core/model/peer.js";
import type { PortSet } from "../../src/core/model/ports.js";
import type { Direction } from "../../src/core/model/rule.js";
import { formatConns, netpolNames } from "./netpol-format.js";

/**
 * netpol-analyzer's `--exposure` section, computed from our representative peers: one representative
 * per peer selector of the policies, evaluated on both sides like any other peer; "entire-cluster"
 * when a direction is unprotected or a rule admits every pod of every namespace.
 */

const NS_LABEL = LABEL.namespaceLabelPrefix;
const goExpr = (key: string, op: string, values: readonly string[]) => `{Key:${key},Operator:${op},Values:[${values.join(" ")}],}`;

function selectorText(reqs: Selector["requirements"], strip: (k: string) => string): string {
  const labels = reqs.filter((r) => r.operator === "In" && r.values.length === 1).map((r) => `${strip(r.key)}=${r.values[0]}`);
  const exprs = reqs.filter((r) => !(r.operator === "In" && r.values.length === 1)).map((r) => goExpr(strip(r.key), r.operator, r.values)).sort();
  return [...labels, ...exprs].join(",");
}

export function exposureName(selector: Selector): string {
  const reqs = selector.requirements;
  const pinned = reqs.find((r) => r.key === LABEL.namespace && r.operator === "In");
  const nsReqs = reqs.filter((r) => r.key.startsWith(NS_LABEL));
  const podReqs = reqs.filter((r) => r.key !== LABEL.namespace && !r.key.startsWith(NS_LABEL));
  let ns: string;
  const byName = nsReqs.length === 1 && nsReqs[0]!.key === `${NS_LABEL}kubernetes.io/metadata.name` && nsReqs[0]!.operator === "In" && nsReqs[0]!.values.length === 1;
  if (pinned) ns = pinned.values[0]!;
  else if (byName) ns = nsReqs[0]!.values[0]!;
  else if (nsReqs.length) ns = `[namespace with {${selectorText(nsReqs, (k) => k.slice(NS_LABEL.length))}}]`;
  else ns = "[all namespaces]";
  const pod = podReqs.length ? `[pod with {${selectorText(podReqs, (k) => k.replace(/^(k8s|any):/, ""))}}]` : "[all pods]";
  return `${ns}/${pod}`;
}

/** Ports a direction grants to every pod of every namespace (unprotected, or a rule without peers / with `namespaceSelector: {}`). */
function entireCluster(model: AccessModel, w: EndpointPeer, d: Direction): PortSet {
  if (!model.enforced(w, d)) return ALL_PORTS;
  const rules = model.index.forEndpoint(w, d).allows;
  const everyPod = (s: Selector) => s.requirements.every((r) => r.key === LABEL.namespace && r.operator === "Exists");
  const wide = rules.filter((r) => r.peer.kind === "all" || (r.peer.kind === "selector" && r.peer.selectors.some(everyPod)));
  return unionPorts(...wide.map((r) => rulePorts(r, d, w, w)));
}

export function exposureModel(repo: CompiledRepository): AccessModel {
  const selectors = new Map<string, Selector>();
  for (const p of compiledPolicies(repo))
    for (const r of p.rules) if (r.peer.kind === "selector") for (const s of r.peer.selectors) selectors.set(exposureName(s), s);
  const reps = [...selectors.values()].flatMap((s) => synthesizeRepresentatives([s], [], repo.inventory, repo.profile));
  return buildAccessModel(repo, { representatives: "never", extraEndpoints: reps });
}

export function renderExposure(model: AccessModel): string[] {
  const real = model.universe.endpoints.filter((e) => e.workloads.length > 0);
  const reps = model.universe.endpoints.filter((e) => e.selector);
  const sections: Record<Direction, Array<[string, string, string]>> = { egress: [], ingress: [] };
  const unprotected: string[] = [];
  for (const w of real) {
    for (const d of ["egress", "ingress"] as const) {
      if (!model.enforced(w, d)) for (const n of netpolNames(w)) unprotected.push(`${n} is not protected on ${d === "egress" ? "Egress" : "Ingress"}`);
      const wide = entireCluster(model, w, d);
      const entries = new Map<string, PortSet>();
      const add = (name: string, ports: PortSet) => entries.set(name, unionPorts(entries.get(name) ?? {}, ports));
      if (!isEmptyPorts(wide)) add("entire-cluster", wide);
      // Exposure of W in direction d is described by W's own rules: only their selectors' representatives count.
      const own = new Set(model.index.forEndpoint(w, d).allows.flatMap((r) => (r.peer.kind === "selector" ? r.peer.selectors.map(exposureName) : [])));
      for (const r of reps.filter((x) => own.has(exposureName(x.selector!)))) {
        const c = d === "egress" ? connectionBetween(model, w, r) : connectionBetween(model, r, w);
        if (c && !isEmptyPorts(subtractPorts(c.ports, wide))) add(exposureName(r.selector!), c.ports);
      }
      const externals = d === "egress" ? model.universe.externalDestinations : model.universe.externalSources;
      for (const x of externals) {
        const c = d === "egress" ? connectionBetween(model, w, x) : connectionBetween(model, x, w);
        for (const n of netpolNames(x)) if (c) add(n, c.ports);
      }
      for (const n of netpolNames(w)) for (const [target, ports] of entries) sections[d].push([n, target, formatConns(ports)]);
    }
  }
  const width = Math.max(0, ...[...sections.egress, ...sections.ingress].map(([n]) => n.length));
  const render = (d: Direction, arrow: string) =>
    sections[d].sort((a, b) => (a[0] + "\u0000" + a[1] < b[0] + "\u0000" + b[1] ? -1 : 1)).map(([n, t, c]) => `${n.padEnd(width)} \t${arrow} \t${t} : ${c}`);
  const out = ["Exposure Analysis Result:"];
  if (sections.egress.length) out.push("Egress Exposure:", ...render("egress", "=>"), "");
  if (sections.ingress.length) out.push("Ingress Exposure:", ...render("ingress", "<="), "");
  if (unprotected.length) out.push("Workloads not protected by network policies:", ...unprotected.sort());
  while (out[out.length - 1] === "") out.pop();
  return out;
}
