import type { ListenerContext } from "./attach.js";
import type { GatewayObjects } from "./model.js";
import { GATEWAY_GROUP } from "./model.js";
import { refAllowed } from "./references.js";

const SUPPORTED = new Set(["HTTP", "HTTPS", "TLS", "TCP", "UDP"]);

/**
 * §2 "Attached ≠ serving": is the listener Programmed? Supported protocol; HTTPS/TLS-Terminate
 * with certificateRefs whose cross-namespace Secrets are granted to the Gateway; TCP/UDP without
 * hostname. Certificate validity is unknown from manifests and assumed (§6.2 step 4).
 */
export function listenerProblem(ctx: ListenerContext, objects: GatewayObjects): string | undefined {
  const l = ctx.listener;
  if (!SUPPORTED.has(l.protocol)) return `protocol ${l.protocol} is not supported by EG`;
  if ((l.protocol === "TCP" || l.protocol === "UDP") && l.hostname) return `${l.protocol} listeners cannot have a hostname`;
  const terminates = l.protocol === "HTTPS" || (l.protocol === "TLS" && l.tlsMode !== "Passthrough");
  if (!terminates) return undefined;
  if (l.certificateRefs.length === 0) return "TLS termination without certificateRefs";
  const from = { group: GATEWAY_GROUP, kind: l.owner.kind, namespace: l.owner.namespace };
  const denied = l.certificateRefs.find((c) => refAllowed(objects, from, { group: c.group, kind: c.kind, namespace: c.namespace, name: c.name }) === "denied");
  return denied ? `certificate Secret ${denied.namespace}/${denied.name} is in another namespace without a ReferenceGrant` : undefined;
}

/** `Gateway` or `ListenerSet:ns/name`, as §6.1 writes the listener owner. */
export const ownerName = (ctx: ListenerContext): string =>
  ctx.listenerSet ? `ListenerSet:${ctx.listenerSet.meta.namespace}/${ctx.listenerSet.meta.name}` : "Gateway";
