import type { FieldPath } from "../model/manifest.js";

/** Diagnostic codes of the config file (documented in docs/configuration.md). */
export const CONFIG_CODES = {
  yaml: "CONFIG_YAML_SYNTAX",
  schema: "CONFIG_SCHEMA",
  value: "CONFIG_INVALID_VALUE",
  overlap: "CONFIG_NAMESPACE_OVERLAP",
  noTenants: "CONFIG_NO_TENANTS",
} as const;

/** `["tenants", "sales", "namespaces", 0]` → `tenants.sales.namespaces[0]`. */
export const dottedPath = (path: FieldPath): string =>
  path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc === "" ? p : `${acc}.${p}`), "") || "(top level)";
