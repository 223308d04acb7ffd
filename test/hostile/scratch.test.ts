import { it } from "vitest";
import { parseManifests } from "../../src/core/load/index.js";
import { reviewChange } from "../../src/core/review/review-change.js";

const ms = (f: () => unknown) => { const t = performance.now(); f(); return Math.round(performance.now() - t); };
const NOW = new Date();
it("x", () => {
  for (let rep = 0; rep < 2; rep++) {
  const one = (n: number) => ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: sales}", "data:", ...Array.from({ length: n }, (_, i) => `  k${i}: v`), ""].join("\r\n");
  const split = (n: number, per: number) => ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: sales}", "data:", ...Array.from({ length: n }, (_, i) => (i % per === 0 ? `  g${i / per}:\r\n` : "") + `    k${i}: v`), ""].join("\r\n");
  console.log("crlf one/split 8000", ms(() => parseManifests([{ path: "a.yaml", text: one(8000) }])), ms(() => parseManifests([{ path: "a.yaml", text: split(8000, 100) }])), one(8000).length, split(8000,100).length);
  const map = (p: string, n: number) => ["apiVersion: v1", "kind: ConfigMap", "metadata: {name: big, namespace: sales}", "data:", ...Array.from({ length: n }, (_, i) => `  ${p}${i}: v`), ""].join("\n");
  console.log("diff rewrite/added 2500", ms(() => reviewChange({ base: [{ path: "a.yaml", text: map("a", 2500) }], head: [{ path: "a.yaml", text: map("b", 2500) }], now: NOW })), ms(() => reviewChange({ base: [], head: [{ path: "a.yaml", text: map("b", 2500) }], now: NOW })));
  const d = 100_000;
  const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: sales}\ndata: ${"[".repeat(d)}${"]".repeat(d)}\n`;
  const flat = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: sales}\ndata: [${"0,".repeat(d - 1)}0]\n`;
  const flatMap = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep, namespace: sales}\ndata: &a {${Array.from({length: d/5}, (_, i) => `k${i}: 0`).join(", ")}}\n`;
  console.log("deep/flat 100k", ms(() => parseManifests([{ path: "a.yaml", text: deep }])), ms(() => parseManifests([{ path: "a.yaml", text: flat }])), ms(() => parseManifests([{ path: "a.yaml", text: flatMap }])), deep.length, flat.length, flatMap.length);
  const pods = (n: number, deny: boolean) => Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns${i}, labels: {app: p}}\nspec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}\n` + (deny ? `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: ns${i}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n` : "")).join("---\n");
  console.log("ns open/deny 100", ms(() => reviewChange({ base: [], head: [{ path: "p.yaml", text: pods(100, false) }], now: NOW })), ms(() => reviewChange({ base: [], head: [{ path: "p.yaml", text: pods(100, true) }], now: NOW })));
  }
}, 300000);
