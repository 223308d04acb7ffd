import rule from "../../../src/core/rules/matches-nothing.js";
import { cnp, deployment, tenants } from "./fixtures.js";
import { ruleTester } from "./rule-tester.js";

const web = deployment("sales", "web", [{ name: "http", port: 8080 }]);
const api = deployment("sales", "api");
const files = { ...tenants(), "web.yaml": web, "api.yaml": api };
const web_ = (spec: string) => cnp("sales", "web", `endpointSelector: {matchLabels: {app: web}}\n${spec}`);

ruleTester(rule, {
  valid: [
    { name: "selectors and named ports that match workloads", files: { ...files, "p.yaml": web_('ingress:\n  - fromEndpoints: [{matchLabels: {app: api}}]\n    toPorts: [{ports: [{port: http}]}]') } },
    { name: "a namespace whose workloads live elsewhere (no workloads in this repository)", files: { ...tenants(), "p.yaml": cnp("marketing", "x", "endpointSelector: {matchLabels: {app: nothing}}\ningress: [{}]") } },
  ],
  invalid: [
    {
      name: "a subject selector with a typo",
      files: { ...files, "p.yaml": cnp("sales", "typo", "endpointSelector: {matchLabels: {app: wbe}}\ningress: [{}]") },
      errors: [{ messageId: "subject", at: "p.yaml#top", from: "sales/typo" }],
    },
    {
      name: "a peer selector that matches no workload",
      files: { ...files, "p.yaml": web_("ingress:\n  - fromEndpoints: [{matchLabels: {app: apl}}] # <- peer") },
      errors: [{ messageId: "peer", at: "p.yaml#peer" }],
    },
    {
      name: "a named port no selected pod defines (L4-4)",
      files: { ...files, "p.yaml": web_("ingress:\n  - fromEndpoints: [{matchLabels: {app: api}}] # <- port\n    toPorts: [{ports: [{port: https}]}]") },
      errors: [{ messageId: "namedPort", at: "p.yaml#port", to: "https" }],
    },
  ],
});
