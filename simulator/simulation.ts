// The simulation runtime: one virtual clock and event queue, one sql.js job table, and per node
// three kinds of xstate machines that decide everything a node does (nodeMachine: lifecycle,
// acquisitionMachine: the acquisition thread, workerMachine: each pool thread). The runtime is the
// machines' environment: it feeds them events with pure `transition()`, performs the effects they
// name (SQL statements, pool hand-over, trace events) and turns their delayed transitions into
// event-queue entries. Database statements take `engine.dbLatencyMs` of virtual time each (and wait
// FIFO for one of `engine.dbConnections` connections when limited); a statement's effect on the
// table happens when it starts, its answer reaches the machine when it ends. So node A's SELECT at
// t and node B's at t+1 both see a row, A's lock UPDATE commits first and B's UPDATE hits 0 rows:
// an optimistic-locking clash.
import { createActor, type AnyStateMachine, type AnyMachineSnapshot, type AnyActorScope } from 'xstate';
import { JobTable, type JobRow, type JobInput, type OpenOptions } from './db/jobTable';
import { selectNextJobsToExecute, lockJob, groupIntoBatches, removeFailedJobIds, defaultAcquisitionConfig, type AcquisitionConfig, type AcquirableJob } from './db/acquisition';
import { EventQueue, type EventQueueState } from './time/eventQueue';
import { Prng, type PrngState } from './random/prng';
import { ThreadPool, type ThreadPoolState } from './executor/threadPool';
import { computeFailure, retriesAtCreation } from './executor/failure';
import { acquisitionMachine, type AcquisitionContext, type AcquisitionEvent, type SelectJobsParams, type LockJobsParams, type SubmitBatchesParams, type CycleCompletedParams } from './machines/acquisitionMachine';
import { workerMachine, OPTIMISTIC_LOCKING_EXCEPTION, type WorkerEvent, type LoadJobParams, type CommitJobParams, type RecordFailureParams, type BatchDoneParams, type JobOutcome } from './machines/workerMachine';
import { nodeMachine, type NodeEffectParams, type NodeEvent } from './machines/nodeMachine';
import { TraceRecorder, traceHash, toJsonl, type TraceEvent, type TraceKind, type TracePayload } from './trace';
import { sampleDurationSpec } from './scenario/validate';
import type { Scenario, NodeSpec } from './scenario/types';
import { SimulationLimitError, MEMORY_CHECK_MASK, databaseBytes, memoryLimitError } from './limits';
import { literalHooks, type HookContext, type JobChanges, type NewJob, type ProcessEngineHooks } from './hooks';
import { AcquisitionCostModel, DbServer, statementServiceMs, tickAtOrAfter, utilisation, type DbServerState, type StatementCosts } from './db/costModel';
import { AliveSignalRecovery, type NodeAliveRow } from './recovery/aliveSignal';

// ------------------------------------------------------------------------------------------------
// Public types

export interface SimulationDeps {
  hooks?: ProcessEngineHooks;
  /** sql.js loading options (wasm location). */
  db?: OpenOptions;
  /** Keep every trace event in memory (default true; benchmarks may turn it off). */
  recordTrace?: boolean;
  onTrace?: (e: TraceEvent) => void;
}

export interface MachineView { value: unknown; tags: string[] }

export interface SimulationSnapshot {
  now: number;
  steps: number;
  nodes: {
    id: string;
    lifecycle: MachineView;
    acquisition: (MachineView & { idleLevel: number; backoffLevel: number; numJobsToAcquire: number; waitMs: number; rejected: string[][] }) | null;
    threads: (MachineView & { id: string; jobId: string | null; queue: string[] })[];
    poolQueue: string[][];
    registeredDeployments: string[];
  }[];
  jobs: JobRow[];
  metrics: Summary;
  /** OURS, engine.recovery.model 'aliveSignal' only: SIM_NODE_ALIVE (last alive signal, alive/dead) per node. */
  nodeAlive?: NodeAliveRow[];
}

export interface Summary {
  virtualTimeMs: number;
  makespanMs: number;
  jobsCreated: number;
  jobsCompleted: number;
  executions: number;
  duplicateExecutions: number;
  lockClashes: number;
  executionOptimisticLockingFailures: number;
  failuresByError: Record<string, number>;
  /** Start requests of `load` entries with a balancer that failed (rolled back: no instance), by error. */
  startsFailedByError: Record<string, number>;
  /** Start requests of `load` entries with a balancer, per node: started / failed. */
  startsByNode: Record<string, { started: number; failed: number }>;
  incidents: number;
  rejectedBatches: number;
  acquisitions: number;
  /**
   * idleMs / backoffMs: virtual ms the node's acquisition thread waited between cycles because the
   * last cycle found no or few jobs (idle level > 0; jBPM 3: the plain idleInterval wait) or because
   * of lock clashes (backoff level > 0; jBPM 3: the wait after an exception). A wait cut short by a
   * job-added hint counts only as long as it lasted; the executor-saturation wait (100 ms) counts in neither.
   */
  perNode: Record<string, { acquisitions: number; locked: number; clashes: number; executed: number; completed: number; failed: number; idleMs: number; backoffMs: number }>;
  perThread: Record<string, number>;
  throughputPerSecond: number;
  steps: number;
  /** Database statements run (a lock round trip counts one per row). */
  dbStatements: number;
  /**
   * Virtual ms the database spent serving statements (sum over statements, fractional). Model
   * 'contention': the service times; 'flat': each statement's dbLatencyMs (the flat model's statement
   * holds its connection for its whole latency).
   */
  dbBusyMs: number;
  /** Virtual ms statements waited for a free connection (sum over statements, fractional). */
  dbWaitMs: number;
  /**
   * dbBusyMs ÷ (connections × makespanMs), or × virtualTimeMs when no job completed; null when the
   * connections are unlimited (0): there is no capacity to divide by (dbBusyMs ÷ makespanMs is then
   * the mean number of statements in service).
   */
  dbUtilisation: number | null;
}

export interface Checkpoint {
  db: Uint8Array;
  state: string; // JSON of everything else
  /** The hooks' own state (the process engine's instances, tokens, variables, agenda), as they keep it. */
  hooks?: unknown;
}

export { SimulationLimitError };

export interface Simulation {
  readonly now: number;
  readonly trace: readonly TraceEvent[];
  readonly table: JobTable;
  step(): TraceEvent[];
  runUntil(t: number): TraceEvent[];
  run(): Summary;
  isQuiescent(): boolean;
  snapshot(): SimulationSnapshot;
  checkpoint(): Checkpoint;
  restore(cp: Checkpoint): void;
  summary(): Summary;
  traceHash(): string;
  traceJsonl(): string;
  /** Schedules a lifecycle action now (UI buttons): crash/restart a node. */
  crashNode(node: string): void;
  restartNode(node: string): void;
  close(): void;
}

// ------------------------------------------------------------------------------------------------
// Internal types (all plain data: they are checkpointed)

type EventObject = AcquisitionEvent | WorkerEvent | NodeEvent | { type: string };

type DbOp =
  | { op: 'select'; to: string; node: string; numJobs: number }
  | { op: 'lock'; to: string; node: string }
  | { op: 'load'; to: string; node: string; thread: string; jobId: string }
  | { op: 'commit'; to: string; node: string; thread: string; jobId: string; durationMs: number }
  | { op: 'fail'; to: string; node: string; thread: string; jobId: string; error: string };

type SimEvent =
  | { k: 'send'; to: string; event: EventObject; delayId?: string }
  | { k: 'db'; op: DbOp }
  | { k: 'timeline'; i: number }
  | { k: 'load'; li: number; i: number }
  | { k: 'lockExpiry'; jobId: string; owner: string; exp: number }
  | { k: 'wakeUp' }
  | { k: 'dbSlot' }
  | { k: 'aliveSignal'; node: string; inc: number };

/** A trace event of a batch hand-over, waiting for the cycle's acquisition event. */
interface HeldEvent { t: number; kind: TraceKind; payload: unknown }

interface Execution {
  jobId: string;
  rev: number | null;
  lockExp: number | null;
  startedAt: number;
}

interface NodeRuntime {
  id: string;
  spec: NodeSpec;
  up: boolean;
  inc: number;
  acqKey: string | null;
  pool: ThreadPool<string[]>;
  /** pool thread id → machine key */
  workers: Map<string, string>;
  registered: string[];
  /** Rows of the SELECT in flight (query order), its SQL and params (for the trace). */
  pending: { rows: AcquirableJob[]; sql: string; params: Record<string, unknown> } | null;
  /** The acquisition thread's wait in progress and why (perNode idleMs/backoffMs); null when not waiting. */
  wait: { since: number; reason: 'idle' | 'backoff' } | null;
}

interface MachineEntry {
  logic: AnyStateMachine;
  snap: AnyMachineSnapshot;
  /**
   * The type of a payload-free event that, delivered in `snap`, gave back the same state value and a
   * context with the same field values and named no effect: delivering it again in `snap` gives the
   * same answer again (transition() is a pure function of value, context and event), so it is not
   * computed again. Reset whenever `snap` changes.
   */
  inert?: string;
}

/** Same state value (our machines are flat: a string) and the same context field values. */
function unchanged(a: AnyMachineSnapshot, b: AnyMachineSnapshot): boolean {
  if (a.status !== b.status || typeof a.value !== 'string' || a.value !== b.value) return false;
  const ca = a.context as Record<string, unknown>, cb = b.context as Record<string, unknown>;
  if (ca === cb) return true;
  let n = 0;
  for (const k in ca) { if (ca[k] !== cb[k]) return false; n++; }
  for (const _k in cb) n--;
  return n === 0;
}

function payloadFree(event: object): boolean {
  let n = 0;
  for (const _k in event) if (++n > 1) return false;
  return true;
}

const NODE_KEY = (node: string) => `node:${node}`;

type Action = { type: string; params?: unknown };

/**
 * xstate's pure `transition()` / `initialTransition()`, without their per-call cost: xstate builds a
 * fresh inert actor scope (a whole actor, whose constructor computes the machine's initial snapshot)
 * for every call. Our machines spawn no children and read nothing from the scope but the action
 * executor, so one inert scope per machine logic, whose executor collects into the current call's
 * list, gives the same snapshots and the same action lists.
 */
class PureTransitions {
  private scopes = new Map<AnyStateMachine, AnyActorScope>();
  private actions: Action[] = [];

  private scope(logic: AnyStateMachine): AnyActorScope {
    let s = this.scopes.get(logic);
    if (!s) {
      const self = createActor(logic);
      s = {
        self, defer: () => {}, id: '', logger: () => {}, sessionId: '', stopChild: () => {}, system: self.system,
        emit: () => {}, actionExecutor: (a: Action) => { this.actions.push(a); },
      } as unknown as AnyActorScope;
      this.scopes.set(logic, s);
    }
    return s;
  }

  transition(logic: AnyStateMachine, snap: AnyMachineSnapshot, event: unknown): [AnyMachineSnapshot, Action[]] {
    const scope = this.scope(logic);
    const actions: Action[] = this.actions = [];
    const next = logic.transition(snap, event as never, scope) as AnyMachineSnapshot;
    return [next, actions];
  }

  initial(logic: AnyStateMachine, input: unknown): [AnyMachineSnapshot, Action[]] {
    const scope = this.scope(logic);
    const actions: Action[] = this.actions = [];
    const next = logic.getInitialSnapshot(scope, input) as AnyMachineSnapshot;
    return [next, actions];
  }
}

// ------------------------------------------------------------------------------------------------

export async function createSimulation(scenario: Scenario, deps: SimulationDeps = {}): Promise<Simulation> {
  const table = await JobTable.open(deps.db);
  const sim = new SimulationImpl(scenario, table, deps);
  sim.start();
  return sim;
}

class SimulationImpl implements Simulation {
  private queue = new EventQueue<SimEvent>();
  private xs = new PureTransitions();
  private prng: Prng;
  private recorder: TraceRecorder;
  private hooks: ProcessEngineHooks;
  private machines = new Map<string, MachineEntry>();
  private delayed = new Map<string, number>();
  private nodes = new Map<string, NodeRuntime>();
  private executions = new Map<string, Execution>(); // worker key → current execution
  private running = new Map<string, string[]>(); // jobId → "node/thread" list
  private lockChecks = new Map<string, number>(); // jobId → queue handle
  private connFreeAt: number[];
  /** OURS, engine.database.model 'contention' (simulator/db/costModel.ts): the database's slots and FIFO; null = flat model. */
  private dbs: DbServer<DbOp> | null = null;
  private acqCost: AcquisitionCostModel | null = null;
  /** The slot and start of the contention-model SELECT being executed (execSelect books its service). */
  private svc: { slot: number; start: number } | null = null;
  private statementMs: StatementCosts | null = null;
  private idCounter = 0;
  private liveJobs = 0;
  private steps = 0;
  private busyWorkers = 0;
  /** Nodes restarting (tag `restarting`): they come back after nodeRestartMs by themselves. */
  private restartingNodes = 0;
  private pendingExternal = 0; // timeline + load events not yet run
  private inbox: [string, EventObject][] = [];
  /**
   * Nodes whose acquisition cycle has handed its batches to the pool but not yet reported itself
   * (the machine reports the cycle after SUBMITTED, at the same tick), with the trace events their
   * pool and threads produced meanwhile: they are recorded right after the cycle's acquisition event.
   */
  private held = new Map<string, HeldEvent[]>();
  /** The node whose events are being held now (null: events are recorded at once). */
  private holding: string | null = null;
  private dispatching = false;
  private produced: TraceEvent[] = [];
  private m: Summary;
  private lastCompletionAt = 0;
  private acqBase: AcquisitionConfig;
  /** The hooks' pending wake-up: its time and queue handle. */
  private wake: { at: number; h: number } | null = null;
  /** OURS: the alive-signal recovery model (engine.recovery), null for lock expiry only. */
  private recovery: AliveSignalRecovery | null = null;
  /** Round-robin balancers: per load entry, the index (in its node list) the next pick starts at. */
  private rr: number[] = [];

  constructor(readonly scenario: Scenario, readonly table: JobTable, deps: SimulationDeps) {
    this.prng = new Prng(scenario.seed);
    this.hooks = deps.hooks ?? literalHooks;
    this.recorder = new TraceRecorder(deps.recordTrace !== false, e => { this.produced.push(e); this.observe(e); deps.onTrace?.(e); });
    this.connFreeAt = new Array(scenario.engine.dbConnections).fill(0);
    const dbm = scenario.engine.database;
    if (dbm?.model === 'contention') {
      this.dbs = new DbServer<DbOp>(dbm.connections);
      this.statementMs = dbm.statementMs;
      this.acqCost = new AcquisitionCostModel(table, dbm.acquisitionRowUs, dbm.statementMs.select);
      if (dbm.indexes === 'recommended') table.ensureAcquisitionIndex(scenario.engine);
    }
    this.m = emptySummary(scenario.nodes.map(n => n.id));
    const e = scenario.engine;
    this.acqBase = {
      ...defaultAcquisitionConfig(),
      jobExecutorAcquireByPriority: e.jobExecutorAcquireByPriority,
      jobExecutorPreferTimerJobs: e.jobExecutorPreferTimerJobs,
      jobExecutorAcquireByDueDate: e.jobExecutorAcquireByDueDate,
      ensureJobDueDateNotNull: e.ensureJobDueDateNotNull,
      jobExecutorPriorityRangeMin: e.jobExecutorPriorityRangeMin,
      jobExecutorPriorityRangeMax: e.jobExecutorPriorityRangeMax,
      jobExecutorAcquireExclusiveOverProcessHierarchies: e.jobExecutorAcquireExclusiveOverProcessHierarchies,
      databaseOrder: e.databaseOrder === 'shuffled' ? 'shuffled' : 'insertion',
    };
  }

  get now(): number { return this.queue.now; }
  get trace(): readonly TraceEvent[] { return this.recorder.events; }

  // ---- start-up --------------------------------------------------------------------------------

  start(): void {
    const ctx = this.hookCtx('', '');
    // One transaction for the initial rows: one commit instead of one per row (same rows, same order).
    this.table.transaction(() => {
      for (const row of this.scenario.jobs) this.createJob(row, null, ctx);
      const init = this.hooks.init?.(ctx);
      for (const d of init?.jobDefinitions ?? []) this.table.insertJobDefinition(d);
      for (const j of init?.createJobs ?? []) this.createJob(j, null, ctx);
      // a later deployment of the same process replaces the timer-start jobs of an earlier one
      if (init?.deleteJobs?.length) this.deleteReported(init, 'deleted by a deployment');
    });
    this.recovery = AliveSignalRecovery.create(this.scenario.engine.recovery, this.table, this.scenario.nodes.map(n => n.id));
    this.scenario.timeline.forEach((t, i) => { this.queue.schedule(t.at, { k: 'timeline', i }); this.pendingExternal++; });
    this.scenario.load.forEach((l, li) => {
      const times = this.hooks.arrivalTimes?.(l, li, ctx) ?? Array.from({ length: l.instances }, (_, i) => (l.startAtMs ?? 0) + i * (l.intervalMs ?? 0));
      times.forEach((t, i) => { this.queue.schedule(t, { k: 'load', li, i }); this.pendingExternal++; });
    });
    for (const spec of this.scenario.nodes) {
      const rt: NodeRuntime = {
        id: spec.id, spec, up: false, inc: 0, acqKey: null, pool: this.newPool(spec), workers: new Map(),
        registered: [...spec.config.registeredDeployments], pending: null, wait: null,
      };
      this.nodes.set(spec.id, rt);
      const [snap, actions] = this.xs.initial(nodeMachine, { node: spec.id, restartMs: this.scenario.engine.nodeRestartMs });
      this.machines.set(NODE_KEY(spec.id), { logic: nodeMachine, snap });
      this.performAll(NODE_KEY(spec.id), actions);
    }
    this.flush();
    this.syncWakeUp();
    this.produced = []; // no step returns the start-up's events (the recorder keeps them when recording)
  }

  private newPool(spec: NodeSpec): ThreadPool<string[]> {
    const c = spec.config;
    if (this.scenario.engine.executorProfile === 'jbpm3') {
      const n = c.threads ?? c.corePoolSize;
      return new ThreadPool(spec.id, { corePoolSize: n, maxPoolSize: n, queueSize: 0 });
    }
    return new ThreadPool(spec.id, { corePoolSize: c.corePoolSize, maxPoolSize: Math.max(c.maxPoolSize, c.corePoolSize), queueSize: c.queueSize });
  }

  // ---- the event loop --------------------------------------------------------------------------

  step(): TraceEvent[] {
    this.produced = [];
    const entry = this.queue.pop();
    if (!entry) return this.produced;
    if (++this.steps > this.scenario.limits.maxEvents) {
      throw new SimulationLimitError(`simulation stopped: more than limits.maxEvents = ${this.scenario.limits.maxEvents} events were processed (at t = ${entry.time} ms); raise limits.maxEvents or shorten "until"`);
    }
    if (entry.time > this.scenario.limits.maxVirtualTime) {
      throw new SimulationLimitError(`simulation stopped: virtual time ${entry.time} ms passed limits.maxVirtualTime = ${this.scenario.limits.maxVirtualTime} ms; raise limits.maxVirtualTime or set "until"`);
    }
    if ((this.steps & MEMORY_CHECK_MASK) === 1) this.checkMemory(entry.time);
    const ev = entry.event;
    switch (ev.k) {
      case 'send':
        if (ev.delayId !== undefined) this.delayed.delete(`${ev.to}|${ev.delayId}`);
        this.send(ev.to, ev.event);
        break;
      case 'db': // a worker's statement that waited for a connection
        if (this.held.size && this.held.has(ev.op.node)) this.holdFor(ev.op.node, () => this.execOp(ev.op)); else this.execOp(ev.op);
        break;
      case 'timeline': this.pendingExternal--; this.runTimeline(ev.i); break;
      case 'load': this.pendingExternal--; this.runLoad(ev.li, ev.i); break;
      case 'lockExpiry': this.lockExpiry(ev.jobId, ev.owner, ev.exp); break;
      case 'wakeUp': this.wakeUp(); break;
      case 'dbSlot': this.dbWake(); break;
      case 'aliveSignal': this.aliveSignal(ev.node, ev.inc); break;
    }
    this.flush();
    this.syncWakeUp();
    return this.produced;
  }

  /** limits.maxMemoryMb: the run's own footprint (database pages, recorded trace, queue; simulator/limits.ts). */
  private checkMemory(at: number): void {
    const err = memoryLimitError({ dbBytes: databaseBytes(this.table.database), traceEvents: this.recorder.events.length, queueEntries: this.queue.size }, this.scenario.limits.maxMemoryMb, at);
    if (err) throw err;
  }

  runUntil(t: number): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (;;) {
      const next = this.queue.peekTime();
      if (next === undefined || next > t) break;
      for (const e of this.step()) out.push(e);
    }
    this.queue.advanceTo(t);
    return out;
  }

  run(): Summary {
    const until = this.scenario.until;
    for (;;) {
      if (this.isQuiescent()) break;
      const next = this.queue.peekTime();
      if (next === undefined) break;
      if (until !== null && next > until) { this.queue.advanceTo(until); break; }
      this.step();
    }
    return this.summary();
  }

  /**
   * No job with retries left, no thread busy, no timeline or load entry, no engine wake-up and no
   * node restart pending (a restarted node still coming back).
   */
  isQuiescent(): boolean {
    return this.liveJobs <= 0 && this.busyWorkers === 0 && this.pendingExternal === 0 && this.wake === null && this.restartingNodes === 0;
  }

  // ---- the hooks' own timed work (user-task completions...) -------------------------------------

  /** Keeps exactly one queue entry at the hooks' next wake-up time (never in the past). */
  private syncWakeUp(): void {
    if (!this.hooks.nextWakeUp) return;
    const t = this.hooks.nextWakeUp();
    const at = t === undefined ? undefined : Math.max(t, this.now);
    if (this.wake && this.wake.at === at) return;
    if (this.wake) { this.queue.cancel(this.wake.h); this.wake = null; }
    if (at !== undefined) this.wake = { at, h: this.queue.schedule(at, { k: 'wakeUp' }) };
  }

  private wakeUp(): void {
    this.wake = null;
    const ctx = this.hookCtx('', '');
    const r = this.hooks.onWakeUp?.(ctx);
    this.applyChanges(r, ctx, 'deleted by an engine transaction (a user task or receive task completed)');
  }

  /** Job changes of an API transaction (instance start, task completion): deletions, then inserts; nodes are told. */
  private applyChanges(r: JobChanges | void | undefined, ctx: HookContext, why: string): void {
    if (!r) return;
    if (r.deleteJobs?.length) this.deleteReported(r, why);
    // The engine hints only its own job executor (MessageAddedNotification after commit; jBPM 3:
    // DbMessageService/DbSchedulerService notify the JVM-local job executor), per job as createJob
    // decides. OURS: a transaction outside any modelled node (a start without a balancer, a
    // timeline deploy, the hooks' wake-up) hints every running node.
    const node = ctx.node ? this.nodes.get(ctx.node) : undefined;
    let hint = false;
    for (const j of r.createJobs ?? []) if (this.createJob(j, node ? node.id : null, ctx).hint) hint = true;
    if (node) { if (hint && node.acqKey) this.send(node.acqKey, { type: 'JOB_ADDED' }); }
    else if (r.createJobs?.length) for (const rt of this.nodes.values()) if (rt.acqKey) this.send(rt.acqKey, { type: 'JOB_ADDED' });
  }

  /**
   * Deletions outside a job's own transaction (no jobCompleted reports them): in one database
   * transaction, each with a jobDeleted event (the hooks' reason, else `why`).
   */
  private deleteReported(r: JobChanges, why: string): void {
    const deleted = this.table.transaction(() => this.deleteOtherJobs(r.deleteJobs!));
    for (const { id, activityId } of deleted) {
      const reason = r.deleteReasons?.[id] ?? why;
      this.emit('jobDeleted', activityId !== null ? { jobId: id, reason, activityId } : { jobId: id, reason });
    }
  }

  /** Deletes jobs a transaction removes besides its own (REV_ as read now); returns the rows deleted. */
  private deleteOtherJobs(ids: readonly string[]): { id: string; activityId: string | null }[] {
    const out: { id: string; activityId: string | null }[] = [];
    for (const id of ids) {
      const row = this.table.getJob(id);
      if (!row || !this.table.deleteJob(id, row.REV_)) continue;
      if ((row.RETRIES_ ?? 0) > 0) this.liveJobs--;
      this.cancelLockCheck(id);
      out.push({ id, activityId: row.ACT_ID_ });
    }
    return out;
  }

  // ---- machines ----------------------------------------------------------------------------------

  private send(key: string, event: EventObject): void {
    this.inbox.push([key, event]);
    if (!this.dispatching) this.flush();
  }

  private flush(): void {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.inbox.length; i++) this.deliver(this.inbox[i][0], this.inbox[i][1]);
    } finally {
      this.inbox.length = 0;
      this.dispatching = false;
    }
  }

  /** One transition of one machine, then its effects. */
  private deliver(key: string, event: EventObject): void {
    const m = this.machines.get(key);
    if (!m || m.snap.status !== 'active') return;
    if (m.inert === event.type) return;
    const [snap, actions] = this.xs.transition(m.logic, m.snap, event);
    const wasBusy = m.logic === workerMachine && m.snap.hasTag('busy');
    const wasRestarting = m.logic === nodeMachine && m.snap.hasTag('restarting');
    m.inert = actions.length === 0 && unchanged(m.snap, snap) && payloadFree(event) ? event.type : undefined;
    m.snap = snap;
    if (m.logic === nodeMachine) {
      const isRestarting = snap.hasTag('restarting');
      if (wasRestarting !== isRestarting) this.restartingNodes += isRestarting ? 1 : -1;
    }
    if (m.logic === workerMachine) {
      const isBusy = snap.status === 'active' && snap.hasTag('busy');
      if (wasBusy !== isBusy) this.busyWorkers += isBusy ? 1 : -1;
      if (this.held.size && this.held.has(snap.context.node)) { this.holdFor(snap.context.node, () => this.performAll(key, actions)); return; }
    }
    this.performAll(key, actions);
  }

  /** Runs `fn` with the trace events it emits held for `node`'s acquisition event. */
  private holdFor(node: string, fn: () => void): void {
    const outer = this.holding;
    this.holding = node;
    try { fn(); } finally { this.holding = outer; }
  }

  private performAll(key: string, actions: readonly { type: string; params?: unknown }[]): void {
    for (const a of actions) this.perform(key, a.type, a.params as any);
  }

  /** The machines' effects. */
  private perform(key: string, type: string, p: any): void {
    switch (type) {
      case 'xstate.raise':
        if (p?.delay !== undefined) {
          const h = this.queue.scheduleIn(p.delay, { k: 'send', to: key, event: p.event, delayId: p.id });
          this.delayed.set(`${key}|${p.id}`, h);
        }
        return;
      case 'xstate.cancel': {
        const h = this.delayed.get(`${key}|${p.sendId}`);
        if (h !== undefined) { this.queue.cancel(h); this.delayed.delete(`${key}|${p.sendId}`); }
        return;
      }
      // node lifecycle
      case 'startExecutor': return this.startExecutor((p as NodeEffectParams).node);
      case 'crashExecutor': return this.crashExecutor((p as NodeEffectParams).node);
      // acquisition thread
      case 'selectJobs': return this.selectJobs(key, p as SelectJobsParams);
      case 'lockJobs': return this.db({ op: 'lock', to: key, node: (p as LockJobsParams).node }, Math.max(1, (p as LockJobsParams).rows.length));
      case 'submitBatches': return this.submitBatches(key, p as SubmitBatchesParams);
      case 'cycleCompleted': return this.cycleCompleted(p as CycleCompletedParams);
      // worker threads
      case 'loadJob': { const q = p as LoadJobParams; return this.db({ op: 'load', to: key, node: q.node, thread: q.thread, jobId: q.jobId }, 1); }
      case 'commitJob': { const q = p as CommitJobParams; return this.db({ op: 'commit', to: key, node: q.node, thread: q.thread, jobId: q.jobId, durationMs: q.durationMs }, 1); }
      case 'recordFailure': { const q = p as RecordFailureParams; return this.db({ op: 'fail', to: key, node: q.node, thread: q.thread, jobId: q.jobId, error: q.error }, 1); }
      case 'batchDone': return this.batchDone(key, p as BatchDoneParams);
      default: return; // assign & co. are applied by transition()
    }
  }

  // ---- database round trips -----------------------------------------------------------------------

  /** A round trip of `statements` statements: runs when a connection is free, answers after the latency. */
  private db(op: DbOp, statements: number): void {
    if (this.dbs) { this.dbArrive(op); return; }
    const latency = this.scenario.engine.dbLatencyMs * statements;
    this.m.dbStatements += statements;
    this.m.dbBusyMs += latency;
    if (this.connFreeAt.length === 0) { this.execOp(op, latency); return; }
    let best = 0;
    for (let i = 1; i < this.connFreeAt.length; i++) if (this.connFreeAt[i] < this.connFreeAt[best]) best = i;
    const start = Math.max(this.now, this.connFreeAt[best]);
    this.m.dbWaitMs += start - this.now;
    this.connFreeAt[best] = start + latency;
    if (start === this.now) this.execOp(op, latency);
    else this.queue.schedule(start, { k: 'db', op });
  }

  // OURS, engine.database.model 'contention' (simulator/db/costModel.ts): network + service on limited slots.

  /** A statement reaches the database: it starts on a free slot now, or waits FIFO for one. */
  private dbArrive(op: DbOp): void {
    const at = this.dbs!.arrive(this.now, op);
    if (at) this.dbStart(op, at.slot, at.start, this.now);
    else this.scheduleDbWake();
  }

  /** Keeps a wake-up queued at the tick the first waiting statement can start. */
  private scheduleDbWake(): void {
    const dbs = this.dbs!;
    const t = dbs.nextWake();
    if (t === null || dbs.wakeAt !== null) return;
    dbs.wakeAt = Math.max(t, this.now);
    this.queue.schedule(dbs.wakeAt, { k: 'dbSlot' });
  }

  /** Starts the waiting statements whose slot is free by now, in FIFO order. */
  private dbWake(): void {
    const dbs = this.dbs!;
    dbs.wakeAt = null;
    for (let n = dbs.next(this.now); n; n = dbs.next(this.now)) {
      const w = n;
      if (this.held.size && this.held.has(w.op.node)) this.holdFor(w.op.node, () => this.dbStart(w.op, w.slot, w.start, w.at));
      else this.dbStart(w.op, w.slot, w.start, w.at);
    }
    this.scheduleDbWake();
  }

  /** Runs a statement on `slot` from `start` (fractional, ≤ now): its effect now, its answer after service + network. */
  private dbStart(op: DbOp, slot: number, start: number, arrivedAt: number): void {
    this.m.dbWaitMs += start - arrivedAt;
    if (op.op === 'select') { // the service depends on the rows the query examines: execSelect books it
      this.svc = { slot, start };
      try { this.execOp(op, 0); } finally { this.svc = null; }
      return;
    }
    const rows = op.op === 'lock' ? Math.max(1, this.nodes.get(op.node)?.pending?.rows.length ?? 1) : 1;
    this.execOp(op, this.served(slot, start, statementServiceMs(this.statementMs!, op.op, rows), rows));
  }

  /** Books `service` ms on `slot` from `start`; returns the delay until the answer reaches the caller (one network round trip later, on a whole tick). */
  private served(slot: number, start: number, service: number, statements: number): number {
    this.dbs!.occupy(slot, start + service);
    this.m.dbBusyMs += service;
    this.m.dbStatements += statements;
    return Math.max(0, tickAtOrAfter(start + service + this.scenario.engine.dbLatencyMs) - this.now);
  }

  private reply(to: string, event: EventObject, after: number): void {
    this.queue.scheduleIn(after, { k: 'send', to, event });
  }

  private latencyOf(op: DbOp): number {
    const n = op.op === 'lock' ? Math.max(1, this.nodes.get(op.node)?.pending?.rows.length ?? 1) : 1;
    return this.scenario.engine.dbLatencyMs * n;
  }

  private execOp(op: DbOp, latency = this.latencyOf(op)): void {
    switch (op.op) {
      case 'select': return this.execSelect(op, latency);
      case 'lock': return this.execLock(op, latency);
      case 'load': return this.execLoad(op, latency);
      case 'commit': return this.execCommit(op, latency);
      case 'fail': return this.execFail(op, latency);
    }
  }

  // ---- acquisition effects ----------------------------------------------------------------------------

  private acqConfig(rt: NodeRuntime): AcquisitionConfig {
    return { ...this.acqBase, jobExecutorDeploymentAware: rt.spec.config.jobExecutorDeploymentAware, registeredDeployments: rt.registered };
  }

  private selectJobs(key: string, p: SelectJobsParams): void {
    const rt = this.nodes.get(p.node)!;
    this.endWait(rt);
    // jBPM 3: only a free thread acquires, one job (or one instance's exclusive jobs) for itself.
    const jbpm3 = this.scenario.engine.executorProfile === 'jbpm3';
    const numJobs = jbpm3 ? this.jbpm3IdleThreads(rt) : p.numJobs;
    if (numJobs <= 0) {
      rt.pending = { rows: [], sql: '', params: {} };
      this.reply(key, jbpm3 ? { type: 'SELECTED', at: this.now, rows: [], attempted: 0 } : { type: 'SELECTED', at: this.now, rows: [] }, 0);
      return;
    }
    this.db({ op: 'select', to: key, node: p.node, numJobs }, 1);
  }

  private execSelect(op: Extract<DbOp, { op: 'select' }>, latency: number): void {
    const rt = this.nodes.get(op.node)!;
    const dbOrder = this.prng.stream('dbOrder');
    const cfg = this.acqConfig(rt);
    const r = selectNextJobsToExecute(this.table, cfg, this.now, op.numJobs, () => dbOrder.next());
    rt.pending = { rows: r.rows, sql: r.sql, params: r.params as Record<string, unknown> };
    if (this.svc) latency = this.served(this.svc.slot, this.svc.start, this.acqCost!.cost(cfg, r.rows, op.numJobs).serviceMs, 1);
    const rows = r.rows.map(x => ({ id: x.ID_, rev: x.REV_ ?? 0 }));
    this.reply(op.to, this.scenario.engine.executorProfile === 'jbpm3' ? { type: 'SELECTED', at: this.now, rows, attempted: op.numJobs } : { type: 'SELECTED', at: this.now, rows }, latency);
  }

  /** jBPM 3: the node's executor threads not running a job. */
  private jbpm3IdleThreads(rt: NodeRuntime): number {
    return (rt.spec.config.threads ?? rt.spec.config.corePoolSize) - rt.pool.activeCount;
  }

  /**
   * jBPM 3 getNextDueDate: the earliest due date after now of a job this node could lock (retries
   * left, active, not locked by a live lock). Due jobs the cycle left (none while a thread is free,
   * unless a clash) are taken at the next poll. OURS: the query is not charged as a statement.
   */
  private jbpm3NextDueAt(): number | null {
    const r = this.table.query('SELECT MIN(DUEDATE_) FROM ACT_RU_JOB WHERE RETRIES_ > 0 AND SUSPENSION_STATE_ = 1 AND DUEDATE_ > :now AND (LOCK_OWNER_ IS NULL OR LOCK_EXP_TIME_ < :now)', { ':now': this.now })[0];
    return r && r[0] !== null && r[0] !== undefined ? Number(r[0]) : null;
  }

  private execLock(op: Extract<DbOp, { op: 'lock' }>, latency: number): void {
    const rt = this.nodes.get(op.node)!;
    const rows = rt.pending?.rows ?? [];
    const exp = this.now + rt.spec.config.lockTimeInMillis;
    const locked: string[] = [], clashed: string[] = [];
    // Each UPDATE stands alone: a clash drops only that row, the other locks commit (no savepoint needed).
    for (const r of rows) (lockJob(this.table, r.ID_, r.REV_, rt.id, exp) ? locked : clashed).push(r.ID_);
    for (const id of locked) this.scheduleLockCheck(id, rt.id, exp);
    const batches = removeFailedJobIds(groupIntoBatches(rows, this.acqBase.jobExecutorAcquireExclusiveOverProcessHierarchies, this.acqBase.hashMapInsertion), clashed);
    this.reply(op.to, { type: 'LOCKED', at: this.now, locked, clashed, batches }, latency);
  }

  /**
   * The hand-over of the cycle's batches to the pool. From here until the cycle's `acquisition`
   * event (the machine reports the cycle after SUBMITTED, at the same tick) the trace events of the
   * node's pool and threads are held — rejections, jobs started from the new batches — and recorded
   * right after it: the trace reads acquisition → hand-over. Only the order of the trace changes; the
   * threads start exactly when they did.
   */
  private submitBatches(key: string, p: SubmitBatchesParams): void {
    const rt = this.nodes.get(p.node)!;
    const rejected: string[][] = [];
    if (!this.held.has(rt.id)) this.held.set(rt.id, []);
    this.holdFor(rt.id, () => {
      for (const batch of [...p.resubmit, ...p.batches]) {
        const r = rt.pool.execute(batch);
        if (r.kind === 'started') {
          const wkey = `w:${rt.id}#${rt.inc}:${r.threadId}`;
          const [snap, actions] = this.xs.initial(workerMachine, { node: rt.id, thread: r.threadId });
          this.machines.set(wkey, { logic: workerMachine, snap });
          rt.workers.set(r.threadId, wkey);
          this.performAll(wkey, actions);
          this.send(wkey, { type: 'BATCH', jobIds: batch });
        } else if (r.kind === 'handedOver') {
          this.send(rt.workers.get(r.threadId)!, { type: 'BATCH', jobIds: batch });
        } else if (r.kind === 'rejected') {
          rejected.push(batch);
          this.emit('batchRejected', { node: rt.id, jobIds: batch });
        }
      }
    });
    const jitter = this.prng.stream('jitter').next();
    this.reply(key, this.scenario.engine.executorProfile === 'jbpm3'
      ? { type: 'SUBMITTED', at: this.now, rejected, jitter, jbpm3: { idleThreads: this.jbpm3IdleThreads(rt), nextDueAt: this.jbpm3NextDueAt() } }
      : { type: 'SUBMITTED', at: this.now, rejected, jitter }, 0);
  }

  /** Records the trace events of `node`'s hand-over that were held for its acquisition event. */
  private releaseHeld(node: string): void {
    const events = this.held.get(node);
    if (!events) return;
    this.held.delete(node);
    for (const e of events) this.recorder.emit(e.t, e.kind, e.payload as never);
  }

  private cycleCompleted(p: CycleCompletedParams): void {
    const c: AcquisitionContext = p.context;
    const rt = this.nodes.get(p.node)!;
    const pend = rt.pending;
    this.emit('acquisition', {
      node: p.node,
      attempted: c.attempted,
      selected: c.selected.map(s => s.id),
      locked: c.locked,
      clashed: c.clashed,
      batches: c.batches,
      resubmitted: c.resubmit,
      rejected: c.rejected,
      waitMs: c.waitMs,
      idleLevel: c.strategy.idleLevel,
      backoffLevel: c.strategy.backoffLevel,
      sql: pend?.sql ?? '',
      params: pend ? Object.entries(pend.params).map(([k, v]) => `${k}=${typeof v === 'bigint' ? v.toString() : JSON.stringify(v)}`) : [],
    });
    rt.pending = null;
    if (c.waitMs > 0) {
      const reason = c.profile === 'jbpm3'
        ? (c.acquisitionException || c.clashed.length > 0 ? 'backoff' : c.idleThreads > 0 ? 'idle' : null)
        : c.strategy.idleLevel > 0 ? 'idle' : c.strategy.backoffLevel > 0 ? 'backoff' : null;
      if (reason) rt.wait = { since: this.now, reason };
    }
    this.releaseHeld(p.node);
  }

  /** The acquisition thread's wait ends (next cycle or crash): its time goes to perNode idleMs / backoffMs. */
  private endWait(rt: NodeRuntime): void {
    if (!rt.wait) return;
    const n = this.m.perNode[rt.id] ??= { acquisitions: 0, locked: 0, clashes: 0, executed: 0, completed: 0, failed: 0, idleMs: 0, backoffMs: 0 };
    if (rt.wait.reason === 'idle') n.idleMs += this.now - rt.wait.since; else n.backoffMs += this.now - rt.wait.since;
    rt.wait = null;
  }

  // ---- worker effects ----------------------------------------------------------------------------------

  private execLoad(op: Extract<DbOp, { op: 'load' }>, latency: number): void {
    const job = this.table.getJob(op.jobId);
    if (!job) {
      this.reply(op.to, { type: 'LOADED', found: false, durationMs: 0, outcome: { failed: false, error: null } }, latency);
      return;
    }
    const rt = this.nodes.get(op.node)!;
    this.executions.set(op.to, { jobId: job.ID_, rev: job.REV_, lockExp: job.LOCK_EXP_TIME_, startedAt: this.now });
    const who = `${op.node}/${op.thread}`;
    const list = this.running.get(job.ID_);
    if (list && list.length) {
      list.push(who);
      this.emit('duplicateExecution', { jobId: job.ID_, nodes: list.map(x => x.split('/')[0]) });
    } else this.running.set(job.ID_, [who]);
    this.emit('jobStarted', { node: op.node, thread: op.thread, jobId: job.ID_, processInstanceId: job.PROCESS_INSTANCE_ID_, activityId: job.ACT_ID_ });
    let outcome: JobOutcome;
    let durationMs: number;
    if (rt.spec.deployments && job.DEPLOYMENT_ID_ !== null && !rt.spec.deployments.includes(job.DEPLOYMENT_ID_)) {
      outcome = { failed: true, error: `ClassNotFoundException: classes of deployment ${job.DEPLOYMENT_ID_} are not on node ${op.node}` };
      durationMs = 0;
    } else {
      const plan = this.hooks.plan?.(job, this.hookCtx(op.node, op.thread)) ?? this.defaultPlan(job);
      outcome = { failed: plan.error !== null, error: plan.error };
      durationMs = Math.max(0, Math.round(plan.durationMs));
    }
    this.reply(op.to, { type: 'LOADED', found: true, durationMs, outcome }, latency);
  }

  private defaultPlan(job: JobRow): { durationMs: number; error: string | null } {
    const a = job.ACT_ID_ !== null ? this.scenario.activities[job.ACT_ID_] : undefined;
    const spec = a?.durationMs ?? this.scenario.engine.defaultJobDurationMs;
    const durations = this.prng.stream('durations');
    const durationMs = sampleDurationSpec(spec, () => durations.next());
    const p = a?.failureProbability ?? 0;
    const failed = p > 0 && this.prng.stream('failures').next() < p;
    return { durationMs, error: failed ? (a?.error ?? 'java.lang.RuntimeException: simulated failure') : null };
  }

  private execCommit(op: Extract<DbOp, { op: 'commit' }>, latency: number): void {
    const ex = this.executions.get(op.to);
    if (!this.hooks.onJobExecuted && ex && this.table.deleteJob(op.jobId, ex.rev)) {
      // Literal rows: the transaction is the DELETE alone; the row needs no reading when it succeeds.
      this.finishRunning(op.jobId, op.node, op.thread);
      this.commitSucceeded(op, [], null, null, []);
      this.reply(op.to, { type: 'COMMITTED', ok: true }, latency);
      return;
    }
    const job = this.table.getJob(op.jobId);
    const ctx = this.hookCtx(op.node, op.thread);
    let ok = false;
    let created: { job: NewJob; shortcut: boolean }[] = [];
    let deleted: string[] = [];
    let statement = job ? 'DELETE FROM ACT_RU_JOB WHERE ID_ = ? AND REV_ = ?' : 'job no longer exists';
    if (job && ex) {
      const result = this.hooks.onJobExecuted?.(job, ctx) ?? undefined;
      const touch = result?.touchExecution;
      if (result?.conflict) {
        statement = result.conflict.statement; // the engine's UPDATE/DELETE of an execution hit 0 rows: rollback
      } else if (touch || result?.deleteJobs?.length) {
        try {
          this.table.transaction(() => {
            ok = (!touch || this.table.updateExecutionRev(touch.id, touch.rev)) && this.table.deleteJob(job.ID_, ex.rev);
            if (!ok) throw new RollbackSignal();
            deleted = this.deleteOtherJobs(result!.deleteJobs ?? []).map(d => d.id);
          });
        } catch (e) { if (!(e instanceof RollbackSignal)) throw e; ok = false; }
      } else ok = this.table.deleteJob(job.ID_, ex.rev);
      if (ok) created = (result?.createJobs ?? []).map(j => ({ job: j, shortcut: false }));
    }
    this.finishRunning(op.jobId, op.node, op.thread);
    if (ok) this.commitSucceeded(op, deleted, job ?? null, ctx, created);
    else this.emit('optimisticLockingFailure', { node: op.node, thread: op.thread, jobId: op.jobId, statement });
    this.reply(op.to, { type: 'COMMITTED', ok }, latency);
  }

  /** The job's transaction committed: bookkeeping, trace, then the jobs it created. */
  private commitSucceeded(op: Extract<DbOp, { op: 'commit' }>, deleted: string[], job: JobRow | null, ctx: HookContext | null, created: { job: NewJob }[]): void {
    this.liveJobs--;
    this.cancelLockCheck(op.jobId);
    this.m.perThread[op.thread] = (this.m.perThread[op.thread] ?? 0) + 1;
    this.emit('jobCompleted', deleted.length
      ? { node: op.node, thread: op.thread, jobId: op.jobId, durationMs: op.durationMs, deletedJobs: deleted }
      : { node: op.node, thread: op.thread, jobId: op.jobId, durationMs: op.durationMs });
    if (!created.length) return;
    const rt = this.nodes.get(op.node)!;
    let hint = false;
    for (const c of created) {
      const row = this.createJob(c.job, op.node, ctx!, job!);
      if (row.shortcut) this.send(op.to, { type: 'EXCLUSIVE_JOB_ADDED', jobId: row.id });
      else if (row.hint) hint = true;
    }
    if (hint && rt.acqKey) this.send(rt.acqKey, { type: 'JOB_ADDED' });
  }

  private execFail(op: Extract<DbOp, { op: 'fail' }>, latency: number): void {
    const ex = this.executions.get(op.to);
    this.finishRunning(op.jobId, op.node, op.thread);
    const job = this.table.getJob(op.jobId);
    const ole = op.error === OPTIMISTIC_LOCKING_EXCEPTION;
    if (!job || !ex || job.LOCK_EXP_TIME_ !== ex.lockExp) {
      // FailedJobListener skipped: the job is gone or another node re-acquired it (lock expiry changed).
      this.emit('jobFailed', { node: op.node, thread: op.thread, jobId: op.jobId, error: op.error, strategy: 'skipped', retries: job?.RETRIES_ ?? 0, dueDate: job?.DUEDATE_ ?? null });
      this.reply(op.to, { type: 'FAILURE_RECORDED' }, latency);
      return;
    }
    const cycle = this.retryCycleOf(job);
    const f = computeFailure({
      handlerType: job.HANDLER_TYPE_, retryCycle: cycle, retries: job.RETRIES_,
      firstFailure: job.EXCEPTION_MSG_ === null && job.EXCEPTION_STACK_ID_ === null,
      optimisticLocking: ole, now: this.now, profile: this.scenario.engine.profile,
    });
    const dueDate = f.dueDate === undefined ? job.DUEDATE_ : f.dueDate;
    this.table.updateJobAfterFailure(job.ID_, job.REV_, { retries: f.retries, dueDate, exceptionMessage: op.error, failedActivityId: job.ACT_ID_ });
    this.cancelLockCheck(job.ID_);
    this.emit('jobFailed', { node: op.node, thread: op.thread, jobId: job.ID_, error: op.error, strategy: f.strategy, retries: f.retries, dueDate });
    if (f.retries <= 0) {
      this.liveJobs--;
      this.table.createIncident({
        ID_: this.nextId('incident'), INCIDENT_TIMESTAMP_: this.now, INCIDENT_MSG_: op.error, INCIDENT_TYPE_: 'failedJob',
        EXECUTION_ID_: job.EXECUTION_ID_, ACTIVITY_ID_: job.ACT_ID_, FAILED_ACTIVITY_ID_: job.ACT_ID_, PROC_INST_ID_: job.PROCESS_INSTANCE_ID_,
        PROC_DEF_ID_: job.PROCESS_DEF_ID_, CONFIGURATION_: job.ID_, JOB_DEF_ID_: job.JOB_DEF_ID_,
      } as any);
      this.emit('incident', { jobId: job.ID_, activityId: job.ACT_ID_, error: op.error });
    }
    const rt = this.nodes.get(op.node)!;
    // jBPM 3 records the failure in the job's own transaction and notifies nobody (its thread goes on).
    if (rt.acqKey && this.scenario.engine.executorProfile !== 'jbpm3') this.send(rt.acqKey, { type: 'JOB_ADDED' });
    this.reply(op.to, { type: 'FAILURE_RECORDED' }, latency);
  }

  private retryCycleOf(job: Pick<JobRow, 'ACT_ID_' | 'HANDLER_TYPE_' | 'JOB_DEF_ID_'>): string | null {
    return this.hooks.retryConfiguration?.(job) ?? this.scenario.engine.failedJobRetryTimeCycle;
  }

  private finishRunning(jobId: string, node: string, thread: string): void {
    const list = this.running.get(jobId);
    if (!list) return;
    const i = list.indexOf(`${node}/${thread}`);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.running.delete(jobId);
  }

  private batchDone(key: string, p: BatchDoneParams): void {
    this.executions.delete(key);
    const rt = this.nodes.get(p.node)!;
    if (!rt.up) return;
    const r = rt.pool.finished(p.thread);
    if (r.kind === 'next') this.send(key, { type: 'BATCH', jobIds: r.task });
    else if (r.kind === 'ended') { rt.workers.delete(p.thread); this.machines.delete(key); }
    if (rt.acqKey) this.send(rt.acqKey, this.scenario.engine.executorProfile === 'jbpm3' ? { type: 'JOB_ADDED', threadFreed: true } : { type: 'JOB_ADDED' });
  }

  // ---- jobs ------------------------------------------------------------------------------------------------

  /** Inserts a job; decides the "exclusive job added" shortcut when created by a running job. */
  private createJob(input: NewJob, creatorNode: string | null, ctx: HookContext, creator?: JobRow): { id: string; shortcut: boolean; hint: boolean } {
    const e = this.scenario.engine;
    const row: JobInput = { ...input, ID_: input.ID_ ?? this.nextId('job') } as JobInput;
    if (row.CREATE_TIME_ === undefined) row.CREATE_TIME_ = this.now;
    if (row.RETRIES_ === undefined) {
      row.RETRIES_ = e.profile === 'legacy' ? e.defaultRetries : retriesAtCreation(this.retryCycleOf({ ACT_ID_: row.ACT_ID_ ?? null, HANDLER_TYPE_: row.HANDLER_TYPE_ ?? 'async-continuation', JOB_DEF_ID_: row.JOB_DEF_ID_ ?? null }), e.profile, e.defaultRetries);
    }
    if (e.ensureJobDueDateNotNull && (row.DUEDATE_ === undefined || row.DUEDATE_ === null)) row.DUEDATE_ = this.now;
    if (row.JOB_DEF_ID_ !== undefined && row.JOB_DEF_ID_ !== null) this.applyJobDefinition(row);
    let shortcut = false, hint = false;
    if (creator && creatorNode) {
      const rt = this.nodes.get(creatorNode)!;
      const exclusive = row.EXCLUSIVE_ ?? true;
      const due = row.DUEDATE_ === undefined || row.DUEDATE_ === null || row.DUEDATE_ <= this.now;
      const prio = row.PRIORITY_ ?? 0;
      const inRange = (e.jobExecutorPriorityRangeMin === null || prio >= e.jobExecutorPriorityRangeMin) && (e.jobExecutorPriorityRangeMax === null || prio <= e.jobExecutorPriorityRangeMax);
      const active = (row.SUSPENSION_STATE_ ?? 1) === 1;
      if (inRange && active && exclusive && due && creator.EXCLUSIVE_ && creator.PROCESS_INSTANCE_ID_ !== null && (row.PROCESS_INSTANCE_ID_ ?? null) === creator.PROCESS_INSTANCE_ID_) {
        row.LOCK_OWNER_ = rt.id;
        row.LOCK_EXP_TIME_ = this.now + rt.spec.config.lockTimeInMillis;
        shortcut = true;
      } else hint = this.hintsExecutor(row, rt);
    } else if (creatorNode) hint = this.hintsExecutor(row, this.nodes.get(creatorNode)!); // an API transaction on a node
    this.table.insertJobRow(row);
    if ((row.RETRIES_ ?? 0) > 0) this.liveJobs++;
    if (shortcut) this.scheduleLockCheck(row.ID_, row.LOCK_OWNER_!, row.LOCK_EXP_TIME_!);
    this.emit('jobCreated', {
      jobId: row.ID_, processInstanceId: row.PROCESS_INSTANCE_ID_ ?? null, activityId: row.ACT_ID_ ?? null,
      handlerType: row.HANDLER_TYPE_ ?? 'async-continuation', exclusive: row.EXCLUSIVE_ ?? true, priority: Number(row.PRIORITY_ ?? 0),
      retries: row.RETRIES_ ?? 0, dueDate: row.DUEDATE_ ?? null, by: creator ? creator.ID_ : null,
    });
    void ctx;
    return { id: row.ID_, shortcut, hint };
  }

  /**
   * Whether a new job (not taken by the exclusive shortcut) wakes the creating node's acquisition
   * after commit: Camunda's MessageAddedNotification, for a timer only when it is due before
   * `now + waitTimeInMillis` (JobManager); jBPM 3 notifies for every message and timer it saves
   * (DbMessageService / DbSchedulerService.close).
   */
  private hintsExecutor(row: JobInput, rt: NodeRuntime): boolean {
    if (this.scenario.engine.executorProfile === 'jbpm3') return true;
    const isTimer = (row.TYPE_ ?? 'message') === 'timer';
    return !isTimer || (row.DUEDATE_ ?? 0) < this.now + rt.spec.config.waitTimeInMillis;
  }

  /**
   * A new job of a job definition: the definition's overriding priority wins over what the creator
   * computed (override › activity › process › 0, DefaultJobPriorityProvider), and a suspended
   * definition creates suspended jobs (JobDeclaration).
   */
  private applyJobDefinition(row: JobInput): void {
    const r = this.table.query('SELECT JOB_PRIORITY_, SUSPENSION_STATE_ FROM ACT_RU_JOBDEF WHERE ID_ = ?', [row.JOB_DEF_ID_!])[0];
    if (!r) return;
    if (r[0] !== null) row.PRIORITY_ = Number(r[0]);
    if (r[1] === 2) row.SUSPENSION_STATE_ = 2;
  }

  private scheduleLockCheck(jobId: string, owner: string, exp: number): void {
    this.cancelLockCheck(jobId);
    this.lockChecks.set(jobId, this.queue.schedule(exp + 1, { k: 'lockExpiry', jobId, owner, exp }));
  }

  private cancelLockCheck(jobId: string): void {
    const h = this.lockChecks.get(jobId);
    if (h !== undefined) { this.queue.cancel(h); this.lockChecks.delete(jobId); }
  }

  private lockExpiry(jobId: string, owner: string, exp: number): void {
    this.lockChecks.delete(jobId);
    const job = this.table.getJob(jobId);
    if (job && job.LOCK_OWNER_ === owner && job.LOCK_EXP_TIME_ === exp) this.emit('lockExpired', { jobId, lockOwner: owner, lockExpTime: exp });
  }

  /**
   * OURS (simulator/recovery/aliveSignal.ts): a running node's alive signal and its look for dead
   * nodes; schedules its next signal. A signal of an earlier incarnation (the node crashed since) is dropped.
   */
  private aliveSignal(node: string, inc: number): void {
    const rt = this.nodes.get(node)!;
    if (!this.recovery || !rt.up || rt.inc !== inc) return;
    for (const r of this.recovery.signal(node, this.now)) {
      this.emit('nodeSupposedDead', { node: r.node, by: r.by, lastAliveAt: r.lastAliveAt });
      for (const id of r.jobIds) this.cancelLockCheck(id);
      this.emit('jobsRestored', { node: r.node, by: r.by, jobIds: r.jobIds });
      if (r.jobIds.length && rt.acqKey) this.send(rt.acqKey, { type: 'JOB_ADDED' });
    }
    this.queue.scheduleIn(this.recovery.intervalMs, { k: 'aliveSignal', node, inc });
  }

  // ---- node lifecycle ------------------------------------------------------------------------------------

  private startExecutor(node: string): void {
    const rt = this.nodes.get(node)!;
    rt.up = true;
    rt.inc++;
    rt.pool = this.newPool(rt.spec);
    rt.workers.clear();
    rt.registered = [...rt.spec.config.registeredDeployments];
    rt.pending = null;
    rt.wait = null;
    rt.acqKey = `acq:${node}#${rt.inc}`;
    this.emit('nodeStarted', { node });
    if (this.recovery) this.aliveSignal(node, rt.inc);
    const c = rt.spec.config;
    const e = this.scenario.engine;
    const [snap, actions] = this.xs.initial(acquisitionMachine, {
      node, profile: e.executorProfile,
      cfg: { maxJobsPerAcquisition: c.maxJobsPerAcquisition, waitTimeInMillis: c.waitTimeInMillis, waitIncreaseFactor: c.waitIncreaseFactor, maxWait: c.maxWait, backoffTimeInMillis: c.backoffTimeInMillis, maxBackoff: c.maxBackoff, backoffDecreaseThreshold: c.backoffDecreaseThreshold },
      jbpm3Cfg: { idleInterval: e.idleInterval, maxIdleInterval: e.maxIdleInterval },
    });
    this.machines.set(rt.acqKey, { logic: acquisitionMachine, snap });
    this.performAll(rt.acqKey, actions);
  }

  private crashExecutor(node: string): void {
    const rt = this.nodes.get(node)!;
    rt.up = false;
    this.endWait(rt);
    this.releaseHeld(node); // a hand-over whose cycle ends with the crash: its acquisition event never comes
    const runningJobs: string[] = [];
    for (const [thread, key] of rt.workers) {
      const ex = this.executions.get(key);
      if (ex) { runningJobs.push(ex.jobId); this.finishRunning(ex.jobId, node, thread); this.executions.delete(key); }
      this.deliver(key, { type: 'STOP' }); // now: the thread dies mid-job (its delayed events are cancelled)
    }
    if (rt.acqKey) this.deliver(rt.acqKey, { type: 'STOP' });
    for (const key of rt.workers.values()) this.machines.delete(key);
    if (rt.acqKey) this.machines.delete(rt.acqKey);
    rt.workers.clear();
    rt.pool.shutdownNow();
    rt.acqKey = null;
    rt.pending = null;
    const locked = this.table.query('SELECT COUNT(*) FROM ACT_RU_JOB WHERE LOCK_OWNER_ = :o', { ':o': node })[0][0] as number;
    this.emit('nodeCrashed', { node, runningJobs, lockedJobs: locked });
  }

  crashNode(node: string): void { this.send(NODE_KEY(node), { type: 'CRASH' }); }
  restartNode(node: string): void { this.send(NODE_KEY(node), { type: 'RESTART' }); }

  // ---- timeline and load ---------------------------------------------------------------------------------

  private runTimeline(i: number): void {
    const t = this.scenario.timeline[i];
    const detail = JSON.stringify(t);
    this.emit('timeline', { action: t.action, detail });
    switch (t.action) {
      case 'crashNode': this.crashNode(t.node!); break;
      case 'restartNode': {
        if (t.deployments) { // a new build: other classes; a running node is stopped first (like crashNode)
          const rt = this.nodes.get(t.node!)!;
          rt.spec = { ...rt.spec, deployments: [...t.deployments] };
          if (rt.up) this.crashNode(t.node!);
        }
        this.restartNode(t.node!);
        break;
      }
      case 'registerDeployment': { const rt = this.nodes.get(t.node!)!; if (!rt.registered.includes(t.deployment!)) rt.registered.push(t.deployment!); break; }
      case 'unregisterDeployment': { const rt = this.nodes.get(t.node!)!; rt.registered = rt.registered.filter(d => d !== t.deployment); break; }
      case 'deploy': {
        const ctx = this.hookCtx('', '');
        const r = this.hooks.deploy?.(t.deployment!, ctx);
        for (const d of r?.jobDefinitions ?? []) this.table.insertJobDefinition(d);
        if (r?.deleteJobs?.length) this.deleteReported(r, `deleted by deployment ${t.deployment!}`);
        for (const j of r?.createJobs ?? []) this.createJob(j, null, ctx);
        if (r?.createJobs?.length) for (const rt of this.nodes.values()) if (rt.acqKey) this.send(rt.acqKey, { type: 'JOB_ADDED' });
        break;
      }
      case 'suspendJobDefinition':
      case 'activateJobDefinition': {
        const suspended = t.action === 'suspendJobDefinition';
        const defs = this.jobDefinitionsOf(t);
        for (const id of defs) {
          if (suspended) this.table.suspendJobDefinition(id); else this.table.activateJobDefinition(id);
          this.hooks.jobDefinitionChanged?.(id, { suspended });
        }
        if (!defs.length && t.activityId) this.table.run('UPDATE ACT_RU_JOB SET SUSPENSION_STATE_ = :s, REV_ = REV_ + 1 WHERE ACT_ID_ = :a', { ':s': suspended ? 2 : 1, ':a': t.activityId });
        break;
      }
      case 'setOverridingJobPriority':
      case 'clearOverridingJobPriority': {
        const prio = t.action === 'setOverridingJobPriority' ? t.priority! : null;
        const defs = this.jobDefinitionsOf(t);
        for (const id of defs) {
          this.table.setOverridingJobPriority(id, prio, t.cascade ?? false);
          this.hooks.jobDefinitionChanged?.(id, { overridingPriority: prio });
        }
        if (!defs.length && t.activityId && prio !== null && t.cascade) this.table.run('UPDATE ACT_RU_JOB SET PRIORITY_ = :p WHERE ACT_ID_ = :a', { ':p': prio, ':a': t.activityId });
        break;
      }
      case 'setRetries': {
        const before = this.table.getJob(t.jobId!);
        if (before && this.table.setRetries(t.jobId!, t.retries!)) {
          if ((before.RETRIES_ ?? 0) <= 0 && t.retries! > 0) this.liveJobs++;
          if ((before.RETRIES_ ?? 0) > 0 && t.retries! <= 0) this.liveJobs--;
        }
        break;
      }
    }
  }

  /** The ACT_RU_JOBDEF rows a timeline entry names: its jobDefinitionId, or every definition of its activityId. */
  private jobDefinitionsOf(t: { jobDefinitionId?: string; activityId?: string }): string[] {
    if (t.jobDefinitionId) return [t.jobDefinitionId];
    if (!t.activityId) return [];
    return this.table.query('SELECT ID_ FROM ACT_RU_JOBDEF WHERE ACT_ID_ = ? ORDER BY ID_', [t.activityId]).map(r => r[0] as string);
  }

  private runLoad(li: number, i: number): void {
    const l = this.scenario.load[li];
    if (!l.balancer) {
      const ctx = this.hookCtx('', '');
      this.applyChanges(this.hooks.startInstance?.(l, i, ctx), ctx, 'deleted by an API transaction (instance start)');
      return;
    }
    const node = this.balance(li);
    if (node === null) {
      const list = l.nodes ?? this.scenario.nodes.map(n => n.id);
      this.emit('startFailed', { node: null, processDefinitionKey: l.processDefinitionKey, error: `no node up behind the load balancer (${list.join(', ')} all down): the start request of '${l.processDefinitionKey}' was not served` });
      return;
    }
    const ctx = this.hookCtx(node, '');
    const r = this.hooks.startInstance?.(l, i, ctx);
    if (r?.error !== undefined) this.emit('startFailed', { node, processDefinitionKey: l.processDefinitionKey, error: r.error });
    for (const st of r?.started ?? []) this.emit('processStarted', { node, processInstanceId: st.processInstanceId, processDefinitionKey: st.processDefinitionKey });
    this.applyChanges(r, ctx, 'deleted by an API transaction (instance start)');
  }

  /** The node a load entry's balancer sends the next start to (crashed nodes skipped); null: none is up. */
  private balance(li: number): string | null {
    const l = this.scenario.load[li];
    const list = l.nodes ?? this.scenario.nodes.map(n => n.id);
    if (l.balancer === 'random') {
      const up = list.filter(id => this.nodes.get(id)?.up);
      if (!up.length) return null;
      return up[Math.min(up.length - 1, Math.floor(this.prng.stream('balancer').next() * up.length))];
    }
    const from = this.rr[li] ?? 0;
    for (let k = 0; k < list.length; k++) {
      const idx = (from + k) % list.length;
      if (this.nodes.get(list[idx])?.up) { this.rr[li] = idx + 1; return list[idx]; }
    }
    return null;
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private nextId(prefix: string): string { return `${prefix}-${++this.idCounter}`; }

  private hookCtx(node: string, thread: string): HookContext {
    const self = this;
    return {
      get now() { return self.now; },
      node, thread,
      random: name => self.prng.stream(name),
      nextId: prefix => self.nextId(prefix),
      hasDeploymentClasses: deploymentId => {
        const deps = node ? self.nodes.get(node)?.spec.deployments : undefined;
        return !deps || deps.includes(deploymentId);
      },
    };
  }

  private emit<K extends TraceKind>(kind: K, payload: TracePayload<K>): void {
    if (this.holding !== null) { this.held.get(this.holding)!.push({ t: this.now, kind, payload }); return; }
    this.recorder.emit(this.now, kind, payload);
  }

  /** Metrics, updated from the trace events themselves so they can never disagree with the trace. */
  private observe(e: TraceEvent): void {
    const m = this.m;
    const node = (n: string) => (m.perNode[n] ??= { acquisitions: 0, locked: 0, clashes: 0, executed: 0, completed: 0, failed: 0, idleMs: 0, backoffMs: 0 });
    switch (e.kind) {
      case 'acquisition': { const n = node(e.node); n.acquisitions++; n.locked += e.locked.length; n.clashes += e.clashed.length; m.acquisitions++; m.lockClashes += e.clashed.length; break; }
      case 'jobCreated': m.jobsCreated++; break;
      case 'jobStarted': m.executions++; node(e.node).executed++; break;
      case 'jobCompleted': m.jobsCompleted++; node(e.node).completed++; this.lastCompletionAt = e.t; break;
      case 'jobFailed': node(e.node).failed++; m.failuresByError[e.error] = (m.failuresByError[e.error] ?? 0) + 1; break;
      case 'incident': m.incidents++; break;
      case 'processStarted': (m.startsByNode[e.node] ??= { started: 0, failed: 0 }).started++; break;
      case 'startFailed':
        m.startsFailedByError[e.error] = (m.startsFailedByError[e.error] ?? 0) + 1;
        if (e.node !== null) (m.startsByNode[e.node] ??= { started: 0, failed: 0 }).failed++;
        break;
      case 'batchRejected': m.rejectedBatches++; break;
      case 'duplicateExecution': m.duplicateExecutions++; break;
      case 'optimisticLockingFailure': m.executionOptimisticLockingFailures++; break;
    }
  }

  summary(): Summary {
    const s: Summary = structuredClone(this.m);
    s.virtualTimeMs = this.now;
    s.makespanMs = this.lastCompletionAt;
    s.steps = this.steps;
    s.throughputPerSecond = this.lastCompletionAt > 0 ? Math.round((s.jobsCompleted * 1000 / this.lastCompletionAt) * 1000) / 1000 : 0;
    for (const rt of this.nodes.values()) { // a wait still in progress counts up to now
      const n = rt.wait && s.perNode[rt.id];
      if (n) { if (rt.wait!.reason === 'idle') n.idleMs += this.now - rt.wait!.since; else n.backoffMs += this.now - rt.wait!.since; }
    }
    s.dbBusyMs = Math.round(s.dbBusyMs * 1000) / 1000;
    s.dbWaitMs = Math.round(s.dbWaitMs * 1000) / 1000;
    s.dbUtilisation = utilisation(s.dbBusyMs, this.dbs ? this.dbs.freeAt.length : this.scenario.engine.dbConnections, s.makespanMs > 0 ? s.makespanMs : s.virtualTimeMs);
    return s;
  }

  traceHash(): string { return traceHash(this.recorder.events); }
  traceJsonl(): string { return toJsonl(this.recorder.events); }

  snapshot(): SimulationSnapshot {
    const view = (snap: AnyMachineSnapshot): MachineView => ({ value: snap.value, tags: [...snap.tags].sort() });
    return {
      now: this.now,
      steps: this.steps,
      nodes: [...this.nodes.values()].map(rt => {
        const acq = rt.acqKey ? this.machines.get(rt.acqKey) : undefined;
        const ac = acq?.snap.context as AcquisitionContext | undefined;
        return {
          id: rt.id,
          lifecycle: view(this.machines.get(NODE_KEY(rt.id))!.snap),
          acquisition: acq && ac ? { ...view(acq.snap), idleLevel: ac.strategy.idleLevel, backoffLevel: ac.strategy.backoffLevel, numJobsToAcquire: ac.strategy.numJobsToAcquire, waitMs: ac.waitMs, rejected: ac.rejected } : null,
          threads: [...rt.workers].map(([id, key]) => {
            const w = this.machines.get(key)!;
            return { id, ...view(w.snap), jobId: w.snap.context.jobId, queue: w.snap.context.queue };
          }),
          poolQueue: [...rt.pool.queued],
          registeredDeployments: [...rt.registered],
        };
      }),
      jobs: this.table.allJobs(),
      metrics: this.summary(),
      ...(this.recovery ? { nodeAlive: this.recovery.rows() } : {}),
    };
  }

  // ---- checkpoint / restore ----------------------------------------------------------------------------------

  checkpoint(): Checkpoint {
    const state = {
      queue: this.queue.serialize() as EventQueueState<SimEvent>,
      prng: this.prng.serialize() as PrngState,
      machines: [...this.machines].map(([key, m]) => ({ key, kind: m.logic === nodeMachine ? 'node' : m.logic === acquisitionMachine ? 'acq' : 'worker', value: m.snap.value, context: m.snap.context })),
      delayed: [...this.delayed],
      nodes: [...this.nodes.values()].map(rt => ({ id: rt.id, up: rt.up, inc: rt.inc, acqKey: rt.acqKey, pool: rt.pool.serialize() as ThreadPoolState<string[]>, workers: [...rt.workers], registered: rt.registered, pending: rt.pending, deployments: rt.spec.deployments ?? null, wait: rt.wait })),
      executions: [...this.executions],
      running: [...this.running],
      lockChecks: [...this.lockChecks],
      connFreeAt: this.connFreeAt,
      dbServer: this.dbs ? this.dbs.serialize() : null,
      idCounter: this.idCounter, liveJobs: this.liveJobs, steps: this.steps, busyWorkers: this.busyWorkers,
      pendingExternal: this.pendingExternal, lastCompletionAt: this.lastCompletionAt,
      metrics: this.m,
      traceCount: this.recorder.events.length, traceSeq: this.recorder.count,
      wake: this.wake,
      held: [...this.held],
      rr: this.rr,
    };
    const cp: Checkpoint = { db: this.table.checkpoint(), state: JSON.stringify(state, (_k, v) => typeof v === 'bigint' ? { $bigint: v.toString() } : v) };
    if (this.hooks.checkpoint) cp.hooks = this.hooks.checkpoint();
    return cp;
  }

  restore(cp: Checkpoint): void {
    const s = JSON.parse(cp.state, (_k, v) => v && typeof v === 'object' && typeof v.$bigint === 'string' ? BigInt(v.$bigint) : v);
    this.table.restore(cp.db);
    this.queue.restore(s.queue);
    this.prng = Prng.restore(s.prng);
    this.machines.clear();
    for (const m of s.machines) {
      const logic = m.kind === 'node' ? nodeMachine : m.kind === 'acq' ? acquisitionMachine : workerMachine;
      this.machines.set(m.key, { logic, snap: (logic as AnyStateMachine).resolveState({ value: m.value, context: m.context }) });
    }
    this.delayed = new Map(s.delayed);
    for (const n of s.nodes) {
      const rt = this.nodes.get(n.id)!;
      rt.up = n.up; rt.inc = n.inc; rt.acqKey = n.acqKey; rt.registered = n.registered; rt.pending = n.pending; rt.wait = n.wait ?? null;
      if (n.deployments !== undefined) rt.spec = { ...rt.spec, deployments: n.deployments ?? undefined };
      rt.pool = this.newPool(rt.spec); rt.pool.restore(n.pool);
      rt.workers = new Map(n.workers);
    }
    this.executions = new Map(s.executions);
    this.running = new Map(s.running);
    this.lockChecks = new Map(s.lockChecks);
    this.connFreeAt = s.connFreeAt;
    if (this.dbs && s.dbServer) this.dbs.restore(s.dbServer as DbServerState<DbOp>);
    this.idCounter = s.idCounter; this.liveJobs = s.liveJobs; this.steps = s.steps; this.busyWorkers = s.busyWorkers;
    this.pendingExternal = s.pendingExternal; this.lastCompletionAt = s.lastCompletionAt;
    this.m = s.metrics;
    this.recorder.restore(this.recorder.events.slice(0, s.traceCount), s.traceSeq);
    this.wake = s.wake ?? null;
    this.held = new Map(s.held ?? []);
    this.rr = [...(s.rr ?? [])];
    this.restartingNodes = 0;
    for (const m of this.machines.values()) if (m.logic === nodeMachine && m.snap.hasTag('restarting')) this.restartingNodes++;
    if (this.hooks.restore) this.hooks.restore(cp.hooks);
  }

  close(): void { this.table.close(); }
}

class RollbackSignal extends Error {}

function emptySummary(nodes: string[]): Summary {
  return {
    virtualTimeMs: 0, makespanMs: 0, jobsCreated: 0, jobsCompleted: 0, executions: 0, duplicateExecutions: 0, lockClashes: 0,
    executionOptimisticLockingFailures: 0, failuresByError: {}, startsFailedByError: {}, startsByNode: {}, incidents: 0, rejectedBatches: 0, acquisitions: 0,
    perNode: Object.fromEntries(nodes.map(n => [n, { acquisitions: 0, locked: 0, clashes: 0, executed: 0, completed: 0, failed: 0, idleMs: 0, backoffMs: 0 }])),
    perThread: {}, throughputPerSecond: 0, steps: 0, dbStatements: 0, dbBusyMs: 0, dbWaitMs: 0, dbUtilisation: null,
  };
}

