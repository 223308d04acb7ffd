import { requirement } from "../../algebra/selector.js";
import type { Selector } from "../../model/labels.js";
import { LABEL } from "../../model/labels.js";
import type { FieldPath, ManifestObject } from "../../model/manifest.js";
import type { CompileContext } from "../../model/policy-kind.js";
import type { CompiledPolicy, CompiledRule, DefaultDenyContribution, Direction, Provenance } from "../../model/rule.js";
import { ruleProvenance } from "../shared/provenance.js";
import type { PeerEnv } from "./peers.js";
import { compilePeer, podKey } from "./peers.js";
import { compilePorts } from "./ports.js";
import { CODES, PolicyReader, formatPath } from "./reader.js";

export const KIND = "NetworkPolicy";

const SPEC_FIELDS = ["podSelector", "policyTypes", "ingress", "egress"] as const;

type PolicyType = "Ingress" | "Egress";

interface Section {
  direction: Direction;
  type: PolicyType;
  /** Field of a rule holding its peers. */
  peers: "from" | "to";
  /** Fields of a rule. */
  fields: readonly string[];
}

const SECTIONS: readonly Section[] = [
  { direction: "ingress", type: "Ingress", peers: "from", fields: ["from", "ports"] },
  { direction: "egress", type: "Egress", peers: "to", fields: ["to", "ports"] },
];

interface PolicyTypes {
  /** Written in the manifest (non-empty list), as opposed to defaulted by the API server. */
  explicit: boolean;
  types: ReadonlySet<PolicyType>;
  /** Path of each explicitly listed type, for provenance. */
  paths: ReadonlyMap<PolicyType, FieldPath>;
}

interface Env extends PeerEnv {
  reader: PolicyReader;
  subject: Selector;
  policy: string;
}

/**
 * `spec.policyTypes`, defaulted exactly like the API server (SetDefaults_NetworkPolicy, DD-8): when
 * omitted or empty, `[Ingress]`, plus `Egress` iff `spec.egress` is a non-empty list.
 */
function readPolicyTypes(r: PolicyReader, raw: unknown, egress: readonly unknown[]): PolicyTypes | undefined {
  const listed = r.list(raw, ["spec", "policyTypes"]);
  if (listed === undefined) return undefined;
  if (listed.length === 0) {
    const types = new Set<PolicyType>(["Ingress"]);
    if (egress.length > 0) types.add("Egress");
    return { explicit: false, types, paths: new Map() };
  }
  if (listed.length > 2) return r.invalid(["spec", "policyTypes"], "may not list more than two policyTypes");
  const types = new Set<PolicyType>();
  const paths = new Map<PolicyType, FieldPath>();
  let ok = true;
  for (let i = 0; i < listed.length; i++) {
    const t = listed[i];
    if (t !== "Ingress" && t !== "Egress") {
      r.invalid(["spec", "policyTypes", i], `unsupported policyType ${JSON.stringify(t)}: must be Ingress or Egress`);
      ok = false;
      continue;
    }
    types.add(t);
    if (!paths.has(t)) paths.set(t, ["spec", "policyTypes", i]);
  }
  return ok ? { explicit: true, types, paths } : undefined;
}

function provenance(env: Env, path: FieldPath): Provenance {
  return ruleProvenance(env.reader.object, path, KIND, env.policy, formatPath(path));
}

/** One ingress/egress rule → one CompiledRule per peer (PEER-5); no peers = every peer (KNP-2). */
function compileRule(env: Env, section: Section, raw: unknown, path: FieldPath): CompiledRule[] | undefined {
  const r = env.reader;
  const rule = r.record(raw, path, section.fields);
  if (rule === undefined) return undefined;
  const ports = compilePorts(r, rule.ports, [...path, "ports"]);
  const peersPath = [...path, section.peers];
  const peers = r.list(rule[section.peers], peersPath);
  if (peers === undefined) return undefined;
  const { direction } = section;
  const { subject } = env;
  if (peers.length === 0) {
    // KNP-2: a rule without from/to (or with an empty list) admits every source/destination, world and host included.
    return ports && [{ direction, action: "allow", subject, peer: { kind: "all" }, ports: ports.ports, provenance: provenance(env, path) }];
  }
  const out: CompiledRule[] = [];
  let ok = ports !== undefined;
  for (let j = 0; j < peers.length; j++) {
    const peerPath = [...peersPath, j];
    const peer = compilePeer(r, peers[j], peerPath, env);
    if (peer === undefined || ports === undefined) {
      ok = ok && peer !== undefined;
      continue;
    }
    out.push({ direction, action: "allow", subject, peer, ports: ports.ports, provenance: provenance(env, peerPath) });
  }
  return ok ? out : undefined;
}

/** Every rule of one section; undefined when any is invalid. */
function compileSection(env: Env, section: Section, rules: readonly unknown[]): CompiledRule[] | undefined {
  const out: CompiledRule[] = [];
  let ok = true;
  for (let i = 0; i < rules.length; i++) {
    const compiled = compileRule(env, section, rules[i], ["spec", section.direction, i]);
    if (compiled === undefined) ok = false;
    else for (const rule of compiled) out.push(rule);
  }
  return ok ? out : undefined;
}

/**
 * Compile one NetworkPolicy (KNP-1..5, DD-8). Returns null when the API server would reject the
 * object: then it is enforced by nobody, and errors say why.
 */
export function compileNetworkPolicy(object: ManifestObject, ctx: CompileContext): CompiledPolicy | null {
  const r = new PolicyReader(object, ctx.report);
  const namespace = object.namespace ?? "default";
  const policy = `${namespace}/${object.name}`;
  const spec = r.record(object.body.spec, ["spec"], SPEC_FIELDS);
  if (spec === undefined) return null;

  // KNP-1: podSelector (missing = {}) pinned to the policy namespace.
  const pods = r.selector(spec.podSelector, ["spec", "podSelector"], podKey);
  const subject: Selector = {
    requirements: [...(pods?.requirements ?? []), requirement(LABEL.namespace, "In", [namespace])],
  };
  const env: Env = { reader: r, subject, policy, namespace, profile: ctx.profile };

  const sections = SECTIONS.map((s) => ({ section: s, rules: r.list(spec[s.direction], ["spec", s.direction]) }));
  const egressRules = sections.find((s) => s.section.direction === "egress")?.rules ?? [];
  const policyTypes = readPolicyTypes(r, spec.policyTypes, egressRules);

  const rules: CompiledRule[] = [];
  const defaultDeny: DefaultDenyContribution[] = [];
  for (const { section, rules: raw } of sections) {
    if (raw === undefined) continue;
    // The API server validates every section, even one policyTypes makes irrelevant.
    const compiled = compileSection(env, section, raw);
    if (compiled === undefined || policyTypes === undefined) continue;
    const listed = policyTypes.types.has(section.type);
    const hasRules = raw.length > 0;
    let applies: boolean;
    let isolates: boolean;
    if (ctx.profile.knpIgnoresPolicyTypes) {
      // DD-8 / KNP-3: Cilium parses both sections whatever policyTypes says (GH#48703).
      applies = true;
      isolates = hasRules || listed;
      if (hasRules && !listed)
        r.report(
          CODES.policyTypesIgnored,
          "warning",
          ["spec", "policyTypes"],
          `spec.${section.direction} has rules but policyTypes does not list ${section.type}: Kubernetes ignores the ` +
            `section, Cilium still enforces it and isolates ${section.direction} of the selected pods (KNP-3, GH#48703)`,
          "KNP-3",
        );
    } else {
      applies = listed;
      isolates = listed;
      if (hasRules && !listed)
        r.report(
          CODES.sectionIgnored,
          "info",
          ["spec", section.direction],
          `spec.${section.direction} is ignored: policyTypes does not list ${section.type} (upstream semantics)`,
          "KNP-3",
        );
    }
    if (applies) rules.push(...compiled);
    if (isolates) {
      const at: FieldPath = policyTypes.paths.get(section.type) ?? (hasRules ? ["spec", section.direction] : ["spec"]);
      defaultDeny.push({ direction: section.direction, subject, enables: true, provenance: provenance(env, at) });
    }
  }
  if (!r.ok) return null;
  return { kind: KIND, policy, rules, defaultDeny };
}
