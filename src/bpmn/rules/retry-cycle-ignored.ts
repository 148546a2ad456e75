/**
 * retry-cycle-ignored: a `failedJobRetryTimeCycle` the engine never uses where it is written.
 * DefaultFailedJobParseListener reads the element only where a job can exist (async activities,
 * gateways and end events; timer events; intermediate throw events), never on manual tasks; the
 * `event` jobs of an asynchronous signal throw always use the standard strategy; an external
 * task's retries come from its worker; and the attribute form is not read at all.
 */
import { fixTitles, messages } from '../catalogue';
import { jobDeclarations } from '../jobs';
import type { AttrRef, FlowNode, RetryCycleRef } from '../model';
import type { Fix } from '../types';
import { ruleDocs, canBeAsyncBefore, removeAttr, removeElement, setCamundaAttr, type Rule, type RuleContext } from './support';

function checkElement(ctx: RuleContext, n: FlowNode, ref: RetryCycleRef | undefined, inner: boolean) {
  if (!ref) return;
  const decls = jobDeclarations(n);
  if (decls.some(d => d.retryCycle === ref && d.retryCycleUsable)) return;
  const remove: Fix = { title: fixTitles.removeRetry, edits: [removeElement(ctx.text, ref.range)] };
  const makeAsync = (): Fix => ({
    title: fixTitles.makeAsyncForRetry(n.id), edits: setCamundaAttr(n.element, 'asyncBefore', 'true', n.attrs.asyncBefore),
  });
  let message: string;
  const fixes: Fix[] = [];
  const mi = n.multiInstance;
  if (n.type === 'manualTask') {
    message = messages.retryIgnoredManual(n.id);
  } else if (inner && mi) {
    message = messages.retryIgnoredMiInner(n.id);
    fixes.push({ title: fixTitles.makeInnerAsyncForRetry(n.id), edits: setCamundaAttr(mi.element, 'asyncBefore', 'true', mi.attrs.asyncBefore) });
  } else if (mi) {
    message = messages.retryIgnoredMiBody(n.id);
    fixes.push(makeAsync());
  } else if (decls.some(d => d.kind === 'async-signal-throw' && d.retryCycle === ref)) {
    message = messages.retryIgnoredSignalThrow(n.id);
  } else if (n.attrs.type?.value === 'external') {
    message = messages.retryIgnoredExternal(n.id);
  } else if (n.type === 'intermediateThrowEvent') {
    message = messages.retryIgnoredThrowNoJob(n.id);
    fixes.push(makeAsync());
  } else if (n.type === 'adHocSubProcess' || n.type === 'complexGateway') {
    message = messages.retryIgnoredUnsupported(n.id, n.type);
  } else {
    message = messages.retryIgnoredNotAsync(n.id, n.type);
    if (canBeAsyncBefore(n)) fixes.push(makeAsync());
  }
  fixes.push(remove);
  ctx.report({ range: ref.range, message, elementId: n.id, attribute: ref.qname, fixes });
}

function checkAttribute(ctx: RuleContext, a: AttrRef | undefined, elementId: string) {
  if (!a) return;
  ctx.report({
    range: a.range, message: messages.retryIgnoredAttribute(a.qname), elementId, attribute: a.qname,
    fixes: [{ title: fixTitles.removeRetry, edits: [removeAttr(ctx.text, a)] }],
  });
}

export const rule: Rule = {
  id: 'retry-cycle-ignored',
  defaultSeverity: 'warning',
  docs: ruleDocs('retry-cycle-ignored'),
  check(ctx) {
    for (const p of ctx.model.processes) {
      checkAttribute(ctx, p.retryCycleAttribute, p.id);
      for (const n of p.flowNodes) {
        checkElement(ctx, n, n.retryCycle, false);
        checkElement(ctx, n, n.multiInstance?.retryCycle, true);
        checkAttribute(ctx, n.attrs.retryCycleAttribute, n.id);
        checkAttribute(ctx, n.multiInstance?.attrs.retryCycleAttribute, n.id);
      }
    }
  },
};
