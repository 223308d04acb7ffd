import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { portSetOf, unionPorts } from "../../../src/core/algebra/port-set.js";
import { parseConfig } from "../../../src/core/config/index.js";

const FILE = ".github/bulkhead.yml";
const parse = (text: string) => parseConfig({ path: FILE, text });
const brief = (text: string) => parse(text).diagnostics.map((d) => `${d.code} ${d.severity} ${d.line}:${d.col} ${d.message}`);

describe("parseConfig: a valid file", () => {
  it("reads the example config with defaults", () => {
    const { config, diagnostics } = parse(readFileSync(new URL("../../../examples/multi-tenant/.github/bulkhead.yml", import.meta.url), "utf8"));
    expect(diagnostics).toEqual([]);
    expect(config?.tenants.map((t) => t.name)).toEqual(["sales", "marketing", "finance"]);
    expect(config?.tenants[0]).toMatchObject({ namespaces: ["sales", "sales-*"], owners: ["@acme/sales-platform"], egress: { fqdns: ["*.salesforce.com"], cidrs: [] }, at: { file: FILE, line: 5 } });
    expect(config?.shared[0]).toMatchObject({ to: { kind: "pods", scope: "kube-system", labels: { "k8s-app": "kube-dns" } }, ports: unionPorts(portSetOf("UDP", 53), portSetOf("TCP", 53)) });
    expect(config).toMatchObject({ gate: "new", comment: { mode: "update" }, cilium: { version: "1.19" }, platform: { namespaces: ["kube-system"] } });
  });

  it("fills defaults for an empty file and warns that nothing is enforced", () => {
    const { config, diagnostics } = parse("");
    expect(config).toMatchObject({ tenants: [], shared: [], exceptions: [], rules: {}, gate: "new", comment: { mode: "update" }, cilium: {} });
    expect(diagnostics.map((d) => d.code)).toEqual(["CONFIG_NO_TENANTS"]);
  });

  it("reads exceptions with ports, dates and peers", () => {
    const { config } = parse(`tenants: {sales: {namespaces: [sales]}}
exceptions:
  - {from: marketing, to: "sales/app=reports,tier=api", ports: ["443/TCP", "8000-8080/tcp"], reason: TICKET-123, expires: 2027-03-31, approvedBy: "@acme/sales"}
  - {from: finance, to: "entity:kube-apiserver", reason: ops}
`);
    expect(config?.exceptions[0]).toMatchObject({
      index: 0,
      from: { kind: "pods", scope: "marketing", labels: {} },
      to: { kind: "pods", scope: "sales", labels: { app: "reports", tier: "api" } },
      ports: unionPorts(portSetOf("TCP", 443), portSetOf("TCP", 8000, 8080)),
      expires: "2027-03-31",
      approvedBy: "@acme/sales",
      at: { line: 3, col: 5 },
    });
    expect(config?.exceptions[1]).toMatchObject({ to: { kind: "entity", entity: "kube-apiserver" }, ports: null });
  });

  it("reads tenants by namespace labels and the Cilium settings", () => {
    const { config, diagnostics } = parse(`tenants:
  sales: {namespaceSelector: {matchLabels: {tenant: sales}}}
cilium: {version: v1.18, policyEnforcementMode: always}
gate: all
comment: {mode: "off"}
`);
    expect(diagnostics).toEqual([]);
    expect(config).toMatchObject({ tenants: [{ name: "sales", namespaces: [], namespaceSelector: { matchLabels: { tenant: "sales" } } }], cilium: { version: "1.18", policyEnforcementMode: "always" }, gate: "all", comment: { mode: "off" } });
  });
});

describe("parseConfig: errors at file:line:col with the schema path", () => {
  const invalid: Array<[string, string, string[]]> = [
    ["an unknown top-level field", "tenant:\n  sales: {}\n", ["CONFIG_SCHEMA error 1:1 tenant is not a known field (schema #/additionalProperties)"]],
    [
      "an unknown rule id",
      "tenants: {a: {namespaces: [a]}}\nrules:\n  cross-tenants: error\n",
      ["CONFIG_SCHEMA error 3:3 rules.cross-tenants is not a known rule id (schema #/properties/rules/propertyNames/enum)"],
    ],
    [
      "a severity that does not exist",
      "tenants: {a: {namespaces: [a]}}\nrules: {cross-tenant: fatal}\n",
      ['CONFIG_SCHEMA error 2:23 rules.cross-tenant must be one of "error", "warning", "off" (schema #/properties/rules/additionalProperties/enum)'],
    ],
    ["a tenant without namespaces", "tenants:\n  sales:\n    owners: [alice]\n", ["CONFIG_SCHEMA error 2:3 tenants.sales must set namespaces or namespaceSelector (schema #/definitions/tenant/anyOf)"]],
    ["an invalid tenant name", "tenants:\n  Sales: {namespaces: [sales]}\n", ["CONFIG_SCHEMA error 2:3 tenants.Sales is not a valid name (lower-case letters, digits and -) (schema #/properties/tenants/propertyNames/pattern)"]],
    [
      "a port without protocol",
      "tenants: {a: {namespaces: [a]}}\nshared:\n  - to: kube-system\n    ports: [53]\n",
      ["CONFIG_SCHEMA error 4:13 shared[0].ports[0] must be string (schema #/definitions/sharedFlow/properties/ports/items/type)"],
    ],
    [
      "an exception without reason",
      "tenants: {a: {namespaces: [a]}}\nexceptions:\n  - {from: a, to: b}\n",
      ["CONFIG_SCHEMA error 3:5 exceptions[0] must have required property 'reason' (schema #/definitions/exception/required)"],
    ],
    [
      "an unparseable CIDR",
      "tenants:\n  a:\n    namespaces: [a]\n    egress: {cidrs: [203.0.113.300/32]}\n",
      ['CONFIG_INVALID_VALUE error 4:22 tenants.a.egress.cidrs[0]: "203.0.113.300/32" is not an IPv4 or IPv6 CIDR such as 203.0.113.10/32'],
    ],
    [
      "a CIDR with host bits",
      "tenants:\n  a:\n    namespaces: [a]\n    egress: {cidrs: [10.1.2.3/8]}\n",
      ['CONFIG_INVALID_VALUE error 4:22 tenants.a.egress.cidrs[0]: "10.1.2.3/8" has host bits set; write the network address (10.1.2.3/8 is read as a different block by Cilium)'],
    ],
    ["an invalid DNS pattern", "tenants:\n  a:\n    namespaces: [a]\n    egress: {fqdns: [a..b.com]}\n", ['CONFIG_INVALID_VALUE error 4:22 tenants.a.egress.fqdns[0]: pattern "a..b.com" has an empty label (leading or repeated dot)']],
    [
      "a port out of range",
      "tenants: {a: {namespaces: [a]}}\nshared:\n  - to: kube-system\n    ports: [53/UDP, 70000/TCP]\n",
      ['CONFIG_INVALID_VALUE error 4:21 shared[0].ports[1]: "70000/TCP" is not PORT/PROTOCOL with a port in 1-65535'],
    ],
    ["an unknown entity", "tenants: {a: {namespaces: [a]}}\nshared:\n  - to: entity:world\n", ['CONFIG_INVALID_VALUE error 3:9 shared[0].to: unknown entity "world" (use host, remote-node, kube-apiserver, ingress)']],
    [
      "a malformed pod label",
      "tenants: {a: {namespaces: [a]}}\nexceptions:\n  - {from: a, to: b/app, reason: x}\n",
      ['CONFIG_INVALID_VALUE error 3:19 exceptions[0].to: "app" is not a pod label written key=value'],
    ],
    [
      "a date that is not on the calendar",
      "tenants: {a: {namespaces: [a]}}\nexceptions:\n  - {from: a, to: b, reason: x, expires: 2027-02-30}\n",
      ['CONFIG_INVALID_VALUE error 3:42 exceptions[0].expires: "2027-02-30" is not a calendar date'],
    ],
    [
      "an entity as an exception's source",
      "tenants: {a: {namespaces: [a]}}\nexceptions:\n  - {from: entity:host, to: a, reason: x}\n",
      ["CONFIG_INVALID_VALUE error 3:12 exceptions[0].from: an exception's source must be pods (a tenant or namespace), not an entity"],
    ],
    ["a YAML syntax error", "tenants: {a: [\n", [
        "CONFIG_YAML_SYNTAX error 2:1 Flow sequence in block collection must be sufficiently indented and end with a ]",
        "CONFIG_YAML_SYNTAX error 2:1 Flow map in block collection must be sufficiently indented and end with a }",
      ]],
    ["a duplicate key", "gate: new\ngate: all\n", ["CONFIG_YAML_SYNTAX error 2:1 Map keys must be unique"]],
  ];

  it.each(invalid)("reports %s and yields no config", (_name, text, expected) => {
    const result = parse(text);
    expect(result.config).toBeUndefined();
    expect(brief(text).filter((d) => !d.startsWith("CONFIG_NO_TENANTS"))).toEqual(expected);
  });

  it("warns, but keeps the config, when two tenants claim the same namespace", () => {
    const { config, diagnostics } = parse("platform: {namespaces: [kube-system]}\ntenants:\n  a: {namespaces: [shared, kube-system]}\n  b: {namespaces: [shared]}\n");
    expect(config).toBeDefined();
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`)).toEqual([
      "CONFIG_NAMESPACE_OVERLAP 3:28 tenants.a.namespaces[1]: namespace kube-system is already claimed by the platform, which takes precedence",
      "CONFIG_NAMESPACE_OVERLAP 4:20 tenants.b.namespaces[0]: namespace shared is already claimed by tenant a, which takes precedence",
    ]);
  });
});
