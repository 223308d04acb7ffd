import type { FieldPath } from "../../model/manifest.js";
import type { PortMatcher, Protocol } from "../../model/ports.js";
import type { CiliumContext } from "./context.js";
import { isAbsent } from "./context.js";

/** Cilium's ICMP type names ([C-api] `icmp.go`), per family. */
const ICMP_V4: Readonly<Record<string, number>> = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  Redirect: 5,
  Echo: 8,
  EchoRequest: 8,
  RouterAdvertisement: 9,
  RouterSelection: 10,
  TimeExceeded: 11,
  ParameterProblem: 12,
  Timestamp: 13,
  TimestampReply: 14,
  Photuris: 40,
  ExtendedEchoRequest: 42,
  ExtendedEchoReply: 43,
};

const ICMP_V6: Readonly<Record<string, number>> = {
  DestinationUnreachable: 1,
  PacketTooBig: 2,
  TimeExceeded: 3,
  ParameterProblem: 4,
  EchoRequest: 128,
  EchoReply: 129,
  MulticastListenerQuery: 130,
  MulticastListenerReport: 131,
  MulticastListenerDone: 132,
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
  RedirectMessage: 137,
  RouterRenumbering: 138,
  ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140,
  InverseNeighborDiscoverySolicitation: 141,
  InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144,
  HomeAgentAddressDiscoveryReply: 145,
  MobilePrefixSolicitation: 146,
  MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157,
  DuplicateAddressConfirmationCodeSuffix: 158,
  ExtendedEchoRequest: 160,
  ExtendedEchoReply: 161,
};

const MAX_FIELDS = 40;
const ICMP_RULE_FIELDS = ["fields"] as const;
const ICMP_FIELD_FIELDS = ["family", "type"] as const;

/**
 * `icmps` (L4-6): each field matches one ICMP (IPv4, the default) or ICMPv6 type, modelled as the "port"
 * of protocol ICMP/ICMPv6. Types are 0-255 or one of Cilium's CamelCase names for that family.
 */
export function compileIcmps(c: CiliumContext, items: readonly unknown[], path: FieldPath): PortMatcher[] {
  const out: PortMatcher[] = [];
  items.forEach((item, i) => {
    const at = [...path, i];
    const rec = c.record(item, at, ICMP_RULE_FIELDS);
    if (rec === undefined) return;
    const fields = c.list(rec.fields, [...at, "fields"]) ?? [];
    if (fields.length > MAX_FIELDS) return void c.invalid([...at, "fields"], `too many types, the max is ${MAX_FIELDS}`, "L4-6");
    fields.forEach((field, j) => {
      const matcher = compileIcmpField(c, field, [...at, "fields", j]);
      if (matcher) out.push(matcher);
    });
  });
  return out;
}

function compileIcmpField(c: CiliumContext, raw: unknown, at: FieldPath): PortMatcher | undefined {
  const rec = c.record(raw, at, ICMP_FIELD_FIELDS);
  if (rec === undefined) return undefined;
  const family = c.string(rec.family, [...at, "family"]) ?? "";
  if (family !== "" && family !== "IPv4" && family !== "IPv6")
    return c.invalid([...at, "family"], `wrong family: ${family} (IPv4 or IPv6)`, "L4-6");
  const protocol: Protocol = family === "IPv6" ? "ICMPv6" : "ICMP";
  const type = icmpType(rec.type, family === "IPv6" ? ICMP_V6 : ICMP_V4);
  if (type === undefined) {
    const written = isAbsent(rec.type) ? "missing" : JSON.stringify(rec.type);
    return c.invalid([...at, "type"], `ICMP type ${written} is neither 0-255 nor a known ${family || "IPv4"} type name`, "L4-6");
  }
  return { kind: "range", protocol, from: type, to: type };
}

const icmpType = (raw: unknown, names: Readonly<Record<string, number>>): number | undefined => {
  if (typeof raw === "number") return Number.isInteger(raw) && raw >= 0 && raw <= 255 ? raw : undefined;
  if (typeof raw !== "string") return undefined;
  if (/^\d{1,3}$/.test(raw)) return Number(raw) <= 255 ? Number(raw) : undefined;
  return Object.hasOwn(names, raw) ? names[raw] : undefined;
};
