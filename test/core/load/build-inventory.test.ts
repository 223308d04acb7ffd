import { describe, expect, it } from "vitest";
import { buildInventory, parseManifests } from "../../../src/core/load/index.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";

const load = (text: string, extraNamespaces?: Iterable<string>) => {
  const parsed = parseManifests([{ path: "m.yaml", text }]);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const inventory = buildInventory(parsed.objects, (d) => diagnostics.push(d), extraNamespaces);
  return { inventory, diagnostics };
};

const where = (ds: readonly Diagnostic[]) => ds.map((d) => [d.code, d.line, d.col]);

const template = (labels: string, spec = "containers: [{name: c}]") => `template:\n  metadata:\n    labels: ${labels}\n  spec: {${spec}}`;
const indent = (text: string, by: number) => text.replace(/^/gm, " ".repeat(by));
const object = (apiVersion: string, kind: string, spec: string, meta = "name: w, namespace: shop") =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {${meta}}\nspec:\n${indent(spec, 2)}\n`;

describe("workloads", () => {
  it.each([
    ["Deployment", object("apps/v1", "Deployment", template("{app: d}"))],
    ["StatefulSet", object("apps/v1", "StatefulSet", template("{app: d}"))],
    ["DaemonSet", object("apps/v1", "DaemonSet", template("{app: d}"))],
    ["ReplicaSet", object("apps/v1", "ReplicaSet", template("{app: d}"))],
    ["Job", object("batch/v1", "Job", template("{app: d}"))],
    ["CronJob", object("batch/v1", "CronJob", `schedule: "* * * * *"\njobTemplate:\n  spec:\n${indent(template("{app: d}"), 4)}`)],
    ["ReplicationController", object("v1", "ReplicationController", `selector: {app: ignored}\n${template("{app: d}")}`)],
    ["VirtualMachine", object("kubevirt.io/v1", "VirtualMachine", template("{app: d}", "domain: {devices: {}}"))],
  ])("reads a %s's pod template", (kind, text) => {
    const { inventory, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(inventory.workloads).toEqual([
      { kind, namespace: "shop", name: "w", podLabels: { app: "d" }, serviceAccount: "default", namedPorts: [], hostNetwork: false, position: { file: "m.yaml", line: 1, col: 1 } },
    ]);
  });

  it("reads a Pod: labels, service account, named ports of containers only, hostNetwork", () => {
    const text = [
      "apiVersion: v1",
      "kind: Pod",
      "metadata: {name: p, labels: {app: web}}",
      "spec:",
      "  serviceAccountName: web-sa",
      "  hostNetwork: true",
      "  initContainers: [{name: init, ports: [{name: init-port, containerPort: 1}]}]",
      "  containers:",
      "  - name: web",
      "    ports:",
      "    - {name: http, containerPort: 8080}",
      "    - {containerPort: 9000}",
      "    - {name: dns, containerPort: 53, protocol: UDP}",
      "  - name: sidecar",
      "    ports: [{name: metrics, containerPort: 9090, protocol: SCTP}]",
    ].join("\n");
    const { inventory, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(inventory.workloads).toEqual([
      {
        kind: "Pod",
        namespace: "default",
        name: "p",
        podLabels: { app: "web" },
        serviceAccount: "web-sa",
        namedPorts: [
          { name: "http", port: 8080, protocol: "TCP" },
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "metrics", port: 9090, protocol: "SCTP" },
        ],
        hostNetwork: true,
        position: { file: "m.yaml", line: 1, col: 1 },
      },
    ]);
  });

  it("accepts the deprecated serviceAccount; a ReplicationController without template labels uses its selector", () => {
    const text = object("v1", "ReplicationController", "selector: {app: rc}\ntemplate:\n  spec: {serviceAccount: legacy, containers: []}");
    const [w] = load(text).inventory.workloads;
    expect(w).toMatchObject({ podLabels: { app: "rc" }, serviceAccount: "legacy" });
  });

  const ownedPod = (name: string, owner: string, labels = "{app: x}", ports = "[]") =>
    `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: shop\n  labels: ${labels}\n  ownerReferences: [${owner}]\nspec: {containers: [{name: c, ports: ${ports}}]}\n`;

  it.each([
    ["a controller owner: its name and kind", "{kind: ReplicaSet, name: web-6d5f, controller: true}", "ReplicaSet", "web-6d5f"],
    ["a Job owner", "{apiVersion: batch/v1, kind: Job, name: migrate, controller: true}", "Job", "migrate"],
    ["a Node owner (static pod): the pod itself", "{kind: Node, name: node-1, controller: true}", "Pod", "p-1"],
    ["an owner without kind: the owner's name, kind Pod", "{name: internal, controller: true}", "Pod", "internal"],
    ["an owner that is not the controller: the pod itself", "{kind: ReplicaSet, name: rs, controller: false}", "Pod", "p-1"],
  ])("names a Pod after %s", (_what, owner, kind, name) => {
    const { inventory, diagnostics } = load(ownedPod("p-1", owner));
    expect(diagnostics).toEqual([]);
    expect(inventory.workloads.map((w) => [w.kind, w.name])).toEqual([[kind, name]]);
  });

  it("collapses the pods of one owner, warns when their labels differ, and merges port names", () => {
    const owner = "{kind: DaemonSet, name: agent, controller: true}";
    const text =
      ownedPod("agent-a", owner, "{app: agent, zone: a}", "[{name: http, containerPort: 80}]") +
      ownedPod("agent-b", owner, "{app: agent, zone: a}", "[{name: http, containerPort: 80}]") +
      ownedPod("agent-c", owner, "{app: agent, zone: b}", "[{name: metrics, containerPort: 9090}]");
    const { inventory, diagnostics } = load(text);
    expect(where(diagnostics)).toEqual([["WORKLOAD_LABELS_DIFFER", 20, 1]]);
    expect(diagnostics[0]!.severity).toBe("warning");
    expect(inventory.workloads).toHaveLength(1);
    expect(inventory.workloads[0]).toMatchObject({
      kind: "DaemonSet",
      name: "agent",
      podLabels: { app: "agent", zone: "a" },
      namedPorts: [
        { name: "http", port: 80, protocol: "TCP" },
        { name: "metrics", port: 9090, protocol: "TCP" },
      ],
      position: { line: 2 },
    });
  });

  it("collapses a declared ReplicaSet and the pods it owns; the first one wins", () => {
    const text = object("apps/v1", "ReplicaSet", template("{app: x}"), "name: web-6d5f, namespace: shop") + ownedPod("web-6d5f-abc", "{kind: ReplicaSet, name: web-6d5f, controller: true}");
    const { inventory } = load(text);
    expect(inventory.workloads.map((w) => [w.kind, w.name, w.position.line])).toEqual([["ReplicaSet", "web-6d5f", 1]]);
  });
});

describe("api versions", () => {
  it("reads an unknown version of a known group with a warning at the apiVersion", () => {
    const { inventory, diagnostics } = load(object("apps/v1beta9", "Deployment", template("{app: d}")));
    expect(where(diagnostics)).toEqual([["UNKNOWN_API_VERSION", 1, 13]]);
    expect(diagnostics[0]!.severity).toBe("warning");
    expect(inventory.workloads.map((w) => w.name)).toEqual(["w"]);
  });

  it("accepts older served versions without a warning", () => {
    const text = object("extensions/v1beta1", "Deployment", template("{app: d}")) + "---\n" + object("batch/v1beta1", "CronJob", "jobTemplate: {}", "name: c");
    const { inventory, diagnostics } = load(text);
    expect(diagnostics).toEqual([]);
    expect(inventory.workloads.map((w) => w.kind)).toEqual(["Deployment", "CronJob"]);
  });

  it("ignores another API's kind of the same name quietly (a Knative Service is not a Service)", () => {
    const { inventory, diagnostics } = load(object("serving.knative.dev/v1", "Service", template("{app: d}")));
    expect(diagnostics).toEqual([]);
    expect(inventory.services).toEqual([]);
  });
});
