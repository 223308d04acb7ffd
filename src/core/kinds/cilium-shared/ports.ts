import { fullRange } from "../../algebra/port-set.js";
import type { FieldPath } from "../../model/manifest.js";
import type { PortMatcher, Protocol } from "../../model/ports.js";
import { L4_PROTOCOLS } from "../../model/ports.js";
import type { Direction, L7Rules, RuleAction } from "../../model/rule.js";
import type { CiliumContext } from "./context.js";
import { CODES, isAbsent } from "./context.js";
import { compileL7, isL7Empty } from "./l7.js";

const MAX_PORTS = 40;
const PORT_RULE_FIELDS = ["ports", "rules", "serverNames", "terminatingTLS", "originatingTLS", "listener"] as const;
/** `PortDenyRule` has only ports (L7-5); `rules` is kept here to report it as invalid rather than unknown. */
const PORT_DENY_RULE_FIELDS = ["ports", "rules"] as const;
const PORT_FIELDS = ["port", "endPort", "protocol"] as const;
const NOT_MODELLED = ["terminatingTLS", "originatingTLS", "listener"] as const;

/** IANA service name (RFC 6335 5.1), as Cilium's `iana.IsSvcName`: such a port is a named port (L4-4). */
const isServiceName = (s: string): boolean =>
  s.length > 0 && s.length <= 15 && /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/.test(s);

/** Go's `strconv.ParseUint(s, 0, 16)` for the strings that are not service names: decimal, or octal with a leading 0. */
const parseGoPort = (s: string): number | undefined => {
  if (!/^\d+$/.test(s)) return undefined;
  const value = s.length > 1 && s.startsWith("0") ? (/^[0-7]+$/.test(s) ? parseInt(s, 8) : NaN) : Number(s);
  return Number.isInteger(value) && value <= 65535 ? value : undefined;
};

/** One `ports[]` entry as L7 validation needs to see it. */
export interface ParsedPort {
  path: FieldPath;
  /** Protocol as written ("" when omitted): HTTP needs exactly "TCP" (L7-6). */
  protocolText: string;
  isZero: boolean;
  /** A numeric port with `endPort` above it. */
  isRange: boolean;
}

/** What one `toPorts[k]` entry allows: port matchers and, for L7 rules, the proxy restriction. */
export interface PortRuleResult {
  path: FieldPath;
  matchers: PortMatcher[];
  l7?: L7Rules;
}

export interface PortsInput {
  direction: Direction;
  action: RuleAction;
  hostPolicy: boolean;
}

/** `toPorts` of one rule element (L4-1..4, L7-1..6). */
export function compileToPorts(c: CiliumContext, items: readonly unknown[], path: FieldPath, input: PortsInput): PortRuleResult[] {
  const out: PortRuleResult[] = [];
  for (let k = 0; k < items.length; k++) {
    const result = compilePortRule(c, items[k], [...path, k], input);
    if (result) out.push(result);
  }
  return out;
}

function compilePortRule(c: CiliumContext, raw: unknown, at: FieldPath, input: PortsInput): PortRuleResult | undefined {
  const deny = input.action === "deny";
  const rec = c.record(raw, at, deny ? PORT_DENY_RULE_FIELDS : PORT_RULE_FIELDS);
  if (rec === undefined) return undefined;
  if (deny && !isAbsent(rec.rules)) return c.invalid([...at, "rules"], "deny rules have no L7 part (PortDenyRule has only ports)", "L7-5");
  const items = c.list(rec.ports, [...at, "ports"]) ?? [];
  if (items.length > MAX_PORTS) return c.invalid([...at, "ports"], `too many ports, the max is ${MAX_PORTS}`, "L4-1");
  const ports: ParsedPort[] = [];
  const matchers: PortMatcher[] = [];
  for (let i = 0; i < items.length; i++) {
    const parsed = compilePortProtocol(c, items[i], [...at, "ports", i]);
    if (!parsed) continue;
    ports.push(parsed.port);
    for (const m of parsed.matchers) matchers.push(m);
  }
  if (!deny) checkNotModelled(c, rec, at, input.direction);
  if (deny || isL7Empty(rec.rules)) return { path: at, matchers };
  const l7 = compileL7(c, rec.rules, [...at, "rules"], { ...input, ports });
  return l7 ? { path: at, matchers, l7 } : { path: at, matchers };
}

function compilePortProtocol(c: CiliumContext, raw: unknown, at: FieldPath): { port: ParsedPort; matchers: PortMatcher[] } | undefined {
  const rec = c.record(raw, at, PORT_FIELDS);
  if (rec === undefined) return undefined;
  // Paths of valid fields are never needed: build them only for a value that is wrong.
  const port = typeof rec.port === "string" ? rec.port : c.string(rec.port, [...at, "port"]);
  const protocolText = (typeof rec.protocol === "string" ? rec.protocol : c.string(rec.protocol, [...at, "protocol"])) ?? "";
  const endPort = isAbsent(rec.endPort) ? 0 : readEndPort(c, rec.endPort, [...at, "endPort"]);
  const protocols = parseProtocol(c, protocolText, at);
  if ((port === undefined && isAbsent(rec.port)) || port === "")
    return c.invalid([...at, "port"], "port must be specified (\"0\" means every port)", "L4-3");
  if (port === undefined || protocols === undefined || endPort === undefined) return undefined;
  if (isServiceName(port)) {
    if (endPort !== 0) ignoredRange(c, [...at, "endPort"], `endPort is ignored for the named port "${port}"`);
    const name = port.toLowerCase();
    const named: PortMatcher[] =
      protocols.length > 1 ? [{ kind: "named", protocol: "ANY", name }] : protocols.map((protocol) => ({ kind: "named", protocol, name }));
    return { port: { path: at, protocolText, isZero: false, isRange: false }, matchers: named };
  }
  const value = parseGoPort(port);
  if (value === undefined) return c.invalid([...at, "port"], `unable to parse port "${port}" (0-65535 or a port name)`, "L4-3");
  if (endPort !== 0 && endPort < value && value !== 0)
    ignoredRange(c, [...at, "endPort"], `endPort ${endPort} is below port ${value}: only port ${value} is matched`);
  const to = value === 0 ? undefined : Math.max(value, endPort);
  const matchers: PortMatcher[] = protocols.map((protocol) => {
    const range = to === undefined ? fullRange(protocol) : { from: value, to };
    return { kind: "range", protocol, from: range.from, to: range.to };
  });
  return { port: { path: at, protocolText, isZero: value === 0, isRange: endPort > value }, matchers };
}

/** L4-2: TCP, UDP, SCTP, or ANY/empty = all three (never ICMP). Extended protocols need an agent flag that is off by default. */
function parseProtocol(c: CiliumContext, text: string, portAt: FieldPath): Protocol[] | undefined {
  const upper = text.toUpperCase();
  if (upper === "" || upper === "ANY") return [...L4_PROTOCOLS];
  if (upper === "TCP" || upper === "UDP" || upper === "SCTP") return [upper];
  const hint = upper.startsWith("ICMP") ? "; use an icmps rule for ICMP" : "";
  return c.invalid([...portAt, "protocol"], `invalid protocol "${text}", must be one of TCP, UDP, SCTP, ANY${hint}`, "L4-2");
}

/** `endPort` is an int32 between 0 and 65535 in the CRD; 0 means "no range". */
function readEndPort(c: CiliumContext, raw: unknown, at: FieldPath): number | undefined {
  if (isAbsent(raw)) return 0;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 0 || raw > 65535)
    return c.invalid(at, `endPort must be an integer between 0 and 65535, not ${JSON.stringify(raw)}`, "L4-3");
  return raw;
}

const ignoredRange = (c: CiliumContext, at: FieldPath, message: string): void =>
  c.report(CODES.portRangeIgnored, "warning", at, message, "L4-3");

/** TLS SNI, TLS interception and custom listeners narrow what the proxy lets through; we do not model that. */
function checkNotModelled(c: CiliumContext, rec: Record<string, unknown>, at: FieldPath, direction: Direction): void {
  // The usual port rule has none of these fields: nothing to check, no paths to build.
  if (isAbsent(rec.serverNames) && isAbsent(rec.terminatingTLS) && isAbsent(rec.originatingTLS) && isAbsent(rec.listener)) return;
  const serverNames = c.strings(rec.serverNames, [...at, "serverNames"]);
  if (serverNames.includes("")) c.invalid([...at, "serverNames"], "empty server name is not allowed", "L4-7");
  if (serverNames.length > 0 && !isL7Empty(rec.rules) && isAbsent(rec.terminatingTLS))
    c.invalid([...at, "serverNames"], "serverNames are not allowed with L7 rules without TLS termination", "L4-7");
  if (!isAbsent(rec.listener) && direction === "ingress") c.invalid([...at, "listener"], "listener is not allowed on ingress");
  if (!isAbsent(rec.listener) && !isL7Empty(rec.rules)) c.invalid([...at, "listener"], "listener is not allowed with L7 rules");
  const fields = [...(serverNames.length > 0 ? ["serverNames"] : []), ...NOT_MODELLED.filter((f) => !isAbsent(rec[f]))];
  for (const field of fields)
    c.report(
      CODES.unsupportedField,
      "warning",
      [...at, field],
      `${field} further restricts this port rule in Cilium, but is not modelled: the port is reported as open to the whole peer`,
      "L4-7",
    );
}
