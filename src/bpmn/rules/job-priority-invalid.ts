/**
 * job-priority-invalid: a constant `camunda:jobPriority` that Java `Integer.parseInt` rejects
 * (BpmnParse.parsePriority): the deployment fails. Fixes: trim, clamp to the int range, or use
 * the integer a decimal/exponent stands for.
 */
import { fixTitles, messages } from '../catalogue';
import { INT_MAX, INT_MIN } from '../javaInt';
import { parseJobPriority } from '../priority';
import type { Fix } from '../types';
import { priorityTargets } from './priority-targets';
import { ruleDocs, replaceValue, valueOrAttr, type Rule } from './support';

function action(reason: string, suggestion: string | undefined): string {
  switch (reason) {
    case 'whitespace': return suggestion !== undefined ? `Remove the white space: '${suggestion}'.` : 'Remove the white space and write a whole number.';
    case 'out-of-int-range': case 'out-of-long-range':
      return `Use a value from ${INT_MIN} to ${INT_MAX}, or an expression such as \${...} if you need the long range.`;
    case 'decimal': case 'exponent':
      return suggestion !== undefined ? `Write the whole number '${suggestion}'.` : 'Write a whole number (no decimals, no exponent).';
    case 'empty': return 'Write a whole number such as 10, or remove the attribute.';
    default: return `Write a whole number from ${INT_MIN} to ${INT_MAX}, or an expression \${...}.`;
  }
}

export const rule: Rule = {
  id: 'job-priority-invalid',
  defaultSeverity: 'error',
  docs: ruleDocs('job-priority-invalid'),
  check(ctx) {
    for (const t of priorityTargets(ctx)) {
      const v = parseJobPriority(t.attr.value);
      if (v.kind !== 'invalid' || v.reason === 'malformed-expression') continue;
      const fixes: Fix[] = [];
      const s = v.suggestion;
      if (s !== undefined && parseJobPriority(s).kind === 'constant') {
        const title = v.reason === 'whitespace' ? fixTitles.trimPriority(s)
          : v.reason === 'out-of-int-range' || v.reason === 'out-of-long-range' ? fixTitles.clampPriority(s)
          : fixTitles.integerPriority(s);
        fixes.push({ title, edits: [replaceValue(t.attr, s)], isPreferred: true });
      }
      ctx.report({
        range: valueOrAttr(t.attr),
        message: messages.priorityInvalid(t.attr.value, v.message, action(v.reason, s)),
        elementId: t.elementId, attribute: t.attr.qname, fixes,
      });
    }
  },
};
