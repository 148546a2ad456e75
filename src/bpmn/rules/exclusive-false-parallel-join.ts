/**
 * exclusive-false-parallel-join: walks the sequence-flow graph backwards from every synchronous
 * parallel/inclusive join. For each incoming branch it finds the nearest job boundary (the
 * transaction that will arrive at the join): an asyncAfter/asyncBefore element, an intermediate
 * timer, or an asyncAfter fork (one job per outgoing flow). When at least two branches arrive in
 * jobs of their own and one of those jobs is not exclusive, the two jobs can run at the same time
 * and the later commit at the join fails with an OptimisticLockingException.
 */
import { fixTitles, messages } from '../catalogue';
import { isAsyncAfter, isAsyncBefore, isExclusive } from '../jobs';
import type { AttrRef, BpmnProcess, FlowNode } from '../model';
import type { Fix } from '../types';
import { ruleDocs, removeAttr, setCamundaAttr, valueOrAttr, type Rule, type RuleContext } from './support';

const FORK_JOIN = new Set(['parallelGateway', 'inclusiveGateway']);
/** Wait states: the arriving transaction is started from outside (API, message), not by a job. */
const WAIT_STATES = new Set(['userTask', 'receiveTask', 'intermediateCatchEvent', 'eventBasedGateway', 'callActivity']);

interface Boundary { node: FlowNode; exclusive: boolean; exclusiveAttr: AttrRef | undefined }

function nearestBoundaries(start: FlowNode, byId: Map<string, FlowNode>): Boundary[] {
  const out: Boundary[] = [];
  const seen = new Set<FlowNode>();
  const stack = [start];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const isFork = FORK_JOIN.has(n.type) && n.outgoing.length >= 2;
    if (isAsyncAfter(n.attrs) || (!isFork && isAsyncBefore(n.attrs))) {
      out.push({ node: n, exclusive: isExclusive(n.attrs.exclusive), exclusiveAttr: n.attrs.exclusive });
      continue;
    }
    const timer = n.type === 'intermediateCatchEvent' ? n.eventDefinitions.find(d => d.type === 'timer') : undefined;
    if (timer) {
      out.push({ node: n, exclusive: isExclusive(timer.exclusive), exclusiveAttr: timer.exclusive });
      continue;
    }
    if (isFork || WAIT_STATES.has(n.type)) continue;
    for (const f of n.incoming) {
      const src = byId.get(f.sourceRef);
      if (src) stack.push(src);
    }
  }
  return out;
}

function checkProcess(ctx: RuleContext, p: BpmnProcess, reported: Set<AttrRef>) {
  const byId = new Map(p.flowNodes.map(n => [n.id, n]));
  const memo = new Map<FlowNode, Boundary[]>();
  const boundariesOf = (n: FlowNode) => {
    let b = memo.get(n);
    if (!b) { b = nearestBoundaries(n, byId); memo.set(n, b); }
    return b;
  };
  for (const join of p.flowNodes) {
    if (!FORK_JOIN.has(join.type) || join.incoming.length < 2 || isAsyncBefore(join.attrs)) continue;
    const branches: Boundary[][] = [];
    for (const f of join.incoming) {
      const src = byId.get(f.sourceRef);
      const b = src ? boundariesOf(src) : [];
      if (b.length) branches.push(b);
    }
    if (branches.length < 2) continue;
    branches.forEach((branch, i) => {
      for (const b of branch) {
        if (b.exclusive || !b.exclusiveAttr || reported.has(b.exclusiveAttr)) continue;
        reported.add(b.exclusiveAttr);
        const others = [...new Set(branches.filter((_, j) => j !== i).flat().map(o => o.node.id))];
        const fixes: Fix[] = [
          { title: fixTitles.makeExclusive(b.node.id), edits: [removeAttr(ctx.text, b.exclusiveAttr)], isPreferred: true },
          { title: fixTitles.makeJoinAsync(join.id), edits: setCamundaAttr(join.element, 'asyncBefore', 'true', join.attrs.asyncBefore ?? join.attrs.async) },
        ];
        ctx.report({
          range: valueOrAttr(b.exclusiveAttr), message: messages.exclusiveParallelJoin(b.node.id, join.id, others),
          elementId: b.node.id, attribute: b.exclusiveAttr.qname, fixes,
        });
      }
    });
  }
}

export const rule: Rule = {
  id: 'exclusive-false-parallel-join',
  defaultSeverity: 'warning',
  docs: ruleDocs('exclusive-false-parallel-join'),
  check(ctx) {
    const reported = new Set<AttrRef>();
    for (const p of ctx.model.processes) checkProcess(ctx, p, reported);
  },
};
