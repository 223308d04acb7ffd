import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatSelector } from "../../../src/core/algebra/selector.js";
import { ciliumClusterwideNetworkPolicyKind } from "../../../src/core/kinds/cilium-clusterwide-network-policy/index.js";
import { ciliumNetworkPolicyKind } from "../../../src/core/kinds/cilium-network-policy/index.js";
import { parseManifests } from "../../../src/core/load/index.js";
import type { CompiledPolicy, Diagnostic, Inventory, PeerMatcher, PolicyKind, SourceFile } from "../../../src/core/model/index.js";
import { ciliumProfile } from "../../../src/core/model/index.js";

/** Header of every test manifest: the spec body starts on line 6. */
const HEADER = "apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: cw\n";
const spec = (body: string): string =>
  `${HEADER}spec:\n${body
    .replace(/\s+$/, "")
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n`;

const EMPTY_INVENTORY: Inventory = { namespaces: new Map(), workloads: [], services: [] };
const KINDS: ReadonlyMap<string, PolicyKind> = new Map([ciliumNetworkPolicyKind, ciliumClusterwideNetworkPolicyKind].map((k) => [k.kind, k]));

const compileFiles = (files: SourceFile[]) => {
  const parsed = parseManifests(files);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const policies: (CompiledPolicy | null)[] = [];
  for (const object of parsed.objects) {
    const kind = KINDS.get(object.kind);
    if (!kind) continue;
    policies.push(kind.compile(object, { profile: ciliumProfile, inventory: EMPTY_INVENTORY, report: (d) => diagnostics.push(d) }));
  }
  return { policies, diagnostics };
};

const compile = (text: string) => {
  const { policies, diagnostics } = compileFiles([{ path: "cw.yaml", text }]);
  return { policy: policies[0] ?? null, diagnostics: diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.code}@${d.line}`) };
};

const peerText = (p: PeerMatcher): string => (p.kind === "selector" ? p.selectors.map(formatSelector).join(" | ") : p.kind);

describe("CiliumClusterwideNetworkPolicy (OBJ-2, SUBJ-3, NS-2)", () => {
  it("SUBJ-3: the subject is not pinned to any namespace; provenance names the policy without namespace", () => {
    const { policy, diagnostics } = compile(spec("endpointSelector: {}\ningress:\n- fromEntities: [host]"));
    expect(diagnostics).toEqual([]);
    expect(policy!.policy).toBe("cw");
    expect(formatSelector(policy!.rules[0]!.subject)).toBe("{}");
    expect(policy!.rules[0]!.provenance).toMatchObject({ kind: "CiliumClusterwideNetworkPolicy", policy: "cw", rulePath: "spec.ingress[0]", line: 8 });
  });

  it("SUBJ-3: a namespace key in the subject is honoured as written", () => {
    const { policy } = compile(spec("endpointSelector:\n  matchLabels:\n    io.kubernetes.pod.namespace: team-a\negress:\n- {}"));
    expect(formatSelector(policy!.defaultDeny[0]!.subject)).toBe("io.kubernetes.pod.namespace=team-a");
  });

  it.each([
    ["NS-2: fromEndpoints [{}] = every pod of every namespace (namespace Exists)", "- {}", "k8s:io.kubernetes.pod.namespace"],
    ["NS-2: a plain label gets namespace Exists", "- matchLabels: {app: x}", "app=x,k8s:io.kubernetes.pod.namespace"],
    [
      "§3.3: a namespace key is left unchanged",
      "- matchLabels: {io.kubernetes.pod.namespace: kube-system}",
      "io.kubernetes.pod.namespace=kube-system",
    ],
    [
      "§3.3: namespace-label keys still get namespace Exists in a CCNP",
      "- matchLabels: {io.cilium.k8s.namespace.labels.team: a}",
      "io.cilium.k8s.namespace.labels.team=a,k8s:io.kubernetes.pod.namespace",
    ],
    ["NS-6: reserved: keys are left unchanged", '- matchLabels: {"reserved:host": ""}', "reserved:host="],
  ])("%s", (_name, peer, expected) => {
    const { policy } = compile(spec(`endpointSelector: {}\ningress:\n- fromEndpoints:\n  ${peer}`));
    expect(peerText(policy!.rules[0]!.peer)).toBe(expected);
  });

  it("§3.3: peers of a reserved:init subject get no namespace injection", () => {
    const { policy } = compile(spec('endpointSelector:\n  matchLabels: {"reserved:init": ""}\negress:\n- toEndpoints:\n  - {}'));
    expect(peerText(policy!.rules[0]!.peer)).toBe("{}");
  });

  it("EDGE-5: a NotIn namespace selector is left unchanged and flagged", () => {
    const { policy, diagnostics } = compile(
      spec("endpointSelector: {}\negress:\n- toEndpoints:\n  - matchExpressions:\n    - {key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}"),
    );
    expect(peerText(policy!.rules[0]!.peer)).toBe("io.kubernetes.pod.namespace notin (kube-system)");
    expect(diagnostics).toEqual(["NEGATIVE_NAMESPACE_SELECTOR@9"]);
  });

  it("SVC-1: a CCNP k8sService without namespace matches that Service in every namespace", () => {
    const service = (namespace: string) => ({
      namespace,
      name: "dns",
      selector: { k8s: "dns" },
      labels: {},
      ports: [],
      position: { file: "s.yaml", line: 1, col: 1 },
    });
    const inventory: Inventory = { ...EMPTY_INVENTORY, services: [service("a"), service("b")] };
    const object = parseManifests([{ path: "cw.yaml", text: spec("endpointSelector: {}\negress:\n- toServices:\n  - k8sService: {serviceName: dns}") }])
      .objects[0]!;
    const policy = ciliumClusterwideNetworkPolicyKind.compile(object, { profile: ciliumProfile, inventory, report: () => undefined });
    expect(peerText(policy!.rules[0]!.peer)).toBe("k8s:k8s=dns,k8s:io.kubernetes.pod.namespace=a | k8s:k8s=dns,k8s:io.kubernetes.pod.namespace=b");
  });

  it("SUBJ-4/HOST-1: a nodeSelector rule is a host policy: validated, then left out with a warning", () => {
    const { policy, diagnostics } = compile(spec("nodeSelector: {}\ningress:\n- fromEntities: [remote-node]"));
    expect(diagnostics).toEqual(["HOST_POLICY_OUT_OF_SCOPE@6"]);
    expect(policy).toEqual({ kind: "CiliumClusterwideNetworkPolicy", policy: "cw", rules: [], defaultDeny: [] });
  });

  it("OBJ-4: an invalid host rule still invalidates the object (host ingress has no L7)", () => {
    const { policy, diagnostics } = compile(
      spec('nodeSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "80"\n      protocol: TCP\n    rules:\n      http: [{}]'),
    );
    expect(policy).toBeNull();
    expect(diagnostics).toEqual(["INVALID_POLICY@12"]);
  });

  it("OBJ-1: endpointSelector and nodeSelector together are invalid", () => {
    const { policy, diagnostics } = compile(spec("endpointSelector: {}\nnodeSelector: {}\ningress:\n- {}"));
    expect(policy).toBeNull();
    expect(diagnostics).toEqual(["INVALID_POLICY@5"]);
  });

  it("OBJ-2: metadata.namespace on a cluster-scoped policy is ignored (warning)", () => {
    const text = spec("endpointSelector: {}\ningress:\n- {}").replace("  name: cw\n", "  name: cw\n  namespace: shop\n");
    const { policy, diagnostics } = compile(text);
    expect(policy!.policy).toBe("cw");
    expect(formatSelector(policy!.defaultDeny[0]!.subject)).toBe("{}");
    expect(diagnostics).toEqual(["NAMESPACE_IGNORED@5"]);
  });
});

describe("Cilium connectivity-test policies (shared/conformance/cilium)", () => {
  const root = fileURLToPath(new URL("../../../../shared/conformance/cilium/", import.meta.url));
  const scenarios = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const policyFiles = (scenario: string): SourceFile[] => {
    const dir = join(root, scenario, "policies");
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return [];
    }
    return names.map((name) => ({ path: `${scenario}/policies/${name}`, text: readFileSync(join(dir, name), "utf8") }));
  };

  it("finds the scenarios", () => {
    expect(scenarios.length).toBeGreaterThan(20);
  });

  it.each(scenarios)("%s: every Cilium policy compiles without error diagnostics", (scenario) => {
    const { policies, diagnostics } = compileFiles(policyFiles(scenario));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(policies.every((p) => p !== null)).toBe(true);
  });

  it("client-egress-to-cidr-deny-default: a deny-only CNP turns on egress default deny (DD-3, CIDR-2)", () => {
    const { policies } = compileFiles(policyFiles("client-egress-to-cidr-deny-default"));
    const policy = policies[0]!;
    expect(policy.rules.map((r) => `${r.action} ${r.peer.kind === "cidr" ? r.peer.blocks.map((b) => `${b.cidr}-${b.except.join(",")}`).join() : r.peer.kind}`)).toEqual([
      "deny 1.0.0.0/8-1.1.1.1/32",
      "deny 2606:4700:4700::/96-2606:4700:4700::1111/128",
    ]);
    expect(policy.defaultDeny.map((d) => `${d.direction}:${d.enables}`)).toEqual(["egress:true"]);
  });

  it("all-ingress-deny: ingress [{}] compiles to no rule and ingress default deny (PEER-4)", () => {
    const { policies } = compileFiles(policyFiles("all-ingress-deny"));
    expect(policies[0]!.rules).toEqual([]);
    expect(policies[0]!.defaultDeny.map((d) => `${d.direction}:${d.enables}`)).toEqual(["ingress:true"]);
  });

  it("echo-ingress-l7: HTTP rules on TCP/8080 from the other client (L7-1)", () => {
    const { policies } = compileFiles(policyFiles("echo-ingress-l7"));
    const rule = policies[0]!.rules[0]!;
    expect(rule.ports).toEqual([{ kind: "range", protocol: "TCP", from: 8080, to: 8080 }]);
    expect(rule.l7).toEqual({
      protocol: "http",
      http: [
        { method: "GET", path: "/$" },
        { method: "GET", path: "/public$" },
        { method: "GET", path: "/private$", headers: ["X-Very-Secret-Token: 42"] },
      ],
    });
  });
});
