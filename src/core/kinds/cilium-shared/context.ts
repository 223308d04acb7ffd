import type { Diagnostic, DiagnosticSink, Severity } from "../../model/diagnostic.js";
import { diagnostic } from "../../model/diagnostic.js";
import type { Inventory } from "../../model/inventory.js";
import type { FieldPath, ManifestObject } from "../../model/manifest.js";
import { objectRef } from "../../model/manifest.js";
import type { Position } from "../../model/position.js";
import type { Profile } from "../../model/profile.js";
import { formatPath } from "../shared/format-path.js";
import { isRecord } from "../../load/objects.js";

export { formatPath, isRecord };

/** Diagnostic codes of the Cilium kinds (documented in docs/diagnostics.md, section Cilium). */
export const CODES = {
  invalid: "INVALID_POLICY",
  unknownField: "UNKNOWN_FIELD",
  unsupportedField: "UNSUPPORTED_FIELD",
  hostPolicy: "HOST_POLICY_OUT_OF_SCOPE",
  subjectNamespaceOverwritten: "SUBJECT_NAMESPACE_OVERWRITTEN",
  subjectMatchesNothing: "SUBJECT_NAMESPACE_MISMATCH",
  filteredLabel: "SELECTOR_ON_FILTERED_LABEL",
  negativeNamespace: "NEGATIVE_NAMESPACE_SELECTOR",
  reservedLabel: "RESERVED_LABEL_SELECTOR",
  cidrGroup: "CIDR_GROUP_UNSUPPORTED",
  incomplete: "ANALYSIS_INCOMPLETE",
  servicesNoSelector: "TO_SERVICES_NO_SELECTOR",
  servicesUnresolved: "TO_SERVICES_UNRESOLVED",
  l7Unsupported: "L7_UNSUPPORTED_PROTOCOL",
  emptyPeerWildcard: "EMPTY_PEER_LIST_WILDCARD",
  portRangeIgnored: "PORT_RANGE_IGNORED",
  defaultDenyNoEffect: "DEFAULT_DENY_NO_EFFECT",
  namespaceDefaulted: "NAMESPACE_DEFAULTED",
  namespaceIgnored: "NAMESPACE_IGNORED",
} as const;

/** Codes still worth showing when the object turned out invalid; the rest describe a policy nobody enforces. */
const CODES_KEPT_WHEN_INVALID: ReadonlySet<string> = new Set([CODES.invalid, CODES.unknownField, "INVALID_SELECTOR"]);

/** Go's nil: an absent or `null` field (as opposed to an explicitly empty list, PEER-2). */
export const isAbsent = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Answers of versionAtLeast by version and minor: asked for every rule of every policy, with a handful of distinct arguments. */
const versionAnswers = new Map<string, Map<string, boolean>>();

/** `profile.ciliumVersion` ("1.19", "1.20-pre") is at least `minor` ("1.17")? Unparseable versions count as latest. */
export function versionAtLeast(version: string, minor: string): boolean {
  let byMinor = versionAnswers.get(version);
  if (!byMinor) versionAnswers.set(version, (byMinor = new Map()));
  let answer = byMinor.get(minor);
  if (answer === undefined) byMinor.set(minor, (answer = compareVersions(version, minor)));
  return answer;
}

function compareVersions(version: string, minor: string): boolean {
  const parse = (v: string): [number, number] | undefined => {
    const m = /^v?(\d+)\.(\d+)/.exec(v);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  };
  const have = parse(version);
  const want = parse(minor);
  if (!have || !want) return true;
  return have[0] !== want[0] ? have[0] > want[0] : have[1] >= want[1];
}

/**
 * Everything the Cilium compilers share while reading one object: where diagnostics go, whether the
 * object is still valid (OBJ-4 is all or nothing), and which policy it is.
 */
export class CiliumContext {
  /** False once any rule failed Cilium's validation: the whole object then compiles to null. */
  ok = true;
  private readonly buffered: Diagnostic[] = [];

  constructor(
    readonly object: ManifestObject,
    readonly profile: Profile,
    readonly inventory: Inventory,
    /** Policy namespace for a CNP; undefined for a CCNP (cluster-scoped, SUBJ-3). */
    readonly namespace: string | undefined,
  ) {
    this.policy = namespace === undefined ? object.name : `${namespace}/${object.name}`;
  }

  get clusterwide(): boolean {
    return this.namespace === undefined;
  }

  /** `ns/name` (CNP) or `name` (CCNP), as provenance wants it. */
  readonly policy: string;

  at(path: FieldPath): Position {
    return this.object.at(path);
  }

  /** Collects a diagnostic; they are forwarded by {@link flush} once validity is known. */
  report(code: string, severity: Severity, path: FieldPath, message: string, rule?: string): void {
    const extra: { object: string; rule?: string } = { object: objectRef(this.object) };
    if (rule !== undefined) extra.rule = rule;
    this.buffered.push(diagnostic(code, severity, message, this.at(path), extra));
  }

  /** The sink handed to shared helpers (e.g. the label selector parser). */
  readonly sink: DiagnosticSink = (d) => {
    this.buffered.push(d);
  };

  /** Cilium rejects the object (OBJ-4): nothing of it is enforced. Returns undefined for `return c.invalid(...)`. */
  invalid(path: FieldPath, message: string, rule = "OBJ-4"): undefined {
    this.ok = false;
    this.report(
      CODES.invalid,
      "error",
      path,
      `${formatPath(path)}: ${message}. Cilium rejects this ${this.object.kind}, so none of it is enforced by anybody`,
      rule,
    );
    return undefined;
  }

  /** Forward the collected diagnostics; an invalid object keeps only the ones explaining why it is invalid. */
  flush(sink: DiagnosticSink): void {
    for (const d of this.buffered) if (this.ok || CODES_KEPT_WHEN_INVALID.has(d.code)) sink(d);
    this.buffered.length = 0;
  }

  /**
   * An object field. Absent/`null` reads as `{}` (Go zero value); anything but a map is invalid.
   * Keys outside `allowed` are pruned by the CRD's structural schema: UNKNOWN_FIELD warning, ignored.
   */
  record(raw: unknown, path: FieldPath, allowed: readonly string[]): Record<string, unknown> | undefined {
    if (isAbsent(raw)) return {};
    if (!isRecord(raw)) return this.invalid(path, "must be an object");
    // for-in rather than Object.keys: no array per object read (own keys, same order).
    for (const key in raw) {
      if (!Object.hasOwn(raw, key) || allowed.includes(key)) continue;
      this.report(
        CODES.unknownField,
        "warning",
        [...path, key],
        `unknown field ${formatPath([...path, key])}: not part of the ${this.object.kind} schema, the API server prunes it and it has no effect`,
      );
    }
    return raw;
  }

  /** A list field. Absent/`null` reads as `[]` (use {@link isAbsent} to tell nil from empty); other types are invalid. */
  list(raw: unknown, path: FieldPath): readonly unknown[] | undefined {
    if (isAbsent(raw)) return [];
    if (!Array.isArray(raw)) return this.invalid(path, "must be a list");
    return raw;
  }

  /** A string field; absent reads as undefined, other types are invalid (the CRD schema rejects them). */
  string(raw: unknown, path: FieldPath): string | undefined {
    if (isAbsent(raw)) return undefined;
    if (typeof raw !== "string") return this.invalid(path, `must be a string, not ${JSON.stringify(raw)}`);
    return raw;
  }

  boolean(raw: unknown, path: FieldPath): boolean | undefined {
    if (isAbsent(raw)) return undefined;
    if (typeof raw !== "boolean") return this.invalid(path, "must be true or false");
    return raw;
  }

  /** A list of strings (entities, CIDRs, ...). */
  strings(raw: unknown, path: FieldPath): string[] {
    const items = this.list(raw, path) ?? [];
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = this.string(item, [...path, i]);
      if (s !== undefined) out.push(s);
      else if (isAbsent(item)) this.invalid([...path, i], "must not be empty");
    });
    return out;
  }
}
