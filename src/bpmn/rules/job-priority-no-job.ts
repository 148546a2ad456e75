/**
 * job-priority-no-job: `camunda:jobPriority` where no job uses it: a node that creates no job, a
 * multi-instance activity whose only jobs belong to the MI body (which has no priority of its
 * own), an asynchronous signal throw (its jobs take the catcher's priority), and the attribute on
 * multiInstanceLoopCharacteristics (not read at all). Timer events and signal catchers do use it.
 */
import { fixTitles, messages } from '../catalogue';
import { jobDeclarations } from '../jobs';
import { describePriority, resolvePriority } from '../precedence';
import type { FlowNode } from '../model';
import type { Fix } from '../types';
import { catchesSignals, PRIORITY_SUBPROCESS_TYPES, unreachedJobs } from './priority-targets';
import { flowNodesOf, ruleDocs, canBeAsyncBefore, removeAttr, setCamundaAttr, type Rule, type RuleContext } from './support';

function checkNode(ctx: RuleContext, n: FlowNode) {
  const a = n.attrs.jobPriority;
  if (!a) return;
  const decls = jobDeclarations(n);
  if (decls.some(d => d.activityPriority === a)) return;
  if (catchesSignals(n)) return;
  // A sub-process whose priority misses its children is reported by job-priority-subprocess-not-inherited.
  if (PRIORITY_SUBPROCESS_TYPES.has(n.type) && unreachedJobs(n).length > 0) return;
  const remove: Fix = { title: fixTitles.removePriority, edits: [removeAttr(ctx.text, a)] };
  const fixes: Fix[] = [remove];
  let message: string;
  const mi = n.multiInstance;
  const makeInnerAsync = (): Fix | undefined => mi && {
    title: fixTitles.makeInnerAsync(n.id), edits: setCamundaAttr(mi.element, 'asyncBefore', 'true', mi.attrs.asyncBefore),
  };
  const body = decls.find(d => d.scope === 'multi-instance-body');
  if (decls.length > 0 && decls.every(d => d.kind === 'async-signal-throw')) {
    message = messages.priorityNoJobSignalThrow(n.id);
  } else if (body) {
    message = messages.priorityNoJobMiBody(n.id, describePriority(resolvePriority(body)));
    fixes.unshift(makeInnerAsync()!);
  } else {
    message = messages.priorityNoJobPlain(n.id);
    if (mi) fixes.push(makeInnerAsync()!);
    else if (canBeAsyncBefore(n)) fixes.push({ title: fixTitles.makeAsync(n.id), edits: setCamundaAttr(n.element, 'asyncBefore', 'true', n.attrs.asyncBefore) });
  }
  ctx.report({ range: a.range, message, elementId: n.id, attribute: a.qname, fixes });
}

function checkLoopCharacteristics(ctx: RuleContext, n: FlowNode) {
  const a = n.multiInstance?.attrs.jobPriority;
  if (!a) return;
  const fixes: Fix[] = [];
  if (!n.attrs.jobPriority) {
    fixes.push({
      title: fixTitles.movePriorityToActivity(n.id),
      edits: [removeAttr(ctx.text, a), ...setCamundaAttr(n.element, 'jobPriority', a.value)],
      isPreferred: true,
    });
  }
  fixes.push({ title: fixTitles.removePriority, edits: [removeAttr(ctx.text, a)] });
  ctx.report({ range: a.range, message: messages.priorityOnLoopCharacteristics(n.id), elementId: n.id, attribute: a.qname, fixes });
}

export const rule: Rule = {
  id: 'job-priority-no-job',
  defaultSeverity: 'warning',
  docs: ruleDocs('job-priority-no-job'),
  check(ctx) {
    for (const n of flowNodesOf(ctx.model)) {
      checkNode(ctx, n);
      checkLoopCharacteristics(ctx, n);
    }
  },
};
