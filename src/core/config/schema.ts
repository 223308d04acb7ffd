/**
 * JSON Schema of `.github/bulkhead.yml`. Published as `docs/bulkhead.schema.json` (a test keeps the
 * two identical) so that editors can validate the file, e.g. with
 * `# yaml-language-server: $schema=<url of docs/bulkhead.schema.json>`.
 *
 * The schema checks shape; `parseConfig` adds what JSON Schema cannot say exactly (CIDRs, DNS
 * patterns, dates, peer syntax). Rule ids are listed here and checked against the rule registry by a test.
 */

import { GATEWAY_CONFIG_SCHEMA } from "../gateway/settings.js";
import { gatewayRuleIds } from "../gateway/rules/index.js";

/** Ids of the built-in rules, in registry order: the east-west rules, then the north-south tenant rules T1–T18. */
export const RULE_IDS: readonly string[] = [
  "cross-tenant",
  "latent-cross-tenant",
  "external-egress",
  "internet-ingress",
  "default-deny",
  "platform-access",
  "broad-entity",
  "clusterwide-policy",
  "invalid-policy",
  "fqdn-without-dns",
  "matches-nothing",
  "exception-expired",
  "exception-unused",
  ...gatewayRuleIds,
];

const NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
const stringList = (description: string, pattern?: string) => ({
  type: "array",
  description,
  items: pattern ? { type: "string", minLength: 1, pattern } : { type: "string", minLength: 1 },
  uniqueItems: true,
});
const PORTS = stringList(
  "Ports as PORT/PROTOCOL or FIRST-LAST/PROTOCOL (TCP, UDP, SCTP), e.g. 53/UDP, 8000-8080/TCP. Omitted: every port.",
  "^[0-9]{1,5}(-[0-9]{1,5})?/(TCP|UDP|SCTP|tcp|udp|sctp)$",
);
const PEER = {
  type: "string",
  minLength: 1,
  description:
    "A tenant or namespace (glob), optionally with pod labels: `sales`, `sales/app=reports`, `kube-system/k8s-app=kube-dns,tier=dns`; or `entity:kube-apiserver` (also host, remote-node).",
};

export const configSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Bulkhead configuration (.github/bulkhead.yml)",
  description: "Tenants, the platform, shared flows, approved exceptions and rule severities. Read from the base branch of a pull request.",
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    tenants: {
      type: "object",
      description: "Tenants by name. A namespace belongs to the first tenant (in file order) whose namespaces or namespaceSelector match it.",
      propertyNames: { pattern: NAME },
      additionalProperties: { $ref: "#/definitions/tenant" },
    },
    platform: {
      type: "object",
      additionalProperties: false,
      properties: { namespaces: stringList("Namespaces (globs) run by the platform team, e.g. kube-system. Tenants may reach them only through `shared`.") },
    },
    shared: { type: "array", description: "Flows every tenant may use, e.g. DNS.", items: { $ref: "#/definitions/sharedFlow" } },
    exceptions: { type: "array", description: "Approved cross-tenant flows, with audit fields.", items: { $ref: "#/definitions/exception" } },
    rules: {
      type: "object",
      description: "Severity per rule id: error (gates), warning (reported), off.",
      propertyNames: { enum: [...RULE_IDS] },
      additionalProperties: { enum: ["error", "warning", "off"] },
    },
    gate: { enum: ["new", "all"], default: "new", description: "new: fail only on errors the pull request introduces; all: fail on every unwaived error." },
    comment: {
      type: "object",
      additionalProperties: false,
      properties: { mode: { enum: ["update", "new", "off"], default: "update", description: "update one comment per pull request, post a new one per push, or none." } },
    },
    cilium: {
      type: "object",
      additionalProperties: false,
      properties: {
        version: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+", description: "Cilium minor version the cluster runs, e.g. \"1.19\"." },
        policyEnforcementMode: { enum: ["default", "always", "never"], description: "The agent's policyEnforcementMode (DD-1)." },
      },
    },
    gateway: GATEWAY_CONFIG_SCHEMA,
  },
  definitions: {
    tenant: {
      type: "object",
      additionalProperties: false,
      anyOf: [{ required: ["namespaces"] }, { required: ["namespaceSelector"] }],
      properties: {
        description: { type: "string" },
        namespaces: stringList("Namespace names or globs (picomatch), e.g. sales, sales-*."),
        namespaceSelector: {
          type: "object",
          additionalProperties: false,
          required: ["matchLabels"],
          properties: { matchLabels: { type: "object", minProperties: 1, additionalProperties: { type: "string" } } },
        },
        owners: stringList("GitHub users (login) or teams (@org/team) who own the tenant and may consent to flows into it.", "^@?[A-Za-z0-9]([A-Za-z0-9-]*)(/[A-Za-z0-9._-]+)?$"),
        egress: {
          type: "object",
          additionalProperties: false,
          description: "Approved destinations outside the cluster.",
          properties: {
            fqdns: stringList("DNS names or Cilium matchPattern patterns, e.g. *.salesforce.com."),
            cidrs: stringList("IPv4/IPv6 CIDRs, e.g. 203.0.113.10/32."),
          },
        },
        ingress: {
          type: "object",
          additionalProperties: false,
          description: "Approved sources outside the cluster that may reach the tenant's pods directly.",
          properties: { cidrs: stringList("IPv4/IPv6 CIDRs.") },
        },
      },
    },
    sharedFlow: {
      type: "object",
      additionalProperties: false,
      required: ["to"],
      properties: { to: PEER, ports: PORTS, description: { type: "string" } },
    },
    exception: {
      type: "object",
      additionalProperties: false,
      required: ["from", "to", "reason"],
      properties: {
        from: PEER,
        to: PEER,
        ports: PORTS,
        reason: { type: "string", minLength: 1, description: "Why, e.g. a ticket id." },
        expires: { type: "string", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description: "Last day (UTC, inclusive) the exception applies, YYYY-MM-DD." },
        approvedBy: { type: "string", description: "Who approved it." },
      },
    },
  },
} as const;
