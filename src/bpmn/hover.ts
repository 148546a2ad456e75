/**
 * Hovers: what the engine does with the job attribute, retry cycle or flow node under the cursor.
 * (a) camunda:jobPriority (activity and process): the precedence chain and its outcome;
 * (b) failedJobRetryTimeCycle: executions, the delay after each failure, the incident, the profile;
 * (c) asyncBefore/asyncAfter/async/exclusive: the transaction boundary and what exclusive means;
 * (d) a flow node's tag name or id: its jobs. All texts come from the catalogue.
 */
import { facts, hoverTexts } from './catalogue';
import { explainJob } from './explain';
import { jobDeclarations, type JobDeclaration } from './jobs';
import type { AttrRef, BpmnModel, BpmnProcess, FlowNode, RetryCycleRef } from './model';
import { describePriority, resolvePriority, type PriorityResolution } from './precedence';
import { parseJobPriority } from './priority';
import { formatDurationMs, parseRetryTimeCycle, retrySchedule } from './retryCycle';
import type { HoverOptions, HoverResult, TextRange } from './types';

const within = (r: TextRange | undefined, offset: number) => !!r && offset >= r.start && offset <= r.end;
const para = (...parts: (string | undefined | false)[]) => parts.filter(Boolean).join('\n\n');

function jobLabel(d: JobDeclaration): string {
  const scope = d.scope === 'multi-instance-body' ? ', multi-instance body' : d.scope === 'multi-instance-inner' ? ', inner instances' : '';
  return `${d.kind} job of \`${d.activityId}\` (${d.handlerType}${scope})`;
}

function chainTable(r: PriorityResolution): string {
  const rows = r.chain.map(l => {
    const v = l.value !== undefined ? String(l.value) : l.expression !== undefined ? `\`${l.expression}\`` : '—';
    const mark = l.level === r.source ? ' **← decides**' : r.overridden.includes(l.level) ? ' (overridden)' : '';
    return `| ${hoverTexts.levelNames[l.level]} | ${v}${mark} | ${l.note ?? ''} |`;
  });
  return ['| level | value | note |', '|---|---|---|', ...rows].join('\n');
}

function priorityOutcome(r: PriorityResolution): string {
  const value = r.value !== null ? String(r.value) : r.expression !== undefined ? `\`${r.expression}\` (evaluated at job creation)` : r.invalid ? 'none: the deployment fails' : 'unknown';
  return para(
    hoverTexts.effective(value, hoverTexts.levelNames[r.source]),
    r.overridden.length > 0 && hoverTexts.overridden(r.overridden.map(l => hoverTexts.levelNames[l])),
  );
}

function constantNotes(a: AttrRef): string {
  const v = parseJobPriority(a.value);
  if (v.kind === 'invalid') return para(`**${facts.deploymentError(a.value)}**: ${v.message}`, v.reason === 'malformed-expression' ? undefined : facts.intRange, hoverTexts.rule(v.reason === 'malformed-expression' ? 'job-priority-malformed-expression' : 'job-priority-invalid'));
  if (v.kind === 'constant') return facts.intRange;
  return facts.expressionAtCreation;
}

function acquisitionNotes(opts: HoverOptions): string {
  return para(facts.acquireByPriority(opts.acquireByPriority), facts.noStarvationProtection, facts.priorityFixed, facts.overrideRuntime);
}

/** Groups declarations with the same chain so a node with asyncBefore+asyncAfter shows it once. */
function chainsFor(decls: JobDeclaration[]): string[] {
  const groups = new Map<string, { r: PriorityResolution; jobs: string[] }>();
  for (const d of decls) {
    const r = resolvePriority(d);
    const key = JSON.stringify(r.chain.map(l => [l.level, l.value, l.expression, l.note]));
    const g = groups.get(key) ?? { r, jobs: [] };
    g.jobs.push(jobLabel(d));
    groups.set(key, g);
  }
  return [...groups.values()].map(g => para(hoverTexts.appliesTo(g.jobs), hoverTexts.priorityChainHeader, chainTable(g.r), priorityOutcome(g.r)));
}

function activityPriorityHover(n: FlowNode, a: AttrRef, opts: HoverOptions): string {
  const all = jobDeclarations(n);
  const decls = all.filter(d => d.activityPriority === a);
  const body = decls.length ? chainsFor(decls)
    : all.length ? [hoverTexts.unusedByJobs(n.id), ...chainsFor(all), hoverTexts.rule('job-priority-no-job')]
    : [para(hoverTexts.noJobs(n.id), facts.parsedEverywhere, hoverTexts.rule('job-priority-no-job'))];
  return para(
    hoverTexts.priorityTitle(a.qname), ...body,
    n.multiInstance && facts.miBodyNoPriority,
    (n.type === 'subProcess' || n.type === 'transaction') && facts.subprocessNotInherited,
    constantNotes(a), acquisitionNotes(opts),
  );
}

function processPriorityHover(p: BpmnProcess, a: AttrRef, opts: HoverOptions): string {
  const decls = p.flowNodes.flatMap(jobDeclarations).filter(d => resolvePriority(d).source === 'process');
  const chain = decls.length ? chainsFor(decls.slice(0, 1)).map(s => s.replace(/^Applies to: .*?\.\n\n/, '')) : [];
  return para(
    hoverTexts.priorityTitle(a.qname),
    hoverTexts.processFallsThrough(decls.map(d => `\`${d.activityId}\` (${d.kind})`)),
    ...chain, facts.subprocessNotInherited, constantNotes(a), acquisitionNotes(opts),
  );
}

function retryHover(n: FlowNode, ref: RetryCycleRef, opts: HoverOptions): string {
  const decls = jobDeclarations(n).filter(d => d.retryCycle === ref);
  const used = decls.some(d => d.retryCycleUsable);
  const c = parseRetryTimeCycle(ref.text, { profile: opts.profile });
  const parts: (string | undefined | false)[] = [hoverTexts.retryTitle(ref.qname)];
  if (ref === n.multiInstance?.retryCycle) parts.push(hoverTexts.miInnerScope);
  else if (n.multiInstance) parts.push(hoverTexts.miBodyScope);
  if (!used) parts.push(`**${hoverTexts.retryUnused}** ${hoverTexts.rule('retry-cycle-ignored')}`);
  else parts.push(hoverTexts.appliesTo(decls.filter(d => d.retryCycleUsable).map(jobLabel)));
  if (c.kind === 'none') parts.push(facts.emptyRetry);
  if (c.kind === 'expression') parts.push(hoverTexts.retryExpression);
  if (c.kind === 'malformed-expression') parts.push(hoverTexts.retryInvalid(c.message));
  if (c.kind === 'ignored-by-engine') parts.push(hoverTexts.retryInvalid(c.reason), facts.retryNotValidated, facts.retryDefault);
  if (c.kind === 'list') {
    const bad = c.intervals.filter(i => i.error);
    if (bad.length) parts.push(...bad.map(i => hoverTexts.retryInvalid(`'${i.text}': ${i.reason ?? i.error}`)), facts.retryNotValidated);
  }
  if (c.kind !== 'expression' && c.kind !== 'malformed-expression') {
    const effective = c.kind === 'list' ? c : { kind: 'none' as const };
    const s = retrySchedule(effective, opts.profile);
    const rows = s.rows.map(r => {
      let wait: string;
      if (r.outcome === 'incident') wait = hoverTexts.retryIncident;
      else if (r.strategy === 'standard') wait = hoverTexts.atOnce;
      else if (r.strategy === 'fallback') wait = hoverTexts.fallbackWait(r.error ?? '');
      else wait = r.interval?.ms === null || r.interval?.ms === undefined ? hoverTexts.dueAtOnce : `${formatDurationMs(r.interval.ms)} (\`${r.interval.text}\`)`;
      return hoverTexts.retryRow(r.execution, r.retriesAfter, wait);
    });
    parts.push(
      hoverTexts.retryExecutions(s.totalExecutions ?? 0, s.initialRetries ?? 0),
      [hoverTexts.retryTableHeader, ...rows].join('\n') + (s.truncated ? `\n\n${hoverTexts.truncated(s.totalExecutions ?? 0)}` : ''),
    );
  }
  parts.push(facts.incidentAtEnd, `${facts.profile(opts.profile)} ${facts.profileOther(opts.profile)}`, facts.oleNoRetry);
  return para(...parts);
}

function retryAttributeHover(a: AttrRef): string {
  return para(hoverTexts.retryAttribute(a.qname), facts.retryReadWhere, hoverTexts.rule('retry-cycle-ignored'));
}

function asyncHover(n: FlowNode, a: AttrRef, inner: boolean): string {
  const on = a.value === 'true';
  const local = a.local === 'async' ? 'asyncBefore' : a.local;
  const decls = jobDeclarations(n).filter(d => (inner ? d.scope === 'multi-instance-inner' : d.scope !== 'multi-instance-inner')
    && d.kind === (local === 'asyncAfter' ? 'async-after' : 'async-before'));
  return para(
    hoverTexts.asyncTitle(a.qname),
    a.local === 'async' && hoverTexts.legacyAsyncHover(a.qname),
    local === 'asyncAfter' ? facts.asyncAfter : facts.asyncBefore,
    inner ? hoverTexts.miInnerScope : n.multiInstance ? hoverTexts.miBodyScope : undefined,
    hoverTexts.asyncNow(local, on),
    a.value !== 'true' && a.value !== 'false' && facts.trueEquals,
    on && facts.asyncRollback,
    decls.length > 0 && hoverTexts.exclusiveNow(decls[0].exclusive),
    facts.exclusiveDefault,
  );
}

function exclusiveHover(n: FlowNode, a: AttrRef, timer: boolean, inner: boolean): string {
  const exclusive = a.value === 'true';
  return para(
    hoverTexts.exclusiveTitle(a.qname),
    timer ? hoverTexts.timerExclusive : inner ? hoverTexts.miInnerScope : n.multiInstance ? hoverTexts.miBodyScope : undefined,
    hoverTexts.exclusiveNow(exclusive),
    a.value !== 'true' && a.value !== 'false' && facts.trueEquals,
    facts.exclusiveDefault, facts.exclusiveGuarantee, facts.exclusiveLimits,
    !exclusive && para(facts.parallelJoinClash, hoverTexts.rule('exclusive-false-parallel-join')),
  );
}

function nodeHover(n: FlowNode, opts: HoverOptions): string {
  const decls = jobDeclarations(n);
  if (!decls.length) return para(hoverTexts.nodeTitle(n.type, n.id, n.name), hoverTexts.nodeNoJobs);
  const rows = decls.map(d => {
    const j = explainJob(d, opts.profile);
    const executions = j.retries.intervalsMs.length + 1;
    const retries = `${executions} executions, ${j.retries.strategy}` + (j.retries.strategy === 'custom' && j.retries.intervalsMs.length
      ? ` (${[...new Set(j.retries.intervalsMs)].map(formatDurationMs).join(', ')})` : '');
    return hoverTexts.nodeJobRow(`${d.kind}${d.scope !== 'activity' ? ` (${d.scope})` : ''}`, d.handlerType, d.exclusive, describePriority(resolvePriority(d)), retries);
  });
  return para(
    hoverTexts.nodeTitle(n.type, n.id, n.name),
    [hoverTexts.nodeJobsHeader, ...rows].join('\n'),
    `${facts.profile(opts.profile)}`, facts.acquireByPriority(opts.acquireByPriority),
  );
}

/** The hover at `offset`, if the offset is on something we explain. */
export function hoverInModel(model: BpmnModel, offset: number, opts: HoverOptions): HoverResult | undefined {
  const hit = (range: TextRange, markdown: string): HoverResult => ({ markdown, range });
  for (const p of model.processes) {
    if (p.jobPriority && within(p.jobPriority.range, offset)) return hit(p.jobPriority.range, processPriorityHover(p, p.jobPriority, opts));
    if (p.retryCycleAttribute && within(p.retryCycleAttribute.range, offset)) return hit(p.retryCycleAttribute.range, retryAttributeHover(p.retryCycleAttribute));
    if (within(p.element.nameRange, offset) || within(p.idRange, offset)) {
      if (p.jobPriority) return hit(p.idRange && within(p.idRange, offset) ? p.idRange : p.element.nameRange, processPriorityHover(p, p.jobPriority, opts));
    }
    for (const n of p.flowNodes) {
      if (!within(n.element.range, offset)) continue;
      const r = nodeHit(n, offset, opts);
      if (r) return r;
    }
  }
  return undefined;
}

function nodeHit(n: FlowNode, offset: number, opts: HoverOptions): HoverResult | undefined {
  const hit = (range: TextRange, markdown: string): HoverResult => ({ markdown, range });
  const attrHover = (a: AttrRef | undefined, inner: boolean): HoverResult | undefined => {
    if (!a || !within(a.range, offset)) return undefined;
    switch (a.local) {
      case 'jobPriority': return hit(a.range, inner ? para(hoverTexts.priorityTitle(a.qname), facts.miBodyNoPriority, hoverTexts.rule('job-priority-no-job')) : activityPriorityHover(n, a, opts));
      case 'asyncBefore': case 'asyncAfter': case 'async': return hit(a.range, asyncHover(n, a, inner));
      case 'exclusive': return hit(a.range, exclusiveHover(n, a, false, inner));
      case 'failedJobRetryTimeCycle': return hit(a.range, retryAttributeHover(a));
      default: return undefined;
    }
  };
  const attrsOf = (x: FlowNode['attrs']) => [x.jobPriority, x.asyncBefore, x.asyncAfter, x.async, x.exclusive, x.retryCycleAttribute];
  for (const a of attrsOf(n.attrs)) { const r = attrHover(a, false); if (r) return r; }
  const mi = n.multiInstance;
  if (mi) {
    for (const a of attrsOf(mi.attrs)) { const r = attrHover(a, true); if (r) return r; }
    if (mi.retryCycle && within(mi.retryCycle.range, offset)) return hit(mi.retryCycle.range, retryHover(n, mi.retryCycle, opts));
  }
  if (n.retryCycle && within(n.retryCycle.range, offset)) return hit(n.retryCycle.range, retryHover(n, n.retryCycle, opts));
  for (const d of n.eventDefinitions) {
    if (d.exclusive && within(d.exclusive.range, offset)) return hit(d.exclusive.range, exclusiveHover(n, d.exclusive, true, false));
    if (d.async && within(d.async.range, offset)) {
      return hit(d.async.range, para(hoverTexts.asyncTitle(d.async.qname), hoverTexts.signalAsync, facts.signalThrowPriority, facts.signalThrowStandard,
        d.async.value !== 'true' && d.async.value !== 'false' && facts.trueEquals));
    }
  }
  if (within(n.element.nameRange, offset)) return hit(n.element.nameRange, nodeHover(n, opts));
  if (n.idRange && within(n.idRange, offset)) return hit(n.idRange, nodeHover(n, opts));
  return undefined;
}
