import { describe, expect, it } from "vitest";
import { anonymousAccess, evaluateAuthorization } from "../../../src/core/gateway/authorization.js";
import { GatewayReader } from "../../../src/core/gateway/kinds/read.js";
import { readSecurityPolicy } from "../../../src/core/gateway/kinds/security-policy.js";
import { parseManifests } from "../../../src/core/load/index.js";

const policy = (spec: string) => {
  const text = `apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: p, namespace: t}\nspec:\n${spec}`;
  const { objects } = parseManifests([{ path: "p.yaml", text }]);
  return readSecurityPolicy(new GatewayReader(objects[0]!, () => undefined));
};

describe("authorization evaluation (§5.3)", () => {
  const p = policy(`  authorization:
    rules:
    - action: Deny
      principal: {clientCIDRs: ["203.0.113.128/25"]}
    - action: Allow
      principal: {clientCIDRs: ["203.0.113.0/24"]}
`);
  const authz = p.features.authorization!;

  it("first matching rule decides, in order", () => {
    expect(evaluateAuthorization(authz, { clientIp: "203.0.113.200" })).toEqual({ decision: "Deny", rule: 0 });
    expect(evaluateAuthorization(authz, { clientIp: "203.0.113.7" })).toEqual({ decision: "Allow", rule: 1 });
  });

  it("unset defaultAction is Deny", () => {
    expect(authz.defaultAction).toBe("Deny");
    expect(evaluateAuthorization(authz, { clientIp: "198.51.100.1" })).toEqual({ decision: "Deny", rule: "default" });
  });

  it("jwt principals need the provider, every claim and every scope", () => {
    const j = policy(`  jwt: {providers: [{name: idp, issuer: "https://idp"}]}
  authorization:
    defaultAction: Deny
    rules:
    - action: Allow
      principal: {jwt: {provider: idp, scopes: [read], claims: [{name: groups, valueType: StringArray, values: [finance]}]}}
`).features.authorization!;
    const token = { provider: "idp", claims: { groups: ["finance", "ops"] }, scopes: ["read"] };
    expect(evaluateAuthorization(j, { jwt: token }).decision).toBe("Allow");
    expect(evaluateAuthorization(j, { jwt: { ...token, scopes: [] } }).decision).toBe("Deny");
    expect(evaluateAuthorization(j, { jwt: { ...token, provider: "other" } }).decision).toBe("Deny");
  });

  it.each([
    ["", "open"],
    ["  cors: {allowOrigins: ['*']}\n", "open"],
    ["  authorization: {}\n", "closed"],
    ["  authorization: {defaultAction: Allow}\n", "open"],
    ["  authorization: {defaultAction: Allow, rules: [{action: Deny, principal: {clientCIDRs: ['10.0.0.0/8']}}]}\n", "restricted"],
    ["  jwt: {providers: [{name: i}]}\n", "authenticated"],
    ["  jwt: {optional: true, providers: [{name: i}]}\n", "open"],
    ["  extAuth: {failOpen: true, http: {backendRef: {name: a}}}\n", "open"],
    ["  basicAuth: {users: {name: s}}\n", "authenticated"],
  ])("an anonymous client meets %j as %s", (spec, expected) => {
    expect(anonymousAccess(spec ? policy(spec).features : undefined)).toBe(expected);
  });
});
