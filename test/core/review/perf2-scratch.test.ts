import { it } from "vitest";
import { analyzeSides } from "../../../src/core/review/analyze-sides.js";
import { profileOf } from "../../../src/core/review/review-change.js";
import { parseConfig } from "../../../src/core/config/index.js";
import { createTenancy } from "../../../src/core/tenancy/index.js";
import { builtinRules } from "../../../src/core/rules/registry.js";
import { evaluateRules } from "../../../src/core/rules/evaluate-rules.js";
import { aggregateChanges } from "../../../src/core/review/aggregate-changes.js";
import { baseline, deployment, namespaces } from "../rules/fixtures.js";
it("perf", () => {
  const N = Number(process.env.N ?? 40), W = Number(process.env.W ?? 5);
  const files = [{ path: "ns.yaml", text: namespaces(...Array.from({ length: N }, (_, i) => `t${i}`), "kube-system") }];
  for (let i = 0; i < N; i++) {
    files.push({ path: `t${i}/baseline.yaml`, text: baseline(`t${i}`) });
    for (let w = 0; w < W; w++) files.push({ path: `t${i}/w${w}.yaml`, text: deployment(`t${i}`, `w${w}`) });
  }
  const config = parseConfig({ path: ".github/bulkhead.yml", text: `tenants:\n${Array.from({ length: N }, (_, i) => `  t${i}: {namespaces: [t${i}]}`).join("\n")}\nplatform: {namespaces: [kube-system]}\nshared: [{to: "kube-system/k8s-app=kube-dns", ports: ["53/UDP", "53/TCP"]}]\n` }).config!;
  const head = [...files, { path: "open.yaml", text: `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: open}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]\n  egress: [{toEndpoints: [{}]}]\n` }];
  let t = Date.now();
  const sides = analyzeSides(files, head, profileOf(config));
  console.log("analyze", Date.now() - t); t = Date.now();
  const tenancy = createTenancy(config);
  for (const rule of builtinRules) {
    evaluateRules({ analysis: sides.head, tenancy, config, now: new Date() }, [rule]);
    console.log(rule.id, Date.now() - t); t = Date.now();
  }
  aggregateChanges(sides.changes, [sides.base.model.universe, sides.head.model.universe], tenancy);
  console.log("aggregate", Date.now() - t);
});
