import { isEmptyPorts, subtractPorts, unionPorts } from "../algebra/port-set.js";
import type { PortSet } from "../model/ports.js";
import type { RuleFinding } from "../rules/evaluate-rules.js";
import { pointAt, type ChangedLines } from "./changed-lines.js";
import type { Consent, Finding } from "./types.js";

const key = (f: RuleFinding): string => `${f.rule}\u0000${f.identity}`;

/**
 * A head finding is pre-existing when the base has the same finding (rule + identity, never a line
 * number) on at least the same ports: widening a cross-tenant flow from 443 to 443+8080 is new,
 * narrowing it is not.
 */
function isNew(f: RuleFinding, base: ReadonlyMap<string, RuleFinding[]>): boolean {
  const same = base.get(key(f));
  if (!same) return true;
  if (!f.portSet) return false;
  const before: PortSet = unionPorts(...same.map((b) => b.portSet ?? f.portSet!));
  return !isEmptyPorts(subtractPorts(f.portSet, before));
}

const publicFinding = ({ messageId: _m, identity: _i, portSet: _p, causes: _c, consentable: _k, ...f }: RuleFinding, isNewFinding: boolean): Finding => ({
  ...f,
  new: isNewFinding,
});

/** An owner of the receiving tenant approved the change (never the author, who cannot consent for another tenant). */
function consentFor(f: Finding & { consentable: boolean }, consents: readonly Consent[], author: string | undefined): Finding["waived"] {
  if (!f.consentable || !f.new || f.waived || f.toTenant === undefined) return undefined;
  const c = consents.find((x) => x.tenants.includes(f.toTenant!) && (author === undefined || x.login.toLowerCase() !== author.toLowerCase()));
  return c ? { by: "consent", detail: `approved by @${c.login}, an owner of tenant ${f.toTenant}` } : undefined;
}

/**
 * Mark head findings new or pre-existing, point new ones at the line the change touched (the check
 * annotation goes there), and apply consents to new consentable findings.
 */
export function classifyFindings(
  head: readonly RuleFinding[],
  base: readonly RuleFinding[],
  changed: ChangedLines,
  consents: readonly Consent[] = [],
  author?: string,
): Finding[] {
  const byKey = new Map<string, RuleFinding[]>();
  for (const b of base) byKey.set(key(b), [...(byKey.get(key(b)) ?? []), b]);
  return head.map((f) => {
    const fresh = isNew(f, byKey);
    const at = fresh ? pointAt(changed, f, f.causes) : f;
    const out = publicFinding({ ...f, file: at.file, line: at.line, col: at.col }, fresh);
    const consent = consentFor({ ...out, consentable: f.consentable }, consents, author);
    return consent ? { ...out, waived: consent } : out;
  });
}

const RANK = (f: Finding): number => (f.waived ? 4 : 0) + (f.new ? 0 : 2) + (f.severity === "error" ? 0 : 1);

/** New errors first, then new warnings, pre-existing, waived; then by place. */
export const sortFindings = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => RANK(a) - RANK(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
