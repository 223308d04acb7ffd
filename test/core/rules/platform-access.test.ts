import rule from "../../../src/core/rules/platform-access.js";
import { cnp, tenants } from "./fixtures.js";
import { ruleTester, TEST_CONFIG } from "./rule-tester.js";

const egress = (rule: string) => cnp("sales", "platform", `endpointSelector: {}\negress:\n${rule}`);
const apiserver = egress('  - toEntities: [kube-apiserver] # <- api\n    toPorts: [{ports: [{port: "443", protocol: TCP}]}]');

ruleTester(rule, {
  valid: [
    { name: "DNS to kube-dns, as `shared` allows", files: tenants() },
    { name: "kube-apiserver listed in `shared`", files: { ...tenants(), "p.yaml": apiserver }, config: `${TEST_CONFIG}  - to: entity:kube-apiserver\n    ports: ["443/TCP"]\n` },
    { name: "an exception for one tenant", files: { ...tenants(), "p.yaml": apiserver }, config: `${TEST_CONFIG}exceptions:\n  - {from: sales, to: "entity:kube-apiserver", ports: ["443/TCP"], reason: OPS-7}\n` },
  ],
  invalid: [
    {
      name: "a port of kube-dns beyond `shared` (metrics)",
      files: { ...tenants(), "p.yaml": egress('  - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}] # <- metrics\n    toPorts: [{ports: [{port: "9153", protocol: TCP}]}]') },
      errors: [{ messageId: "platformPods", at: "p.yaml#metrics", from: "sales", to: "kube-system", ports: "TCP 9153" }],
    },
    {
      name: "the API server",
      files: { ...tenants(), "p.yaml": apiserver },
      errors: [{ messageId: "nodeEntity", at: "p.yaml#api", from: "sales", to: "entity:kube-apiserver", ports: "TCP 443" }],
    },
    {
      name: "the nodes, through the host entity",
      files: { ...tenants(), "p.yaml": egress("  - toEntities: [host, remote-node] # <- nodes") },
      errors: [
        { messageId: "nodeEntity", at: "p.yaml#nodes", to: "entity:host", ports: "all" },
        { messageId: "nodeEntity", at: "p.yaml#nodes", to: "entity:remote-node", ports: "all" },
      ],
    },
  ],
});
