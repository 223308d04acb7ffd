import type { ExtensionPolicy } from "../model.js";
import type { GatewayReader } from "./read.js";

/** Data-plane extensions that can rewrite anything the proxy does (§5.5, T12). */
const EXTENSIONS = ["lua", "wasm", "extProc", "dynamicModule"] as const;

/**
 * EnvoyPatchPolicy, EnvoyExtensionPolicy, BackendTrafficPolicy and HTTPRouteFilter: only what
 * T12 and T17 read (extension features, cross-namespace targetSelectors).
 */
export const readExtensionPolicy = (r: GatewayReader): ExtensionPolicy => ({
  meta: r.meta(),
  extensions: r.object.kind === "EnvoyPatchPolicy" ? ["jsonPatches"] : EXTENSIONS.filter((e) => r.spec[e] !== undefined && r.spec[e] !== null),
  targetSelectors: r.targetSelectors(r.spec),
});
