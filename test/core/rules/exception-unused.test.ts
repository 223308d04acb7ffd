import { expect, it } from "vitest";
import rule from "../../../src/core/rules/exception-unused.js";
import crossTenant from "../../../src/core/rules/cross-tenant.js";
import { cnp, tenants } from "./fixtures.js";
import { ruleTester, runRule, TEST_CONFIG } from "./rule-tester.js";

const config = `${TEST_CONFIG}exceptions:
  - {from: sales, to: marketing, reason: MKT-1} # <- e0
  - {from: marketing, to: sales, reason: MKT-2, expires: 2020-01-01}
`;
const open = {
  ...tenants(),
  "s.yaml": cnp("sales", "to-marketing", "endpointSelector: {}\negress:\n  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: marketing}}]"),
  "m.yaml": cnp("marketing", "from-sales", "endpointSelector: {}\ningress:\n  - fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: sales}}]"),
};

ruleTester(rule, {
  valid: [{ name: "no exceptions", files: tenants() }],
  invalid: [
    // Alone, exception-unused sees no flow rule using the exception; an expired one is exception-expired's.
    { name: "an exception nothing needs", files: tenants(), config, errors: [{ messageId: "unused", at: ".github/bulkhead.yml#e0", from: "sales", to: "marketing" }] },
  ],
});

it("an exception a flow rule used is not reported: late rules run after the others", () => {
  const findings = runRule([rule, crossTenant], { name: "used", files: open, config });
  expect(findings.map((f) => `${f.rule} ${f.waived ? "waived" : "open"}`)).toEqual(["cross-tenant waived"]);
});
