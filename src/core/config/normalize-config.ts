import { isCanonicalCidr, parseCidr } from "../algebra/ip-space.js";
import { validateFqdnSelector } from "../algebra/fqdn-pattern.js";
import type { GatewaySettings } from "../gateway/settings.js";
import { diagnostic, type Diagnostic } from "../model/diagnostic.js";
import type { FieldPath } from "../model/manifest.js";
import type { Position } from "../model/position.js";
import type { RuleSeverity } from "../review/types.js";
import { CONFIG_CODES, dottedPath } from "./config-codes.js";
import { isCalendarDate, parseConfigPeer, parsePortList } from "./config-values.js";
import type { CommentMode, ConfigException, ConfigPeer, GateMode, SharedFlow, Tenant, TenantConfig } from "./types.js";

type At = (path: FieldPath) => Position;
type Raw = Record<string, unknown>;

/** Collects the checks JSON Schema cannot express exactly, reported at the field. */
class Checker {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly at: At) {}

  error(path: FieldPath, message: string): void {
    this.diagnostics.push(diagnostic(CONFIG_CODES.value, "error", `${dottedPath(path)}: ${message}`, this.at(path)));
  }

  warn(code: string, path: FieldPath, message: string): void {
    this.diagnostics.push(diagnostic(code, "warning", `${dottedPath(path)}: ${message}`, this.at(path)));
  }

  position(path: FieldPath): Position {
    return this.at(path);
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const record = (v: unknown): Raw => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Raw) : {});

function checkCidrs(c: Checker, list: readonly string[], path: FieldPath): void {
  list.forEach((text, i) => {
    if (!parseCidr(text) || !text.includes("/")) c.error([...path, i], `"${text}" is not an IPv4 or IPv6 CIDR such as 203.0.113.10/32`);
    else if (!isCanonicalCidr(text)) c.error([...path, i], `"${text}" has host bits set; write the network address (${text} is read as a different block by Cilium)`);
  });
}

function readTenant(c: Checker, name: string, raw: Raw): Tenant {
  const path = ["tenants", name];
  const egress = record(raw.egress);
  const ingress = record(raw.ingress);
  const tenant: Tenant = {
    name,
    namespaces: strings(raw.namespaces),
    owners: strings(raw.owners),
    egress: { fqdns: strings(egress.fqdns), cidrs: strings(egress.cidrs) },
    ingress: { cidrs: strings(ingress.cidrs) },
    at: c.position(path),
    ...(typeof raw.description === "string" ? { description: raw.description } : {}),
  };
  const selector = record(raw.namespaceSelector);
  if (raw.namespaceSelector !== undefined) tenant.namespaceSelector = { matchLabels: record(selector.matchLabels) as Record<string, string> };
  checkCidrs(c, tenant.egress.cidrs, [...path, "egress", "cidrs"]);
  checkCidrs(c, tenant.ingress.cidrs, [...path, "ingress", "cidrs"]);
  tenant.egress.fqdns.forEach((p, i) => {
    const problem = validateFqdnSelector({ matchPattern: p });
    if (problem) c.error([...path, "egress", "fqdns", i], problem.replace("matchPattern", "pattern"));
  });
  return tenant;
}

function readPeer(c: Checker, text: unknown, path: FieldPath): ConfigPeer | undefined {
  const peer = parseConfigPeer(String(text));
  if ("error" in peer) return void c.error(path, peer.error);
  return peer;
}

function readPorts(c: Checker, raw: unknown, path: FieldPath) {
  if (raw === undefined) return null;
  const parsed = parsePortList(strings(raw));
  if ("error" in parsed) return void c.error([...path, parsed.index], parsed.error);
  return parsed.ports;
}

function readShared(c: Checker, raw: Raw, i: number): SharedFlow | undefined {
  const path = ["shared", i];
  const to = readPeer(c, raw.to, [...path, "to"]);
  const ports = readPorts(c, raw.ports, [...path, "ports"]);
  if (!to || ports === undefined) return undefined;
  return { to, ports, at: c.position(path), ...(typeof raw.description === "string" ? { description: raw.description } : {}) };
}

function readException(c: Checker, raw: Raw, index: number): ConfigException | undefined {
  const path = ["exceptions", index];
  const from = readPeer(c, raw.from, [...path, "from"]);
  const to = readPeer(c, raw.to, [...path, "to"]);
  const ports = readPorts(c, raw.ports, [...path, "ports"]);
  const expires = typeof raw.expires === "string" ? raw.expires : undefined;
  if (expires !== undefined && !isCalendarDate(expires)) c.error([...path, "expires"], `"${expires}" is not a calendar date`);
  if (from?.kind === "entity") c.error([...path, "from"], "an exception's source must be pods (a tenant or namespace), not an entity");
  if (!from || !to || ports === undefined) return undefined;
  return {
    index,
    from,
    to,
    ports,
    reason: String(raw.reason),
    at: c.position(path),
    ...(expires !== undefined ? { expires } : {}),
    ...(typeof raw.approvedBy === "string" ? { approvedBy: raw.approvedBy } : {}),
  };
}

/** The `gateway` section as written (the schema checked its shape); its CIDRs are checked exactly (T11 compares with them). */
function readGateway(c: Checker, raw: Raw): Partial<GatewaySettings> {
  checkCidrs(c, strings(raw.podCIDRs), ["gateway", "podCIDRs"]);
  checkCidrs(c, strings(raw.serviceCIDRs), ["gateway", "serviceCIDRs"]);
  return { ...raw } as Partial<GatewaySettings>;
}

/** A literal namespace claimed twice is almost always a copy-paste mistake; the first claim wins. */
function checkOverlaps(c: Checker, tenants: readonly Tenant[], platform: readonly string[]): void {
  const claimed = new Map<string, string>(platform.map((ns) => [ns, "platform"]));
  for (const t of tenants)
    t.namespaces.forEach((ns, i) => {
      const owner = claimed.get(ns);
      if (owner && owner !== t.name) c.warn(CONFIG_CODES.overlap, ["tenants", t.name, "namespaces", i], `namespace ${ns} is already claimed by ${owner === "platform" ? "the platform" : `tenant ${owner}`}, which takes precedence`);
      else claimed.set(ns, t.name);
    });
}

/** Turn a schema-valid document into a TenantConfig with defaults, checking values exactly. */
export function normalizeConfig(raw: Raw, file: string, at: At): { config: TenantConfig; diagnostics: Diagnostic[] } {
  const c = new Checker(at);
  const tenants = Object.entries(record(raw.tenants)).map(([name, t]) => readTenant(c, name, record(t)));
  const platform = strings(record(raw.platform).namespaces);
  const shared = (Array.isArray(raw.shared) ? raw.shared : []).map((s, i) => readShared(c, record(s), i)).filter((s): s is SharedFlow => s !== undefined);
  const exceptions = (Array.isArray(raw.exceptions) ? raw.exceptions : [])
    .map((e, i) => readException(c, record(e), i))
    .filter((e): e is ConfigException => e !== undefined);
  checkOverlaps(c, tenants, platform);
  if (tenants.length === 0) c.warn(CONFIG_CODES.noTenants, [], "no tenants are defined, so no tenant-isolation rule has anything to check");
  const cilium = record(raw.cilium);
  const config: TenantConfig = {
    file,
    tenants,
    platform: { namespaces: platform },
    shared,
    exceptions,
    rules: record(raw.rules) as Record<string, RuleSeverity>,
    gate: (raw.gate as GateMode | undefined) ?? "new",
    comment: { mode: (record(raw.comment).mode as CommentMode | undefined) ?? "update" },
    cilium: {
      ...(typeof cilium.version === "string" ? { version: cilium.version.replace(/^v/, "") } : {}),
      ...(typeof cilium.policyEnforcementMode === "string" ? { policyEnforcementMode: cilium.policyEnforcementMode as "default" } : {}),
    },
    ...(raw.gateway !== undefined ? { gateway: readGateway(c, record(raw.gateway)) } : {}),
  };
  return { config, diagnostics: c.diagnostics };
}
