/**
 * job-priority-subprocess-not-inherited: a sub-process (subProcess, transaction) priority does
 * not reach the job-creating activities inside it (DefaultJobPriorityProvider reads the job's own
 * activity, then the process). Names the affected activities and what they get instead.
 */
import { fixTitles, messages } from '../catalogue';
import { jobDeclarations } from '../jobs';
import { describePriority, resolvePriority } from '../precedence';
import type { FlowNode } from '../model';
import type { Fix } from '../types';
import { PRIORITY_SUBPROCESS_TYPES, unreachedJobs } from './priority-targets';
import { ruleDocs, setCamundaAttr, type Rule } from './support';

export const rule: Rule = {
  id: 'job-priority-subprocess-not-inherited',
  defaultSeverity: 'warning',
  docs: ruleDocs('job-priority-subprocess-not-inherited'),
  check(ctx) {
    for (const p of ctx.model.processes) {
      for (const sp of p.flowNodes) {
        const a = sp.attrs.jobPriority;
        if (!a || !PRIORITY_SUBPROCESS_TYPES.has(sp.type)) continue;
        const jobs = unreachedJobs(sp);
        if (!jobs.length) continue;
        const children: { id: string; gets: string }[] = [];
        const nodes: FlowNode[] = [];
        for (const d of jobs) {
          if (nodes.includes(d.node)) continue;
          nodes.push(d.node);
          children.push({ id: d.node.id, gets: describePriority(resolvePriority(d)) });
        }
        const ownJob = jobDeclarations(sp).some(d => d.activityPriority === a);
        const fixes: Fix[] = [{
          title: fixTitles.copyPriorityToChildren(nodes.map(n => n.id)),
          edits: nodes.flatMap(n => setCamundaAttr(n.element, 'jobPriority', a.value)),
        }];
        ctx.report({
          range: a.range, message: messages.subprocessNotInherited(sp.id, a.value, ownJob, children),
          elementId: sp.id, attribute: a.qname, fixes,
        });
      }
    }
  },
};
