/**
 * legacy-async: `camunda:async` on a flow node or on multiInstanceLoopCharacteristics. BpmnParse
 * still treats it as asyncBefore; the fix renames it, keeping the user's prefix.
 */
import { fixTitles, messages } from '../catalogue';
import type { CamundaAttrs } from '../model';
import type { Fix } from '../types';
import { flowNodesOf, ruleDocs, removeAttr, renameAttr, replaceValue, type Rule, type RuleContext } from './support';

function check(ctx: RuleContext, attrs: CamundaAttrs, elementId: string) {
  const a = attrs.async;
  if (!a) return;
  const prefix = a.qname.includes(':') ? a.qname.slice(0, a.qname.indexOf(':') + 1) : '';
  const fixes: Fix[] = [];
  const before = attrs.asyncBefore;
  if (!before) {
    fixes.push({ title: fixTitles.replaceAsync(prefix), edits: [renameAttr(a, 'asyncBefore')], isPreferred: true });
  } else {
    // Both present: keep asyncBefore, carrying over a `true` from async if asyncBefore lacks it.
    const edits = [removeAttr(ctx.text, a)];
    if (a.value === 'true' && before.value !== 'true') edits.push(replaceValue(before, 'true'));
    fixes.push({ title: fixTitles.removeAsync(prefix), edits, isPreferred: true });
  }
  ctx.report({ range: a.nameRange, message: messages.legacyAsync(a.qname), elementId, attribute: a.qname, fixes });
}

export const rule: Rule = {
  id: 'legacy-async',
  defaultSeverity: 'warning',
  docs: ruleDocs('legacy-async'),
  check(ctx) {
    for (const n of flowNodesOf(ctx.model)) {
      check(ctx, n.attrs, n.id);
      if (n.multiInstance) check(ctx, n.multiInstance.attrs, n.id);
    }
  },
};
