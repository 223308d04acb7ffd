import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatSelector } from "../../../src/core/algebra/selector.js";
import { networkPolicyKind } from "../../../src/core/kinds/network-policy/index.js";
import { parseManifests } from "../../../src/core/load/index.js";
import type {
  CompileContext,
  CompiledPolicy,
  Diagnostic,
  ManifestObject,
  PeerMatcher,
  PortMatcher,
  Profile,
  SourceFile,
} from "../../../src/core/model/index.js";
import { ciliumProfile, upstreamProfile } from "../../../src/core/model/index.js";

const PROFILES = { cilium: ciliumProfile, upstream: upstreamProfile } as const;
type ProfileName = keyof typeof PROFILES;

const context = (profile: Profile, diagnostics: Diagnostic[]): CompileContext => ({
  profile,
  inventory: { namespaces: new Map(), workloads: [], services: [] },
  report: (d) => diagnostics.push(d),
});

const FILE = "policies/np.yaml";

/** A NetworkPolicy `np` in namespace `shop` with the given spec (written at column 0, indented here). */
const manifest = (spec: string, metadata = "  name: np\n  namespace: shop\n"): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${metadata}spec:\n${spec
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n`;

const loadPolicies = (files: SourceFile[]): ManifestObject[] =>
  parseManifests(files).objects.filter((o) => o.kind === "NetworkPolicy");

const compileText = (text: string, profile: Profile) => {
  const [object] = loadPolicies([{ path: FILE, text }]);
  if (!object) throw new Error("no NetworkPolicy parsed");
  const diagnostics: Diagnostic[] = [];
  const policy = networkPolicyKind.compile(object, context(profile, diagnostics));
  return { policy, diagnostics };
};

const peerText = (p: PeerMatcher): string => {
  switch (p.kind) {
    case "selector":
      return p.selectors.map(formatSelector).join(" | ");
    case "cidr":
      return p.blocks.map((b) => (b.except.length ? `${b.cidr} except ${b.except.join(",")}` : b.cidr)).join(" | ");
    default:
      return p.kind;
  }
};

const portText = (ports: readonly PortMatcher[] | null): string =>
  ports === null
    ? "all"
    : ports
        .map((p) =>
          p.kind === "named"
            ? `${p.protocol}/${p.name}`
            : p.from === p.to
              ? `${p.protocol}/${p.from}`
              : `${p.protocol}/${p.from}-${p.to}`,
        )
        .join(",");

/** Compact view of a compiled policy: one string per rule and per default-deny contribution. */
const view = (policy: CompiledPolicy, text: string) => {
  const lines = text.split("\n");
  const src = (line: number) => lines[line - 1]?.trim();
  return {
    rules: policy.rules.map(
      (r) => `${r.direction} ${r.action} [${peerText(r.peer)}] ${portText(r.ports)} @${r.provenance.rulePath} «${src(r.provenance.line)}»`,
    ),
    defaultDeny: policy.defaultDeny.map((d) => `${d.direction}${d.enables ? "" : " (off)"} @${d.provenance.rulePath}`),
  };
};

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => d.code).sort();

interface Case {
  name: string;
  spec: string;
  profiles: readonly ProfileName[];
  rules: string[];
  defaultDeny: string[];
  diagnostics?: string[];
}

const BOTH: readonly ProfileName[] = ["cilium", "upstream"];
const NS = "k8s:io.kubernetes.pod.namespace";
const NSL = "k8s:io.cilium.k8s.namespace.labels.";

const cases: Case[] = [
  // ---- KNP-1: subject and DD-8 policyTypes defaulting --------------------------------------------
  {
    name: "KNP-1/DD-8: empty spec isolates ingress of every pod of the namespace (policyTypes defaults to [Ingress])",
    spec: "podSelector: {}",
    profiles: BOTH,
    rules: [],
    defaultDeny: ["ingress @spec"],
  },
  {
    name: "DD-8: omitted policyTypes + non-empty egress adds Egress",
    spec: "podSelector: {}\negress:\n- {}",
    profiles: BOTH,
    rules: ["egress allow [all] all @spec.egress[0] «- {}»"],
    defaultDeny: ["ingress @spec", "egress @spec.egress"],
  },
  {
    name: "DD-8: omitted policyTypes + `egress: []` stays [Ingress] (API server tests len(egress) != 0)",
    spec: "podSelector: {}\negress: []",
    profiles: BOTH,
    rules: [],
    defaultDeny: ["ingress @spec"],
  },
  {
    name: "DD-8: `policyTypes: []` is defaulted like an omitted field",
    spec: "podSelector: {}\npolicyTypes: []\ningress:\n- {}",
    profiles: BOTH,
    rules: ["ingress allow [all] all @spec.ingress[0] «- {}»"],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "DD-8: `ingress:` without a value (null) is no rule: isolation only",
    spec: "podSelector: {}\npolicyTypes: [Ingress]\ningress:",
    profiles: BOTH,
    rules: [],
    defaultDeny: ["ingress @spec.policyTypes[0]"],
  },
  {
    name: "DD-8: policyTypes [Egress] without rules isolates egress only",
    spec: "podSelector: {}\npolicyTypes:\n- Egress",
    profiles: BOTH,
    rules: [],
    defaultDeny: ["egress @spec.policyTypes[0]"],
  },
  {
    name: "§16 item 1 (KNP contrast): `ingress: []` with Ingress listed = isolation with no allow",
    spec: "podSelector: {}\npolicyTypes: [Ingress, Egress]\ningress: []",
    profiles: BOTH,
    rules: [],
    defaultDeny: ["ingress @spec.policyTypes[0]", "egress @spec.policyTypes[1]"],
  },
  // ---- KNP-3 / §16 item 16: Cilium ignores policyTypes --------------------------------------------
  {
    name: "KNP-3 §16 item 16 (cilium): policyTypes [Egress] + ingress rules still isolates and allows ingress",
    spec: "podSelector: {}\npolicyTypes: [Egress]\ningress:\n- from:\n  - podSelector: {}",
    profiles: ["cilium"],
    rules: [`ingress allow [${NS}=shop] all @spec.ingress[0].from[0] «- podSelector: {}»`],
    defaultDeny: ["ingress @spec.ingress", "egress @spec.policyTypes[0]"],
    diagnostics: ["KNP_POLICYTYPES_IGNORED"],
  },
  {
    name: "KNP-3 §16 item 16 (upstream): policyTypes [Egress] + ingress rules: the section is ignored",
    spec: "podSelector: {}\npolicyTypes: [Egress]\ningress:\n- from:\n  - podSelector: {}",
    profiles: ["upstream"],
    rules: [],
    defaultDeny: ["egress @spec.policyTypes[0]"],
    diagnostics: ["KNP_SECTION_IGNORED"],
  },
  {
    name: "KNP-3 (cilium): policyTypes [Ingress] + egress rules isolates and allows egress",
    spec: "podSelector: {}\npolicyTypes: [Ingress]\negress:\n- to:\n  - ipBlock:\n      cidr: 10.0.0.0/8",
    profiles: ["cilium"],
    rules: ["egress allow [10.0.0.0/8] all @spec.egress[0].to[0] «- ipBlock:»"],
    defaultDeny: ["ingress @spec.policyTypes[0]", "egress @spec.egress"],
    diagnostics: ["KNP_POLICYTYPES_IGNORED"],
  },
  {
    name: "KNP-3 (upstream): policyTypes [Ingress] + egress rules: egress untouched",
    spec: "podSelector: {}\npolicyTypes: [Ingress]\negress:\n- to:\n  - ipBlock:\n      cidr: 10.0.0.0/8",
    profiles: ["upstream"],
    rules: [],
    defaultDeny: ["ingress @spec.policyTypes[0]"],
    diagnostics: ["KNP_SECTION_IGNORED"],
  },
  {
    name: "KNP-3: policyTypes [Egress] + `ingress: []` changes nothing in either profile (no warning)",
    spec: "podSelector: {}\npolicyTypes: [Egress]\ningress: []",
    profiles: BOTH,
    rules: [],
    defaultDeny: ["egress @spec.policyTypes[0]"],
  },
  // ---- KNP-2: peers -------------------------------------------------------------------------------
  {
    name: "KNP-2: `ingress: [{}]` allows every peer on every port",
    spec: "podSelector:\n  matchLabels:\n    app: db\ningress:\n- {}",
    profiles: BOTH,
    rules: ["ingress allow [all] all @spec.ingress[0] «- {}»"],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-2: `from: []` means every source",
    spec: "podSelector: {}\ningress:\n- from: []\n  ports:\n  - port: 5432",
    profiles: BOTH,
    rules: ["ingress allow [all] TCP/5432 @spec.ingress[0] «- from: []»"],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-2: podSelector peer is pinned to the policy namespace, one rule per peer",
    spec: [
      "podSelector: {}",
      "ingress:",
      "- from:",
      "  - podSelector:",
      "      matchLabels:",
      "        app: web",
      "  - podSelector:",
      "      matchExpressions:",
      "      - {key: tier, operator: In, values: [a, b]}",
      "  ports:",
      "  - port: 80",
    ].join("\n"),
    profiles: BOTH,
    rules: [
      `ingress allow [k8s:app=web,${NS}=shop] TCP/80 @spec.ingress[0].from[0] «- podSelector:»`,
      `ingress allow [k8s:tier in (a,b),${NS}=shop] TCP/80 @spec.ingress[0].from[1] «- podSelector:»`,
    ],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-2 (cilium): namespaceSelector → namespace-label keys, no namespace pin",
    spec: "podSelector: {}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels:\n        team: a",
    profiles: ["cilium"],
    rules: [`ingress allow [${NSL}team=a] all @spec.ingress[0].from[0] «- namespaceSelector:»`],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-2 (upstream): namespaceSelector peers always require a pod namespace",
    spec: "podSelector: {}\ningress:\n- from:\n  - namespaceSelector:\n      matchLabels:\n        team: a",
    profiles: ["upstream"],
    rules: [`ingress allow [${NSL}team=a,${NS}] all @spec.ingress[0].from[0] «- namespaceSelector:»`],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-2: namespaceSelector AND podSelector in one peer",
    spec: [
      "podSelector: {}",
      "egress:",
      "- to:",
      "  - namespaceSelector:",
      "      matchLabels:",
      "        kubernetes.io/metadata.name: kube-system",
      "    podSelector:",
      "      matchLabels:",
      "        k8s-app: kube-dns",
      "  ports:",
      "  - port: 53",
      "    protocol: UDP",
    ].join("\n"),
    profiles: ["cilium"],
    rules: [
      `egress allow [${NSL}kubernetes.io/metadata.name=kube-system,k8s:k8s-app=kube-dns] UDP/53 @spec.egress[0].to[0] «- namespaceSelector:»`,
    ],
    defaultDeny: ["ingress @spec", "egress @spec.egress"],
  },
  {
    name: "KNP-2: `namespaceSelector: {}` = all pods of all namespaces (namespace label must exist), not world/host",
    spec: "podSelector: {}\ningress:\n- from:\n  - namespaceSelector: {}\n  - namespaceSelector: {}\n    podSelector:\n      matchLabels:\n        app: x",
    profiles: BOTH,
    rules: [
      `ingress allow [${NS}] all @spec.ingress[0].from[0] «- namespaceSelector: {}»`,
      `ingress allow [k8s:app=x,${NS}] all @spec.ingress[0].from[1] «- namespaceSelector: {}»`,
    ],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "EDGE-5 §16 item 5 (cilium): negative namespaceSelector over-selects and warns",
    spec: [
      "podSelector: {}",
      "ingress:",
      "- from:",
      "  - namespaceSelector:",
      "      matchExpressions:",
      "      - {key: team, operator: NotIn, values: [b]}",
    ].join("\n"),
    profiles: ["cilium"],
    rules: [`ingress allow [${NSL}team notin (b)] all @spec.ingress[0].from[0] «- namespaceSelector:»`],
    defaultDeny: ["ingress @spec.ingress"],
    diagnostics: ["NEGATIVE_NAMESPACE_SELECTOR"],
  },
  {
    name: "EDGE-5 (upstream): negative namespaceSelector matches pods only",
    spec: [
      "podSelector: {}",
      "ingress:",
      "- from:",
      "  - namespaceSelector:",
      "      matchExpressions:",
      "      - {key: team, operator: DoesNotExist}",
    ].join("\n"),
    profiles: ["upstream"],
    rules: [`ingress allow [!${NSL}team,${NS}] all @spec.ingress[0].from[0] «- namespaceSelector:»`],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "EDGE-5 (cilium): no warning when a positive pod requirement already excludes non-pod identities",
    spec: [
      "podSelector: {}",
      "ingress:",
      "- from:",
      "  - namespaceSelector:",
      "      matchExpressions:",
      "      - {key: team, operator: NotIn, values: [b]}",
      "    podSelector:",
      "      matchLabels: {app: x}",
    ].join("\n"),
    profiles: ["cilium"],
    rules: [`ingress allow [${NSL}team notin (b),k8s:app=x] all @spec.ingress[0].from[0] «- namespaceSelector:»`],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-2: ipBlock with except → CIDR peer",
    spec: [
      "podSelector: {}",
      "policyTypes: [Egress]",
      "egress:",
      "- to:",
      "  - ipBlock:",
      "      cidr: 0.0.0.0/0",
      "      except: [10.0.0.0/8, 192.168.0.0/16]",
      "  - ipBlock:",
      "      cidr: 2001:db8::/32",
    ].join("\n"),
    profiles: BOTH,
    rules: [
      "egress allow [0.0.0.0/0 except 10.0.0.0/8,192.168.0.0/16] all @spec.egress[0].to[0] «- ipBlock:»",
      "egress allow [2001:db8::/32] all @spec.egress[0].to[1] «- ipBlock:»",
    ],
    defaultDeny: ["egress @spec.policyTypes[0]"],
  },
  // ---- KNP-4: ports ---------------------------------------------------------------------------------
  {
    name: "KNP-4 §16 item 17: a port without protocol is TCP only (port 53 is not UDP/53)",
    spec: "podSelector: {}\npolicyTypes: [Egress]\negress:\n- ports:\n  - port: 53",
    profiles: BOTH,
    rules: ["egress allow [all] TCP/53 @spec.egress[0] «- ports:»"],
    defaultDeny: ["egress @spec.policyTypes[0]"],
  },
  {
    name: "KNP-4: protocols, missing port = whole protocol, endPort range, named port, several ports",
    spec: [
      "podSelector: {}",
      "ingress:",
      "- ports:",
      "  - {protocol: UDP, port: 53}",
      "  - protocol: SCTP",
      "  - {port: 8000, endPort: 8080}",
      "  - {port: http, protocol: TCP}",
      "  - port: metrics",
    ].join("\n"),
    profiles: BOTH,
    rules: ["ingress allow [all] UDP/53,SCTP/1-65535,TCP/8000-8080,TCP/http,TCP/metrics @spec.ingress[0] «- ports:»"],
    defaultDeny: ["ingress @spec.ingress"],
  },
  {
    name: "KNP-4: `ports: []` = every port and protocol; peers of one rule share its ports",
    spec: "podSelector: {}\ningress:\n- ports: []\n  from:\n  - podSelector: {matchLabels: {a: b}}\n  - ipBlock: {cidr: 1.2.3.4/32}",
    profiles: BOTH,
    rules: [
      `ingress allow [k8s:a=b,${NS}=shop] all @spec.ingress[0].from[0] «- podSelector: {matchLabels: {a: b}}»`,
      "ingress allow [1.2.3.4/32] all @spec.ingress[0].from[1] «- ipBlock: {cidr: 1.2.3.4/32}»",
    ],
    defaultDeny: ["ingress @spec.ingress"],
  },
  // ---- unknown fields (pruned by the API server) ---------------------------------------------------
  {
    name: "UNKNOWN_FIELD: misspelt and CNP-only fields are pruned with a warning",
    spec: "podselector:\n  matchLabels: {app: db}\ningress:\n- fromEndpoints:\n  - {}",
    profiles: BOTH,
    rules: ["ingress allow [all] all @spec.ingress[0] «- fromEndpoints:»"],
    defaultDeny: ["ingress @spec.ingress"],
    diagnostics: ["UNKNOWN_FIELD", "UNKNOWN_FIELD"],
  },
];

describe("network-policy kind: compile (KNP-1..4, DD-8)", () => {
  it.each(cases.flatMap((c) => c.profiles.map((p) => ({ ...c, profile: p }))))("[$profile] $name", (c) => {
    const text = manifest(c.spec);
    const { policy, diagnostics } = compileText(text, PROFILES[c.profile]);
    expect(policy).not.toBeNull();
    expect(view(policy!, text)).toEqual({ rules: c.rules, defaultDeny: c.defaultDeny });
    expect(codes(diagnostics)).toEqual(c.diagnostics ?? []);
  });

  it("KNP-1: subject = podSelector (k8s: keys) pinned to the policy namespace; provenance names the object", () => {
    const text = manifest("podSelector:\n  matchLabels:\n    app: db\ningress:\n- {}");
    const { policy } = compileText(text, ciliumProfile);
    const rule = policy!.rules[0]!;
    expect(formatSelector(rule.subject)).toBe(`k8s:app=db,${NS}=shop`);
    expect(policy!.defaultDeny[0]!.subject).toEqual(rule.subject);
    expect(rule.provenance).toMatchObject({ kind: "NetworkPolicy", policy: "shop/np", file: FILE, line: 11 });
    expect(policy).toMatchObject({ kind: "NetworkPolicy", policy: "shop/np" });
  });

  it("KNP-1: a policy without namespace lives in `default`; missing podSelector = all pods", () => {
    const text = manifest("ingress:\n- {}", "  name: np\n");
    const { policy } = compileText(text, ciliumProfile);
    expect(policy!.policy).toBe("default/np");
    expect(formatSelector(policy!.rules[0]!.subject)).toBe(`${NS}=default`);
  });

  it("KNP-1/DD-8: a NetworkPolicy without spec isolates ingress of every pod of its namespace", () => {
    const text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\n";
    const { policy, diagnostics } = compileText(text, upstreamProfile);
    expect(view(policy!, text)).toEqual({ rules: [], defaultDeny: ["ingress @spec"] });
    expect(formatSelector(policy!.defaultDeny[0]!.subject)).toBe(`${NS}=shop`);
    expect(diagnostics).toEqual([]);
  });

  it("registers as the network-policy kind for both served apiVersions", () => {
    expect(networkPolicyKind).toMatchObject({
      id: "network-policy",
      kind: "NetworkPolicy",
      apiVersions: ["networking.k8s.io/v1", "extensions/v1beta1"],
    });
  });

  it("KNP_POLICYTYPES_IGNORED is a KNP-3 warning at spec.policyTypes", () => {
    const text = manifest("podSelector: {}\npolicyTypes:\n- Egress\ningress:\n- {}");
    const { diagnostics } = compileText(text, ciliumProfile);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: "KNP_POLICYTYPES_IGNORED",
        severity: "warning",
        rule: "KNP-3",
        object: "NetworkPolicy shop/np",
        file: FILE,
        line: 8,
      }),
    ]);
  });
});

// ---- invalid objects: the API server rejects them, nobody enforces them (OBJ-4 analogue) -------------
interface InvalidCase {
  name: string;
  spec: string;
  /** Trimmed text of the line the error points at. */
  at: string;
  code?: string;
}

const invalidCases: InvalidCase[] = [
  { name: "spec.ingress not a list", spec: "ingress:\n  from: []", at: "ingress:" },
  { name: "from not a list", spec: "ingress:\n- from:\n    podSelector: {}", at: "- from:" },
  { name: "a port that is an object", spec: "ingress:\n- ports:\n  - port: {number: 80}", at: "- port: {number: 80}" },
  { name: "a port entry that is a string", spec: "ingress:\n- ports:\n  - http", at: "- http" },
  { name: "protocol outside TCP/UDP/SCTP", spec: "ingress:\n- ports:\n  - protocol: ICMP", at: "- protocol: ICMP" },
  { name: "lower-case protocol", spec: "ingress:\n- ports:\n  - {protocol: tcp, port: 1}", at: "- {protocol: tcp, port: 1}" },
  { name: "port 0", spec: "ingress:\n- ports:\n  - port: 0", at: "- port: 0" },
  { name: "port above 65535", spec: "ingress:\n- ports:\n  - port: 70000", at: "- port: 70000" },
  { name: "quoted numeric port is not a port name", spec: "ingress:\n- ports:\n  - port: \"80\"", at: '- port: "80"' },
  { name: "endPort below port", spec: "ingress:\n- ports:\n  - port: 90\n    endPort: 80", at: "endPort: 80" },
  { name: "endPort with a named port", spec: "ingress:\n- ports:\n  - port: http\n    endPort: 90", at: "endPort: 90" },
  { name: "endPort without port", spec: "ingress:\n- ports:\n  - endPort: 90", at: "- endPort: 90" },
  { name: "invalid CIDR", spec: "ingress:\n- from:\n  - ipBlock:\n      cidr: 10.0.0.0/33", at: "cidr: 10.0.0.0/33" },
  { name: "bare address as CIDR", spec: "ingress:\n- from:\n  - ipBlock:\n      cidr: 10.0.0.1", at: "cidr: 10.0.0.1" },
  { name: "ipBlock without cidr", spec: "ingress:\n- from:\n  - ipBlock: {except: [10.0.0.0/8]}", at: "- ipBlock: {except: [10.0.0.0/8]}" },
  {
    name: "except outside cidr (CIDR-2)",
    spec: "ingress:\n- from:\n  - ipBlock:\n      cidr: 10.0.0.0/8\n      except:\n      - 11.0.0.0/16",
    at: "- 11.0.0.0/16",
  },
  {
    name: "except equal to cidr (must be a strict subset)",
    spec: "ingress:\n- from:\n  - ipBlock:\n      cidr: 10.0.0.0/8\n      except: [10.0.0.0/8]",
    at: "except: [10.0.0.0/8]",
  },
  {
    name: "ipBlock with a selector in one peer",
    spec: "ingress:\n- from:\n  - ipBlock: {cidr: 10.0.0.0/8}\n    podSelector: {}",
    at: "- ipBlock: {cidr: 10.0.0.0/8}",
  },
  { name: "empty peer", spec: "ingress:\n- from:\n  - {}", at: "- {}" },
  { name: "unsupported policyType", spec: "policyTypes: [Ingress, ingress]", at: "policyTypes: [Ingress, ingress]" },
  { name: "more than two policyTypes", spec: "policyTypes: [Ingress, Egress, Ingress]", at: "policyTypes: [Ingress, Egress, Ingress]" },
  {
    name: "malformed selector",
    spec: "ingress:\n- from:\n  - podSelector:\n      matchExpressions:\n      - {key: a, operator: Has}",
    at: "- {key: a, operator: Has}",
    code: "INVALID_SELECTOR",
  },
  {
    name: "invalid section in a direction policyTypes ignores (still validated)",
    spec: "policyTypes: [Ingress]\negress:\n- to: 5",
    at: "- to: 5",
  },
];

describe("network-policy kind: objects the API server rejects (OBJ-4 analogue)", () => {
  it.each(invalidCases.flatMap((c) => BOTH.map((p) => ({ ...c, profile: p }))))("[$profile] $name", (c) => {
    const text = manifest(`podSelector: {}\n${c.spec}`);
    const { policy, diagnostics } = compileText(text, PROFILES[c.profile]);
    expect(policy).toBeNull();
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual([c.code ?? "INVALID_POLICY"]);
    expect(text.split("\n")[errors[0]!.line - 1]!.trim()).toBe(c.at);
    expect(errors[0]).toMatchObject({ file: FILE, object: "NetworkPolicy shop/np" });
  });

  it("a spec that is not an object", () => {
    const text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: shop}\nspec: [1]\n";
    const { policy, diagnostics } = compileText(text, ciliumProfile);
    expect(policy).toBeNull();
    expect(diagnostics).toEqual([expect.objectContaining({ code: "INVALID_POLICY", severity: "error", line: 4 })]);
  });

  it("reports every problem of the object, not only the first", () => {
    const text = manifest("podSelector: {}\ningress:\n- ports:\n  - port: 0\n- from:\n  - {}\negress: {}");
    const { policy, diagnostics } = compileText(text, ciliumProfile);
    expect(policy).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.line])).toEqual([
      ["INVALID_POLICY", 13],
      ["INVALID_POLICY", 10],
      ["INVALID_POLICY", 12],
    ]);
  });
});

// ---- conformance corpus: every NetworkPolicy of np-guard/netpol-analyzer compiles cleanly -----------
const CORPUS = fileURLToPath(new URL("../../../../shared/conformance/netpol-analyzer/", import.meta.url));

const sourceFiles = (dir: string, root: string = dir): SourceFile[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path, root);
      if (!/\.(ya?ml|json)$/.test(name)) return [];
      return [{ path: path.slice(root.length + 1), text: readFileSync(path, "utf8") }];
    });

const inputFolders = (): string[] =>
  readdirSync(CORPUS)
    .filter((c) => statSync(join(CORPUS, c)).isDirectory())
    .sort()
    .flatMap((c) =>
      ["manifests", "before", "after"].map((f) => join(CORPUS, c, f)).filter((d) => statSync(d, { throwIfNoEntry: false })),
    );

describe("network-policy kind: netpol-analyzer conformance corpus", () => {
  it("compiles every NetworkPolicy in both profiles without an error diagnostic", () => {
    const folders = inputFolders();
    expect(folders.length).toBeGreaterThanOrEqual(47);
    let compiled = 0;
    for (const folder of folders) {
      for (const object of loadPolicies(sourceFiles(folder))) {
        for (const profile of [ciliumProfile, upstreamProfile]) {
          const diagnostics: Diagnostic[] = [];
          const policy = networkPolicyKind.compile(object, context(profile, diagnostics));
          const where = `${folder} ${object.namespace ?? "default"}/${object.name} (${profile.name})`;
          expect(diagnostics.filter((d) => d.severity === "error"), where).toEqual([]);
          expect(policy, where).not.toBeNull();
          compiled++;
        }
      }
    }
    expect(compiled).toBeGreaterThan(100);
  });
});
