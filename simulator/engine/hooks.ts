// The process engine behind the runtime's `ProcessEngineHooks` (simulator/hooks.ts): deployments at
// start (or at a `deploy` timeline entry), instance starts from the scenario `load`, and for each
// job: plan (behaviour, duration, error) when it starts, commit (optimistic checks, created jobs)
// when the runtime commits it.
//
// Seams the runtime does not offer (yet), and what this adapter does instead:
// * no way to delete other jobs at commit (boundary timers of a left activity, jobs of a cancelled
//   execution): such rows stay in ACT_RU_JOB; when one is executed the engine no longer knows it
//   and it completes as a no-op (0 ms).
// * no wake-up for engine-side timed events (user-task completions): they run at the next hook
//   call after their time (an instance start or a job commit).
// * the execution REV_ is checked by the engine itself; on a conflict the commit is turned into a
//   failed `UPDATE ACT_RU_EXECUTION` (a row id that the table does not hold) so that the runtime's
//   OptimisticLockingException path runs: rollback, unlock, no retry consumed.
import type { HookContext, NewJob, ProcessEngineHooks } from '../hooks';
import type { JobRow } from '../db/jobTable';
import type { Scenario } from '../scenario/types';
import { ProcessEngine } from './engine';
import type { EngineJob, EngineOptions, EngineTransaction } from './types';

export const JAVA_EXCEPTION: Record<string, string> = {
  ClassNotFoundException: 'java.lang.ClassNotFoundException',
  RuntimeException: 'java.lang.RuntimeException',
  BpmnError: 'org.camunda.bpm.engine.delegate.BpmnError',
  OptimisticLockingException: 'org.camunda.bpm.engine.OptimisticLockingException',
  ProcessEngineException: 'org.camunda.bpm.engine.ProcessEngineException',
};

/** ACT_RU_JOB row of an engine job. */
export function jobRow(j: EngineJob): NewJob {
  return {
    ID_: j.id, REV_: 1, TYPE_: j.type, EXCLUSIVE_: j.exclusive, EXECUTION_ID_: j.executionId,
    ROOT_PROC_INST_ID_: j.rootProcessInstanceId, PROCESS_INSTANCE_ID_: j.processInstanceId,
    PROCESS_DEF_ID_: j.processDefinitionId, PROCESS_DEF_KEY_: j.processDefinitionKey, RETRIES_: j.retries,
    DUEDATE_: j.dueDate, REPEAT_: j.repeat, HANDLER_TYPE_: j.handlerType, HANDLER_CFG_: j.handlerCfg,
    DEPLOYMENT_ID_: j.deploymentId, SUSPENSION_STATE_: j.suspensionState, JOB_DEF_ID_: j.jobDefinitionId,
    PRIORITY_: j.priority, CREATE_TIME_: j.createTime, ACT_ID_: j.activityId,
  };
}

export interface EngineHooks {
  hooks: ProcessEngineHooks;
  /** Created lazily in `init` (it needs the run's random streams). */
  engine(): ProcessEngine | undefined;
}

/**
 * Hooks that run the BPMN of `bpmn` (XML per deployment id) for `scenario`. Deployments named by a
 * `deploy` timeline entry are deployed then; all others at t = 0.
 */
export function createEngineHooks(scenario: Scenario, bpmn: Record<string, string>, extra: Partial<EngineOptions> = {}): EngineHooks {
  let engine: ProcessEngine | undefined;
  const pending = new Map<string, { tx: EngineTransaction; rev: number | null }>();
  const retryCycles = new Map<string, string | null>();
  const ours = new Set<string>();
  const later = new Set(scenario.timeline.filter(t => t.action === 'deploy' && t.deployment).map(t => t.deployment!));

  const rows = (txs: EngineTransaction[]): NewJob[] => {
    const out: NewJob[] = [];
    for (const tx of txs) for (const j of tx.createdJobs) { retryCycles.set(j.jobDefinitionId, j.retryCycle); ours.add(j.id); out.push(jobRow(j)); }
    return out;
  };
  const agenda = (ctx: HookContext): EngineTransaction[] => engine ? engine.runAgenda(ctx.now, { node: ctx.node || undefined }) : [];
  const deploy = (id: string, ctx: HookContext): EngineTransaction[] => {
    const text = bpmn[id];
    if (text === undefined || !engine) return [];
    return [engine.deploy(id, text, ctx.now).transaction];
  };
  const key = (job: Pick<JobRow, 'ID_'>, ctx: HookContext) => `${job.ID_}@${ctx.node}/${ctx.thread}`;

  const hooks: ProcessEngineHooks = {
    init(ctx) {
      engine = new ProcessEngine({
        profile: scenario.engine.profile,
        defaultRetries: scenario.engine.defaultRetries,
        failedJobRetryTimeCycle: scenario.engine.failedJobRetryTimeCycle,
        activities: scenario.activities,
        streams: name => ctx.random(name),
        ...extra,
      });
      const txs: EngineTransaction[] = [];
      for (const d of scenario.deployments) if (!later.has(d.id)) txs.push(...deploy(d.id, ctx));
      return { createJobs: rows(txs) };
    },
    deploy(id, ctx) {
      return { createJobs: rows(deploy(id, ctx)) };
    },
    startInstance(load, _i, ctx) {
      if (!engine) return;
      const txs = agenda(ctx);
      if (engine.latestDefinition(load.processDefinitionKey)) {
        txs.push(engine.startInstance(load.processDefinitionKey, { ...(load.variables ?? {}) }, { nowMs: ctx.now }));
      }
      return { createJobs: rows(txs) };
    },
    plan(job, ctx) {
      if (!engine) return undefined;
      if (!engine.job(job.ID_)) {
        // a literal row of the scenario: the default behaviour; a row the engine deleted: a no-op
        return ours.has(job.ID_) ? { durationMs: 0, error: null } : undefined;
      }
      const tx = engine.executeJob(job.ID_, { nowMs: ctx.now, node: ctx.node });
      if (tx.error) {
        engine.abort(tx);
        const spec = job.ACT_ID_ ? scenario.activities[job.ACT_ID_] : undefined;
        const msg = tx.error.type === 'RuntimeException' && spec?.error ? spec.error : `${JAVA_EXCEPTION[tx.error.type] ?? tx.error.type}: ${tx.error.message}`;
        return { durationMs: tx.durationMs, error: msg };
      }
      pending.set(key(job, ctx), { tx, rev: job.REV_ });
      return { durationMs: tx.durationMs > 0 ? tx.durationMs : scenario.engine.defaultJobDurationMs, error: null };
    },
    onJobExecuted(job, ctx) {
      const k = key(job, ctx);
      const p = pending.get(k);
      pending.delete(k);
      if (!p || !engine) return;
      // The runtime deletes the job row with the REV_ read at start; if that will fail (the lock
      // was taken over), the transaction rolls back: the engine must not apply it either.
      if (job.REV_ !== p.rev) return;
      const c = engine.commit(p.tx);
      if (!c.ok) return { touchExecution: { id: `${c.conflict.id}`, rev: -1 } };
      return { createJobs: rows([p.tx, ...agenda(ctx)]) };
    },
    retryConfiguration(job) {
      if (job.JOB_DEF_ID_ && retryCycles.has(job.JOB_DEF_ID_)) return retryCycles.get(job.JOB_DEF_ID_) ?? null;
      return null;
    },
  };
  return { hooks, engine: () => engine };
}
