/**
 * The rule registry: every rule file, in a fixed order, and the runner that applies the
 * configured severities. Adding a rule = one file here, a catalogue entry, a docs page, a test.
 */
import type { BpmnModel } from '../model';
import type { Finding, LintOptions, RuleId, Severity } from '../types';
import { milder, type Report, type Rule } from './support';
import { rule as xmlMalformed } from './xml-malformed';
import { rule as jobPriorityInvalid } from './job-priority-invalid';
import { rule as jobPriorityMalformedExpression } from './job-priority-malformed-expression';
import { rule as jobPriorityNoJob } from './job-priority-no-job';
import { rule as jobPrioritySubprocess } from './job-priority-subprocess-not-inherited';
import { rule as retryCycleInvalid } from './retry-cycle-invalid';
import { rule as retryCycleIgnored } from './retry-cycle-ignored';
import { rule as exclusiveParallelJoin } from './exclusive-false-parallel-join';
import { rule as asyncValueNotBoolean } from './async-value-not-boolean';
import { rule as legacyAsync } from './legacy-async';

export type { Rule, RuleContext, Report } from './support';

export const rules: readonly Rule[] = [
  xmlMalformed, jobPriorityInvalid, jobPriorityMalformedExpression, jobPriorityNoJob, jobPrioritySubprocess,
  retryCycleInvalid, retryCycleIgnored, exclusiveParallelJoin, asyncValueNotBoolean, legacyAsync,
];

export const rulesById: ReadonlyMap<RuleId, Rule> = new Map(rules.map(r => [r.id, r]));

/** Runs every enabled rule over a parsed model. Findings are sorted by offset, then code. */
export function runRules(text: string, model: BpmnModel, opts: LintOptions): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = opts.severities?.[rule.id];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.defaultSeverity;
    const report = (r: Report) => {
      const f: Finding = {
        code: rule.id, severity: r.severity ? milder(severity, r.severity) : severity,
        message: r.message, range: r.range, fixes: r.fixes ?? [],
      };
      if (r.elementId !== undefined && r.elementId !== '') f.elementId = r.elementId;
      if (r.attribute !== undefined) f.attribute = r.attribute;
      findings.push(f);
    };
    rule.check({ text, model, profile: opts.profile, report });
  }
  return findings.sort((a, b) => a.range.start - b.range.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.range.end - b.range.end);
}
