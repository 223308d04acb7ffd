import type { DiagnosticSink } from "./diagnostic.js";
import type { Inventory } from "./inventory.js";
import type { ManifestObject } from "./manifest.js";
import type { Profile } from "./profile.js";
import type { CompiledPolicy } from "./rule.js";

export interface CompileContext {
  profile: Profile;
  inventory: Inventory;
  report: DiagnosticSink;
}

/**
 * One module per policy kind (renovate's manager pattern). Registered in `core/kinds/registry.ts`.
 * A kind only *translates* an object into the rule model; precedence lives in the engine.
 */
export interface PolicyKind {
  /** Stable id, also the folder name under core/kinds/. */
  id: string;
  kind: string;
  /** apiVersions the kind accepts (current and still-served older ones). */
  apiVersions: readonly string[];
  /** Compile one object. Returns null when the object is invalid and enforced by nobody (OBJ-4). */
  compile(object: ManifestObject, ctx: CompileContext): CompiledPolicy | null;
}
