import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/core/config/index.js";
import { DEFAULT_GATEWAY_SETTINGS, resolveGatewaySettings } from "../../../src/core/gateway/settings.js";

const parse = (text: string) => parseConfig({ path: ".github/bulkhead.yml", text });
const brief = (text: string) => parse(text).diagnostics.map((d) => `${d.code} ${d.line}:${d.col} ${d.message}`);

/** The `gateway` section and the T1–T18 severities of `.github/bulkhead.yml` (docs/gateway.md). */
describe("parseConfig: north-south settings", () => {
  it("reads the gateway section as written and the T-rule severities; defaults fill the rest", () => {
    const { config, diagnostics } = parse(`tenants: {a: {namespaces: [tenant-a]}}
gateway:
  tenantDomains: {tenant-a: [a.example.com]}
  platformGateways: [infra-gateways/shared]
  publicRoutes: [tenant-a/status]
  podCIDRs: [10.0.0.0/16]
rules: {T1: error, T6: warning, T16: "off"}
`);
    expect(diagnostics).toEqual([]);
    expect(config?.gateway).toEqual({ tenantDomains: { "tenant-a": ["a.example.com"] }, platformGateways: ["infra-gateways/shared"], publicRoutes: ["tenant-a/status"], podCIDRs: ["10.0.0.0/16"] });
    expect(config?.rules).toEqual({ T1: "error", T6: "warning", T16: "off" });
    expect(resolveGatewaySettings(config?.gateway)).toEqual({
      ...DEFAULT_GATEWAY_SETTINGS,
      tenantDomains: { "tenant-a": ["a.example.com"] },
      platformGateways: ["infra-gateways/shared"],
      publicRoutes: ["tenant-a/status"],
      podCIDRs: ["10.0.0.0/16"],
    });
  });

  it("has no gateway settings when the file has no section (every default applies)", () => {
    const { config } = parse("tenants: {a: {namespaces: [a]}}\n");
    expect(config).toBeDefined();
    expect(config!.gateway).toBeUndefined();
    expect(resolveGatewaySettings(config!.gateway)).toEqual(DEFAULT_GATEWAY_SETTINGS);
  });

  it.each([
    ["an unknown gateway field", "gateway: {tenantLabels: x}\n", ["CONFIG_SCHEMA 1:11 gateway.tenantLabels is not a known field (schema #/properties/gateway/additionalProperties)"]],
    ["a rule id that does not exist", "rules: {T19: error}\n", ["CONFIG_SCHEMA 1:9 rules.T19 is not a known rule id (schema #/properties/rules/propertyNames/enum)"]],
    [
      "a platform gateway that is not ns/name",
      "gateway: {platformGateways: [shared]}\n",
      ['CONFIG_SCHEMA 1:30 gateway.platformGateways[0] must match pattern "^[a-z0-9-]+/[a-z0-9.-]+$" (schema #/properties/gateway/properties/platformGateways/items/pattern)'],
    ],
    ["a pod CIDR that does not parse", "gateway: {podCIDRs: [10.0.0.0/33]}\n", ['CONFIG_INVALID_VALUE 1:22 gateway.podCIDRs[0]: "10.0.0.0/33" is not an IPv4 or IPv6 CIDR such as 203.0.113.10/32']],
    [
      "a Service CIDR with host bits",
      "gateway: {serviceCIDRs: [10.96.0.1/12]}\n",
      ['CONFIG_INVALID_VALUE 1:26 gateway.serviceCIDRs[0]: "10.96.0.1/12" has host bits set; write the network address (10.96.0.1/12 is read as a different block by Cilium)'],
    ],
  ])("reports %s and yields no config", (_name, text, expected) => {
    expect(parse(text).config).toBeUndefined();
    expect(brief(text).filter((d) => !d.startsWith("CONFIG_NO_TENANTS"))).toEqual(expected);
  });
});
