import type { Service, ServicePort } from "../model/inventory.js";
import type { FieldReader } from "./fields.js";

const servicePort = (r: FieldReader, raw: unknown, index: number): ServicePort | undefined => {
  const path = ["spec", "ports", index];
  const entry = r.record(raw, path);
  if (!entry) return undefined;
  const port = r.requiredPort(entry, "port", [...path, "port"]);
  const protocol = r.protocol(entry.protocol, [...path, "protocol"]);
  const name = r.string(entry.name, [...path, "name"]);
  if (port === undefined || protocol === undefined) return undefined;
  return { ...(name ? { name } : {}), port, targetPort: targetPort(r, entry.targetPort, port, [...path, "targetPort"]), protocol };
};

/** int-or-string: a port number, or the name of a container port; defaults to `port`. */
const targetPort = (r: FieldReader, value: unknown, port: number, path: (string | number)[]): number | string => {
  if (value === undefined || value === null) return port;
  if (typeof value === "string" && value !== "") return value;
  return r.port(value, path) ?? port;
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
    ports: ports.map((p, i) => servicePort(r, p, i)).filter((p): p is ServicePort => p !== undefined),
    labels: r.labels(metadata?.labels, ["metadata", "labels"]),
    position: object.position,
  };
};
