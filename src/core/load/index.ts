export { parseManifests } from "./parse-manifests.js";
export type { ParsedManifests } from "./parse-manifests.js";
export { buildInventory, ensureNamespace } from "./build-inventory.js";
export { decodeUtf8 } from "./decode.js";
export { DEFAULT_LOAD_LIMITS, resolveLimits } from "./limits.js";
export type { LoadLimits } from "./limits.js";
export { isManifestPath } from "./text.js";
export { WORKLOAD_KINDS, CLUSTER_SCOPED_KINDS } from "./workload-kinds.js";
export type { WorkloadKind } from "./workload-kinds.js";
