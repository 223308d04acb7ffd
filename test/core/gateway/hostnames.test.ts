import { describe, expect, it } from "vitest";
import { hostUnderDomain, intersectHostname, intersectHostnames } from "../../../src/core/gateway/hostnames.js";

describe("hostname intersection (§3.1)", () => {
  it.each([
    // [route hostnames, listener hostname, result] — the spec's examples first
    [["shop.a.example.com", "shop.b.example.com"], "*.a.example.com", ["shop.a.example.com"]],
    [[], undefined, ["*"]],
    [["*.com"], "*.example.com", ["*.example.com"]],
    [[], "*.a.example.com", ["*.a.example.com"]],
    [["login.a.example.com"], undefined, ["login.a.example.com"]],
    [["a.example.com"], "*.a.example.com", []], // a wildcard does not match its own suffix
    [["x.y.a.example.com"], "*.a.example.com", ["x.y.a.example.com"]], // one or more labels
    [["*.a.example.com"], "shop.a.example.com", ["shop.a.example.com"]],
    [["*.b.example.com"], "*.a.example.com", []],
  ] as const)("%j ∩ %s = %j", (route, listener, expected) => {
    expect(intersectHostnames(route, listener)).toEqual(expected);
  });

  it("is symmetric for two wildcards (the more specific wins)", () => {
    expect(intersectHostname("*.a.example.com", "*.example.com")).toBe("*.a.example.com");
    expect(intersectHostname("*.example.com", "*.a.example.com")).toBe("*.a.example.com");
  });

  it.each([
    ["shop.a.example.com", "a.example.com", true],
    ["a.example.com", "a.example.com", true],
    ["*.a.example.com", "a.example.com", true],
    ["*.example.com", "a.example.com", false],
    ["*", "a.example.com", false],
    ["evila.example.com", "a.example.com", false],
  ] as const)("%s under %s: %s (T1)", (host, domain, expected) => {
    expect(hostUnderDomain(host, domain)).toBe(expected);
  });
});
