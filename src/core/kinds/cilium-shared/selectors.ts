import { isCiliumIdentityLabel, isIdentityRelevantLabel } from "../../algebra/label-filter.js";
import { normalizeKey, requirement, splitSourceKey, withRequirements } from "../../algebra/selector.js";
import type { Requirement, Selector } from "../../model/labels.js";
import { LABEL } from "../../model/labels.js";
import type { FieldPath } from "../../model/manifest.js";
import { parseLabelSelector } from "../shared/parse-label-selector.js";
import type { CiliumContext } from "./context.js";
import { CODES, formatPath, isRecord, versionAtLeast } from "./context.js";

const SELECTOR_FIELDS = ["matchLabels", "matchExpressions"] as const;
/** `k8s:`/`any:io.kubernetes.pod.namespace` (§3.3 second row). */
const NAMESPACE_KEYS: readonly string[] = [LABEL.namespace, "any:io.kubernetes.pod.namespace"];
/** `k8s:`/`any:io.cilium.k8s.namespace.labels.` (§3.3 third row). */
const NAMESPACE_LABEL_PREFIXES: readonly string[] = [LABEL.namespaceLabelPrefix, "any:io.cilium.k8s.namespace.labels."];
const RESERVED = "reserved:";

const isNamespaceKey = (key: string): boolean =>
  NAMESPACE_KEYS.includes(key) || NAMESPACE_LABEL_PREFIXES.some((p) => key.startsWith(p));

/** A label selector with keys normalised as Cilium's validation does (LBL-1). Malformed → invalid object. */
export function parseSelector(c: CiliumContext, raw: unknown, path: FieldPath): Selector | undefined {
  if (isRecord(raw)) c.record(raw, path, SELECTOR_FIELDS);
  const selector = parseLabelSelector(raw, path, c.object, c.sink, { mapKey: normalizeKey });
  if (selector === undefined) return c.invalid(path, "malformed label selector");
  return selector;
}

/** Is a namespace requirement satisfiable by a pod of namespace `ns`? */
const allowsNamespace = (r: Requirement, ns: string): boolean => {
  switch (r.operator) {
    case "In":
      return r.values.includes(ns);
    case "NotIn":
      return !r.values.includes(ns);
    case "Exists":
      return true;
    case "DoesNotExist":
      return false;
  }
};

/** Drops a `k8s:` namespace entry from matchLabels: Cilium overwrites it with the policy namespace (SUBJ-2). */
function withoutPinnedNamespace(c: CiliumContext, raw: unknown, path: FieldPath, ns: string): unknown {
  if (!isRecord(raw) || !isRecord(raw.matchLabels) || !(LABEL.namespace in raw.matchLabels)) return raw;
  const { [LABEL.namespace]: written, ...rest } = raw.matchLabels;
  if (String(written) !== ns)
    c.report(
      CODES.subjectNamespaceOverwritten,
      "warning",
      [...path, "matchLabels", LABEL.namespace],
      `endpointSelector names namespace "${String(written)}", but Cilium overwrites it with the policy's own namespace "${ns}": a CiliumNetworkPolicy only ever applies to pods of its own namespace`,
      "SUBJ-2",
    );
  return { ...raw, matchLabels: rest };
}

/**
 * The rule subject (SUBJ-1..3). A CNP subject is pinned to the policy namespace; a CCNP subject is not.
 * Returns undefined when the selector is malformed (the object is then invalid).
 */
export function compileSubject(c: CiliumContext, raw: unknown, path: FieldPath): Selector | undefined {
  const ns = c.namespace;
  const selector = parseSelector(c, ns === undefined ? raw : withoutPinnedNamespace(c, raw, path, ns), path);
  if (selector === undefined) return undefined;
  if (ns === undefined) {
    checkSelectorLabels(c, selector, path);
    return selector;
  }
  for (const r of selector.requirements) {
    if (!NAMESPACE_KEYS.includes(r.key) || allowsNamespace(r, ns)) continue;
    c.report(
      CODES.subjectMatchesNothing,
      "warning",
      path,
      `endpointSelector requires ${r.key.replace(/^any:/, "")} ${r.operator} [${r.values.join(", ")}], but Cilium also pins the subject to the policy namespace "${ns}": the rule selects no pod at all`,
      "SUBJ-2",
    );
  }
  const pinned = withRequirements(selector, [requirement(LABEL.namespace, "In", [ns])]);
  checkSelectorLabels(c, pinned, path);
  return pinned;
}

/** Policies whose subject is `reserved:init` get no namespace injection on their peers (§3.3, CCNP). */
export const matchesInit = (subject: Selector): boolean => subject.requirements.some((r) => r.key === "reserved:init");

/**
 * A `fromEndpoints`/`toEndpoints` selector with Cilium's namespace injection (§3.3, `getEndpointSelector`):
 * - any `reserved:` key: left unchanged (NS-6);
 * - a namespace key: unchanged (NS-3);
 * - CNP with a namespace-label key (≥ 1.16): unchanged, any namespace with those labels (NS-4);
 * - otherwise CNP adds `namespace In [policy ns]` (NS-1, NS-5); CCNP adds `namespace Exists` (NS-2).
 * The local-cluster label is not injected (single cluster: no effect).
 */
export function compilePeerSelector(c: CiliumContext, raw: unknown, path: FieldPath, init: boolean): Selector | undefined {
  const selector = parseSelector(c, raw, path);
  if (selector === undefined) return undefined;
  const keys = selector.requirements.map((r) => r.key);
  const reserved = keys.find((k) => k.startsWith(RESERVED));
  if (reserved !== undefined) {
    c.report(
      CODES.reservedLabel,
      "info",
      path,
      `peer selector names the reserved identity "${reserved.slice(RESERVED.length)}" by label: it is the selector spelling of an entity and gets no namespace scoping (NS-6)`,
      "NS-6",
    );
    return selector;
  }
  let out = selector;
  if (!keys.some((k) => NAMESPACE_KEYS.includes(k))) {
    const nsLabels = keys.some((k) => NAMESPACE_LABEL_PREFIXES.some((p) => k.startsWith(p)));
    if (c.namespace === undefined) {
      if (!init) out = withRequirements(selector, [requirement(LABEL.namespace, "Exists")]);
    } else if (!nsLabels || !versionAtLeast(c.profile.ciliumVersion, "1.16")) {
      out = withRequirements(selector, [requirement(LABEL.namespace, "In", [c.namespace])]);
    }
  }
  checkSelectorLabels(c, out, path);
  checkNegativeNamespace(c, out, path);
  return out;
}

/**
 * Requirements on pod labels that Cilium's identity label filter drops (LBL-3, §16 item 24) can never be
 * satisfied by a pod: such a selector selects nobody (or, negated, everybody).
 */
export function checkSelectorLabels(c: CiliumContext, selector: Selector, path: FieldPath): void {
  if (!c.profile.labelFilter) return;
  const seen = new Set<string>();
  for (const r of selector.requirements) {
    const { source, key } = splitSourceKey(r.key);
    if ((source !== "k8s" && source !== "any") || seen.has(key)) continue;
    seen.add(key);
    if (!filteredFromPods(key)) continue;
    c.report(
      CODES.filteredLabel,
      "warning",
      path,
      `${formatPath(path)} selects on label "${key}", which Cilium's identity label filter drops from every pod: no pod identity ever carries it, so this requirement (${r.operator}) is evaluated as if the label were absent`,
      "LBL-3",
    );
  }
}

/** Verdicts of filteredFromPods by key: the same few keys recur in every selector (bounded, as keys come from input). */
const filtered = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

/** Does Cilium's identity label filter drop this pod label key (LBL-3)? */
function filteredFromPods(key: string): boolean {
  let verdict = filtered.get(key);
  if (verdict === undefined) {
    verdict = !isCiliumIdentityLabel(key) && !(isIdentityRelevantLabel(key) && !key.startsWith("io.cilium.k8s."));
    if (filtered.size >= MAX_REMEMBERED_KEYS) filtered.clear();
    filtered.set(key, verdict);
  }
  return verdict;
}

/**
 * NotIn/DoesNotExist on a namespace key are true for identities without any namespace label, so a
 * selector with nothing positive in it also matches world, host, ingress, ... (EDGE-5, GH#46949).
 */
function checkNegativeNamespace(c: CiliumContext, selector: Selector, path: FieldPath): void {
  const negative = selector.requirements.find(
    (r) => isNamespaceKey(r.key) && (r.operator === "NotIn" || r.operator === "DoesNotExist"),
  );
  if (!negative) return;
  if (selector.requirements.some((r) => r.operator === "In" || r.operator === "Exists")) return;
  c.report(
    CODES.negativeNamespace,
    "warning",
    path,
    `peer selector uses ${negative.operator} on ${negative.key.replace(/^any:/, "")} and nothing else: Cilium adds no namespace scoping, and the requirement also holds for non-pod identities (world, host, remote-node, ingress, ...), which this rule therefore matches too`,
    "EDGE-5",
  );
}
