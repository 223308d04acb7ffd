import { describe, expect, it } from "vitest";
import { formatSelector } from "../../../src/core/algebra/selector.js";
import { ciliumNetworkPolicyKind } from "../../../src/core/kinds/cilium-network-policy/index.js";
import { parseManifests } from "../../../src/core/load/index.js";
import type { CompiledPolicy, Diagnostic, Inventory, PeerMatcher, PortMatcher, Profile, Service } from "../../../src/core/model/index.js";
import { ciliumProfile } from "../../../src/core/model/index.js";

/** Header of every test manifest: the spec body starts on line 7. */
const HEADER = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\n";
const indent = (body: string): string =>
  body
    .replace(/^\n/, "")
    .replace(/\s+$/, "")
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
/** A CNP whose `spec` is `body` (body line k is file line 6 + k). */
const spec = (body: string): string => `${HEADER}spec:\n${indent(body)}\n`;
/** A CNP with a `specs` list written at the top level (body line k is file line 5 + k). */
const top = (body: string): string => `${HEADER}${body.replace(/^\n/, "")}`;

const EMPTY_INVENTORY: Inventory = { namespaces: new Map(), workloads: [], services: [] };

const compile = (text: string, profile: Profile = ciliumProfile, inventory: Inventory = EMPTY_INVENTORY) => {
  const parsed = parseManifests([{ path: "p.yaml", text }]);
  const object = parsed.objects.find((o) => o.kind === "CiliumNetworkPolicy");
  if (!object) throw new Error(`no CNP parsed: ${JSON.stringify(parsed.diagnostics)}`);
  const diagnostics: Diagnostic[] = [];
  const policy = ciliumNetworkPolicyKind.compile(object, { profile, inventory, report: (d) => diagnostics.push(d) });
  return { policy, diagnostics };
};

const peerText = (p: PeerMatcher): string => {
  switch (p.kind) {
    case "selector":
      return p.selectors.map(formatSelector).join(" | ");
    case "cidr":
      return p.blocks.map((b) => (b.except.length ? `${b.cidr} except ${b.except.join(",")}` : b.cidr)).join(" | ");
    case "entities":
      return `entities:${p.entities.join(",")}`;
    case "fqdn":
      return `fqdn:${p.selectors.map((s) => s.matchName ?? `~${s.matchPattern}`).join(",")}`;
    default:
      return p.kind;
  }
};

const portText = (ports: readonly PortMatcher[] | null): string =>
  ports === null
    ? "all"
    : ports
        .map((p) => (p.kind === "named" ? `${p.protocol}/${p.name}` : p.from === p.to ? `${p.protocol}/${p.from}` : `${p.protocol}/${p.from}-${p.to}`))
        .join(",");

/** Compact, readable view of what compile produced. */
const view = (policy: CompiledPolicy) => ({
  rules: policy.rules.map((r) => {
    const l7 = !r.l7
      ? ""
      : r.l7.protocol === "http"
        ? ` http(${r.l7.http.map((h) => `${h.method ?? "*"} ${h.path ?? "*"}${h.headers ? ` +${h.headers.join(",")}` : ""}`).join("; ")})`
        : ` dns(${r.l7.dns.map((d) => d.matchName ?? `~${d.matchPattern}`).join(",")})`;
    return `${r.direction} ${r.action} [${peerText(r.peer)}] ${portText(r.ports)}${l7} @${r.provenance.rulePath}:${r.provenance.line}`;
  }),
  defaultDeny: policy.defaultDeny.map((d) => `${d.direction} ${d.enables ? "on" : "off"} @${d.provenance.rulePath}:${d.provenance.line}`),
});

/** Non-info diagnostics as `CODE@line`. */
const codes = (diagnostics: Diagnostic[], withInfo = false): string[] =>
  diagnostics.filter((d) => withInfo || d.severity !== "info").map((d) => `${d.code}@${d.line}`);

interface Case {
  name: string;
  text: string;
  profile?: Partial<Profile>;
  inventory?: Inventory;
  rules?: string[];
  defaultDeny?: string[];
  /** Non-info diagnostics (`CODE@line`); `[]` when omitted. */
  diagnostics?: string[];
  /** The object is invalid: compile returns null (OBJ-4). */
  invalid?: boolean;
}

const run = (c: Case): void => {
  const { policy, diagnostics } = compile(c.text, { ...ciliumProfile, ...c.profile }, c.inventory);
  expect(codes(diagnostics)).toEqual(c.diagnostics ?? []);
  if (c.invalid) {
    expect(policy).toBeNull();
    return;
  }
  expect(policy).not.toBeNull();
  const v = view(policy!);
  if (c.rules) expect(v.rules).toEqual(c.rules);
  if (c.defaultDeny) expect(v.defaultDeny).toEqual(c.defaultDeny);
};

describe("CiliumNetworkPolicy subject (SUBJ-1, SUBJ-2)", () => {
  const subjectOf = (text: string) => {
    const { policy, diagnostics } = compile(text);
    return { subject: formatSelector(policy!.defaultDeny[0]!.subject), diagnostics: codes(diagnostics) };
  };

  it("SUBJ-2: the subject is pinned to the policy namespace, keys normalised to any: (LBL-1)", () => {
    const r = subjectOf(spec("endpointSelector:\n  matchLabels:\n    app: web\n    k8s:tier: db\ningress:\n- {}"));
    expect(r).toEqual({ subject: "app=web,k8s:tier=db,k8s:io.kubernetes.pod.namespace=shop", diagnostics: [] });
  });

  it("SUBJ-2: endpointSelector {} = every pod of the policy namespace", () => {
    expect(subjectOf(spec("endpointSelector: {}\ningress:\n- {}")).subject).toBe("k8s:io.kubernetes.pod.namespace=shop");
  });

  it("SUBJ-2: a k8s:-prefixed namespace of another namespace is overwritten, with a warning", () => {
    const r = subjectOf(spec('endpointSelector:\n  matchLabels:\n    "k8s:io.kubernetes.pod.namespace": other\ningress:\n- {}'));
    expect(r).toEqual({ subject: "k8s:io.kubernetes.pod.namespace=shop", diagnostics: ["SUBJECT_NAMESPACE_OVERWRITTEN@9"] });
  });

  it("SUBJ-2: an unprefixed namespace key stays next to the pinned one: the rule matches nothing", () => {
    const r = subjectOf(spec("endpointSelector:\n  matchLabels:\n    io.kubernetes.pod.namespace: other\ningress:\n- {}"));
    expect(r).toEqual({
      subject: "io.kubernetes.pod.namespace=other,k8s:io.kubernetes.pod.namespace=shop",
      diagnostics: ["SUBJECT_NAMESPACE_MISMATCH@7"],
    });
  });

  it("SUBJ-2: naming the policy's own namespace unprefixed is harmless", () => {
    const r = subjectOf(spec("endpointSelector:\n  matchLabels:\n    io.kubernetes.pod.namespace: shop\ningress:\n- {}"));
    expect(r.diagnostics).toEqual([]);
  });

  it("LBL-3: a subject on a label the identity filter drops gets a warning", () => {
    const r = subjectOf(spec("endpointSelector:\n  matchLabels:\n    statefulset.kubernetes.io/pod-name: db-0\ningress:\n- {}"));
    expect(r.diagnostics).toEqual(["SELECTOR_ON_FILTERED_LABEL@7"]);
  });
});

describe("CiliumNetworkPolicy peers: namespace injection (§3.3, NS-1..6)", () => {
  const cases: Case[] = [
    {
      name: "NS-1: fromEndpoints [{}] = every pod of the policy's own namespace",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - {}"),
      rules: ["ingress allow [k8s:io.kubernetes.pod.namespace=shop] all @spec.ingress[0]:9"],
    },
    {
      name: "NS-3: a namespace key in the peer is left unchanged (cross-namespace grant)",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels:\n      io.kubernetes.pod.namespace: other\n      app: x"),
      rules: ["ingress allow [io.kubernetes.pod.namespace=other,app=x] all @spec.ingress[0]:9"],
    },
    {
      name: "NS-3: any operator on the namespace key disables injection",
      text: spec(
        "endpointSelector: {}\negress:\n- toEndpoints:\n  - matchExpressions:\n    - {key: io.kubernetes.pod.namespace, operator: In, values: [kube-system]}",
      ),
      rules: ["egress allow [io.kubernetes.pod.namespace=kube-system] all @spec.egress[0]:9"],
    },
    {
      name: "NS-4: namespace-label keys select any namespace with those labels (≥ 1.16)",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels:\n      io.cilium.k8s.namespace.labels.team: a"),
      rules: ["ingress allow [io.cilium.k8s.namespace.labels.team=a] all @spec.ingress[0]:9"],
    },
    {
      name: "NS-4: before 1.16 the policy namespace was still added",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels:\n      io.cilium.k8s.namespace.labels.team: a"),
      profile: { ciliumVersion: "1.15" },
      rules: ["ingress allow [io.cilium.k8s.namespace.labels.team=a,k8s:io.kubernetes.pod.namespace=shop] all @spec.ingress[0]:9"],
    },
    {
      name: "NS-5: a service-account peer is namespace-scoped like any other label",
      text: spec("endpointSelector: {}\negress:\n- toEndpoints:\n  - matchLabels:\n      io.cilium.k8s.policy.serviceaccount: echo"),
      rules: ["egress allow [io.cilium.k8s.policy.serviceaccount=echo,k8s:io.kubernetes.pod.namespace=shop] all @spec.egress[0]:9"],
    },
    {
      name: "NS-6: reserved: selectors are left unchanged (info RESERVED_LABEL_SELECTOR)",
      text: spec('endpointSelector: {}\negress:\n- toEndpoints:\n  - matchLabels:\n      "reserved:world": ""'),
      rules: ["egress allow [reserved:world=] all @spec.egress[0]:9"],
    },
    {
      name: "EDGE-5: NotIn on the namespace key gets no pinning and over-selects non-pod identities (warning)",
      text: spec(
        "endpointSelector: {}\negress:\n- toEndpoints:\n  - matchExpressions:\n    - {key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}",
      ),
      rules: ["egress allow [io.kubernetes.pod.namespace notin (kube-system)] all @spec.egress[0]:9"],
      diagnostics: ["NEGATIVE_NAMESPACE_SELECTOR@10"],
    },
    {
      name: "LBL-3: a peer selector on a filtered label (topology zone) gets a warning",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels:\n      topology.kubernetes.io/zone: a"),
      diagnostics: ["SELECTOR_ON_FILTERED_LABEL@10"],
    },
    {
      name: "LBL-3: no warning when the profile does not filter labels",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - matchLabels:\n      topology.kubernetes.io/zone: a"),
      profile: { labelFilter: false },
    },
  ];
  it.each(cases)("$name", run);

  it("NS-6: the reserved selector is reported as info", () => {
    const { diagnostics } = compile(spec('endpointSelector: {}\negress:\n- toEndpoints:\n  - matchLabels:\n      "reserved:host": ""'));
    expect(codes(diagnostics, true)).toEqual(["RESERVED_LABEL_SELECTOR@10"]);
  });
});

describe("CiliumNetworkPolicy peers: kinds, nil and empty (PEER-1..5, §5, CIDR, FQDN, SVC)", () => {
  const cases: Case[] = [
    {
      name: "PEER-1: two peer kinds in one rule make the whole object invalid",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints:\n  - {}\n  fromEntities:\n  - world"),
      diagnostics: ["INVALID_POLICY@11"],
      invalid: true,
    },
    {
      name: "PEER-2: fromEndpoints: [] selects nobody, and still counts for default deny",
      text: spec("endpointSelector: {}\ningress:\n- fromEndpoints: []"),
      rules: ["ingress allow [none] all @spec.ingress[0]:9"],
      defaultDeny: ["ingress on @spec.ingress:8"],
    },
    {
      name: "PEER-2: an explicitly empty list next to a non-empty one still selects nobody",
      text: spec("endpointSelector: {}\negress:\n- toEntities: []\n  toCIDR: [10.0.0.0/8]"),
      rules: ["egress allow [none] all @spec.egress[0]:9"],
    },
    {
      name: "PEER-3: no peer but toPorts = every peer, world included",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "80"\n      protocol: TCP'),
      rules: ["ingress allow [all] TCP/80 @spec.ingress[0]:9"],
    },
    {
      name: "PEER-3: toFQDNs: [] is not an empty peer list in Cilium (warning)",
      text: spec('endpointSelector: {}\negress:\n- toFQDNs: []\n  toPorts:\n  - ports:\n    - port: "443"\n      protocol: TCP'),
      rules: ["egress allow [all] TCP/443 @spec.egress[0]:9"],
      diagnostics: ["EMPTY_PEER_LIST_WILDCARD@9"],
    },
    {
      name: "PEER-4: a {} rule compiles to no rule but enables default deny",
      text: spec("endpointSelector: {}\ningress:\n- {}"),
      rules: [],
      defaultDeny: ["ingress on @spec.ingress:8"],
    },
    {
      name: "PEER-5: list elements are independent rules",
      text: spec("endpointSelector: {}\negress:\n- toEntities: [world]\n- toEntities: [cluster, kube-apiserver]"),
      rules: ["egress allow [entities:world] all @spec.egress[0]:9", "egress allow [entities:cluster,kube-apiserver] all @spec.egress[1]:10"],
    },
    {
      name: "§16 item 22: world-ipv4 is not in the CRD's entity enum",
      text: spec("endpointSelector: {}\negress:\n- toEntities: [world-ipv4]"),
      diagnostics: ["INVALID_POLICY@9"],
      invalid: true,
    },
    {
      name: "§17: cluster-mesh is an entity only from 1.20",
      text: spec("endpointSelector: {}\negress:\n- toEntities:\n  - cluster-mesh"),
      diagnostics: ["INVALID_POLICY@10"],
      invalid: true,
    },
    {
      name: "§17: cluster-mesh is accepted on 1.20",
      text: spec("endpointSelector: {}\negress:\n- toEntities:\n  - cluster-mesh"),
      profile: { ciliumVersion: "1.20" },
      rules: ["egress allow [entities:cluster-mesh] all @spec.egress[0]:9"],
    },
    {
      name: "CIDR-1: toCIDR takes prefixes and bare addresses",
      text: spec("endpointSelector: {}\negress:\n- toCIDR: [0.0.0.0/0, '::/0', 1.1.1.1]"),
      rules: ["egress allow [0.0.0.0/0 | ::/0 | 1.1.1.1] all @spec.egress[0]:9"],
    },
    {
      name: "CIDR-2: except inside its own cidr",
      text: spec("endpointSelector: {}\negressDeny:\n- toCIDRSet:\n  - cidr: 1.0.0.0/8\n    except: [1.1.1.1/32]"),
      rules: ["egress deny [1.0.0.0/8 except 1.1.1.1/32] all @spec.egressDeny[0]:9"],
      defaultDeny: ["egress on @spec.egressDeny:8"],
    },
    {
      name: "CIDR-2: an except outside its cidr makes the object invalid",
      text: spec("endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidr: 1.0.0.0/8\n    except:\n    - 2.0.0.0/16"),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
    {
      name: "CIDR-2: an except of the other family is outside too",
      text: spec("endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidr: 1.0.0.0/8\n    except:\n    - '2606:4700::/96'"),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
    {
      name: "CIDR-1: a CIDRSet entry needs address/prefix notation",
      text: spec("endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidr: 1.1.1.1"),
      diagnostics: ["INVALID_POLICY@10"],
      invalid: true,
    },
    {
      name: "CIDR-1: cidrGroupRef in an allow matches nothing (warning)",
      text: spec("endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidrGroupRef: partners"),
      rules: ["egress allow [none] all @spec.egress[0]:9"],
      diagnostics: ["CIDR_GROUP_UNSUPPORTED@10"],
    },
    {
      name: "CIDR-1: cidrGroupRef in a deny cannot be modelled (error, no silent allow)",
      text: spec("endpointSelector: {}\negressDeny:\n- toCIDRSet:\n  - cidrGroupRef: blocked"),
      rules: ["egress deny [none] all @spec.egressDeny[0]:9"],
      diagnostics: ["CIDR_GROUP_UNSUPPORTED@10", "ANALYSIS_INCOMPLETE@10"],
    },
    {
      name: "CIDR-1: cidr and cidrGroupRef together are invalid",
      text: spec("endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidr: 10.0.0.0/8\n    cidrGroupRef: x"),
      diagnostics: ["INVALID_POLICY@10"],
      invalid: true,
    },
    {
      name: "FQDN-1: toFQDNs allows DNS names (with ports)",
      text: spec(
        'endpointSelector: {}\negress:\n- toFQDNs:\n  - matchName: one.one.one.one.\n  - matchPattern: "*.cilium.io"\n  toPorts:\n  - ports:\n    - port: "443"',
      ),
      rules: ["egress allow [fqdn:one.one.one.one.,~*.cilium.io] TCP/443,UDP/443,SCTP/443 @spec.egress[0]:9"],
    },
    {
      name: "FQDN-1: egressDeny has no toFQDNs",
      text: spec("endpointSelector: {}\negressDeny:\n- toFQDNs:\n  - matchName: example.com"),
      diagnostics: ["INVALID_POLICY@9"],
      invalid: true,
    },
    {
      name: "FQDN-2: a selector holds matchName or matchPattern, not both",
      text: spec("endpointSelector: {}\negress:\n- toFQDNs:\n  - matchName: example.com\n    matchPattern: '*.example.com'"),
      diagnostics: ["INVALID_POLICY@10"],
      invalid: true,
    },
    {
      name: "fromNodes needs enable-node-selector-labels (off by default)",
      text: spec("endpointSelector: {}\ningress:\n- fromNodes:\n  - {}"),
      diagnostics: ["INVALID_POLICY@9"],
      invalid: true,
    },
    {
      name: "toGroups (cloud security groups) cannot be read: warning, matches nothing",
      text: spec("endpointSelector: {}\negress:\n- toGroups:\n  - aws:\n      securityGroupsIds: [sg-1]"),
      rules: ["egress allow [none] all @spec.egress[0]:9"],
      diagnostics: ["CIDR_GROUP_UNSUPPORTED@9"],
    },
  ];
  it.each(cases)("$name", run);
});

describe("CiliumNetworkPolicy toServices (SVC-1, SVC-2)", () => {
  const svc = (namespace: string, name: string, selector: Record<string, string> | null, labels: Record<string, string> = {}): Service => ({
    namespace,
    name,
    selector,
    labels,
    ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
    position: { file: "svc.yaml", line: 1, col: 1 },
  });
  const inventory: Inventory = {
    namespaces: new Map(),
    workloads: [],
    services: [svc("shop", "api", { app: "api" }, { tier: "backend" }), svc("db", "pg", { app: "pg" }), svc("shop", "ext", null)],
  };
  const cases: Case[] = [
    {
      name: "SVC-2: k8sService without namespace resolves in the policy namespace to the backend selector",
      text: spec('endpointSelector: {}\negress:\n- toServices:\n  - k8sService:\n      serviceName: api\n  toPorts:\n  - ports:\n    - port: "8080"\n      protocol: TCP'),
      inventory,
      rules: ["egress allow [k8s:app=api,k8s:io.kubernetes.pod.namespace=shop] TCP/8080 @spec.egress[0]:9"],
    },
    {
      name: "SVC-2: k8sService in another namespace",
      text: spec("endpointSelector: {}\negress:\n- toServices:\n  - k8sService:\n      serviceName: pg\n      namespace: db"),
      inventory,
      rules: ["egress allow [k8s:app=pg,k8s:io.kubernetes.pod.namespace=db] all @spec.egress[0]:9"],
    },
    {
      name: "SVC-1: k8sServiceSelector matches Service labels",
      text: spec("endpointSelector: {}\negress:\n- toServices:\n  - k8sServiceSelector:\n      selector:\n        matchLabels:\n          tier: backend\n      namespace: shop"),
      inventory,
      rules: ["egress allow [k8s:app=api,k8s:io.kubernetes.pod.namespace=shop] all @spec.egress[0]:9"],
    },
    {
      name: "SVC-2: a selector-less Service selects no pod (warning)",
      text: spec("endpointSelector: {}\negress:\n- toServices:\n  - k8sService:\n      serviceName: ext"),
      inventory,
      rules: ["egress allow [none] all @spec.egress[0]:9"],
      diagnostics: ["TO_SERVICES_NO_SELECTOR@10"],
    },
    {
      name: "SVC-1: an unknown Service allows nothing (warning)",
      text: spec("endpointSelector: {}\negress:\n- toServices:\n  - k8sService:\n      serviceName: nope"),
      inventory,
      rules: ["egress allow [none] all @spec.egress[0]:9"],
      diagnostics: ["TO_SERVICES_UNRESOLVED@10"],
    },
  ];
  it.each(cases)("$name", run);
});

describe("CiliumNetworkPolicy ports and ICMP (L4-1..6)", () => {
  const cases: Case[] = [
    {
      name: "L4-2: protocol ANY or omitted = TCP, UDP and SCTP (never ICMP)",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "53"\n      protocol: ANY\n    - port: "80"'),
      rules: ["ingress allow [all] TCP/53,UDP/53,SCTP/53,TCP/80,UDP/80,SCTP/80 @spec.ingress[0]:9"],
    },
    {
      name: 'L4-3: port "0" = every port of the protocol; endPort makes a range',
      text: spec('endpointSelector: {}\negress:\n- toPorts:\n  - ports:\n    - port: "0"\n      protocol: UDP\n    - port: "64"\n      endPort: 127\n      protocol: TCP'),
      rules: ["egress allow [all] UDP/1-65535,TCP/64-127 @spec.egress[0]:9"],
    },
    {
      name: "L4-3: an endPort below port is ignored (warning)",
      text: spec('endpointSelector: {}\negress:\n- toPorts:\n  - ports:\n    - port: "80"\n      endPort: 70\n      protocol: TCP'),
      rules: ["egress allow [all] TCP/80 @spec.egress[0]:9"],
      diagnostics: ["PORT_RANGE_IGNORED@12"],
    },
    {
      name: "L4-4: named ports (case-insensitive), ANY kept as ANY",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: HTTP-8080\n      protocol: TCP\n    - port: "dns"'),
      rules: ["ingress allow [all] TCP/http-8080,ANY/dns @spec.ingress[0]:9"],
    },
    {
      name: "L4-3: a missing port is invalid",
      text: spec("endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - protocol: TCP"),
      diagnostics: ["INVALID_POLICY@11"],
      invalid: true,
    },
    {
      name: "L4-3: an unquoted port number is not a string: the CRD schema rejects it",
      text: spec("endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: 80"),
      diagnostics: ["INVALID_POLICY@11"],
      invalid: true,
    },
    {
      name: "L4-3: ports above 65535 are invalid",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "70000"'),
      diagnostics: ["INVALID_POLICY@11"],
      invalid: true,
    },
    {
      name: "L4-2: ICMP is not a toPorts protocol",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "8"\n      protocol: ICMP'),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
    {
      name: "L4-1: at most 40 ports per port rule",
      text: spec(
        `endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n${Array.from({ length: 41 }, (_, i) => `    - port: "${1000 + i}"`).join("\n")}`,
      ),
      diagnostics: ["INVALID_POLICY@10"],
      invalid: true,
    },
    {
      name: "L4-6: ICMP types by number and by name, per family",
      text: spec(
        "endpointSelector: {}\ningress:\n- fromEntities: [world]\n  icmps:\n  - fields:\n    - type: 8\n    - family: IPv6\n      type: EchoRequest\n    - type: DestinationUnreachable",
      ),
      rules: ["ingress allow [entities:world] ICMP/8,ICMPv6/128,ICMP/3 @spec.ingress[0]:9"],
    },
    {
      name: "L4-6: an unknown type name is invalid",
      text: spec("endpointSelector: {}\ningress:\n- icmps:\n  - fields:\n    - family: IPv6\n      type: Redirect"),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
    {
      name: "L4-6: icmps and toPorts cannot share a rule",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "80"\n  icmps:\n  - fields:\n    - type: 8'),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
  ];
  it.each(cases)("$name", run);
});

describe("CiliumNetworkPolicy L7 rules (L7-1, L7-5, L7-6)", () => {
  const cases: Case[] = [
    {
      name: "L7-1: HTTP rules restrict a TCP port",
      text: spec(
        'endpointSelector: {}\ningress:\n- fromEndpoints: [{}]\n  toPorts:\n  - ports:\n    - port: "8080"\n      protocol: TCP\n    rules:\n      http:\n      - method: GET\n        path: "/public$"\n      - headers: ["X-Token: 42"]',
      ),
      rules: ["ingress allow [k8s:io.kubernetes.pod.namespace=shop] TCP/8080 http(GET /public$; * * +X-Token: 42) @spec.ingress[0]:9"],
    },
    {
      name: "L7-1: several toPorts entries with L7 become one rule per entry",
      text: spec(
        'endpointSelector: {}\negress:\n- toEntities: [world]\n  toPorts:\n  - ports:\n    - port: "53"\n      protocol: UDP\n    rules:\n      dns:\n      - matchPattern: "*"\n  - ports:\n    - port: "443"\n      protocol: TCP',
      ),
      rules: [
        "egress allow [entities:world] UDP/53 dns(~*) @spec.egress[0].toPorts[0]:11",
        "egress allow [entities:world] TCP/443 @spec.egress[0].toPorts[1]:17",
      ],
    },
    {
      name: "L7-1: DNS rules are egress only",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "53"\n    rules:\n      dns:\n      - matchName: a.b'),
      diagnostics: ["INVALID_POLICY@13"],
      invalid: true,
    },
    {
      name: "L7-1: DNS rules need explicit ports",
      text: spec("endpointSelector: {}\negress:\n- toPorts:\n  - rules:\n      dns:\n      - matchName: a.b"),
      diagnostics: ["INVALID_POLICY@11"],
      invalid: true,
    },
    {
      name: "L7-1: DNS rules do not support port ranges",
      text: spec('endpointSelector: {}\negress:\n- toPorts:\n  - ports:\n    - port: "53"\n      endPort: 60\n    rules:\n      dns:\n      - matchName: a.b'),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
    {
      name: "L7-1: two L7 types on one port rule are invalid",
      text: spec(
        'endpointSelector: {}\negress:\n- toPorts:\n  - ports:\n    - port: "80"\n      protocol: TCP\n    rules:\n      http: [{}]\n      dns: [{matchName: a.b}]',
      ),
      diagnostics: ["INVALID_POLICY@13"],
      invalid: true,
    },
    {
      name: "L7-1: Kafka on ≤ 1.19 is kept as an L4-only allow (warning)",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "9092"\n      protocol: TCP\n    rules:\n      kafka:\n      - topic: orders'),
      rules: ["ingress allow [all] TCP/9092 @spec.ingress[0]:9"],
      diagnostics: ["L7_UNSUPPORTED_PROTOCOL@14"],
    },
    {
      name: "L7-1: Kafka was removed in 1.20",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "9092"\n      protocol: TCP\n    rules:\n      kafka:\n      - topic: orders'),
      profile: { ciliumVersion: "1.20" },
      diagnostics: ["INVALID_POLICY@14"],
      invalid: true,
    },
    {
      name: "L7-6: HTTP rules need protocol TCP (ANY/omitted is not TCP)",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "80"\n    rules:\n      http: [{method: GET}]'),
      diagnostics: ["INVALID_POLICY@11"],
      invalid: true,
    },
    {
      name: "L7-6: HTTP rules on UDP are invalid",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "80"\n      protocol: UDP\n    rules:\n      http: [{method: GET}]'),
      diagnostics: ["INVALID_POLICY@12"],
      invalid: true,
    },
    {
      name: "L4-3: L7 rules are not allowed with port 0",
      text: spec('endpointSelector: {}\ningress:\n- toPorts:\n  - ports:\n    - port: "0"\n      protocol: TCP\n    rules:\n      http: [{method: GET}]'),
      diagnostics: ["INVALID_POLICY@13"],
      invalid: true,
    },
    {
      name: "L7-5: deny rules have no L7 part",
      text: spec('endpointSelector: {}\ningressDeny:\n- toPorts:\n  - ports:\n    - port: "80"\n      protocol: TCP\n    rules:\n      http: [{method: GET}]'),
      diagnostics: ["INVALID_POLICY@13"],
      invalid: true,
    },
    {
      name: "L4-7: serverNames are not modelled (warning)",
      text: spec('endpointSelector: {}\negress:\n- toPorts:\n  - ports:\n    - port: "443"\n      protocol: TCP\n    serverNames: [api.example.com]'),
      rules: ["egress allow [all] TCP/443 @spec.egress[0]:9"],
      diagnostics: ["UNSUPPORTED_FIELD@13"],
    },
  ];
  it.each(cases)("$name", run);
});

describe("CiliumNetworkPolicy default deny and validity (DD-2..5, OBJ-1, OBJ-4, REQ-1)", () => {
  const cases: Case[] = [
    {
      name: "DD-2: allow sections enable default deny in their direction only",
      text: spec("endpointSelector: {}\negress:\n- toEntities: [world]"),
      defaultDeny: ["egress on @spec.egress:8"],
    },
    {
      name: "DD-3: a deny-only policy enables default deny (deny rule compiled)",
      text: spec("endpointSelector: {}\negressDeny:\n- toEntities: [all]"),
      rules: ["egress deny [entities:all] all @spec.egressDeny[0]:9"],
      defaultDeny: ["egress on @spec.egressDeny:8"],
    },
    {
      name: "DD-4: empty lists do not count",
      text: spec("endpointSelector: {}\ningress: []\negress:\n- {}"),
      defaultDeny: ["egress on @spec.egress:9"],
    },
    {
      name: "DD-5: enableDefaultDeny false is kept as enables: false",
      text: spec("endpointSelector: {}\nenableDefaultDeny:\n  egress: false\negress:\n- toEntities: [world]\ningressDeny:\n- fromEntities: [world]"),
      defaultDeny: ["ingress on @spec.ingressDeny:12", "egress off @spec.enableDefaultDeny.egress:9"],
    },
    {
      name: "DD-5: enableDefaultDeny true without rules in that direction has no effect (warning)",
      text: spec("endpointSelector: {}\nenableDefaultDeny:\n  ingress: true\negress:\n- {}"),
      defaultDeny: ["egress on @spec.egress:10"],
      diagnostics: ["DEFAULT_DENY_NO_EFFECT@9"],
    },
    {
      name: "DD-5: enableDefaultDeny does not exist before 1.16 (pruned)",
      text: spec("endpointSelector: {}\nenableDefaultDeny:\n  egress: false\negress:\n- {}"),
      profile: { ciliumVersion: "1.15" },
      defaultDeny: ["egress on @spec.egress:10"],
      diagnostics: ["UNKNOWN_FIELD@8"],
    },
    {
      name: "OBJ-1: a rule whose sections are all empty is invalid (≥ 1.17)",
      text: spec("endpointSelector: {}\ningress: []\negress: []"),
      diagnostics: ["INVALID_POLICY@6"],
      invalid: true,
    },
    {
      name: "OBJ-1: before 1.17 such a rule was accepted and did nothing",
      text: spec("endpointSelector: {}\ningress: []"),
      profile: { ciliumVersion: "1.16" },
      rules: [],
      defaultDeny: [],
    },
    {
      name: "OBJ-1: a CNP cannot have a nodeSelector",
      text: spec("nodeSelector: {}\ningress:\n- {}"),
      diagnostics: ["INVALID_POLICY@7"],
      invalid: true,
    },
    {
      name: "OBJ-1: a rule needs an endpointSelector",
      text: spec("ingress:\n- {}"),
      diagnostics: ["INVALID_POLICY@6"],
      invalid: true,
    },
    {
      name: "OBJ-4: one invalid specs entry invalidates the whole object",
      text: top(
        "specs:\n- endpointSelector: {}\n  ingress:\n  - {}\n- endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - port: \"80\"\n        protocol: GRE",
      ),
      diagnostics: ["INVALID_POLICY@15"],
      invalid: true,
    },
    {
      name: "OBJ-1: spec and specs are both compiled, with their own paths",
      text: top("spec:\n  endpointSelector: {}\n  ingress:\n  - fromEntities: [host]\nspecs:\n- endpointSelector: {}\n  egressDeny:\n  - toEntities: [world]"),
      rules: ["ingress allow [entities:host] all @spec.ingress[0]:9", "egress deny [entities:world] all @specs[0].egressDeny[0]:13"],
      defaultDeny: ["ingress on @spec.ingress:8", "egress on @specs[0].egressDeny:12"],
    },
    {
      name: "OBJ-1: a CNP without spec and specs is invalid",
      text: top("status: {}"),
      diagnostics: ["INVALID_POLICY@1"],
      invalid: true,
    },
    {
      name: "OBJ-4: wrong field types make the object invalid",
      text: spec("endpointSelector: {}\ningress: {fromEntities: [world]}"),
      diagnostics: ["INVALID_POLICY@8"],
      invalid: true,
    },
    {
      name: "REQ-1: fromRequires is invalid on ≥ 1.19",
      text: spec("endpointSelector: {}\ningress:\n- fromRequires:\n  - matchLabels: {env: prod}"),
      diagnostics: ["INVALID_POLICY@9"],
      invalid: true,
    },
    {
      name: "REQ-1: fromRequires on 1.18 is compiled but not modelled (error)",
      text: spec("endpointSelector: {}\ningress:\n- fromRequires:\n  - matchLabels: {env: prod}\n  fromEntities: [world]"),
      profile: { ciliumVersion: "1.18" },
      rules: ["ingress allow [entities:world] all @spec.ingress[0]:9"],
      diagnostics: ["ANALYSIS_INCOMPLETE@9"],
    },
    {
      name: "unknown fields are pruned with a warning",
      text: spec("endpointSelector: {}\ningress:\n- fromEntitys: [world]\n  fromEntities: [host]"),
      rules: ["ingress allow [entities:host] all @spec.ingress[0]:9"],
      diagnostics: ["UNKNOWN_FIELD@9"],
    },
  ];
  it.each(cases)("$name", run);

  it("OBJ-4: the invalid object reports only why it is invalid, not the analysis warnings", () => {
    const { diagnostics } = compile(
      spec("endpointSelector: {}\negress:\n- toCIDRSet:\n  - cidrGroupRef: x\n- toEntities: [world-ipv6]"),
    );
    expect(codes(diagnostics)).toEqual(["INVALID_POLICY@11"]);
    expect(diagnostics[0]!.message).toContain("Cilium rejects this CiliumNetworkPolicy");
    expect(diagnostics[0]!.object).toBe("CiliumNetworkPolicy shop/p");
  });

  it("provenance carries kind, ns/name, file, line and column of the rule element", () => {
    const { policy } = compile(spec("endpointSelector: {}\ningress:\n- fromEntities: [host]"));
    expect(policy!.policy).toBe("shop/p");
    expect(policy!.rules[0]!.provenance).toEqual({
      file: "p.yaml",
      line: 9,
      col: 5,
      kind: "CiliumNetworkPolicy",
      policy: "shop/p",
      rulePath: "spec.ingress[0]",
    });
  });

  it("a CNP without metadata.namespace is analysed in namespace default (info)", () => {
    const text = "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\nspec:\n  endpointSelector: {}\n  ingress:\n  - {}\n";
    const { policy, diagnostics } = compile(text);
    expect(policy!.policy).toBe("default/p");
    expect(codes(diagnostics, true)).toEqual(["NAMESPACE_DEFAULTED@3"]);
  });
});
