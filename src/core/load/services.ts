import type { Service, ServicePort } from "../model/inventory.js";
import type { FieldReader, PathArg } from "./fields.js";

const servicePort = (r: FieldReader, raw: unknown, index: number): ServicePort | undefined => {
  const entry = r.record(raw, () => ["spec", "ports", index]);
  if (!entry) return undefined;
  const port = r.requiredPort(entry, "port", () => ["spec", "ports", index, "port"]);
  const protocol = r.protocol(entry.protocol, () => ["spec", "ports", index, "protocol"]);
  const name = r.string(entry.name, () => ["spec", "ports", index, "name"]);
  if (port === undefined || protocol === undefined) return undefined;
  const target = targetPort(r, entry.targetPort, port, () => ["spec", "ports", index, "targetPort"]);
  return name ? { name, port, targetPort: target, protocol } : { port, targetPort: target, protocol };
};

/** int-or-string: a port number, or the name of a container port; defaults to `port`. */
const targetPort = (r: FieldReader, value: unknown, port: number, path: PathArg): number | string => {
  if (value === undefined || value === null) return port;
  if (typeof value === "string" && value !== "") return value;
  return r.port(value, path) ?? port;
};

const servicePorts = (r: FieldReader, raw: readonly unknown[]): ServicePort[] => {
  const out: ServicePort[] = [];
  for (let i = 0; i < raw.length; i++) {
    const port = servicePort(r, raw[i], i);
    if (port) out.push(port);
  }
  return out;
};

/** Read a v1 Service. A selector-less (or empty-selector) Service selects no pods (SVC-2). */
export const readService = (r: FieldReader): Service => {
  const { object } = r;
  const spec = r.record(object.body.spec, ["spec"]);
  const selector = r.labels(spec?.selector, ["spec", "selector"]);
  const ports = r.list(spec?.ports, ["spec", "ports"]) ?? [];
  const metadata = r.record(object.body.metadata, ["metadata"]);
  return {
    namespace: object.namespace ?? "default",
    name: object.name,
    selector: Object.keys(selector).length > 0 ? selector : null,
    ports: servicePorts(r, ports),
    labels: r.labels(metadata?.labels, ["metadata", "labels"]),
    position: object.position,
  };
};
