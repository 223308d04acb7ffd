import type { ReferenceGrant } from "../model.js";
import type { GatewayReader } from "./read.js";

/** ReferenceGrant v1 / v1beta1, same schema (GW4). `from` names namespaces only; `to.name` is optional. */
export const readReferenceGrant = (r: GatewayReader): ReferenceGrant => ({
  meta: r.meta(),
  from: r.items(r.spec.from, ["spec", "from"]).map(({ item, path }) => ({
    object: r.object,
    path,
    group: r.string(item.group, [...path, "group"]) ?? "",
    kind: r.string(item.kind, [...path, "kind"]) ?? "",
    namespace: r.string(item.namespace, [...path, "namespace"]) ?? "",
  })),
  to: r.items(r.spec.to, ["spec", "to"]).map(({ item, path }) => {
    const name = r.string(item.name, [...path, "name"]);
    return {
      object: r.object,
      path,
      group: r.string(item.group, [...path, "group"]) ?? "",
      kind: r.string(item.kind, [...path, "kind"]) ?? "",
      name: name === "" ? undefined : name,
    };
  }),
});
