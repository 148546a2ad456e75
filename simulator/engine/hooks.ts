// The process engine behind the runtime's `ProcessEngineHooks` (simulator/hooks.ts): deployments at
// start (or at a `deploy` timeline entry), instance starts from the scenario `load`, and for each
// job: plan (behaviour, duration, error) when it starts, commit (optimistic checks, created jobs)
// when the runtime commits it.
//
// How the engine uses the runtime's seams:
// * jobs a transaction deletes besides its own (boundary timers of a left activity, jobs of a
//   cancelled execution) go out as `deleteJobs` and are deleted in the same database transaction;
// * engine-side timed work (user-task / receive-task completions after their durationMs — ours) is
//   announced through `nextWakeUp` and run by `onWakeUp` at its time;
// * the execution REV_ is checked by the engine itself; a conflict at commit is reported as
//   `conflict` with the execution statement that hit 0 rows: rollback, unlock, no retry consumed;
// * `load` arrivals come from the engine's seeded schedule (`arrivalTimes`);
// * job definitions are inserted into ACT_RU_JOBDEF at deploy; timeline changes come back through
//   `jobDefinitionChanged` so jobs the engine creates later see them;
// * `checkpoint`/`restore` carry the engine's instances, tokens, variables, jobs and agenda, and
//   the planned transactions of running jobs.
import type { HookContext, NewJob, ProcessEngineHooks } from '../hooks';
import type { JobRow, JobDefinitionInput } from '../db/jobTable';
import type { Scenario } from '../scenario/types';
import { ProcessEngine } from './engine';
import type { EngineJob, EngineJobDefinition, EngineOptions, EngineTransaction, ExecutionUpdate } from './types';

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

/** ACT_RU_JOBDEF row of an engine job definition. */
export function jobDefinitionRow(d: EngineJobDefinition): JobDefinitionInput {
  return {
    ID_: d.id, REV_: 1, PROC_DEF_ID_: d.processDefinitionId, PROC_DEF_KEY_: d.processDefinitionKey, ACT_ID_: d.activityId,
    JOB_TYPE_: d.jobType, JOB_CONFIGURATION_: d.jobConfiguration, SUSPENSION_STATE_: d.suspensionState,
    JOB_PRIORITY_: d.overridingPriority, DEPLOYMENT_ID_: d.deploymentId,
  };
}

/** The statement of an execution row's optimistic check that hit 0 rows. */
export function conflictStatement(u: ExecutionUpdate): string {
  return `${u.op === 'delete' ? 'DELETE FROM ACT_RU_EXECUTION' : 'UPDATE ACT_RU_EXECUTION SET REV_ = REV_ + 1'} WHERE ID_ = '${u.id}' AND REV_ = ${u.rev} (0 rows)`;
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
  let pending = new Map<string, { tx: EngineTransaction; rev: number | null }>();
  let retryCycles = new Map<string, string | null>();
  let ours = new Set<string>();
  const later = new Set(scenario.timeline.filter(t => t.action === 'deploy' && t.deployment).map(t => t.deployment!));

  const rows = (txs: EngineTransaction[]): NewJob[] => {
    const out: NewJob[] = [];
    for (const tx of txs) for (const j of tx.createdJobs) { retryCycles.set(j.jobDefinitionId, j.retryCycle); ours.add(j.id); out.push(jobRow(j)); }
    return out;
  };
  const deletions = (txs: EngineTransaction[]): { deleteJobs: string[]; deleteReasons: Record<string, string> } => ({
    deleteJobs: txs.flatMap(tx => tx.deletedJobs),
    deleteReasons: Object.assign({}, ...txs.map(tx => tx.deletedJobReasons ?? {})) as Record<string, string>,
  });
  const agenda = (ctx: HookContext): EngineTransaction[] => engine ? engine.runAgenda(ctx.now, { node: ctx.node || undefined }) : [];
  const deploy = (id: string, ctx: HookContext): { txs: EngineTransaction[]; defs: JobDefinitionInput[] } => {
    const text = bpmn[id];
    if (text === undefined || !engine) return { txs: [], defs: [] };
    const d = engine.deploy(id, text, ctx.now);
    return { txs: [d.transaction], defs: d.jobDefinitions.map(jobDefinitionRow) };
  };
  const key = (job: Pick<JobRow, 'ID_'>, ctx: HookContext) => `${job.ID_}@${ctx.node}/${ctx.thread}`;

  const hooks: ProcessEngineHooks = {
    init(ctx) {
      engine = new ProcessEngine({
        profile: scenario.engine.profile,
        defaultRetries: scenario.engine.defaultRetries,
        failedJobRetryTimeCycle: scenario.engine.failedJobRetryTimeCycle,
        activities: scenario.activities,
        maxTransactionSteps: scenario.limits.maxTransactionSteps,
        streams: name => ctx.random(name),
        ...extra,
      });
      const txs: EngineTransaction[] = [];
      const defs: JobDefinitionInput[] = [];
      for (const d of scenario.deployments) if (!later.has(d.id)) { const r = deploy(d.id, ctx); txs.push(...r.txs); defs.push(...r.defs); }
      return { createJobs: rows(txs), jobDefinitions: defs, ...deletions(txs) };
    },
    deploy(id, ctx) {
      const r = deploy(id, ctx);
      return { createJobs: rows(r.txs), jobDefinitions: r.defs, ...deletions(r.txs) };
    },
    arrivalTimes(load) {
      const l = { processDefinitionKey: load.processDefinitionKey, instances: load.instances, startAtMs: load.startAtMs ?? 0 };
      if (!engine) return Array.from({ length: load.instances }, (_, i) => l.startAtMs + i * (load.intervalMs ?? 0));
      return load.arrivals === 'exponential'
        ? engine.arrivalTimes({ ...l, meanIntervalMs: load.intervalMs ?? 1000 })
        : engine.arrivalTimes({ ...l, intervalMs: load.intervalMs ?? 0 });
    },
    startInstance(load, _i, ctx) {
      if (!engine) return;
      const txs = agenda(ctx);
      let started: { processInstanceId: string; processDefinitionKey: string }[] | undefined;
      let error: string | undefined;
      if (engine.latestDefinition(load.processDefinitionKey)) {
        // on a node (a balancer picked it): the start's synchronous part needs that node's classes
        const on = ctx.node ? { node: ctx.node, hasDeploymentClasses: (d: string) => ctx.hasDeploymentClasses(d) } : {};
        const tx = engine.startInstance(load.processDefinitionKey, { ...(load.variables ?? {}) }, { nowMs: ctx.now, ...on });
        if (tx.error) error = `${JAVA_EXCEPTION[tx.error.type] ?? tx.error.type}: ${tx.error.message}`;
        else started = tx.startedInstances.map(id => ({ processInstanceId: id, processDefinitionKey: load.processDefinitionKey }));
        txs.push(tx);
      } else if (ctx.node) {
        error = `${JAVA_EXCEPTION.ProcessEngineException}: no processes deployed with key '${load.processDefinitionKey}'`;
      }
      return { createJobs: rows(txs), ...deletions(txs), ...(started ? { started } : {}), ...(error !== undefined ? { error } : {}) };
    },
    nextWakeUp() {
      return engine?.nextAgendaTime();
    },
    onWakeUp(ctx) {
      const txs = agenda(ctx);
      return { createJobs: rows(txs), ...deletions(txs) };
    },
    jobDefinitionChanged(id, change) {
      if (!engine) return;
      if (change.suspended !== undefined) engine.setJobDefinitionSuspended(id, change.suspended);
      if (change.overridingPriority !== undefined) engine.setOverridingJobPriority(id, change.overridingPriority);
    },
    checkpoint() {
      if (!engine) return undefined;
      const e = engine;
      return {
        engine: e.saveState(),
        pending: [...pending].map(([k, v]) => [k, { tx: e.cloneTransaction(v.tx), rev: v.rev }] as const),
        retryCycles: new Map(retryCycles), ours: new Set(ours),
      };
    },
    restore(state) {
      if (!engine || !state) return;
      const e = engine;
      const s = state as { engine: ReturnType<ProcessEngine['saveState']>; pending: (readonly [string, { tx: EngineTransaction; rev: number | null }])[]; retryCycles: Map<string, string | null>; ours: Set<string> };
      e.restoreState(s.engine);
      pending = new Map(s.pending.map(([k, v]) => [k, { tx: e.cloneTransaction(v.tx), rev: v.rev }]));
      retryCycles = new Map(s.retryCycles);
      ours = new Set(s.ours);
    },
    plan(job, ctx) {
      if (!engine) return undefined;
      if (!engine.job(job.ID_)) {
        // a literal row of the scenario: the default behaviour; a row the engine deleted: a no-op
        return ours.has(job.ID_) ? { durationMs: 0, error: null } : undefined;
      }
      const tx = engine.executeJob(job.ID_, { nowMs: ctx.now, node: ctx.node, hasDeploymentClasses: d => ctx.hasDeploymentClasses(d) });
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
      if (!c.ok) return { conflict: { statement: conflictStatement(c.conflict) } };
      const txs = [p.tx, ...agenda(ctx)];
      return { createJobs: rows(txs), ...deletions(txs) };
    },
    retryConfiguration(job) {
      if (job.JOB_DEF_ID_ && retryCycles.has(job.JOB_DEF_ID_)) return retryCycles.get(job.JOB_DEF_ID_) ?? null;
      return null;
    },
  };
  return { hooks, engine: () => engine };
}
