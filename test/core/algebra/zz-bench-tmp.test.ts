import { it } from "vitest";
import { fqdnPatternToRegExp } from "../../../src/core/algebra/fqdn-pattern.js";
it("bench", () => {
  for (const k of [4, 6, 8, 10]) {
    const re = fqdnPatternToRegExp("*a".repeat(k) + "b");
    const t = performance.now(); re.test("a".repeat(60) + "c"); console.log("k", k, (performance.now() - t).toFixed(1));
  }
});
