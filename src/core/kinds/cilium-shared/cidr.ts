import { blockContains, parseCidr } from "../../algebra/ip-space.js";
import type { FieldPath } from "../../model/manifest.js";
import type { CidrBlock, RuleAction } from "../../model/rule.js";
import type { CiliumContext } from "./context.js";
import { CODES, isAbsent } from "./context.js";
import { parseSelector } from "./selectors.js";

const CIDR_RULE_FIELDS = ["cidr", "cidrGroupRef", "cidrGroupSelector", "except"] as const;

/** `fromCIDR`/`toCIDR` (CIDR-1): a prefix or a bare address (`api.CIDR.Validate`). */
export function compileCidrList(c: CiliumContext, items: readonly unknown[], path: FieldPath): CidrBlock[] {
  const blocks: CidrBlock[] = [];
  items.forEach((item, i) => {
    const text = c.string(item, [...path, i]);
    if (text === undefined || text.trim() === "") {
      if (text !== undefined || isAbsent(item)) c.invalid([...path, i], "IP must be specified", "CIDR-1");
      return;
    }
    if (parseCidr(text.trim()) === undefined) c.invalid([...path, i], `unable to parse CIDR "${text}"`, "CIDR-1");
    else blocks.push({ cidr: text.trim(), except: [] });
  });
  return blocks;
}

/** A `cidr`/`except` value: only `<address>/<prefix>` notation, as netip.ParsePrefix wants it. */
const parsePrefix = (text: string) => (text.includes("/") ? parseCidr(text.trim()) : undefined);

/**
 * `fromCIDRSet`/`toCIDRSet` (CIDR-1, CIDR-2). Each entry needs exactly one of `cidr`, `cidrGroupRef`,
 * `cidrGroupSelector`; every `except` must lie inside its own `cidr`, in the same family.
 * CiliumCIDRGroups are not read: a group entry matches nothing in an allow (warning) and makes a deny
 * rule incomplete (error), since a deny we cannot model must not silently turn into an allow.
 */
export function compileCidrSet(c: CiliumContext, items: readonly unknown[], path: FieldPath, action: RuleAction): CidrBlock[] {
  const blocks: CidrBlock[] = [];
  items.forEach((item, i) => {
    const at = [...path, i];
    const rec = c.record(item, at, CIDR_RULE_FIELDS);
    if (rec === undefined) return;
    const cidr = c.string(rec.cidr, [...at, "cidr"]) ?? "";
    const ref = c.string(rec.cidrGroupRef, [...at, "cidrGroupRef"]) ?? "";
    const hasGroupSelector = !isAbsent(rec.cidrGroupSelector);
    const count = [cidr !== "", ref !== "", hasGroupSelector].filter(Boolean).length;
    if (count === 0) return void c.invalid(at, "one of cidr, cidrGroupRef, or cidrGroupSelector is required", "CIDR-1");
    if (count > 1) return void c.invalid(at, "more than one of cidr, cidrGroupRef, or cidrGroupSelector may not be set", "CIDR-1");
    if (cidr === "") return cidrGroup(c, rec, at, action, ref);
    const outer = parsePrefix(cidr);
    if (outer === undefined) return void c.invalid([...at, "cidr"], `unable to parse CIDR "${cidr}" (address/prefix expected)`, "CIDR-1");
    const except = c.strings(rec.except, [...at, "except"]);
    except.forEach((e, j) => {
      const inner = parsePrefix(e);
      if (inner === undefined) return void c.invalid([...at, "except", j], `unable to parse except prefix "${e}"`, "CIDR-2");
      if (!blockContains(outer, inner))
        c.invalid([...at, "except", j], `allow CIDR prefix ${cidr} does not contain exclude CIDR prefix ${e}`, "CIDR-2");
    });
    blocks.push({ cidr: cidr.trim(), except: except.map((e) => e.trim()) });
  });
  return blocks;
}

function cidrGroup(c: CiliumContext, rec: Record<string, unknown>, at: FieldPath, action: RuleAction, ref: string): void {
  if (!isAbsent(rec.cidrGroupSelector)) parseSelector(c, rec.cidrGroupSelector, [...at, "cidrGroupSelector"]);
  if (!isAbsent(rec.except)) c.strings(rec.except, [...at, "except"]);
  const what = ref !== "" ? `CiliumCIDRGroup "${ref}"` : "CiliumCIDRGroups selected by cidrGroupSelector";
  reportUnknownAddresses(c, at, action, what);
}

/** Shared by CIDR groups and cloud `fromGroups`/`toGroups`: peers whose addresses we cannot know. */
export function reportUnknownAddresses(c: CiliumContext, at: FieldPath, action: RuleAction, what: string): void {
  c.report(
    CODES.cidrGroup,
    "warning",
    at,
    `${what} is not read by this analysis: its addresses are unknown, so this entry is treated as matching nothing`,
    "CIDR-1",
  );
  if (action === "deny")
    c.report(
      CODES.incomplete,
      "error",
      at,
      `deny rule on ${what} cannot be modelled: traffic it denies may be reported as allowed`,
      "DENY-1",
    );
}
