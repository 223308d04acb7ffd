import { EVERYTHING } from "../../algebra/selector.js";
import type { Selector } from "../../model/labels.js";
import type { FieldPath } from "../../model/manifest.js";
import type { CompiledRule, DefaultDenyContribution, Direction } from "../../model/rule.js";
import { SECTIONS, compileRuleElement } from "./compile-rule.js";
import { positionFirstProvenance } from "../shared/provenance.js";
import type { CiliumContext } from "./context.js";
import { CODES, formatPath, isAbsent, versionAtLeast } from "./context.js";
import { compileSubject, parseSelector } from "./selectors.js";

const RULE_FIELDS = ["endpointSelector", "nodeSelector", "ingress", "ingressDeny", "egress", "egressDeny", "labels", "description", "log"];
const RULE_FIELDS_WITH_DEFAULT_DENY = [...RULE_FIELDS, "enableDefaultDeny"];
const DIRECTIONS: readonly Direction[] = ["ingress", "egress"];

export interface SpecResult {
  rules: CompiledRule[];
  defaultDeny: DefaultDenyContribution[];
}

const EMPTY: SpecResult = { rules: [], defaultDeny: [] };

/** One Cilium rule: `spec` or an element of `specs` (OBJ-1, SUBJ-1..4, DD-2..5). */
export function compileSpec(c: CiliumContext, raw: unknown, path: FieldPath): SpecResult {
  const hasDefaultDenyField = versionAtLeast(c.profile.ciliumVersion, "1.16");
  const rec = c.record(raw, path, hasDefaultDenyField ? RULE_FIELDS_WITH_DEFAULT_DENY : RULE_FIELDS);
  if (rec === undefined) return EMPTY;
  // The sections' lists, and their lengths, in the order of SECTIONS.
  const lists = SECTIONS.map((s) => c.list(rec[s.name], [...path, s.name]));
  // A section of the wrong type is already an error: count it as non-empty so it is not reported twice.
  const lengths = lists.map((items) => items?.length ?? 1);
  if (lengths.every((n) => n === 0) && versionAtLeast(c.profile.ciliumVersion, "1.17"))
    c.invalid(path, "rule must have at least one of ingress, ingressDeny, egress, egressDeny; an empty list does not count (write ingress: [{}] to deny all)", "OBJ-1");
  const subject = compileRuleSubject(c, rec, path);
  const defaultDeny = hasDefaultDenyField ? readDefaultDeny(c, rec.enableDefaultDeny, path) : {};
  const rules: CompiledRule[] = [];
  for (let k = 0; k < SECTIONS.length; k++) {
    const section = SECTIONS[k]!;
    const items = lists[k] ?? [];
    for (let i = 0; i < items.length; i++) {
      const element = { section, raw: items[i], path: [...path, section.name, i], subject: subject.selector, hostPolicy: subject.host };
      for (const rule of compileRuleElement(c, element)) rules.push(rule);
    }
  }
  if (subject.host) {
    c.report(
      CODES.hostPolicy,
      "warning",
      [...path, "nodeSelector"],
      "host policies (nodeSelector) are out of scope: this rule is validated but not analysed; it only applies when the host firewall is enabled",
      "HOST-1",
    );
    return EMPTY;
  }
  return { rules, defaultDeny: contributions(c, path, subject.selector, lengths, defaultDeny) };
}

/** Exactly one of endpointSelector / nodeSelector; a CNP cannot have a nodeSelector (OBJ-1, SUBJ-4). */
function compileRuleSubject(c: CiliumContext, rec: Record<string, unknown>, path: FieldPath): { selector: Selector; host: boolean } {
  const hasEndpoints = !isAbsent(rec.endpointSelector);
  const hasNodes = !isAbsent(rec.nodeSelector);
  if (hasEndpoints && hasNodes) c.invalid(path, "rule cannot have both endpointSelector and nodeSelector", "OBJ-1");
  else if (!hasEndpoints && !hasNodes) c.invalid(path, "rule must have one of endpointSelector or nodeSelector", "OBJ-1");
  if (hasNodes && !c.clusterwide) c.invalid([...path, "nodeSelector"], "a CiliumNetworkPolicy cannot have a nodeSelector (host policies are clusterwide only)", "OBJ-1");
  if (hasNodes && !hasEndpoints) {
    const selector = parseSelector(c, rec.nodeSelector, [...path, "nodeSelector"]);
    return { selector: selector ?? EVERYTHING, host: true };
  }
  const selector = hasEndpoints ? compileSubject(c, rec.endpointSelector, [...path, "endpointSelector"]) : undefined;
  return { selector: selector ?? EVERYTHING, host: false };
}

function readDefaultDeny(c: CiliumContext, raw: unknown, path: FieldPath): Partial<Record<Direction, boolean>> {
  const out: Partial<Record<Direction, boolean>> = {};
  // Absent reads as {}: nothing to read, no path to build.
  if (isAbsent(raw)) return out;
  const at = [...path, "enableDefaultDeny"];
  const rec = c.record(raw, at, DIRECTIONS);
  for (const d of DIRECTIONS) {
    const value = rec ? c.boolean(rec[d], [...at, d]) : undefined;
    if (value !== undefined) out[d] = value;
  }
  return out;
}

/**
 * DD-2..DD-5: a direction takes part when the rule has a non-empty allow or deny section for it (empty
 * lists do not count, DD-4). It enables default deny unless `enableDefaultDeny.<direction>` says false;
 * a `false` is still emitted (enables: false) because the engine needs it.
 */
function contributions(
  c: CiliumContext,
  path: FieldPath,
  subject: Selector,
  lengths: readonly number[],
  explicit: Partial<Record<Direction, boolean>>,
): DefaultDenyContribution[] {
  const out: DefaultDenyContribution[] = [];
  for (const direction of DIRECTIONS) {
    let section: (typeof SECTIONS)[number] | undefined;
    for (let k = 0; k < SECTIONS.length && !section; k++) if (SECTIONS[k]!.direction === direction && lengths[k]! > 0) section = SECTIONS[k];
    const setting = explicit[direction];
    if (section === undefined) {
      if (setting === true)
        c.report(
          CODES.defaultDenyNoEffect,
          "warning",
          [...path, "enableDefaultDeny", direction],
          `enableDefaultDeny.${direction}: true has no effect in a rule without ${direction} rules: Cilium derives default deny from the rule's ${direction} entries`,
          "DD-5",
        );
      continue;
    }
    const at = setting === undefined ? [...path, section.name] : [...path, "enableDefaultDeny", direction];
    const provenance = positionFirstProvenance(c.object, at, c.object.kind, c.policy, formatPath(at));
    out.push({ direction, subject, enables: setting ?? true, provenance });
  }
  return out;
}
