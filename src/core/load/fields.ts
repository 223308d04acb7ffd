import { diagnostic } from "../model/diagnostic.js";
import type { DiagnosticSink } from "../model/diagnostic.js";
import type { FieldPath, ManifestObject } from "../model/manifest.js";
import { objectRef } from "../model/manifest.js";
import { isRecord } from "./objects.js";

export type L4Protocol = "TCP" | "UDP" | "SCTP";
const PROTOCOLS: readonly string[] = ["TCP", "UDP", "SCTP"];

/**
 * A field path, or a function that builds it: most fields are valid, and a path is only needed to
 * report one that is not, so hot readers pass a function instead of building every path.
 */
export type PathArg = FieldPath | (() => FieldPath);

const resolvePath = (path: PathArg): FieldPath => (typeof path === "function" ? path() : path);

/** `spec.template.metadata` for messages. */
const dotted = (path: FieldPath): string =>
  path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");

/**
 * Typed reads of an object's fields. A field of the wrong type is reported as `INVALID_FIELD` at
 * its position and read as absent, so one bad field does not hide the rest of the object. Absent
 * and `null` fields are simply absent: Kubernetes treats them alike.
 */
export class FieldReader {
  constructor(
    readonly object: ManifestObject,
    private readonly report: DiagnosticSink,
  ) {}

  /** Report `path` (named in the message) as invalid, at the position of `where` (default: `path`). */
  invalid(path: PathArg, message: string, where: PathArg = path): undefined {
    const text = `${dotted(resolvePath(path))} ${message}`;
    this.report(diagnostic("INVALID_FIELD", "error", text, this.object.at(resolvePath(where)), { object: objectRef(this.object) }));
    return undefined;
  }

  record(value: unknown, path: PathArg): Record<string, unknown> | undefined {
    if (value === undefined || value === null) return undefined;
    return isRecord(value) ? value : this.invalid(path, "must be a map");
  }

  list(value: unknown, path: PathArg): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value : this.invalid(path, "must be a list");
  }

  string(value: unknown, path: PathArg): string | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : this.invalid(path, "must be a string");
  }

  boolean(value: unknown, path: PathArg): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === "boolean" ? value : this.invalid(path, "must be true or false");
  }

  /** A required port number (1-65535): `entry[key]`, whose path is `path`. */
  requiredPort(entry: Record<string, unknown>, key: string, path: PathArg): number | undefined {
    const value = entry[key];
    if (value !== undefined && value !== null) return this.port(value, path);
    // Go's encoding/json (and so some tools) match field names case-insensitively; the API server does not.
    const lookalike = Object.keys(entry).find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
    if (!lookalike) return this.invalid(path, "is required");
    const hint = ` (found "${lookalike}": field names are case-sensitive, the API server rejects this object)`;
    const full = resolvePath(path);
    return this.invalid(full, `is required${hint}`, [...full.slice(0, -1), lookalike]);
  }

  /** A port number (1-65535). */
  port(value: unknown, path: PathArg): number | undefined {
    if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535) return value;
    return this.invalid(path, "must be a port number (1-65535)");
  }

  protocol(value: unknown, path: PathArg): L4Protocol | undefined {
    if (value === undefined || value === null) return "TCP";
    if (typeof value === "string" && PROTOCOLS.includes(value)) return value as L4Protocol;
    return this.invalid(path, "must be TCP, UDP or SCTP");
  }

  /**
   * A map of label values. Kubernetes rejects non-string values; a number or boolean is still read
   * as its string (what the author meant) after reporting it, a nested value is dropped.
   */
  labels(value: unknown, path: PathArg): Record<string, string> {
    const map = this.record(value, path);
    const out: Record<string, string> = {};
    if (!map) return out;
    for (const key in map) {
      if (!Object.hasOwn(map, key)) continue;
      const v = map[key];
      // Not a valid label key, and assigning it would set the object's prototype instead.
      if (key === "__proto__") this.invalid([...resolvePath(path), key], "is not a valid label key");
      else if (typeof v === "string") out[key] = v;
      else if (v === null) out[key] = "";
      else if (typeof v === "number" || typeof v === "boolean") {
        this.invalid([...resolvePath(path), key], `must be a string (quote it: "${String(v)}")`);
        out[key] = String(v);
      } else this.invalid([...resolvePath(path), key], "must be a string");
    }
    return out;
  }

  /** The value at `path` inside the object's body, checking that every step on the way is a map. */
  recordAt(path: FieldPath): Record<string, unknown> | undefined {
    let current: Record<string, unknown> | undefined = this.object.body;
    for (let i = 0; i < path.length && current; i++) current = this.record(current[path[i] as string], () => path.slice(0, i + 1));
    return current;
  }
}
