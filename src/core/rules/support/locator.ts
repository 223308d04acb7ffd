import type { CompiledRepository } from "../../analyze/analyze-repository.js";
import type { TenantConfig } from "../../config/types.js";
import type { EndpointPeer } from "../../model/peer.js";
import type { Position } from "../../model/position.js";
import type { Tenancy } from "../../tenancy/tenancy.js";

/** Where to point when a finding has no allowing rule: the workload, its namespace, or the tenant's config entry. */
export interface Locator {
  endpoint(peer: EndpointPeer): Position;
  namespace(namespace: string): Position;
}

export function createLocator(repo: CompiledRepository, config: TenantConfig | undefined, tenancy: Tenancy): Locator {
  const fallback: Position = config ? { file: config.file, line: 1, col: 1 } : (repo.objects[0]?.position ?? { file: "", line: 0, col: 0 });
  const namespace = (ns: string): Position => {
    const declared = repo.inventory.namespaces.get(ns)?.position;
    if (declared) return declared;
    const object = repo.objects.find((o) => o.namespace === ns);
    if (object) return object.position;
    const owner = tenancy.namespaceOwner(ns, {});
    const tenant = owner.kind === "tenant" && config ? tenancy.tenant(owner.tenant) : undefined;
    return tenant && tenant.at.line > 0 ? tenant.at : fallback;
  };
  return {
    namespace,
    endpoint: (peer) => peer.workloads[0]?.position ?? namespace(peer.namespace),
  };
}
