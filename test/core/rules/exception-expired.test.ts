import rule from "../../../src/core/rules/exception-expired.js";
import { tenants } from "./fixtures.js";
import { ruleTester, TEST_CONFIG } from "./rule-tester.js";

const config = `${TEST_CONFIG}exceptions:
  - {from: sales, to: marketing, reason: MKT-1, expires: 2026-11-26}
  - {from: marketing, to: "sales/app=reports", reason: MKT-2, expires: 2026-11-25} # <- old
  - {from: marketing, to: sales, reason: MKT-3}
`;

ruleTester(rule, {
  valid: [
    { name: "no exceptions", files: tenants() },
    { name: "on the last day it still applies", files: tenants(), config: config.replace("2026-11-25", "2026-11-26") },
  ],
  invalid: [{ name: "past its expiry day (UTC)", files: tenants(), config, errors: [{ messageId: "expired", at: ".github/bulkhead.yml#old", from: "marketing", to: "sales/app=reports" }] }],
});
