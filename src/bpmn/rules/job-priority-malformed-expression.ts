/**
 * job-priority-malformed-expression: a `${…}`/`#{…}` priority that JUEL cannot parse at
 * deployment (unbalanced, empty, a literal outside the long range), or a composite text such as
 * ` ${p} ` whose value is a String, so every job creation fails ("Priority value is not an Integer").
 */
import { fixTitles, messages } from '../catalogue';
import { parseJobPriority } from '../priority';
import type { Fix } from '../types';
import { priorityTargets } from './priority-targets';
import { ruleDocs, replaceValue, valueOrAttr, type Rule } from './support';

export const rule: Rule = {
  id: 'job-priority-malformed-expression',
  defaultSeverity: 'error',
  docs: ruleDocs('job-priority-malformed-expression'),
  check(ctx) {
    for (const t of priorityTargets(ctx)) {
      const raw = t.attr.value;
      const v = parseJobPriority(raw);
      if (v.kind === 'invalid' && v.reason === 'malformed-expression') {
        ctx.report({
          range: valueOrAttr(t.attr),
          message: messages.priorityMalformedExpression(raw, v.message, `The deployment fails (${v.engineError}). Close every \${ with }, and keep integer literals within the long range.`),
          elementId: t.elementId, attribute: t.attr.qname,
        });
      } else if (v.kind === 'expression' && v.composite) {
        const trimmed = raw.trim();
        const tv = parseJobPriority(trimmed);
        const fixes: Fix[] = tv.kind === 'expression' && !tv.composite
          ? [{ title: fixTitles.trimPriority(trimmed), edits: [replaceValue(t.attr, trimmed)], isPreferred: true }] : [];
        ctx.report({
          range: valueOrAttr(t.attr),
          message: messages.priorityMalformedExpression(raw,
            'text (or white space) around the expression makes it a composite expression whose value is a String.',
            'Every job creation then fails with "Priority value is not an Integer". Write only the expression, e.g. ${priority}.'),
          elementId: t.elementId, attribute: t.attr.qname, fixes,
        });
      }
    }
  },
};
