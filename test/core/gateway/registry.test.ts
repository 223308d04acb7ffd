import { describe, expect, it } from "vitest";
import { attachRoutes } from "../../../src/core/gateway/attach.js";
import { gatewayKinds, readGatewayObjects } from "../../../src/core/gateway/registry.js";
import type { Diagnostic } from "../../../src/core/model/diagnostic.js";
import { parseManifests } from "../../../src/core/load/index.js";

const read = (text: string) => {
  const diagnostics: Diagnostic[] = [];
  const objects = readGatewayObjects(parseManifests([{ path: "gw.yaml", text }]).objects, (d) => diagnostics.push(d));
  return { objects, diagnostics };
};

describe("gateway kind registry (§0.1)", () => {
  it("registers every kind of spec §1 once", () => {
    const kinds = ["GatewayClass", "Gateway", "ListenerSet", "XListenerSet", "HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute", "ReferenceGrant",
      "SecurityPolicy", "ClientTrafficPolicy", "EnvoyProxy", "Backend", "EnvoyPatchPolicy", "EnvoyExtensionPolicy", "BackendTrafficPolicy", "HTTPRouteFilter"];
    for (const k of kinds) expect(gatewayKinds.has(k), k).toBe(true);
  });

  it("reads still-served versions, flags deprecated and unknown ones, skips other APIs' kinds", () => {
    const { objects, diagnostics } = read(`apiVersion: gateway.networking.k8s.io/v1beta1
kind: HTTPRoute
metadata: {name: a, namespace: t}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: b, namespace: t}
spec: {rules: [{backendRefs: [{name: db, port: 5432}]}]}
---
apiVersion: gateway.networking.k8s.io/v9
kind: Gateway
metadata: {name: g, namespace: t}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: istio, namespace: t}
---
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata: {name: ls, namespace: t}
spec: {parentRef: {name: g}, listeners: [{name: l, protocol: HTTP, port: 8080}]}
`);
    expect(objects.routes.map((r) => `${r.kind}/${r.meta.name}`)).toEqual(["HTTPRoute/a", "TCPRoute/b"]);
    expect(objects.gateways.map((g) => g.meta.name)).toEqual(["g"]);
    expect(objects.listenerSets.map((l) => [l.meta.name, l.parent.namespace, l.listeners[0]!.port])).toEqual([["ls", "t", 8080]]);
    expect(diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ["GATEWAY_DEPRECATED_API_VERSION", "info", 5],
      ["UNKNOWN_API_VERSION", "warning", 10],
    ]);
  });

  it("reports a wrongly typed field at its position and reads the rest of the object", () => {
    const { objects, diagnostics } = read(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g, namespace: t}
spec:
  gatewayClassName: eg
  listeners:
  - {name: a, protocol: HTTP, port: eighty}
  - {name: b, protocol: HTTPS, port: 443, hostname: "*.a.example.com"}
`);
    expect(diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([["INVALID_FIELD", 7, "spec.listeners[0].port must be a port number (1-65535)"]]);
    expect(objects.gateways[0]!.listeners.map((l) => [l.name, l.hostname])).toEqual([["a", undefined], ["b", "*.a.example.com"]]);
  });
});

describe("route attachment (§2 A1-A6)", () => {
  const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g, namespace: infra}
spec:
  gatewayClassName: eg
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - name: a
    protocol: HTTPS
    port: 443
    hostname: "*.a.example.com"
    tls: {certificateRefs: [{name: c}]}
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}}}
  - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
---
`;
  const route = (ns: string, extra: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ${ns}}
spec:
${extra}
---
`;
  const reasons = (text: string) => attachRoutes(read(gateway + text).objects);

  it.each([
    ["tenant-a", "  parentRefs: [{name: g, namespace: infra, sectionName: nope}]", "NoMatchingParent"],
    ["tenant-b", "  parentRefs: [{name: g, namespace: infra, sectionName: a}]", "NotAllowedByListeners"],
    ["tenant-a", "  parentRefs: [{name: g, namespace: infra, sectionName: a}]\n  hostnames: [shop.b.example.com]", "NoMatchingListenerHostname"],
    ["tenant-a", "  parentRefs: [{name: missing, namespace: infra}]", "ParentNotFound"],
    ["tenant-a", "  parentRefs: [{name: g, namespace: infra, port: 5432}]", "NotAllowedByListeners"],
  ])("%s %s → %s", (ns, spec, reason) => {
    const { attachments, rejections } = reasons(route(ns, spec));
    expect(attachments).toEqual([]);
    expect(rejections.map((r) => r.reason)).toEqual([reason]);
  });

  it("without sectionName a route attaches to every listener that admits it (the plaintext trap of T10)", () => {
    const { attachments } = reasons(route("infra", "  parentRefs: [{name: g}]\n  hostnames: [x.a.example.com]"));
    expect(attachments.map((a) => [a.listener.name, a.hosts])).toEqual([["http", ["x.a.example.com"]]]);
  });
});
