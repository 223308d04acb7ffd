export { createTenancy, crossesTenants, describeOwner, namespaceLabelsOf, tenantOf, SYSTEM_NAMESPACES } from "./tenancy.js";
export type { Owner, Tenancy } from "./tenancy.js";
