/** The `camunda:jobPriority` attributes the engine parses: on processes and on flow nodes. */
import { jobDeclarations, type JobDeclaration } from '../jobs';
import type { AttrRef, FlowNode } from '../model';
import { isUnterminated, type RuleContext } from './support';

export interface PriorityTarget { attr: AttrRef; elementId: string; isProcess: boolean }

export function priorityTargets(ctx: RuleContext): PriorityTarget[] {
  const out: PriorityTarget[] = [];
  for (const p of ctx.model.processes) {
    if (p.jobPriority && !isUnterminated(p.jobPriority)) out.push({ attr: p.jobPriority, elementId: p.id, isProcess: true });
    for (const n of p.flowNodes) if (n.attrs.jobPriority && !isUnterminated(n.attrs.jobPriority)) out.push({ attr: n.attrs.jobPriority, elementId: n.id, isProcess: false });
  }
  return out;
}

/** Signal catchers: their priority is used by the `event` jobs of asynchronous signal throws. */
export function catchesSignals(n: FlowNode): boolean {
  return (n.type === 'startEvent' || n.type === 'intermediateCatchEvent' || n.type === 'boundaryEvent')
    && n.eventDefinitions.some(d => d.type === 'signal');
}

/**
 * The jobs inside a sub-process with a priority that do not get a priority of their own (the
 * activity has none), and whose nearest priority-bearing enclosing sub-process is `sp`: the
 * sub-process priority does not reach them.
 */
export function unreachedJobs(sp: FlowNode): JobDeclaration[] {
  const out: JobDeclaration[] = [];
  const walk = (n: FlowNode) => {
    for (const c of n.children) {
      if (!c.attrs.jobPriority) {
        for (const d of jobDeclarations(c)) if (d.kind !== 'async-signal-throw') out.push(d);
      }
      // A nested sub-process with its own priority reports its own children.
      if (!c.attrs.jobPriority) walk(c);
    }
  };
  walk(sp);
  return out;
}

export const PRIORITY_SUBPROCESS_TYPES = new Set(['subProcess', 'transaction']);
