import { formatPorts } from "../algebra/port-set.js";
import type { TenantConfig } from "../config/types.js";
import type { PortSet } from "../model/ports.js";
import type { Position } from "../model/position.js";
import type { Finding, RuleSeverity } from "../review/types.js";
import type { Tenancy } from "../tenancy/tenancy.js";
import { interpolate, type RuleContext, type RuleModule, type RuleReport, type SideAnalysis } from "./define-rule.js";
import { builtinRules } from "./registry.js";
import { ExceptionLedger } from "./support/exception-ledger.js";
import { createLocator } from "./support/locator.js";

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
}

/** Configured severity; observe mode (no config) reports everything as a warning. */
export function severityOf(rule: RuleModule, config: TenantConfig | undefined): RuleSeverity {
  if (!config) return "warning";
  return config.rules[rule.id] ?? rule.meta.defaultSeverity;
}

function toFinding(rule: RuleModule, severity: "error" | "warning", r: RuleReport): RuleFinding {
  const template = rule.meta.messages[r.messageId] ?? r.messageId;
  return {
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
    ...(r.from !== undefined ? { from: r.from } : {}),
    ...(r.to !== undefined ? { to: r.to } : {}),
    ...(r.ports !== undefined ? { ports: formatPorts(r.ports), portSet: r.ports } : {}),
    ...(r.fromTenant !== undefined ? { fromTenant: r.fromTenant } : {}),
    ...(r.toTenant !== undefined ? { toTenant: r.toTenant } : {}),
    ...(r.waived ? { waived: r.waived } : {}),
  };
}

/**
 * Run the rules on one side. Rules switched `off` do not run; rules marked `late` run after the
 * others because they read what the others recorded (which exceptions were used).
 *
 * @example
 * const findings = evaluateRules({ analysis: head, tenancy, config, now });
 */
export function evaluateRules(run: RuleRun, rules: readonly RuleModule[] = builtinRules): RuleFinding[] {
  const exceptions = new ExceptionLedger(run.config, run.tenancy, run.now);
  const locate = createLocator(run.analysis.repo, run.config, run.tenancy);
  const out: RuleFinding[] = [];
  const ordered = [...rules.filter((r) => !r.meta.late), ...rules.filter((r) => r.meta.late)];
  for (const rule of ordered) {
    const severity = severityOf(rule, run.config);
    if (severity === "off") continue;
    const ctx: RuleContext = { ...run, exceptions, locate, report: (r) => out.push(toFinding(rule, severity, r)) };
    rule.check(ctx);
  }
  return out;
}
