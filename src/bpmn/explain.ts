/**
 * `explain`: for every job-creating element, the jobs the engine creates with their handler type,
 * exclusivity, the priority precedence chain and the retry behaviour under the engine profile.
 * Shared by the `explain` CLI command, the "Explain Jobs of This Element" command and the hovers.
 */
import { chainNotes } from './catalogue';
import { jobDeclarations, type HandlerType, type JobDeclaration, type JobKind, type JobScope } from './jobs';
import type { BpmnModel } from './model';
import { resolvePriority, type PrioritySource } from './precedence';
import { DEFAULT_RETRIES, parseRetryTimeCycle, retrySchedule, type RetryCycle } from './retryCycle';
import type { EngineProfile } from './types';

export interface ExplainedChainLevel { level: PrioritySource; value?: number; expression?: string; note?: string }

export interface ExplainedRetries {
  /** `RETRIES_` when the job is created, under the profile. */
  created: number;
  /** The delay before each retry, in order (one per failure that is followed by another attempt). */
  intervalsMs: number[];
  strategy: 'custom' | 'standard';
  note?: string;
}

export interface ExplainedJob {
  kind: JobKind;
  handlerType: HandlerType;
  jobType: 'message' | 'timer';
  activityId: string;
  scope: JobScope;
  exclusive: boolean;
  priority: {
    value: number | null;
    source: PrioritySource;
    expression?: string;
    chain: ExplainedChainLevel[];
  };
  retries: ExplainedRetries;
}

export interface ExplainedElement {
  elementId: string;
  elementType: string;
  name?: string;
  jobs: ExplainedJob[];
}

/** The retry configuration the job actually uses (none when the strategy cannot apply). */
export function effectiveRetryCycle(decl: JobDeclaration, profile: EngineProfile): RetryCycle {
  if (!decl.retryCycle || !decl.retryCycleUsable) return { kind: 'none' };
  return parseRetryTimeCycle(decl.retryCycle.text, { profile });
}

/** RETRIES_ at creation and the delays between attempts, for a job that always fails. */
export function explainRetries(decl: JobDeclaration, profile: EngineProfile): ExplainedRetries {
  const cycle = effectiveRetryCycle(decl, profile);
  let note: string | undefined;
  if (decl.retryCycle && !decl.retryCycleUsable) note = decl.kind === 'async-signal-throw' ? chainNotes.retriesSignal : chainNotes.retriesIgnored;
  if (cycle.kind === 'expression' || cycle.kind === 'malformed-expression') {
    return { created: DEFAULT_RETRIES, intervalsMs: [], strategy: 'custom', note: chainNotes.retriesExpression };
  }
  const s = retrySchedule(cycle, profile, { maxRows: 1000 });
  const intervalsMs = s.rows.filter(r => r.outcome === 'retry').map(r => (r.strategy === 'custom' ? (r.interval?.ms ?? 0) : 0));
  const strategy = cycle.kind === 'list' ? 'custom' : 'standard';
  if (cycle.kind === 'ignored-by-engine' || s.rows.some(r => r.strategy === 'fallback')) note = chainNotes.retriesInvalid;
  else if (strategy === 'standard' && !note) note = chainNotes.retriesStandard;
  const out: ExplainedRetries = { created: s.initialRetries ?? DEFAULT_RETRIES, intervalsMs, strategy };
  if (note) out.note = note;
  return out;
}

export function explainJob(decl: JobDeclaration, profile: EngineProfile): ExplainedJob {
  const r = resolvePriority(decl);
  const priority: ExplainedJob['priority'] = {
    value: r.value, source: r.source,
    chain: r.chain.map(l => {
      const c: ExplainedChainLevel = { level: l.level };
      if (l.value !== undefined) c.value = l.value;
      if (l.expression !== undefined) c.expression = l.expression;
      if (l.note !== undefined) c.note = l.note;
      return c;
    }),
  };
  if (r.expression !== undefined) priority.expression = r.expression;
  return {
    kind: decl.kind, handlerType: decl.handlerType, jobType: decl.jobType, activityId: decl.activityId, scope: decl.scope,
    exclusive: decl.exclusive, priority, retries: explainRetries(decl, profile),
  };
}

/** Every job-creating element in document order, or only `elementId` (empty when it creates no job). */
export function explainModel(model: BpmnModel, opts: { profile: EngineProfile }, elementId?: string): ExplainedElement[] {
  const out: ExplainedElement[] = [];
  for (const p of model.processes) {
    for (const n of p.flowNodes) {
      if (elementId !== undefined && n.id !== elementId) continue;
      const decls = jobDeclarations(n);
      if (!decls.length) continue;
      const e: ExplainedElement = { elementId: n.id, elementType: n.type, jobs: decls.map(d => explainJob(d, opts.profile)) };
      if (n.name) e.name = n.name;
      out.push(e);
    }
  }
  return out;
}
