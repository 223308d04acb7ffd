import type { FieldPath } from "../../model/manifest.js";
import type { PortMatcher, Protocol } from "../../model/ports.js";
import type { PolicyReader } from "./reader.js";

const PORT_FIELDS = ["protocol", "port", "endPort"] as const;
const KNP_PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];
const MIN_PORT = 1;
const MAX_PORT = 65535;

/**
 * IANA_SVC_NAME as the API server validates a named port: 1-15 characters, lower-case letters,
 * digits and `-`, at least one letter, no leading, trailing or doubled `-`.
 */
export const isValidPortName = (name: string): boolean => {
  if (name.length < 1 || name.length > 15) return false;
  let letter = false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 97 && c <= 122) letter = true;
    else if (c === 45 /* - */) {
      if (i === 0 || i === name.length - 1 || name.charCodeAt(i - 1) === 45) return false;
    } else if (c < 48 || c > 57) return false;
  }
  return letter;
};

const isPortNumber = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** One `NetworkPolicyPort` (KNP-4). Returns undefined when the API server would reject it. */
function compilePort(r: PolicyReader, raw: unknown, path: FieldPath): PortMatcher | undefined {
  // A `null` list element decodes to the Go zero value: every TCP port.
  const port = r.record(raw, path, PORT_FIELDS);
  if (port === undefined) return undefined;
  let protocol: Protocol = "TCP"; // KNP-4 / §16 item 17: a missing protocol is TCP, never UDP.
  if (port.protocol !== undefined && port.protocol !== null) {
    if (typeof port.protocol !== "string" || !KNP_PROTOCOLS.includes(port.protocol as Protocol))
      return r.invalid([...path, "protocol"], `protocol must be one of ${KNP_PROTOCOLS.join(", ")}`);
    protocol = port.protocol as Protocol;
  }
  const value = port.port ?? undefined;
  const endPort = port.endPort ?? undefined;
  if (endPort !== undefined) {
    if (!isPortNumber(endPort) || endPort < MIN_PORT || endPort > MAX_PORT)
      return r.invalid([...path, "endPort"], `endPort must be a port number between ${MIN_PORT} and ${MAX_PORT}`);
    if (value === undefined) return r.invalid([...path, "endPort"], "endPort may not be set without port");
    if (typeof value === "string")
      return r.invalid([...path, "endPort"], `endPort may not be set when port is a named port ("${value}")`);
  }
  if (value === undefined) return { kind: "range", protocol, from: MIN_PORT, to: MAX_PORT };
  if (typeof value === "string") {
    if (!isValidPortName(value))
      return r.invalid(
        [...path, "port"],
        `"${value}" is neither a port number nor a valid port name (IANA_SVC_NAME: up to 15 lower-case letters, digits and '-', with a letter)`,
      );
    return { kind: "named", protocol, name: value };
  }
  if (!isPortNumber(value) || value < MIN_PORT || value > MAX_PORT)
    return r.invalid([...path, "port"], `port must be a number between ${MIN_PORT} and ${MAX_PORT} or a port name`);
  if (endPort === undefined) return { kind: "range", protocol, from: value, to: value };
  if (!isPortNumber(endPort) || endPort < value)
    return r.invalid([...path, "endPort"], `endPort (${String(endPort)}) must be greater than or equal to port (${value})`);
  return { kind: "range", protocol, from: value, to: endPort };
}

/**
 * The `ports` list of one rule (KNP-4). A missing or empty list means every port and protocol
 * (`null`). Returns undefined when some entry is invalid (errors reported).
 */
export function compilePorts(
  r: PolicyReader,
  raw: unknown,
  path: FieldPath,
): { ports: readonly PortMatcher[] | null } | undefined {
  const entries = r.list(raw, path);
  if (entries === undefined) return undefined;
  if (entries.length === 0) return { ports: null };
  const ports: PortMatcher[] = [];
  let ok = true;
  for (let i = 0; i < entries.length; i++) {
    const matcher = compilePort(r, entries[i], [...path, i]);
    if (matcher === undefined) ok = false;
    else ports.push(matcher);
  }
  return ok ? { ports } : undefined;
}
