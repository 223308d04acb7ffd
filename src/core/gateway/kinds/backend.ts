import type { Backend } from "../model.js";
import type { GatewayReader } from "./read.js";

/** EG `Backend` (§4 C5): raw IP / FQDN / unix endpoints that no ReferenceGrant governs (EG10). */
export const readBackend = (r: GatewayReader): Backend => ({
  meta: r.meta(),
  endpoints: r.items(r.spec.endpoints, ["spec", "endpoints"]).map(({ item, path }) => {
    const ip = r.record(item.ip, [...path, "ip"]);
    const fqdn = r.record(item.fqdn, [...path, "fqdn"]);
    const unix = r.record(item.unix, [...path, "unix"]);
    return {
      object: r.object,
      path,
      ip: ip ? { address: r.string(ip.address, [...path, "ip", "address"]) ?? "", port: r.port(ip.port, [...path, "ip", "port"]) ?? 0 } : undefined,
      fqdn: fqdn ? { hostname: (r.string(fqdn.hostname, [...path, "fqdn", "hostname"]) ?? "").toLowerCase(), port: r.port(fqdn.port, [...path, "fqdn", "port"]) ?? 0 } : undefined,
      unix: unix ? (r.string(unix.path, [...path, "unix", "path"]) ?? "") : undefined,
    };
  }),
});
