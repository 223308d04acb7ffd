import type { FieldPath } from "../../model/manifest.js";
import type { DnsRule, HttpRule, L7Rules } from "../../model/rule.js";
import type { CiliumContext } from "./context.js";
import { CODES, isAbsent, isRecord, versionAtLeast } from "./context.js";
import { compileFqdnSelector } from "./peers.js";
import type { ParsedPort, PortsInput } from "./ports.js";

const L7_FIELDS = ["http", "kafka", "dns", "l7proto", "l7"] as const;
const HTTP_FIELDS = ["method", "path", "host", "headers", "headerMatches"] as const;

/** Cilium's `L7Rules.IsEmpty`: no http, kafka, dns or l7 list at all (an empty list is not empty). */
export const isL7Empty = (raw: unknown): boolean =>
  isAbsent(raw) || (isRecord(raw) && isAbsent(raw.http) && isAbsent(raw.kafka) && isAbsent(raw.dns) && isAbsent(raw.l7));

export interface L7Input extends PortsInput {
  ports: readonly ParsedPort[];
}

/**
 * `toPorts[].rules` (§10). Returns the L7 restriction, or undefined when the port rule stays L4-only
 * (Kafka / generic L7 on Cilium ≤ 1.19, which we do not model: L7_UNSUPPORTED_PROTOCOL).
 */
export function compileL7(c: CiliumContext, raw: unknown, at: FieldPath, input: L7Input): L7Rules | undefined {
  const rec = c.record(raw, at, L7_FIELDS);
  if (rec === undefined) return undefined;
  const http = isAbsent(rec.http) ? undefined : (c.list(rec.http, [...at, "http"]) ?? []);
  const dns = isAbsent(rec.dns) ? undefined : (c.list(rec.dns, [...at, "dns"]) ?? []);
  const l7proto = c.string(rec.l7proto, [...at, "l7proto"]) ?? "";
  const hasDns = dns !== undefined && dns.length > 0;
  if (!checkPorts(c, at, input, hasDns)) return undefined;
  if (!isAbsent(rec.l7) && l7proto === "") return c.invalid([...at, "l7"], "'l7' may only be specified when a 'l7proto' is also specified", "L7-1");
  const types = [
    ...(http !== undefined ? ["http"] : []),
    ...(!isAbsent(rec.kafka) ? ["kafka"] : []),
    ...(dns !== undefined ? ["dns"] : []),
    ...(l7proto !== "" ? ["l7proto"] : []),
  ];
  if (types.length > 1) return c.invalid(at, `multiple L7 protocol rule types specified in single rule (${types.join(", ")})`, "L7-1");
  if (dns !== undefined && input.ports.length === 0) return c.invalid([...at, "dns"], "port 53 must be specified for DNS rules", "L7-1");
  if (input.hostPolicy && (input.direction === "ingress" || http !== undefined))
    return c.invalid(at, `host policies support only DNS L7 rules on egress`, "L7-5");
  if (http !== undefined) return { protocol: "http", http: compileHttp(c, http, [...at, "http"]) };
  if (dns !== undefined) return { protocol: "dns", dns: compileDns(c, dns, [...at, "dns"]) };
  return unsupportedL7(c, at, types[0] ?? "l7proto");
}

/** DNS only on egress and without port ranges; other L7 only on TCP; never with port 0 ([C-api-valid] `PortRule.Validate`). */
function checkPorts(c: CiliumContext, at: FieldPath, input: L7Input, hasDns: boolean): boolean {
  const problem = portProblem(at, input, hasDns);
  if (problem) c.invalid(problem.at, problem.message, problem.rule);
  return problem === undefined;
}

function portProblem(at: FieldPath, input: L7Input, hasDns: boolean): { at: FieldPath; message: string; rule: string } | undefined {
  if (hasDns && input.direction === "ingress") return { at: [...at, "dns"], message: "DNS rules are not allowed on ingress", rule: "L7-1" };
  for (const p of input.ports) {
    if (hasDns && p.isRange) return { at: [...p.path, "endPort"], message: "DNS rules do not support port ranges", rule: "L7-1" };
    if (!hasDns && p.protocolText !== "TCP") {
      const written = p.protocolText === "" ? "ANY" : p.protocolText;
      return { at: [...p.path, "protocol"], message: `L7 rules can only apply to TCP (not ${written}) except for DNS rules`, rule: "L7-6" };
    }
  }
  if (input.ports.some((p) => p.isZero)) return { at, message: "L7 rules can not be used when a port is 0", rule: "L4-3" };
  return undefined;
}

function unsupportedL7(c: CiliumContext, at: FieldPath, field: string): undefined {
  if (versionAtLeast(c.profile.ciliumVersion, "1.20"))
    return c.invalid([...at, field], `${field} rules were removed in Cilium 1.20 (only http and dns remain)`, "L7-1");
  c.report(
    CODES.l7Unsupported,
    "warning",
    [...at, field],
    `${field} L7 rules are not modelled: this port rule is treated as an L4-only allow, so every ${field} request is reported as allowed`,
    "L7-1",
  );
  return undefined;
}

function compileHttp(c: CiliumContext, items: readonly unknown[], at: FieldPath): HttpRule[] {
  const out: HttpRule[] = [];
  items.forEach((raw, i) => {
    const ruleAt = [...at, i];
    const rec = c.record(raw, ruleAt, HTTP_FIELDS);
    if (rec === undefined) return;
    const rule: HttpRule = {};
    for (const field of ["method", "path", "host"] as const) {
      const value = c.string(rec[field], [...ruleAt, field]);
      if (value !== undefined && value !== "") rule[field] = value;
    }
    if (!isAbsent(rec.headers)) rule.headers = c.strings(rec.headers, [...ruleAt, "headers"]);
    if (!isAbsent(rec.headerMatches))
      c.report(
        CODES.unsupportedField,
        "warning",
        [...ruleAt, "headerMatches"],
        "headerMatches is not modelled: requests are reported as allowed whatever their header values",
        "L7-2",
      );
    out.push(rule);
  });
  return out;
}

function compileDns(c: CiliumContext, items: readonly unknown[], at: FieldPath): DnsRule[] {
  const out: DnsRule[] = [];
  items.forEach((raw, i) => {
    const selector = compileFqdnSelector(c, raw, [...at, i]);
    if (selector) out.push(selector);
  });
  return out;
}
