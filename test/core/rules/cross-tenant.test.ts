import rule from "../../../src/core/rules/cross-tenant.js";
import { cnp, namespaces, tenants } from "./fixtures.js";
import { ruleTester, TEST_CONFIG } from "./rule-tester.js";

const salesToMarketing = (ports = `[{port: "8080", protocol: TCP}]`) =>
  cnp(
    "sales",
    "to-marketing",
    `endpointSelector: {}
egress:
  - toEndpoints: # <- out
      - matchLabels: {io.kubernetes.pod.namespace: marketing}
    toPorts:
      - ports: ${ports}`,
  );

const marketingFromSales = (ports = `[{port: "8080", protocol: TCP}]`) =>
  cnp(
    "marketing",
    "from-sales",
    `endpointSelector: {}
ingress:
  - fromEndpoints: # <- in
      - matchLabels: {io.kubernetes.pod.namespace: sales}
    toPorts:
      - ports: ${ports}`,
  );

const both = { ...tenants(), "sales/to-marketing.yaml": salesToMarketing(), "marketing/from-sales.yaml": marketingFromSales() };
const wide = `[{port: "443", protocol: TCP}, {port: "8080", protocol: TCP}]`;
const exception = (extra: string) => `${TEST_CONFIG}exceptions:\n  - {from: sales, to: marketing, reason: MKT-1${extra}} # <- e0\n`;

ruleTester(rule, {
  valid: [
    { name: "tenants that keep to themselves", files: tenants() },
    { name: "one side admits, the other blocks (latent, not effective)", files: { ...tenants(), "marketing/from-sales.yaml": marketingFromSales() } },
    {
      name: "pods of one tenant in two namespaces",
      files: {
        "namespaces.yaml": namespaces("sales", "sales-eu"),
        "sales/egress.yaml": cnp("sales", "to-eu", "endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: sales-eu}}]"),
      },
    },
    { name: "neither side has any policy: default-deny's finding, not one per pair", files: { "namespaces.yaml": namespaces("sales", "marketing") } },
    { name: "a flow an unexpired exception approves", files: both, config: exception(", expires: 2027-03-31") },
  ],
  invalid: [
    {
      name: "both sides allow: points at the receiving tenant's ingress rule",
      files: both,
      errors: [{ messageId: "crossTenant", at: "marketing/from-sales.yaml#in", from: "sales", to: "marketing", ports: "TCP 8080" }],
    },
    {
      name: "the receiving side has no policy at all",
      files: { "namespaces.yaml": namespaces("sales", "marketing"), "sales/to-marketing.yaml": salesToMarketing() },
      errors: [{ messageId: "crossTenant", at: "sales/to-marketing.yaml#out", from: "sales", to: "marketing", ports: "TCP 8080" }],
    },
    {
      name: "a namespace no tenant owns is foreign to every tenant",
      files: {
        "namespaces.yaml": namespaces("sales", "legacy"),
        "sales/egress.yaml": cnp("sales", "to-legacy", "endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: legacy}}] # <- out"),
      },
      errors: [{ messageId: "crossTenant", at: "sales/egress.yaml#out", from: "sales", to: "legacy", ports: "all" }],
    },
    {
      name: "an exception covers some ports: the rest is a violation, the covered part is waived",
      files: { ...tenants(), "sales/to-marketing.yaml": salesToMarketing(wide), "marketing/from-sales.yaml": marketingFromSales(wide) },
      config: exception(`, ports: ["443/TCP"]`),
      errors: [
        { messageId: "crossTenant", at: "marketing/from-sales.yaml#in", ports: "TCP 8080" },
        { messageId: "crossTenant", at: "marketing/from-sales.yaml#in", ports: "TCP 443", waived: true },
      ],
    },
    {
      name: "an expired exception waives nothing",
      files: both,
      config: exception(", expires: 2026-01-31"),
      errors: [{ messageId: "crossTenant", at: "marketing/from-sales.yaml#in", ports: "TCP 8080" }],
    },
    {
      name: "observe mode: every namespace is its own tenant",
      files: both,
      config: null,
      errors: [{ messageId: "crossTenant", at: "marketing/from-sales.yaml#in", from: "sales", to: "marketing" }],
    },
  ],
});
