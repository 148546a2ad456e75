/**
 * async-value-not-boolean: `asyncBefore`, `asyncAfter`, `async` and `exclusive` on flow nodes,
 * on multiInstanceLoopCharacteristics and on timer/signal event definitions must be exactly `true`
 * or `false`: BpmnParse tests `"true".equals(value)`, so anything else silently means false.
 */
import { fixTitles, messages } from '../catalogue';
import type { AttrRef, CamundaAttrs } from '../model';
import type { Fix } from '../types';
import { flowNodesOf, ruleDocs, isUnterminated, replaceValue, valueOrAttr, type Rule, type RuleContext } from './support';

const TRUE_LIKE = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_LIKE = new Set(['false', 'no', 'n', '0', 'off']);

/** What the user most likely meant, or undefined when we cannot tell. */
export function meantBoolean(value: string): 'true' | 'false' | undefined {
  const v = value.trim().toLowerCase();
  if (TRUE_LIKE.has(v)) return 'true';
  if (FALSE_LIKE.has(v)) return 'false';
  return undefined;
}

function checkAttr(ctx: RuleContext, a: AttrRef | undefined, elementId: string) {
  if (!a || a.value === 'true' || a.value === 'false' || isUnterminated(a)) return;
  const meant = meantBoolean(a.value);
  const fixes: Fix[] = meant
    ? [{ title: fixTitles.setBoolean(a.qname, meant), edits: [replaceValue(a, meant)], isPreferred: true }]
    : (['true', 'false'] as const).map(v => ({ title: fixTitles.setBoolean(a.qname, v), edits: [replaceValue(a, v)] }));
  ctx.report({
    range: valueOrAttr(a), message: messages.notBoolean(a.qname, a.value, meant, a.local === 'exclusive'),
    elementId, attribute: a.qname, fixes,
  });
}

function checkAttrs(ctx: RuleContext, attrs: CamundaAttrs, elementId: string) {
  checkAttr(ctx, attrs.asyncBefore, elementId);
  checkAttr(ctx, attrs.asyncAfter, elementId);
  checkAttr(ctx, attrs.async, elementId);
  checkAttr(ctx, attrs.exclusive, elementId);
}

export const rule: Rule = {
  id: 'async-value-not-boolean',
  defaultSeverity: 'error',
  docs: ruleDocs('async-value-not-boolean'),
  check(ctx) {
    for (const n of flowNodesOf(ctx.model)) {
      checkAttrs(ctx, n.attrs, n.id);
      if (n.multiInstance) checkAttrs(ctx, n.multiInstance.attrs, n.id);
      for (const d of n.eventDefinitions) {
        checkAttr(ctx, d.exclusive, n.id);
        checkAttr(ctx, d.async, n.id);
      }
    }
  },
};
