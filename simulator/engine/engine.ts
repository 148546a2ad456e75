// The simulated BPMN process engine: deployments, process instances and token flow. Jobs are
// created exactly where the Camunda 7 engine creates them (src/bpmn/jobs.ts `jobDeclarations`),
// with the engine's priority, initial retries, exclusivity, handler type and job definition.
//
// Transactions are optimistic, like the engine's: `executeJob` PLANS the job's transaction
// against the committed state (nothing changes yet) and records which execution rows it updates or
// deletes with the REV_ it read; `commit` later (after the behaviour's virtual duration) checks
// those revisions and fails with an OptimisticLockingException when another transaction changed a
// row meanwhile — the parallel-join clash of two non-exclusive branches (job-executor.md §6).
// Pure: no clock, no Math.random; randomness comes from the named streams passed in.
import { parseBpmn, type BpmnProcess, type FlowNode, type SequenceFlow } from '../../src/bpmn/model';
import { jobDeclarations, type JobDeclaration, type JobScope } from '../../src/bpmn/jobs';
import { attr, plainAttr } from '../../src/bpmn/xml';
import { CAMUNDA_NAMESPACES, BPMN_NS } from '../../src/bpmn/model';
import { evaluate } from './expr';
import { initialRetries, jobPriority, timerDueDate } from './semantics';
import { SimulationLimitError } from '../limits';
import type {
  CommitResult, EngineActivitySpec, EngineDuration, EngineError, EngineJob, EngineJobDefinition, EngineLoad,
  EngineMetrics, EngineOptions, EngineTransaction, ExecutionContext, ExecutionUpdate,
} from './types';

export const DEFAULT_EPOCH_MS = Date.UTC(2025, 0, 1);
/** Operations per transaction before a run stops (scenario `limits.maxTransactionSteps`). */
export const DEFAULT_MAX_TRANSACTION_STEPS = 100_000;
/** Token arrivals a transaction remembers, to name the loop when it runs away. */
const TRAIL = 256;

// ---- definitions ------------------------------------------------------------------------------

export interface ProcessDefinition {
  id: string;
  key: string;
  version: number;
  deploymentId: string;
  process: BpmnProcess;
  nodes: Map<string, FlowNode>;
  /** Boundary events by the id of the activity they are attached to. */
  boundary: Map<string, FlowNode[]>;
  decls: Map<string, JobDeclaration[]>;
  /** Job definitions by `jobDefinitionKey`. */
  jobDefs: Map<string, EngineJobDefinition>;
}

// ---- runtime entities (the execution tree, with REV_) --------------------------------------------

interface ScopeData {
  /** Parallel/inclusive join arrivals per gateway id: the waiting tokens. */
  joins: Record<string, string[]>;
  mi?: { total: number; done: number; next: number; sequential: boolean } | undefined;
}

interface InstanceEntity extends ScopeData {
  type: 'instance';
  id: string;
  rev: number;
  definitionId: string;
  variables: Record<string, unknown>;
  ended: boolean;
}

type Wait = 'none' | 'job' | 'external' | 'timer' | 'join' | 'scope';

interface TokenEntity extends ScopeData {
  type: 'token';
  id: string;
  rev: number;
  processInstanceId: string;
  /** The scope this token runs in: the instance id, a sub-process token or an MI body token. */
  scopeId: string;
  activityId: string | null;
  wait: Wait;
  /** Counts arrivals at activities: identifies one piece of work for side-effect duplicates. */
  step: number;
  miRole?: 'body' | 'inner' | undefined;
  miIndex?: number | undefined;
}

type Entity = InstanceEntity | TokenEntity;

interface JobMeta {
  job: EngineJob;
  definitionId: string;
  nodeId: string;
  declScope: JobScope;
  /** For boundary timers: the attached activity's token. */
  boundaryOf?: string | undefined;
  /** Remaining repetitions of a cycle timer. */
  remaining: number;
}

interface AgendaEntry {
  at: number;
  seq: number;
  action: { kind: 'start'; processDefinitionKey: string; variables: Record<string, unknown> } | { kind: 'complete'; tokenId: string; step: number };
}

const clone = <T>(e: T): T => JSON.parse(JSON.stringify(e)) as T;

interface EngineStateData {
  definitionIds: string[];
  latest: Map<string, string>;
  jd: Record<string, { overridingPriority: number | null; suspensionState: 1 | 2 }>;
  entities: Map<string, Entity>;
  byScope: Map<string, Set<string>>;
  jobs: Map<string, JobMeta>;
  jobsByExecution: Map<string, Set<string>>;
  agenda: AgendaEntry[];
  agendaSeq: number;
  counters: { job: number; jobDef: number; instance: number; token: number };
  sideEffectCounts: Map<string, number>;
  metrics: EngineMetrics;
}

/** Opaque engine state from `saveState` (structured-cloneable data). */
export type EngineState = { readonly __engineState: true };

const DELEGATE_TASKS = new Set(['serviceTask', 'sendTask', 'businessRuleTask']);
const WORK_TASKS = new Set(['serviceTask', 'sendTask', 'businessRuleTask', 'scriptTask', 'task', 'manualTask', 'callActivity']);
const EXTERNAL_WAITS = new Set(['userTask', 'receiveTask']);

// ---- the engine -----------------------------------------------------------------------------------

export class ProcessEngine {
  readonly definitions = new Map<string, ProcessDefinition>();
  /** Latest definition id per key. */
  private latest = new Map<string, string>();
  private entities = new Map<string, Entity>();
  private byScope = new Map<string, Set<string>>();
  private jobs = new Map<string, JobMeta>();
  private jobsByExecution = new Map<string, Set<string>>();
  private agenda: AgendaEntry[] = [];
  private agendaSeq = 0;
  private counters = { job: 0, jobDef: 0, instance: 0, token: 0 };
  private sideEffectCounts = new Map<string, number>();
  readonly metrics: EngineMetrics = {
    instancesStarted: 0, instancesCompleted: 0, jobsCreated: 0, jobsCreatedByHandler: {},
    sideEffects: 0, duplicateSideEffects: 0, optimisticLockingFailures: 0, failedTransactions: 0,
  };
  readonly epochMs: number;

  constructor(readonly options: EngineOptions) {
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
  }

  // ---- deployment --------------------------------------------------------------------------------

  /**
   * Deploys a BPMN text as deployment `deploymentId`: one process definition per executable
   * process (version = previous version of the key + 1), one job definition per job declaration,
   * and the timer-start jobs (those of a previous version of the key are deleted).
   */
  deploy(deploymentId: string, bpmnText: string, nowMs = 0): { definitions: ProcessDefinition[]; jobDefinitions: EngineJobDefinition[]; transaction: EngineTransaction } {
    const model = parseBpmn(bpmnText);
    if (!model.isBpmn) throw new Error(`deployment ${deploymentId}: not a BPMN 2.0 definitions document`);
    const tx = new Tx(this, { nowMs }, undefined);
    const defs: ProcessDefinition[] = [];
    const jobDefinitions: EngineJobDefinition[] = [];
    tx.run(() => { for (const process of model.processes) {
      if (!process.isExecutable || !process.id) continue;
      const prevId = this.latest.get(process.id);
      const version = prevId ? this.definitions.get(prevId)!.version + 1 : 1;
      const def: ProcessDefinition = {
        id: `${process.id}:${version}:${deploymentId}`, key: process.id, version, deploymentId, process,
        nodes: new Map(process.flowNodes.map(n => [n.id, n])), boundary: new Map(), decls: new Map(), jobDefs: new Map(),
      };
      for (const n of process.flowNodes) {
        if (n.type === 'boundaryEvent' && n.attachedToRef) {
          const list = def.boundary.get(n.attachedToRef) ?? [];
          list.push(n);
          def.boundary.set(n.attachedToRef, list);
        }
        const decls = jobDeclarations(n);
        def.decls.set(n.id, decls);
        for (const d of decls) {
          if (def.jobDefs.has(d.jobDefinitionKey)) continue;
          const jd: EngineJobDefinition = {
            id: `jd${++this.counters.jobDef}`, processDefinitionId: def.id, processDefinitionKey: def.key, activityId: d.activityId,
            jobType: d.handlerType, jobConfiguration: jobConfiguration(d), deploymentId, suspensionState: 1, overridingPriority: null,
            key: d.jobDefinitionKey,
          };
          def.jobDefs.set(d.jobDefinitionKey, jd);
          jobDefinitions.push(jd);
        }
      }
      this.definitions.set(def.id, def);
      this.latest.set(def.key, def.id);
      defs.push(def);
      if (prevId) {
        for (const [id, m] of this.jobs) if (m.definitionId === prevId && m.job.handlerType === 'timer-start-event') tx.deleteJob(id, `timer start event of ${prevId}: replaced by version ${version}`);
      }
      for (const n of process.flowNodes) {
        if (n.type !== 'startEvent' || n.parent) continue;
        for (const d of def.decls.get(n.id) ?? []) if (d.handlerType === 'timer-start-event') tx.createTimerJob(def, d, null, {});
      }
    } });
    if (!defs.length) throw new Error(`deployment ${deploymentId}: no executable process (isExecutable="true")`);
    const res = this.commit(tx.result());
    if (!res.ok) throw new Error(`deployment ${deploymentId}: ${res.error.message}`);
    return { definitions: defs, jobDefinitions, transaction: tx.result() };
  }

  /** All job definitions (ACT_RU_JOBDEF rows), in creation order. */
  jobDefinitions(): EngineJobDefinition[] {
    return [...this.definitions.values()].flatMap(d => [...d.jobDefs.values()]);
  }

  jobDefinition(id: string): EngineJobDefinition | undefined {
    for (const d of this.definitions.values()) for (const jd of d.jobDefs.values()) if (jd.id === id) return jd;
    return undefined;
  }

  /** `setOverridingJobPriorityForJobDefinition` (jobs created later use it; cascading is the runtime's UPDATE). */
  setOverridingJobPriority(jobDefinitionId: string, priority: number | null): boolean {
    const jd = this.jobDefinition(jobDefinitionId);
    if (!jd) return false;
    jd.overridingPriority = priority;
    return true;
  }

  setJobDefinitionSuspended(jobDefinitionId: string, suspended: boolean): boolean {
    const jd = this.jobDefinition(jobDefinitionId);
    if (!jd) return false;
    jd.suspensionState = suspended ? 2 : 1;
    return true;
  }

  latestDefinition(key: string): ProcessDefinition | undefined {
    const id = this.latest.get(key);
    return id ? this.definitions.get(id) : undefined;
  }

  // ---- load: instance arrivals and external completions -------------------------------------------

  /** Puts the scenario's load on the agenda: fixed spacing, or seeded exponential inter-arrival times. */
  scheduleLoad(loads: readonly EngineLoad[]): void {
    for (const l of loads) {
      for (const t of this.arrivalTimes(l)) {
        this.pushAgenda(t, { kind: 'start', processDefinitionKey: l.processDefinitionKey, variables: { ...(l.variables ?? {}) } });
      }
    }
  }

  /**
   * The arrival times of one load entry: `startAtMs`, then every `intervalMs`, or — without
   * intervalMs — seeded exponential inter-arrival times (mean `meanIntervalMs`, default 1000 ms,
   * at least 1 ms) from the 'arrivals' stream. The runtime schedules its instance starts at these.
   */
  arrivalTimes(l: EngineLoad): number[] {
    const out: number[] = [];
    let t = l.startAtMs ?? 0;
    for (let i = 0; i < l.instances; i++) {
      if (i > 0) t += l.intervalMs !== undefined ? l.intervalMs : Math.max(1, Math.round(this.options.streams('arrivals').exponential(l.meanIntervalMs ?? 1000)));
      out.push(t);
    }
    return out;
  }

  private pushAgenda(at: number, action: AgendaEntry['action']): void {
    const e: AgendaEntry = { at, seq: this.agendaSeq++, action };
    let i = this.agenda.length;
    while (i > 0 && (this.agenda[i - 1].at > at)) i--;
    this.agenda.splice(i, 0, e);
  }

  /** Virtual time of the next instance start or user-task completion, if any. */
  nextAgendaTime(): number | undefined { return this.agenda[0]?.at; }

  /** Runs (and commits) every agenda entry due at or before `nowMs`; returns their transactions. */
  runAgenda(nowMs: number, ctx: Omit<ExecutionContext, 'nowMs'> = {}): EngineTransaction[] {
    const out: EngineTransaction[] = [];
    while (this.agenda.length && this.agenda[0].at <= nowMs) {
      const e = this.agenda.shift()!;
      const a = e.action;
      const c = { ...ctx, nowMs };
      const tx = a.kind === 'start' ? this.startInstance(a.processDefinitionKey, a.variables, c) : this.completeExternal(a.tokenId, a.step, c);
      if (tx) out.push(tx);
    }
    return out;
  }

  /** `RuntimeService.startProcessInstanceByKey` (committed at once). Runs until the first wait state. */
  startInstance(key: string, variables: Record<string, unknown>, ctx: ExecutionContext): EngineTransaction {
    const def = this.latestDefinition(key);
    if (!def) throw new Error(`no process definition with key '${key}'`);
    const tx = new Tx(this, ctx, undefined);
    const start = findNoneStart(def, undefined);
    if (!start) throw new Error(`process '${key}' has no none start event`);
    tx.run(() => tx.startInstanceAt(def, start, variables));
    return this.finishApi(tx);
  }

  /** Completes a user task / receive task (ours: after its durationMs) — committed at once. */
  private completeExternal(tokenId: string, step: number, ctx: ExecutionContext): EngineTransaction | undefined {
    const tok = this.entities.get(tokenId);
    if (!tok || tok.type !== 'token' || tok.step !== step || tok.wait !== 'external') return undefined;
    const tx = new Tx(this, ctx, undefined);
    tx.run(() => {
      const t = tx.mutToken(tokenId);
      const def = tx.definitionOf(t);
      const node = def.nodes.get(t.activityId!)!;
      t.wait = 'none';
      tx.note(`${t.processInstanceId}: ${node.id} completed (external, after its durationMs)`);
      tx.complete(t, def, node);
    });
    return this.finishApi(tx);
  }

  private finishApi(tx: Tx): EngineTransaction {
    const r = tx.result();
    if (r.error) { this.abort(r); return r; }
    const c = this.commit(r);
    if (!c.ok) r.error = c.error;
    return r;
  }

  // ---- jobs ---------------------------------------------------------------------------------------

  /** The engine's view of a job it created (undefined once executed or deleted). */
  job(jobId: string): EngineJob | undefined { return this.jobs.get(jobId)?.job; }

  /** Number of live jobs the engine knows. */
  get jobCount(): number { return this.jobs.size; }

  /**
   * Plans the transaction of job `jobId` as run by a node at `ctx.nowMs`: the activity behaviour,
   * then the token moves on to its next wait state. Nothing is changed until `commit`.
   */
  executeJob(jobId: string, ctx: ExecutionContext): EngineTransaction {
    const meta = this.jobs.get(jobId);
    const tx = new Tx(this, ctx, jobId);
    if (!meta) {
      tx.fail({ type: 'OptimisticLockingException', message: `Job ${jobId} was deleted by another transaction` });
      return tx.result();
    }
    tx.run(() => tx.executeJobBehaviour(meta));
    return tx.result();
  }

  /** Commits a planned transaction: optimistic checks first, then the changes. */
  commit(r: EngineTransaction): CommitResult {
    const tx = (r as TxResult)[TX];
    if (tx.committed) throw new Error('transaction committed twice');
    tx.committed = true;
    for (const u of r.executionUpdates) {
      const cur = this.entities.get(u.id);
      if (!cur || cur.rev !== u.rev) {
        const error: EngineError = {
          type: 'OptimisticLockingException',
          message: `${cur?.type === 'instance' || (!cur && u.id.startsWith('pi')) ? 'ProcessInstance' : 'Execution'}[${u.id}] was updated by another transaction concurrently (${u.op.toUpperCase()} ACT_RU_EXECUTION WHERE ID_ = '${u.id}' AND REV_ = ${u.rev}: 0 rows)`,
        };
        this.metrics.optimisticLockingFailures++;
        this.countSideEffects(r);
        return { ok: false, error, conflict: u };
      }
    }
    // apply entity changes
    for (const [id, e] of tx.draft) {
      const prev = this.entities.get(id);
      if (e === null) {
        if (prev?.type === 'token') this.byScope.get(prev.scopeId)?.delete(id);
        this.entities.delete(id);
        continue;
      }
      const next = { ...e, rev: prev ? prev.rev + 1 : 1 } as Entity;
      this.entities.set(id, next);
      if (next.type === 'token') {
        if (prev?.type === 'token' && prev.scopeId !== next.scopeId) this.byScope.get(prev.scopeId)?.delete(id);
        let s = this.byScope.get(next.scopeId);
        if (!s) this.byScope.set(next.scopeId, s = new Set());
        s.add(id);
      }
    }
    if (r.jobId) this.removeJob(r.jobId);
    for (const id of r.deletedJobs) this.removeJob(id);
    for (const j of r.createdJobs) {
      const m = tx.jobMeta.get(j.id)!;
      this.jobs.set(j.id, m);
      if (j.executionId) {
        let s = this.jobsByExecution.get(j.executionId);
        if (!s) this.jobsByExecution.set(j.executionId, s = new Set());
        s.add(j.id);
      }
      this.metrics.jobsCreated++;
      this.metrics.jobsCreatedByHandler[j.handlerType] = (this.metrics.jobsCreatedByHandler[j.handlerType] ?? 0) + 1;
    }
    for (const a of tx.agendaAdds) this.pushAgenda(a.at, a.action);
    this.metrics.instancesStarted += r.startedInstances.length;
    this.metrics.instancesCompleted += r.endedInstances.length;
    this.countSideEffects(r);
    return { ok: true };
  }

  /** Records a transaction that threw (rolled back): its side effects still happened. */
  abort(r: EngineTransaction): void {
    const tx = (r as TxResult)[TX];
    if (tx.committed) return;
    tx.committed = true;
    this.metrics.failedTransactions++;
    this.countSideEffects(r);
  }

  private countSideEffects(r: EngineTransaction): void {
    for (const s of r.sideEffects) {
      const n = (this.sideEffectCounts.get(s.key) ?? 0) + 1;
      this.sideEffectCounts.set(s.key, n);
      this.metrics.sideEffects++;
      if (n > 1) this.metrics.duplicateSideEffects++;
    }
  }

  private removeJob(id: string): void {
    const m = this.jobs.get(id);
    if (!m) return;
    this.jobs.delete(id);
    if (m.job.executionId) this.jobsByExecution.get(m.job.executionId)?.delete(id);
  }

  // ---- inspection -----------------------------------------------------------------------------------

  /** Live tokens of an instance: activity and wait state, for tests and the UI. */
  tokens(processInstanceId: string): { id: string; activityId: string | null; wait: string; scopeId: string }[] {
    const out: { id: string; activityId: string | null; wait: string; scopeId: string }[] = [];
    for (const e of this.entities.values()) {
      if (e.type === 'token' && e.processInstanceId === processInstanceId) out.push({ id: e.id, activityId: e.activityId, wait: e.wait, scopeId: e.scopeId });
    }
    return out;
  }

  instance(id: string): { id: string; ended: boolean; definitionId: string; variables: Record<string, unknown>; rev: number } | undefined {
    const e = this.entities.get(id);
    return e?.type === 'instance' ? { id: e.id, ended: e.ended, definitionId: e.definitionId, variables: e.variables, rev: e.rev } : undefined;
  }

  instanceIds(): string[] {
    return [...this.entities.values()].filter(e => e.type === 'instance').map(e => e.id);
  }

  // ---- checkpoints ----------------------------------------------------------------------------------

  /**
   * A copy of the runtime state (instances, tokens, variables, jobs, agenda, counters, metrics, job
   * definition settings). Definitions stay shared (immutable after deploy); `restoreState` drops the
   * ones deployed after the copy was taken.
   */
  saveState(): EngineState {
    const jd: Record<string, { overridingPriority: number | null; suspensionState: 1 | 2 }> = {};
    for (const d of this.definitions.values()) for (const j of d.jobDefs.values()) jd[j.id] = { overridingPriority: j.overridingPriority, suspensionState: j.suspensionState };
    return structuredClone({
      definitionIds: [...this.definitions.keys()], latest: this.latest, jd,
      entities: this.entities, byScope: this.byScope, jobs: this.jobs, jobsByExecution: this.jobsByExecution,
      agenda: this.agenda, agendaSeq: this.agendaSeq, counters: this.counters, sideEffectCounts: this.sideEffectCounts, metrics: this.metrics,
    }) as unknown as EngineState;
  }

  restoreState(saved: EngineState): void {
    const s = structuredClone(saved) as unknown as EngineStateData;
    const keep = new Set(s.definitionIds);
    for (const id of [...this.definitions.keys()]) if (!keep.has(id)) this.definitions.delete(id);
    for (const d of this.definitions.values()) for (const j of d.jobDefs.values()) {
      const x = s.jd[j.id];
      if (x) { j.overridingPriority = x.overridingPriority; j.suspensionState = x.suspensionState; }
    }
    this.latest = s.latest;
    this.entities = s.entities; this.byScope = s.byScope; this.jobs = s.jobs; this.jobsByExecution = s.jobsByExecution;
    this.agenda = s.agenda; this.agendaSeq = s.agendaSeq; this.counters = s.counters; this.sideEffectCounts = s.sideEffectCounts;
    Object.assign(this.metrics, s.metrics);
  }

  /** An independent copy of a planned, not yet committed transaction (for checkpoints). */
  cloneTransaction(r: EngineTransaction): EngineTransaction {
    return (r as TxResult)[TX].clone().result();
  }

  // ---- internals used by Tx ---------------------------------------------------------------------------

  /** @internal */ entity(id: string): Entity | undefined { return this.entities.get(id); }
  /** @internal */ scopeMembers(scopeId: string): string[] { return [...(this.byScope.get(scopeId) ?? [])]; }
  /** @internal */ jobsOfExecution(id: string): string[] { return [...(this.jobsByExecution.get(id) ?? [])]; }
  /** @internal */ jobMeta(id: string): JobMeta | undefined { return this.jobs.get(id); }
  /** @internal */ nextId(kind: 'job' | 'instance' | 'token'): string {
    const n = ++this.counters[kind];
    return kind === 'job' ? `j${n}` : kind === 'instance' ? `pi${n}` : `e${n}`;
  }
}

// ---- helpers ------------------------------------------------------------------------------------------

function jobConfiguration(d: JobDeclaration): string {
  if (d.handlerType === 'async-continuation') return d.kind === 'async-before' ? 'async-before' : 'async-after';
  return d.activityId;
}

function findNoneStart(def: ProcessDefinition, scope: FlowNode | undefined): FlowNode | undefined {
  const starts = def.process.flowNodes.filter(n => n.type === 'startEvent' && n.parent === scope);
  return starts.find(n => n.eventDefinitions.length === 0) ?? (scope ? starts[0] : undefined);
}

function camundaAttr(node: FlowNode, local: string): string | undefined {
  return attr(node.element, CAMUNDA_NAMESPACES, local)?.value;
}

function sample(d: EngineDuration | undefined, fallback: number, streams: EngineOptions['streams']): number {
  if (d === undefined) return fallback;
  if (typeof d === 'number') return Math.max(0, Math.round(d));
  switch (d.distribution) {
    case 'fixed': return Math.max(0, Math.round(d.ms));
    case 'uniform': return Math.max(0, Math.round(streams('durations').uniform(d.min, d.max)));
    case 'exponential': return Math.max(0, Math.round(streams('durations').exponential(d.mean)));
  }
}

const TX = Symbol('tx');
type TxResult = EngineTransaction & { [TX]: Tx };

class TxAbort extends Error {}

/** One transaction: a draft over the committed state plus what it creates and deletes. */
class Tx {
  readonly draft = new Map<string, Entity | null>();
  private reads = new Map<string, ExecutionUpdate>();
  readonly jobMeta = new Map<string, JobMeta>();
  private created: EngineJob[] = [];
  /** Jobs this transaction deletes, with the reason. */
  private deleted = new Map<string, string>();
  readonly agendaAdds: { at: number; action: AgendaEntry['action'] }[] = [];
  private res: TxResult;
  committed = false;
  private queue: (() => void)[] = [];
  /** The last TRAIL activities tokens arrived at (a ring) and the process of the last one. */
  private trail: string[] = [];
  private arrivals = 0;
  private lastProcess = '';

  constructor(readonly engine: ProcessEngine, readonly ctx: ExecutionContext, jobId: string | undefined) {
    this.res = Object.assign({
      durationMs: 0, createdJobs: [], deletedJobs: [], executionUpdates: [], sideEffects: [], summary: [],
      startedInstances: [], endedInstances: [],
    } as EngineTransaction, jobId !== undefined ? { jobId } : {}, { [TX]: this }) as TxResult;
  }

  get now(): number { return this.ctx.nowMs; }
  private get opts(): EngineOptions { return this.engine.options; }

  /** A deep copy (same engine and context) of this transaction as planned so far. */
  clone(): Tx {
    const c = new Tx(this.engine, this.ctx, this.res.jobId);
    const { [TX]: _self, ...res } = this.res;
    void _self;
    const d = structuredClone({ draft: this.draft, reads: this.reads, jobMeta: this.jobMeta, created: this.created, deleted: this.deleted, agendaAdds: this.agendaAdds, res });
    for (const [k, v] of d.draft) c.draft.set(k, v);
    for (const [k, v] of d.jobMeta) c.jobMeta.set(k, v);
    c.agendaAdds.push(...d.agendaAdds);
    c.reads = d.reads; c.created = d.created; c.deleted = d.deleted;
    c.res = Object.assign(d.res, { [TX]: c }) as TxResult;
    c.committed = this.committed;
    return c;
  }

  result(): EngineTransaction {
    const r = this.res;
    r.createdJobs = r.error ? [] : this.created;
    r.deletedJobs = r.error ? [] : [...this.deleted.keys()].filter(id => id !== r.jobId);
    r.deletedJobReasons = Object.fromEntries(r.deletedJobs.map(id => [id, this.deleted.get(id)!]));
    r.executionUpdates = r.error ? [] : [...this.reads.values()];
    return r;
  }

  fail(e: EngineError): void {
    this.res.error = e;
  }

  note(s: string): void { this.res.summary.push(s); }

  /**
   * Runs `first` and then every queued step, catching the behaviour's exceptions. More than
   * `maxTransactionSteps` steps stop the run with a SimulationLimitError naming the loop.
   */
  run(first: () => void): void {
    const max = this.opts.maxTransactionSteps ?? DEFAULT_MAX_TRANSACTION_STEPS;
    let steps = 0;
    this.queue.push(first);
    try {
      while (this.queue.length) {
        if (++steps > max) throw this.runaway(max);
        this.queue.shift()!();
      }
    } catch (e) {
      if (!(e instanceof TxAbort)) throw e;
    }
  }

  /** The error of a transaction that did not reach a wait state within `max` steps. */
  private runaway(max: number): SimulationLimitError {
    const n = Math.min(this.arrivals, TRAIL);
    const recent = Array.from({ length: n }, (_, i) => this.trail[(this.arrivals - n + i) % TRAIL]);
    const last = recent[n - 1];
    const from = n >= 2 ? recent.lastIndexOf(last, n - 2) : -1;
    const loop = from >= 0 ? recent.slice(from) : [...new Set(recent)];
    const what = this.res.jobId !== undefined ? `job ${this.res.jobId}` : 'an API call (instance start or task completion)';
    return new SimulationLimitError(
      `simulation stopped: the transaction of ${what} in process '${this.lastProcess}' ran more than limits.maxTransactionSteps = ${max} steps ` +
      `at t = ${this.now} ms: the sequence flows ${loop.join(' → ')} loop without a wait state (a real engine ends with a StackOverflowError). ` +
      'Make one of these elements asynchronous (camunda:asyncBefore="true") or give the loop an exit.');
  }

  private throwError(e: EngineError): never {
    this.res.error = e;
    this.note(`rolled back: ${e.type}: ${e.message}`);
    throw new TxAbort(e.message);
  }

  // ---- entity access with optimistic bookkeeping ----

  get(id: string): Entity | undefined {
    if (this.draft.has(id)) return this.draft.get(id) ?? undefined;
    return this.engine.entity(id);
  }

  private mut<T extends Entity>(id: string): T {
    const d = this.draft.get(id);
    if (d === null) throw new Error(`entity ${id} already deleted in this transaction`);
    if (d) return d as T;
    const cur = this.engine.entity(id);
    if (!cur) throw new Error(`no entity ${id}`);
    const copy = clone(cur);
    this.draft.set(id, copy);
    if (!this.reads.has(id)) this.reads.set(id, { id, rev: cur.rev, op: 'update' });
    return copy as T;
  }

  mutToken(id: string): TokenEntity { return this.mut<TokenEntity>(id); }

  private insert(e: Entity): void { this.draft.set(e.id, e); }

  private remove(id: string): void {
    const cur = this.engine.entity(id);
    if (cur) this.reads.set(id, { id, rev: cur.rev, op: 'delete' });
    this.draft.set(id, null);
    for (const j of this.engine.jobsOfExecution(id)) this.deleteJob(j, `its execution ${id} ended or was cancelled`);
    for (const [jid, m] of this.jobMeta) if (m.job.executionId === id) this.dropCreated(jid);
  }

  /** Tokens of a scope, as this transaction sees them. */
  members(scopeId: string): TokenEntity[] {
    const ids = new Set(this.engine.scopeMembers(scopeId));
    for (const [id, e] of this.draft) if (e?.type === 'token' && e.scopeId === scopeId) ids.add(id);
    const out: TokenEntity[] = [];
    for (const id of [...ids].sort(byIdNumber)) {
      const e = this.get(id);
      if (e?.type === 'token' && e.scopeId === scopeId) out.push(e);
    }
    return out;
  }

  /** Writes the scope's row (instance or scope token): the REV_ the join clash is about. */
  private mutScope(scopeId: string): ScopeData & Entity { return this.mut<Entity>(scopeId); }

  private instanceOf(t: TokenEntity): InstanceEntity {
    const pi = this.get(t.processInstanceId);
    if (!pi || pi.type !== 'instance') throw new Error(`no instance ${t.processInstanceId}`);
    return pi;
  }

  definitionOf(t: TokenEntity): ProcessDefinition {
    return this.engine.definitions.get(this.instanceOf(t).definitionId)!;
  }

  // ---- jobs ----

  deleteJob(id: string, reason: string): void {
    if (this.jobMeta.has(id)) { this.dropCreated(id); return; }
    if (this.engine.jobMeta(id) && !this.deleted.has(id)) this.deleted.set(id, reason);
  }

  private dropCreated(id: string): void {
    this.jobMeta.delete(id);
    this.created = this.created.filter(j => j.id !== id);
  }

  private newJob(def: ProcessDefinition, d: JobDeclaration, tok: TokenEntity | null, vars: Record<string, unknown>, extra: { dueDate: number | null; repeat: string | null; remaining: number; boundaryOf?: string }): EngineJob {
    const jd = def.jobDefs.get(d.jobDefinitionKey)!;
    const pr = jobPriority(d, jd.overridingPriority, vars, this.opts.producePrioritizedJobs ?? true);
    if (pr.error) this.throwError({ type: 'ProcessEngineException', message: `Job ${d.activityId}/${d.handlerType} instantiated in context of ${tok ? `Execution[${tok.id}]` : 'null'}: ${pr.error}` });
    const cycleText = d.retryCycle ? (d.retryCycle.text !== '' ? d.retryCycle.text : this.opts.failedJobRetryTimeCycle ?? null) : null;
    const retryCycle = d.retryCycleUsable ? cycleText : null;
    const job: EngineJob = {
      id: this.engine.nextId('job'),
      type: d.jobType, handlerType: d.handlerType, handlerCfg: jobConfiguration(d), kind: d.kind, exclusive: d.exclusive,
      executionId: tok?.id ?? null, processInstanceId: tok?.processInstanceId ?? null, rootProcessInstanceId: tok?.processInstanceId ?? null,
      processDefinitionId: def.id, processDefinitionKey: def.key, deploymentId: def.deploymentId, jobDefinitionId: jd.id,
      activityId: d.activityId, priority: pr.priority,
      retries: initialRetries(this.opts.profile, retryCycle, vars, this.opts.defaultRetries ?? 3),
      dueDate: extra.dueDate, repeat: extra.repeat, createTime: this.now, suspensionState: jd.suspensionState, retryCycle,
    };
    this.created.push(job);
    this.jobMeta.set(job.id, { job, definitionId: def.id, nodeId: d.node.id, declScope: d.scope, boundaryOf: extra.boundaryOf, remaining: extra.remaining });
    this.note(`${tok?.processInstanceId ?? def.key}: job ${job.id} created (${d.kind} ${d.activityId}, ${d.handlerType}${d.exclusive ? ', exclusive' : ''}, priority ${job.priority}, retries ${job.retries}${job.dueDate !== null ? `, due ${job.dueDate}` : ''})`);
    return job;
  }

  private asyncJob(def: ProcessDefinition, tok: TokenEntity, node: FlowNode, scope: JobScope, kind: 'async-before' | 'async-after'): boolean {
    const d = (def.decls.get(node.id) ?? []).find(x => x.scope === scope && x.kind === kind);
    if (!d) return false;
    tok.wait = 'job';
    this.newJob(def, d, tok, this.instanceOf(tok).variables, { dueDate: null, repeat: null, remaining: 0 });
    return true;
  }

  createTimerJob(def: ProcessDefinition, d: JobDeclaration, tok: TokenEntity | null, vars: Record<string, unknown>, boundaryOf?: string, remainingOverride?: number): EngineJob | undefined {
    if (!d.timer) { this.note(`${d.activityId}: timer without a definition: no job`); return undefined; }
    const due = timerDueDate(d.timer.kind, d.timer.text, this.now, this.engine.epochMs, vars);
    if (!due.ok) {
      if (tok) this.throwError({ type: 'ProcessEngineException', message: `${d.activityId}: ${due.error}` });
      this.note(`${d.activityId}: ${due.error}: no timer job`);
      return undefined;
    }
    return this.newJob(def, d, tok, vars, {
      dueDate: due.dueDate, repeat: due.repeat, remaining: remainingOverride ?? due.remaining, ...(boundaryOf ? { boundaryOf } : {}),
    });
  }

  // ---- token flow ----

  private newToken(pi: string, scopeId: string, activityId: string | null): TokenEntity {
    const t: TokenEntity = { type: 'token', id: this.engine.nextId('token'), rev: 0, processInstanceId: pi, scopeId, activityId, wait: 'none', step: 0, joins: {} };
    this.insert(t);
    return t;
  }

  startInstanceAt(def: ProcessDefinition, start: FlowNode, variables: Record<string, unknown>): void {
    const pi: InstanceEntity = { type: 'instance', id: this.engine.nextId('instance'), rev: 0, definitionId: def.id, variables: { ...variables }, ended: false, joins: {} };
    this.insert(pi);
    this.res.startedInstances.push(pi.id);
    this.note(`${pi.id}: started (${def.id})`);
    const tok = this.newToken(pi.id, pi.id, null);
    this.arrive(tok, def, start);
  }

  /** The token reaches a flow node: async-before job, or the behaviour at once. */
  private arrive(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    this.trail[this.arrivals++ % TRAIL] = node.id;
    this.lastProcess = def.key;
    tok.activityId = node.id;
    tok.step++;
    tok.wait = 'none';
    if (node.multiInstance && tok.miRole !== 'inner') {
      tok.miRole = 'body';
      if (this.asyncJob(def, tok, node, 'multi-instance-body', 'async-before')) return;
      this.startMiBody(tok, def, node);
      return;
    }
    const scope: JobScope = tok.miRole === 'inner' ? 'multi-instance-inner' : 'activity';
    if (this.asyncJob(def, tok, node, scope, 'async-before')) return;
    this.execute(tok, def, node);
  }

  /** The activity behaviour. */
  private execute(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    const pi = tok.processInstanceId;
    if (tok.miRole !== 'inner') this.createBoundaryTimers(tok, def, node);
    const type = node.type;
    if (WORK_TASKS.has(type)) {
      this.behaviour(tok, def, node);
      this.complete(tok, def, node);
      return;
    }
    if (EXTERNAL_WAITS.has(type) || (type === 'intermediateCatchEvent' && !node.eventDefinitions.some(e => e.type === 'timer'))) {
      const ms = sample(this.spec(node.id)?.durationMs, this.opts.defaultActivityDurationMs ?? 0, this.opts.streams);
      tok.wait = 'external';
      this.agendaAdds.push({ at: this.now + ms, action: { kind: 'complete', tokenId: tok.id, step: tok.step } });
      this.note(`${pi}: ${node.id} waits (${type}, completes after ${ms} ms — ours)`);
      return;
    }
    if (type === 'intermediateCatchEvent') {
      const d = (def.decls.get(node.id) ?? []).find(x => x.kind === 'timer');
      if (d) {
        tok.wait = 'timer';
        this.createTimerJob(def, d, tok, this.instanceOf(tok).variables);
        return;
      }
      this.complete(tok, def, node);
      return;
    }
    if (type === 'parallelGateway' || type === 'inclusiveGateway') {
      if (node.incoming.length > 1) { this.join(tok, def, node); return; }
      this.complete(tok, def, node);
      return;
    }
    if (type === 'subProcess' || type === 'transaction' || type === 'adHocSubProcess') {
      const start = findNoneStart(def, node);
      if (!start) { this.complete(tok, def, node); return; }
      tok.wait = 'scope';
      const child = this.newToken(pi, tok.id, null);
      this.queue.push(() => this.arrive(child, def, start));
      return;
    }
    if (type === 'endEvent') {
      if (node.eventDefinitions.some(e => e.type === 'terminate')) { this.terminate(tok, def); return; }
      this.note(`${pi}: ${node.id} (end)`);
      this.endToken(tok, def);
      return;
    }
    // start events, throw events, boundary events, exclusive/event-based/complex gateways
    this.complete(tok, def, node);
  }

  private spec(id: string): EngineActivitySpec | undefined { return this.opts.activities?.[id]; }

  /** Duration, classes, failure and side effect of a task's behaviour. */
  private behaviour(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    const spec = this.spec(node.id);
    const needed = (spec?.requiredClasses ?? '').split(',').map(s => s.trim()).filter(Boolean);
    const external = camundaAttr(node, 'type') === 'external';
    if (DELEGATE_TASKS.has(node.type) && !external && !needed.length) {
      const cls = camundaAttr(node, 'class');
      if (this.ctx.hasDeploymentClasses && !this.ctx.hasDeploymentClasses(def.deploymentId)) {
        this.throwError({ type: 'ClassNotFoundException', message: `${cls ?? `${def.deploymentId}.${node.id}`} (node ${this.ctx.node ?? '?'} lacks the classes of deployment ${def.deploymentId})` });
      }
    }
    for (const cls of needed) {
      const has = this.ctx.hasClass ? this.ctx.hasClass(cls, def.deploymentId) : (this.ctx.hasDeploymentClasses?.(def.deploymentId) ?? true);
      if (!has) this.throwError({ type: 'ClassNotFoundException', message: `${cls} (node ${this.ctx.node ?? '?'})` });
    }
    const ms = sample(spec?.durationMs, this.opts.defaultActivityDurationMs ?? 0, this.opts.streams);
    this.res.durationMs += ms;
    const p = spec?.failureProbability ?? 0;
    if (p > 0 && this.opts.streams('failures').bernoulli(p)) {
      this.throwError({ type: 'RuntimeException', message: spec?.error ?? `simulated failure in ${node.id}` });
    }
    this.res.sideEffects.push({ key: `${tok.id}/${node.id}/${tok.step}`, activityId: node.id, processInstanceId: tok.processInstanceId });
    this.note(`${tok.processInstanceId}: ${node.id} executed (${ms} ms)`);
  }

  private createBoundaryTimers(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    for (const b of def.boundary.get(node.id) ?? []) {
      const d = (def.decls.get(b.id) ?? []).find(x => x.kind === 'timer');
      if (d) this.createTimerJob(def, d, tok, this.instanceOf(tok).variables, node.id);
    }
  }

  private deleteBoundaryTimers(tok: TokenEntity): void {
    for (const j of this.engine.jobsOfExecution(tok.id)) {
      const of = this.engine.jobMeta(j)?.boundaryOf;
      if (of) this.deleteJob(j, `boundary timer of ${of}: the activity ended`);
    }
    for (const [jid, m] of [...this.jobMeta]) if (m.job.executionId === tok.id && m.boundaryOf) this.dropCreated(jid);
  }

  /** The activity ends: boundary timers go, async-after job or the outgoing flows. */
  complete(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    if (tok.miRole !== 'inner') this.deleteBoundaryTimers(tok);
    const scope: JobScope = tok.miRole === 'inner' ? 'multi-instance-inner' : tok.miRole === 'body' ? 'multi-instance-body' : 'activity';
    if (this.asyncJob(def, tok, node, scope, 'async-after')) return;
    this.afterActivity(tok, def, node);
  }

  private afterActivity(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    if (tok.miRole === 'inner') { this.innerDone(tok, def, node); return; }
    if (tok.miRole === 'body') tok.miRole = undefined;
    this.takeOutgoing(tok, def, node);
  }

  private weightOf(gateway: FlowNode, flow: SequenceFlow): number {
    const g = this.spec(gateway.id)?.weights;
    if (g && typeof g === 'object' && typeof g[flow.id] === 'number') return g[flow.id];
    const f = this.spec(flow.id)?.weights;
    return typeof f === 'number' ? f : 1;
  }

  private weightGiven(gateway: FlowNode, flow: SequenceFlow): boolean {
    const g = this.spec(gateway.id)?.weights;
    return (!!g && typeof g === 'object' && typeof g[flow.id] === 'number') || typeof this.spec(flow.id)?.weights === 'number';
  }

  private takeOutgoing(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    let flows = node.outgoing;
    if (flows.length > 1 && (node.type === 'exclusiveGateway' || node.type === 'eventBasedGateway' || node.type === 'complexGateway')) {
      flows = [flows[this.opts.streams('branches').choiceIndex(flows.map(f => this.weightOf(node, f)))]];
      this.note(`${tok.processInstanceId}: ${node.id} chose ${flows[0].id}`);
    } else if (flows.length > 1 && node.type === 'inclusiveGateway') {
      // Each outgoing flow is taken independently with probability min(1, weight) when weights are
      // given, else 1/2; at least one is taken (ours: the conditions are not evaluated).
      const rnd = this.opts.streams('branches');
      const given = flows.some(f => this.weightGiven(node, f));
      const ws = flows.map(f => this.weightOf(node, f));
      let chosen = flows.filter((_, i) => rnd.next() < (given ? Math.min(1, ws[i]) : 0.5));
      if (!chosen.length) chosen = [flows[rnd.choiceIndex(ws.some(w => w > 0) ? ws : ws.map(() => 1))]];
      flows = chosen;
      this.note(`${tok.processInstanceId}: ${node.id} chose ${flows.map(f => f.id).join(', ')}`);
    }
    if (!flows.length) { this.endToken(tok, def); return; }
    if (flows.length > 1) {
      // fork: the scope row is updated (the concurrent children hang below it)
      this.mutScope(tok.scopeId);
      this.note(`${tok.processInstanceId}: ${node.id} forks into ${flows.length}`);
    }
    flows.forEach((f, i) => {
      const target = def.nodes.get(f.targetRef);
      if (!target) return;
      const t = i === 0 ? tok : this.newToken(tok.processInstanceId, tok.scopeId, null);
      this.queue.push(() => this.arrive(t, def, target));
    });
  }

  /** Parallel or inclusive join: every arrival updates the scope row (REV_). */
  private join(tok: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    const scope = this.mutScope(tok.scopeId);
    const arrived = scope.joins[node.id] ?? (scope.joins[node.id] = []);
    arrived.push(tok.id);
    tok.wait = 'join';
    let fire: boolean;
    if (node.type === 'parallelGateway') fire = arrived.length >= node.incoming.length;
    else fire = !this.members(tok.scopeId).some(o => !arrived.includes(o.id) && o.activityId !== null && this.canReach(def, o.activityId, node.id));
    this.note(`${tok.processInstanceId}: ${node.id} ${fire ? 'fires' : 'waits'} (${arrived.length}/${node.incoming.length} arrived)`);
    if (!fire) return;
    delete scope.joins[node.id];
    for (const id of arrived) if (id !== tok.id) this.remove(id);
    tok.wait = 'none';
    this.complete(tok, def, node);
  }

  private canReach(def: ProcessDefinition, from: string, to: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const f of def.nodes.get(id)?.outgoing ?? []) stack.push(f.targetRef);
    }
    return false;
  }

  private endToken(tok: TokenEntity, def: ProcessDefinition): void {
    this.remove(tok.id);
    this.mutScope(tok.scopeId);
    this.scopeMaybeDone(tok.scopeId, def);
  }

  private scopeMaybeDone(scopeId: string, def: ProcessDefinition): void {
    if (this.members(scopeId).length) return;
    const scope = this.get(scopeId);
    if (!scope) return;
    if (scope.type === 'instance') {
      const pi = this.mut<InstanceEntity>(scopeId);
      pi.ended = true;
      this.res.endedInstances.push(pi.id);
      this.note(`${pi.id}: ended`);
      for (const j of [...this.jobMeta.values()]) if (j.job.processInstanceId === pi.id) this.dropCreated(j.job.id);
      return;
    }
    const st = this.mut<TokenEntity>(scopeId);
    st.wait = 'none';
    const node = def.nodes.get(st.activityId!)!;
    this.queue.push(() => this.complete(st, def, node));
  }

  private terminate(tok: TokenEntity, def: ProcessDefinition): void {
    this.note(`${tok.processInstanceId}: terminate end event`);
    for (const o of this.members(tok.scopeId)) this.cancelTree(o.id);
    this.mutScope(tok.scopeId);
    this.scopeMaybeDone(tok.scopeId, def);
  }

  /** Removes a token and everything below it (and their jobs). */
  private cancelTree(id: string): void {
    for (const c of this.members(id)) this.cancelTree(c.id);
    if (this.get(id)) this.remove(id);
  }

  // ---- multi-instance ----

  private cardinality(node: FlowNode, vars: Record<string, unknown>): number {
    const s = this.spec(node.id)?.loopCardinality;
    if (typeof s === 'number') return Math.max(0, Math.floor(s));
    const el = node.multiInstance!.element.children.find(c => c.ns === BPMN_NS && c.local === 'loopCardinality');
    if (el) {
      const text = el.text.trim();
      const v = /^\d+$/.test(text) ? { ok: true as const, value: Number(text) } : evaluate(text, vars);
      if (v.ok && typeof v.value === 'number') return Math.max(0, Math.floor(v.value));
      this.throwError({ type: 'ProcessEngineException', message: `${node.id}: loopCardinality '${text}' cannot be resolved` });
    }
    return 3;
  }

  private startMiBody(body: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    const n = this.cardinality(node, this.instanceOf(body).variables);
    const sequential = node.multiInstance!.isSequential;
    this.createBoundaryTimers(body, def, node);
    body.wait = 'scope';
    body.mi = { total: n, done: 0, next: 0, sequential };
    this.note(`${body.processInstanceId}: ${node.id}#multiInstanceBody starts ${n} ${sequential ? 'sequential' : 'parallel'} instances`);
    if (n === 0) { body.wait = 'none'; this.complete(body, def, node); return; }
    const count = sequential ? 1 : n;
    for (let i = 0; i < count; i++) this.startInner(body, def, node);
  }

  private startInner(body: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    const idx = body.mi!.next++;
    const inner = this.newToken(body.processInstanceId, body.id, null);
    inner.miRole = 'inner';
    inner.miIndex = idx;
    this.queue.push(() => this.arrive(inner, def, node));
  }

  private innerDone(inner: TokenEntity, def: ProcessDefinition, node: FlowNode): void {
    this.remove(inner.id);
    const body = this.mut<TokenEntity>(inner.scopeId);
    body.mi!.done++;
    if (body.mi!.sequential && body.mi!.next < body.mi!.total) { this.startInner(body, def, node); return; }
    if (body.mi!.done < body.mi!.total) return;
    body.wait = 'none';
    body.mi = undefined;
    this.note(`${body.processInstanceId}: ${node.id}#multiInstanceBody completed`);
    this.complete(body, def, node);
  }

  // ---- job behaviours ----

  executeJobBehaviour(meta: JobMeta): void {
    const def = this.engine.definitions.get(meta.definitionId)!;
    const node = def.nodes.get(meta.nodeId)!;
    const j = meta.job;
    this.note(`${j.processInstanceId ?? def.key}: job ${j.id} (${j.kind} ${j.activityId}) runs on ${this.ctx.node ?? '?'}`);
    if (j.handlerType === 'timer-start-event') {
      const d = (def.decls.get(node.id) ?? []).find(x => x.handlerType === 'timer-start-event')!;
      if (meta.remaining > 0) this.createTimerJob(def, d, null, {}, undefined, meta.remaining - 1);
      this.startInstanceAt(def, node, {});
      return;
    }
    if (j.handlerType === 'timer-transition') {
      const attached = this.get(j.executionId!) as TokenEntity | undefined;
      if (!attached) this.throwError({ type: 'OptimisticLockingException', message: `Execution[${j.executionId}] no longer exists` });
      const interrupting = plainAttr(node.element, 'cancelActivity')?.value !== 'false';
      const scopeId = attached!.scopeId;
      if (interrupting) {
        this.note(`${j.processInstanceId}: boundary timer ${node.id} interrupts ${attached!.activityId}`);
        this.mutToken(attached!.id); // the attached execution is updated/deleted: REV_ check
        this.cancelTree(attached!.id);
        this.mutScope(scopeId);
      } else {
        this.mutToken(attached!.id);
        const d = (def.decls.get(node.id) ?? []).find(x => x.kind === 'timer')!;
        if (meta.remaining > 0) this.createTimerJob(def, d, this.get(attached!.id) as TokenEntity, this.instanceOf(attached!).variables, meta.boundaryOf, meta.remaining - 1);
      }
      const t = this.newToken(attached!.processInstanceId, scopeId, null);
      this.arrive(t, def, node);
      return;
    }
    const tok = this.get(j.executionId ?? '') as TokenEntity | undefined;
    if (!tok) this.throwError({ type: 'OptimisticLockingException', message: `Execution[${j.executionId}] no longer exists` });
    const t = this.mutToken(tok!.id);
    t.wait = 'none';
    if (j.handlerType === 'timer-intermediate-transition') { this.complete(t, def, node); return; }
    if (j.kind === 'async-before') {
      if (meta.declScope === 'multi-instance-body') this.startMiBody(t, def, node);
      else this.execute(t, def, node);
      return;
    }
    if (j.kind === 'async-after') { this.afterActivity(t, def, node); return; }
    this.complete(t, def, node);
  }
}

function byIdNumber(a: string, b: string): number {
  const na = Number(a.replace(/^\D+/, '')), nb = Number(b.replace(/^\D+/, ''));
  return na - nb || (a < b ? -1 : a > b ? 1 : 0);
}
