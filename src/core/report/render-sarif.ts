import type { Diagnostic } from "../model/diagnostic.js";
import type { Finding, Review } from "../review/types.js";
import { isGating } from "./comment/facts.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** Where the docs live; rule help links are `<this>/blob/main/<the finding's docs page>`, by default `docs/rules/<id>.md`. */
export const DEFAULT_INFORMATION_URI = "https://github.com/bulkhead-dev/bulkhead";

export interface SarifOptions {
  informationUri?: string;
  toolVersion?: string;
  /** One line per rule id, e.g. from the rule registry; a generic text otherwise. */
  ruleDescriptions?: Readonly<Record<string, string>>;
}

type Level = "error" | "warning" | "note";

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: Level };
  properties: { tags: string[] };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }>;
  partialFingerprints: Record<string, string>;
  baselineState?: "new" | "unchanged";
  suppressions?: Array<{ kind: "external"; justification: string }>;
  properties?: Record<string, unknown>;
}

/**
 * 64 bits of two FNV-1a passes with different offsets: enough to tell results apart in one
 * repository, and pure (no node:crypto in the core).
 */
export function fingerprintHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/** A repository-relative path as a URI reference: `/` separated, each segment percent-encoded. */
const fileUri = (file: string): string => file.replace(/\\/g, "/").replace(/^\.\//, "").split("/").map(encodeURIComponent).join("/");

const location = (file: string, line: number, col: number) => [
  {
    physicalLocation: {
      artifactLocation: { uri: fileUri(file), uriBaseId: "%SRCROOT%" },
      region: { startLine: Math.max(1, Math.floor(line) || 1), startColumn: Math.max(1, Math.floor(col) || 1) },
    },
  },
];

/**
 * The fingerprint leaves out the line so that code scanning keeps one alert when lines shift; the
 * flow (from, to, ports) or else the message tells findings of one rule in one file apart.
 */
const findingKey = (f: Finding): string => JSON.stringify([f.rule, f.file, f.from ?? "", f.to ?? "", f.ports ?? "", f.from || f.to ? "" : f.message]);

function findingResult(f: Finding, ruleIndex: number): SarifResult {
  const result: SarifResult = {
    ruleId: f.rule,
    ruleIndex,
    level: f.severity,
    message: { text: f.fix ? `${f.message}\nFix: ${f.fix}` : f.message },
    locations: location(f.file, f.line, f.col),
    partialFingerprints: { "bulkheadFinding/v1": fingerprintHash(findingKey(f)) },
    baselineState: f.new ? "new" : "unchanged",
    properties: { gating: isGating(f), from: f.from ?? null, to: f.to ?? null, ports: f.ports ?? null },
  };
  // A waiver lives in the config, outside the flagged file: an "external" suppression.
  if (f.waived) result.suppressions = [{ kind: "external", justification: `${f.waived.by}: ${f.waived.detail}` }];
  return result;
}

const diagnosticResult = (d: Diagnostic, ruleIndex: number): SarifResult => ({
  ruleId: d.code,
  ruleIndex,
  level: d.severity === "error" ? "error" : "warning",
  message: { text: d.object ? `${d.message} (${d.object})` : d.message },
  locations: location(d.file, d.line, d.col),
  partialFingerprints: { "bulkheadDiagnostic/v1": fingerprintHash(JSON.stringify([d.code, d.file, d.object ?? "", d.message])) },
});

/** Identical fingerprints get an occurrence suffix, as GitHub does, so no result is merged away. */
function numberDuplicates(results: SarifResult[]): SarifResult[] {
  const seen = new Map<string, number>();
  for (const r of results) {
    for (const [k, v] of Object.entries(r.partialFingerprints)) {
      const n = (seen.get(k + v) ?? 0) + 1;
      seen.set(k + v, n);
      r.partialFingerprints[k] = `${v}:${n}`;
    }
  }
  return results;
}

/** The rule's docs page: the finding's own (`docs/rules/<id>.md`, or an anchor in docs/gateway.md for T1–T18) when it is one of ours. */
const helpUriOf = (base: string, f: Finding): string =>
  f.docs !== undefined && /^docs\/[a-z0-9/_.-]+\.md(#[a-z0-9-]+)?$/.test(f.docs) ? `${base}/blob/main/${f.docs}` : `${base}/blob/main/docs/rules/${encodeURIComponent(f.rule)}.md`;

/** SARIF 2.1.0 for GitHub code scanning: findings, plus error and warning diagnostics. */
export function renderSarif(review: Review, opts: SarifOptions = {}): string {
  const base = (opts.informationUri ?? DEFAULT_INFORMATION_URI).replace(/\/+$/, "");
  const diagnostics = review.diagnostics.filter((d) => d.severity !== "info");
  const rules: SarifRule[] = [];
  const index = new Map<string, number>();
  const rule = (id: string, level: Level, description: string, helpUri: string, tags: string[]): number => {
    if (!index.has(id)) {
      index.set(id, rules.length);
      rules.push({ id, shortDescription: { text: description }, helpUri, defaultConfiguration: { level }, properties: { tags } });
    }
    return index.get(id)!;
  };
  const results = numberDuplicates([
    ...review.findings.map((f) =>
      findingResult(f, rule(f.rule, f.severity, opts.ruleDescriptions?.[f.rule] ?? `Bulkhead tenant-isolation rule ${f.rule}`, helpUriOf(base, f), ["security", "kubernetes", "network-policy"])),
    ),
    ...diagnostics.map((d) =>
      diagnosticResult(d, rule(d.code, d.severity === "error" ? "error" : "warning", `Bulkhead diagnostic ${d.code}`, `${base}/blob/main/docs/diagnostics.md`, ["kubernetes", "diagnostic"])),
    ),
  ]);
  const driver = { name: "bulkhead", informationUri: base, ...(opts.toolVersion ? { version: opts.toolVersion } : {}), rules };
  const log = { $schema: SARIF_SCHEMA, version: "2.1.0", runs: [{ tool: { driver }, columnKind: "utf16CodeUnits", results }] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
