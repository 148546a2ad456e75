/**
 * retry-cycle-invalid: validates EVERY element of every `failedJobRetryTimeCycle` element. The
 * engine (ParseUtil.parseRetryIntervals) only logs a single unparsable value and falls back to the
 * standard strategy, and does not validate lists at deployment at all; we report one finding per
 * bad element, at that element's exact range. A malformed expression fails the deployment (error).
 * An empty element falls back to the engine-wide cycle: reported as info (never more severe than
 * the configured severity). Legal-but-odd elements (`R3/…` inside a list) are info notes.
 */
import { fixTitles, messages } from '../catalogue';
import type { FlowNode, RetryCycleRef } from '../model';
import { parseRetryTimeCycle } from '../retryCycle';
import type { Fix, TextRange } from '../types';
import { flowNodesOf, ruleDocs, removeElement, type Rule, type RuleContext } from './support';

/** Maps a range inside the element's text to document offsets (exact when the text has no entities/CDATA). */
function mapper(ctx: RuleContext, ref: RetryCycleRef): (r: TextRange) => TextRange {
  const raw = ctx.text.slice(ref.textRange.start, ref.textRange.end);
  if (raw !== ref.text) return () => ref.textRange.end > ref.textRange.start ? ref.textRange : ref.range;
  return r => {
    let { start, end } = r;
    if (start === end) {
      // An empty list element: underline the comma next to it.
      if (ref.text[start] === ',') end = start + 1;
      else if (start > 0) start -= 1;
    }
    return { start: ref.textRange.start + start, end: ref.textRange.start + end };
  };
}

/** Spelling repairs we dare to offer: upper case, no white space. */
function repair(element: string, profile: RuleContext['profile']): string | undefined {
  for (const cand of [element.toUpperCase(), element.replace(/\s+/g, ''), element.replace(/\s+/g, '').toUpperCase()]) {
    if (cand === element || !cand || cand.includes(',')) continue;
    const c = parseRetryTimeCycle(cand, { profile });
    if (c.kind === 'list' && c.intervals.every(i => !i.error)) return cand;
  }
  return undefined;
}

function check(ctx: RuleContext, n: FlowNode, ref: RetryCycleRef | undefined) {
  if (!ref) return;
  const base = { elementId: n.id, attribute: ref.qname };
  const map = mapper(ctx, ref);
  const replaceFix = (element: string, r: TextRange): Fix[] => {
    const to = repair(element, ctx.profile);
    return to ? [{ title: fixTitles.replaceRetryElement(element, to), edits: [{ range: map(r), newText: to }], isPreferred: true }] : [];
  };
  const c = parseRetryTimeCycle(ref.text, { profile: ctx.profile });
  switch (c.kind) {
    case 'none':
      ctx.report({
        ...base, range: ref.range, severity: 'info', message: messages.retryEmpty(),
        fixes: [{ title: fixTitles.removeEmptyRetry, edits: [removeElement(ctx.text, ref.range)] }],
      });
      return;
    case 'expression':
      return;
    case 'malformed-expression':
      ctx.report({ ...base, range: ref.textRange, message: messages.retryMalformedExpression(c.expression, c.message, c.engineError) });
      return;
    case 'ignored-by-engine':
      ctx.report({ ...base, range: map(c.range), message: messages.retrySingleIgnored(c.text, c.reason, c.engineLog), fixes: replaceFix(c.text, c.range) });
      return;
    case 'list':
      c.intervals.forEach((iv, i) => {
        if (iv.error) {
          ctx.report({
            ...base, range: map(iv.range), message: messages.retryListElement(iv.text, iv.reason ?? iv.error, i, c.intervals.length),
            fixes: replaceFix(iv.text, iv.range),
          });
        } else if (iv.note) {
          ctx.report({ ...base, range: map(iv.range), severity: 'info', message: messages.retryNote(iv.text, iv.note) });
        }
      });
  }
}

export const rule: Rule = {
  id: 'retry-cycle-invalid',
  defaultSeverity: 'error',
  docs: ruleDocs('retry-cycle-invalid'),
  check(ctx) {
    for (const n of flowNodesOf(ctx.model)) {
      check(ctx, n, n.retryCycle);
      check(ctx, n, n.multiInstance?.retryCycle);
    }
  },
};
