import type { TenantConfig } from "../config/types.js";
import type { PortSet } from "../model/ports.js";
import type { Position } from "../model/position.js";
import type { Finding, RuleSeverity } from "../review/types.js";
import type { Tenancy } from "../tenancy/tenancy.js";
import { interpolate, type RuleContext, type RuleModule, type RuleReport, type SideAnalysis } from "./define-rule.js";
import { builtinRules } from "./registry.js";
import { ExceptionLedger } from "./support/exception-ledger.js";
import { portsFormat } from "./support/flows.js";
import { createLocator } from "./support/locator.js";
import { MemoTable, RuleMemo } from "./support/rule-memo.js";

/** A finding of one side, before the review decides whether it is new: carries its identity and causes. */
export interface RuleFinding extends Omit<Finding, "new"> {
  messageId: string;
  /** Rule-specific identity; with the rule id and the port set it tells base and head findings apart. */
  identity: string;
  portSet?: PortSet;
  causes: readonly Position[];
  consentable: boolean;
}

export interface RuleRun {
  analysis: SideAnalysis;
  tenancy: Tenancy;
  config: TenantConfig | undefined;
  now: Date;
  /** Shared by the base and head runs of one review, so that the second re-uses per-object work; omitted: a fresh one. */
  memo?: RuleMemo;
}

/** A finding is a pure function of its rule, severity and report: a report re-used from the other side gives the same finding. */
const FINDINGS = new MemoTable<RuleReport, { rule: RuleModule; severity: "error" | "warning"; finding: RuleFinding }>("finding of a report");

function findingOf(memo: RuleMemo, rule: RuleModule, severity: "error" | "warning", r: RuleReport): RuleFinding {
  const table = memo.of(FINDINGS);
  const hit = table.get(r);
  if (hit && hit.rule === rule && hit.severity === severity) return hit.finding;
  const finding = toFinding(rule, severity, r);
  table.set(r, { rule, severity, finding });
  return finding;
}

/** Configured severity; observe mode (no config) reports everything as a warning. */
export function severityOf(rule: RuleModule, config: TenantConfig | undefined): RuleSeverity {
  if (!config) return "warning";
  return config.rules[rule.id] ?? rule.meta.defaultSeverity;
}

function toFinding(rule: RuleModule, severity: "error" | "warning", r: RuleReport): RuleFinding {
  const template = rule.meta.messages[r.messageId] ?? r.messageId;
  const finding: RuleFinding = {
    rule: rule.id,
    messageId: r.messageId,
    severity,
    message: interpolate(template, r.data),
    file: r.at.file,
    line: r.at.line,
    col: r.at.col,
    fix: r.fix,
    identity: r.identity,
    causes: r.causes ?? [r.at],
    consentable: rule.meta.consentable === true,
    docs: rule.meta.docs,
  };
  // The optional fields, in this order (reports keep it), assigned rather than spread: a review
  // builds thousands of findings, mostly before the JIT has optimised this.
  if (r.from !== undefined) finding.from = r.from;
  if (r.to !== undefined) finding.to = r.to;
  if (r.ports !== undefined) {
    finding.ports = portsFormat(r.ports);
    finding.portSet = r.ports;
  }
  if (r.fromTenant !== undefined) finding.fromTenant = r.fromTenant;
  if (r.toTenant !== undefined) finding.toTenant = r.toTenant;
  if (r.waived) finding.waived = r.waived;
  return finding;
}

/**
 * Run the rules on one side. Rules switched `off` do not run; rules marked `late` run after the
 * others because they read what the others recorded (which exceptions were used).
 *
 * @example
 * const memo = new RuleMemo(); // one per review: the head run fills it, the base run re-uses it
 * const findings = evaluateRules({ analysis: head, tenancy, config, now, memo });
 */
export function evaluateRules(run: RuleRun, rules: readonly RuleModule[] = builtinRules): RuleFinding[] {
  const memo = run.memo ?? new RuleMemo();
  memo.bind(run.tenancy, run.config, run.now);
  const exceptions = new ExceptionLedger(run.config, run.tenancy, run.now, memo);
  const locate = createLocator(run.analysis.repo, run.config, run.tenancy);
  const out: RuleFinding[] = [];
  const ordered = [...rules.filter((r) => !r.meta.late), ...rules.filter((r) => r.meta.late)];
  for (const rule of ordered) {
    const severity = severityOf(rule, run.config);
    if (severity === "off") continue;
    const ctx: RuleContext = {
      analysis: run.analysis,
      tenancy: run.tenancy,
      config: run.config,
      now: run.now,
      memo,
      exceptions,
      locate,
      report: (r) => out.push(findingOf(memo, rule, severity, r)),
    };
    rule.check(ctx);
  }
  return out;
}
