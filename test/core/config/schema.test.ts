import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { configSchema, RULE_IDS } from "../../../src/core/config/index.js";
import { isCalendarDate, isExpired, parseConfigPeer, parsePortList, portListOf } from "../../../src/core/config/config-values.js";
import { portSetOf, unionPorts } from "../../../src/core/algebra/port-set.js";
import { builtinRules } from "../../../src/core/rules/registry.js";
import { expectGolden } from "../../support/golden.js";

const PUBLISHED = fileURLToPath(new URL("../../../docs/bulkhead.schema.json", import.meta.url));

describe("the published JSON Schema", () => {
  it("docs/bulkhead.schema.json is the schema parseConfig validates with (UPDATE_GOLDEN=1 rewrites it)", () => {
    expectGolden(`${JSON.stringify(configSchema, null, 2)}\n`, PUBLISHED);
    expect(JSON.parse(readFileSync(PUBLISHED, "utf8"))).toEqual(configSchema);
  });

  it("lists exactly the registered rule ids, in registry order", () => {
    expect([...RULE_IDS]).toEqual(builtinRules.map((r) => r.id));
  });
});

describe("config values", () => {
  it.each([
    ["sales", { kind: "pods", scope: "sales", labels: {} }],
    ["sales-*", { kind: "pods", scope: "sales-*", labels: {} }],
    ["kube-system/k8s-app=kube-dns,tier=dns", { kind: "pods", scope: "kube-system", labels: { "k8s-app": "kube-dns", tier: "dns" } }],
    ["monitoring/app.kubernetes.io/name=prometheus", { kind: "pods", scope: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } }],
    ["entity:kube-apiserver", { kind: "entity", entity: "kube-apiserver" }],
  ])("reads the peer %s", (text, expected) => {
    expect(parseConfigPeer(text)).toMatchObject(expected);
  });

  it.each(["Sales", "sales/app", "sales/=x", "entity:world", "a b"])("rejects the peer %s", (text) => {
    expect(parseConfigPeer(text)).toHaveProperty("error");
  });

  it("reads port lists exactly and writes them back", () => {
    const parsed = parsePortList(["53/UDP", "53/tcp", "8000-8080/TCP", "9000/SCTP"]);
    const ports = unionPorts(portSetOf("UDP", 53), portSetOf("TCP", 53), portSetOf("TCP", 8000, 8080), portSetOf("SCTP", 9000));
    expect(parsed).toEqual({ ports });
    expect(portListOf(ports)).toEqual(["53/TCP", "8000-8080/TCP", "53/UDP", "9000/SCTP"]);
    expect(parsePortList(["0/TCP"])).toMatchObject({ index: 0 });
    expect(parsePortList(["80-79/TCP"])).toMatchObject({ index: 0 });
    expect(parsePortList(["80/ICMP"])).toMatchObject({ index: 0 });
  });

  it("an exception applies through the whole of its expiry day, UTC", () => {
    expect(isExpired("2027-03-31", new Date("2027-03-31T23:59:59Z"))).toBe(false);
    expect(isExpired("2027-03-31", new Date("2027-04-01T00:00:00Z"))).toBe(true);
    expect(isExpired(undefined, new Date("2999-01-01T00:00:00Z"))).toBe(false);
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
  });
});
