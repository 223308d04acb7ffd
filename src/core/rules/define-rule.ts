import type { CompiledRepository } from "../analyze/analyze-repository.js";
import type { TenantConfig } from "../config/types.js";
import type { AccessModel } from "../engine/access-model.js";
import type { Connection } from "../engine/access.js";
import type { PortSet } from "../model/ports.js";
import type { Position } from "../model/position.js";
import type { Tenancy } from "../tenancy/tenancy.js";
import type { ExceptionLedger } from "./support/exception-ledger.js";
import type { Locator } from "./support/locator.js";
import type { RuleMemo } from "./support/rule-memo.js";

/** One side (base or head) of a change, analysed: what every rule reads. */
export interface SideAnalysis {
  side: "base" | "head";
  repo: CompiledRepository;
  model: AccessModel;
  connections: readonly Connection[];
  /** `policyKey`s of objects invalid here but modelled with their base version (OBJ-5). */
  keptFromBase: ReadonlySet<string>;
}

export interface RuleMeta<M extends string> {
  description: string;
  defaultSeverity: "error" | "warning";
  /** Docs page, relative to the repository root. */
  docs: string;
  /** Message templates by id; `{{name}}` is replaced from the report's data. */
  messages: Readonly<Record<M, string>>;
  /** An owner of the receiving tenant may approve a new finding of this rule (consent). */
  consentable?: boolean;
  /** Runs after every other rule, because it reads what they recorded (exception use). */
  late?: boolean;
}

/** What a rule reports; the evaluator adds the rule id, severity and message text. */
export interface RuleReport<M extends string = string> {
  messageId: M;
  data: Readonly<Record<string, string>>;
  /** The manifest place that causes it: the provenance of the allowing rule when there is one. */
  at: Position;
  /** Every place that contributes; the review points at the one the change touched. */
  causes?: readonly Position[];
  fix: string;
  /** Identity across base and head (with the rule id and the ports): never a line number. */
  identity: string;
  from?: string;
  to?: string;
  ports?: PortSet;
  fromTenant?: string;
  toTenant?: string;
  waived?: { by: "exception" | "consent"; detail: string };
}

export interface RuleContext<M extends string = string> {
  readonly analysis: SideAnalysis;
  readonly tenancy: Tenancy;
  /** Undefined in observe mode. */
  readonly config: TenantConfig | undefined;
  readonly now: Date;
  readonly exceptions: ExceptionLedger;
  readonly locate: Locator;
  /** Per-object results shared with the other side's run of the same review (see RuleMemo for the rule of use). */
  readonly memo: RuleMemo;
  report(report: RuleReport<M>): void;
}

export interface RuleModule<M extends string = string> {
  id: string;
  meta: RuleMeta<M>;
  check(ctx: RuleContext<M>): void;
}

/**
 * Declare a rule the way ESLint rules are declared: an id, metadata with message templates, and a
 * `check` that reports. Typed so that `messageId` must be one of the rule's messages.
 *
 * @example
 * export default defineRule({ id: "my-rule", meta: { ..., messages: { bad: "{{from}} reaches {{to}}" } }, check(ctx) { ... } });
 */
export function defineRule<M extends string>(rule: RuleModule<M>): RuleModule<M> {
  return rule;
}

type Segment = string | { name: string; whole: string };

/** Templates split at their `{{name}}` places, once each: rules have a few templates and report thousands of findings. */
const templates = new Map<string, readonly Segment[]>();

function segmentsOf(template: string): readonly Segment[] {
  let segments = templates.get(template);
  if (segments) return segments;
  const out: Segment[] = [];
  let at = 0;
  for (const m of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    out.push(template.slice(at, m.index), { name: m[1]!, whole: m[0] });
    at = m.index + m[0].length;
  }
  out.push(template.slice(at));
  templates.set(template, (segments = out));
  return segments;
}

/** `"{{from}} reaches {{to}}"` with `{from: "a", to: "b"}` → `"a reaches b"`; unknown names stay visible. */
export function interpolate(template: string, data: Readonly<Record<string, string>>): string {
  const segments = segmentsOf(template);
  let text = "";
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    text += typeof s === "string" ? s : (data[s.name] ?? s.whole);
  }
  return text;
}
