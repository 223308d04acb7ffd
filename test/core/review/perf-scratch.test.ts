import { it } from "vitest";
import { reviewChange } from "../../../src/core/review/review-change.js";
import { baseline, deployment, namespaces } from "../rules/fixtures.js";
it("perf", () => {
  const N = Number(process.env.N ?? 40), W = Number(process.env.W ?? 5);
  const files = [{ path: "ns.yaml", text: namespaces(...Array.from({ length: N }, (_, i) => `t${i}`), "kube-system") }];
  for (let i = 0; i < N; i++) {
    files.push({ path: `t${i}/baseline.yaml`, text: baseline(`t${i}`) });
    for (let w = 0; w < W; w++) files.push({ path: `t${i}/w${w}.yaml`, text: deployment(`t${i}`, `w${w}`) });
  }
  const config = { path: ".github/bulkhead.yml", text: `tenants:\n${Array.from({ length: N }, (_, i) => `  t${i}: {namespaces: [t${i}]}`).join("\n")}\nplatform: {namespaces: [kube-system]}\nshared: [{to: "kube-system/k8s-app=kube-dns", ports: ["53/UDP", "53/TCP"]}]\n` };
  const head = [...files, { path: "open.yaml", text: `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: open}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]\n  egress: [{toEndpoints: [{}]}]\n` }];
  const t0 = Date.now();
  const r = reviewChange({ base: files, head, config, now: new Date() });
  console.log(`N=${N} W=${W}`, Date.now() - t0, "ms", r.findings.length, "findings", r.changes.length, "changes", r.gate);
});
