import { describe, expect, it } from "vitest";
import { buildInventory, ensureNamespace, parseManifests } from "../../../src/core/load/index.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";
import type { Inventory, Namespace } from "../../../src/core/model/inventory.js";

const load = (text: string, extraNamespaces?: Iterable<string>) => {
  const parsed = parseManifests([{ path: "m.yaml", text }]);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const inventory = buildInventory(parsed.objects, (d) => diagnostics.push(d), extraNamespaces);
  return { inventory, diagnostics };
};

const where = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.severity, d.line, d.col]);

describe("namespaces", () => {
  const text = [
    "apiVersion: v1",
    "kind: Namespace",
    "metadata:",
    "  name: shop",
    "  labels: {team: a, kubernetes.io/metadata.name: wrong}",
    "---",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: {name: c, namespace: config-only}",
    "---",
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: ClusterRole",
    "metadata: {name: r, namespace: ghost}",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata: {name: d}",
    "spec: {template: {metadata: {labels: {app: d}}}}",
    "---",
    "apiVersion: v1",
    "kind: Service",
    "metadata: {name: s, namespace: svc-ns}",
  ].join("\n");

  it("declares namespaces with their labels and adds the referenced ones implicitly", () => {
    const { inventory, diagnostics } = load(text, ["policy-ns", "shop"]);
    expect(diagnostics).toEqual([]);
    const implicit = (name: string): Namespace => ({ name, labels: { "kubernetes.io/metadata.name": name }, declared: false });
    expect([...inventory.namespaces.values()]).toEqual([
      { name: "shop", labels: { team: "a", "kubernetes.io/metadata.name": "shop" }, declared: true, position: { file: "m.yaml", line: 1, col: 1 } },
      implicit("config-only"),
      implicit("svc-ns"),
      // The Deployment has no namespace: it is in `default`. A cluster-scoped kind's namespace is ignored.
      implicit("default"),
      implicit("policy-ns"),
    ]);
  });

  it("lets later stages add namespaces with ensureNamespace", () => {
    const namespaces = new Map<string, Namespace>();
    ensureNamespace(namespaces, "x");
    ensureNamespace(namespaces, "x");
    expect([...namespaces.keys()]).toEqual(["x"]);
    expect(namespaces.get("x")).toEqual({ name: "x", labels: { "kubernetes.io/metadata.name": "x" }, declared: false });
  });
});

describe("services", () => {
  it("reads selector, ports with defaults, and labels", () => {
    const text = [
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: web, namespace: shop, labels: {tier: front}}",
      "spec:",
      "  selector: {app: web}",
      "  ports:",
      "  - {name: http, port: 80, targetPort: http}",
      "  - {port: 53, protocol: UDP}",
      "  - {port: 8443, targetPort: 443, protocol: SCTP}",
    ].join("\n");
    const { inventory, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(inventory.services).toEqual([
      {
        namespace: "shop",
        name: "web",
        selector: { app: "web" },
        ports: [
          { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
          { port: 53, targetPort: 53, protocol: "UDP" },
          { port: 8443, targetPort: 443, protocol: "SCTP" },
        ],
        labels: { tier: "front" },
        position: { file: "m.yaml", line: 1, col: 1 },
      },
    ]);
  });

  it.each([
    ["no selector", "spec: {ports: [{port: 80}]}"],
    ["an empty selector", "spec: {selector: {}, ports: [{port: 80}]}"],
    ["no spec at all", ""],
  ])("has a null selector with %s", (_what, spec) => {
    const { inventory, diagnostics } = load(`apiVersion: v1\nkind: Service\nmetadata: {name: s}\n${spec}\n`);
    expect(diagnostics).toEqual([]);
    expect(inventory.services[0]).toMatchObject({ namespace: "default", selector: null, labels: {} });
  });
});

const pod = (metadata: string, spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${metadata}\n${spec}\n`;
const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: s}\n${spec}\n`;
const workload = (i: Inventory) => i.workloads[0];

describe("wrong field types are reported where they are, and the rest is still read", () => {
  it.each<[string, string, Array<[number, number]>, (i: Inventory) => unknown, unknown]>([
    ["labels that are a list", pod("  labels: [app, web]", "spec: {containers: []}"), [[5, 11]], (i) => workload(i)?.podLabels, {}],
    ["a label value that is a number", pod("  labels: {app: web, version: 2}", "spec: {containers: []}"), [[5, 31]], (i) => workload(i)?.podLabels, { app: "web", version: "2" }],
    ["containers that are a map", pod("", "spec: {containers: {name: c}}"), [[6, 20]], (i) => workload(i)?.namedPorts, []],
    [
      "a containerPort that is a string",
      pod("", 'spec:\n  containers:\n  - name: c\n    ports:\n    - name: http\n      containerPort: "80"\n    - {name: ok, containerPort: 81}'),
      [[11, 22]],
      (i) => workload(i)?.namedPorts,
      [{ name: "ok", port: 81, protocol: "TCP" }],
    ],
    ["an unknown protocol", pod("", "spec:\n  containers:\n  - name: c\n    ports: [{name: http, containerPort: 80, protocol: HTTP}]"), [[9, 55]], (i) => workload(i)?.namedPorts, []],
    ["hostNetwork that is a string", pod("", 'spec: {hostNetwork: "yes", containers: []}'), [[6, 21]], (i) => workload(i)?.hostNetwork, false],
    ["ownerReferences that are a map", pod("  ownerReferences: {kind: ReplicaSet}", "spec: {}"), [[5, 20]], (i) => [workload(i)?.kind, workload(i)?.name], ["Pod", "p"]],
    ["a serviceAccountName that is a number", pod("", "spec: {serviceAccountName: 5, containers: []}"), [[6, 28]], (i) => workload(i)?.serviceAccount, "default"],
    ["Service ports that are a map", service("  ports: {port: 80}"), [[6, 10]], (i) => i.services[0]?.ports, []],
    ["a Service port out of range", service("  ports: [{port: 70000}, {port: 80}]"), [[6, 18]], (i) => i.services[0]?.ports.map((p) => p.port), [80]],
    ["a Service port without number", service("  ports: [{name: x}]"), [[6, 11]], (i) => i.services[0]?.ports, []],
    ["a targetPort of 0", service("  ports: [{port: 80, targetPort: 0}]"), [[6, 34]], (i) => i.services[0]?.ports[0]?.targetPort, 80],
    [
      "a Service selector that is a string",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: app=web\n",
      [[5, 13]],
      (i) => i.services[0]?.selector,
      null,
    ],
    [
      "Namespace labels that are a list",
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: [a]\n",
      [[5, 11]],
      (i) => i.namespaces.get("n")?.labels,
      { "kubernetes.io/metadata.name": "n" },
    ],
  ])("%s", (_what, text, expected, read, value) => {
    const { inventory, diagnostics } = load(text);
    expect(where(diagnostics)).toEqual(expected.map(([line, col]) => ["INVALID_FIELD", "error", line, col]));
    expect(diagnostics[0]!.object).toMatch(/^(Pod|Service|Namespace) /);
    expect(read(inventory)).toEqual(value);
  });
});
