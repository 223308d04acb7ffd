import { parse } from "yaml";
import type { SourceFile } from "../core/model/position.js";
import type { TenantOwners } from "./consent.js";
import type { CommentMode } from "./ports.js";

/** The two things the app itself reads from `.github/bulkhead.yml`; the core parses and validates the rest. */
export interface RepoSettings {
  tenants: TenantOwners[];
  commentMode: CommentMode;
}

const MODES: readonly CommentMode[] = ["update", "new", "off"];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A deliberately small, lenient read of `tenants.<t>.owners` and `comment.mode`. A config the
 * core rejects fails the gate anyway; here a malformed value just means no owners (nobody can
 * consent) and the default comment mode. The alias cap keeps a hostile file cheap.
 */
export function readRepoSettings(config: SourceFile | undefined): RepoSettings {
  const defaults: RepoSettings = { tenants: [], commentMode: "update" };
  if (!config) return defaults;
  let doc: unknown;
  try {
    doc = parse(config.text, { maxAliasCount: 100 });
  } catch {
    return defaults;
  }
  if (!isRecord(doc)) return defaults;
  const tenants = isRecord(doc.tenants)
    ? Object.entries(doc.tenants).map(([name, t]) => ({ name, owners: isRecord(t) && Array.isArray(t.owners) ? t.owners.filter((o): o is string => typeof o === "string") : [] }))
    : [];
  const mode = isRecord(doc.comment) ? doc.comment.mode : undefined;
  return { tenants, commentMode: MODES.find((m) => m === mode) ?? "update" };
}
