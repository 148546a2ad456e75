/**
 * The simulator panel's host-side model: one running `Simulation` (simulator/simulation.ts) with its
 * BPMN engine hooks, stepped on request, and the messages the webview needs. No `vscode` here, so
 * Node tests, the browser test and the benchmark drive exactly the code the panel runs.
 *
 * - Deltas: new trace events since the last message, and the ACT_RU_JOB rows touched since then —
 *   collected with sql.js's update hook (rowid = SEQ_), read back by SEQ_, missing ones are deletes.
 * - Checkpoints: every `checkpointEvery` simulation steps a mark (time, steps, trace length). Rewind
 *   rebuilds the run and replays it to the mark with the same seed and the same manual node
 *   crashes/restarts — the engine hooks (BPMN token state) have no checkpoint of their own, and a
 *   deterministic replay gives the identical trace. Without engine deployments `Simulation.checkpoint()`
 *   is kept as well and restored directly.
 * - Explanations of an acquisition are computed on a replayed copy, on the table exactly as its
 *   SELECT saw it (see `explain`).
 */
import { createSimulation, SimulationLimitError, type Simulation, type Checkpoint, type SimulationSnapshot, type Summary } from '../../simulator/simulation';
import { createEngineHooks } from '../../simulator/engine/hooks';
import { defaultAcquisitionConfig, type AcquisitionConfig } from '../../simulator/db/acquisition';
import { explainAcquisition } from '../../simulator/explainAcquisition';
import type { JobRow } from '../../simulator/db/jobTable';
import type { Scenario } from '../../simulator/scenario/types';
import type { TraceEvent } from '../../simulator/trace';
import type {
  CheckpointInfo, ExplanationView, FullState, JobRowView, NodeView, QuickSettings, RunSummaryView, StepDelta,
} from '../protocol/simulator';
import { applySettings, settingsOf, scenarioToJson } from './settings';
import type { RunSource } from './fromFile';

const ROW_COLUMNS = 'SEQ_, ID_, REV_, TYPE_, PRIORITY_, DUEDATE_, LOCK_OWNER_, LOCK_EXP_TIME_, RETRIES_, EXCLUSIVE_, PROCESS_INSTANCE_ID_, DEPLOYMENT_ID_, SUSPENSION_STATE_, ACT_ID_';
const ROW_BY_SEQ = `SELECT ${ROW_COLUMNS} FROM ACT_RU_JOB WHERE SEQ_ = ?`;
const ALL_ROWS = `SELECT ${ROW_COLUMNS} FROM ACT_RU_JOB ORDER BY SEQ_`;
/** Safety net for one "step to the next event" (simulation steps without a trace event). */
const MAX_SILENT_STEPS = 1_000_000;

type Value = number | string | null | Uint8Array | bigint;

function rowView(v: Value[]): JobRowView {
  const n = (x: Value) => (x === null ? null : Number(x));
  return {
    SEQ_: Number(v[0]), ID_: String(v[1]), REV_: n(v[2]), TYPE_: String(v[3]), PRIORITY_: Number(v[4] ?? 0), DUEDATE_: n(v[5]),
    LOCK_OWNER_: v[6] === null ? null : String(v[6]), LOCK_EXP_TIME_: n(v[7]), RETRIES_: n(v[8]),
    EXCLUSIVE_: v[9] === null ? null : Number(v[9]) !== 0, PROCESS_INSTANCE_ID_: v[10] === null ? null : String(v[10]),
    DEPLOYMENT_ID_: v[11] === null ? null : String(v[11]), SUSPENSION_STATE_: Number(v[12]), ACT_ID_: v[13] === null ? null : String(v[13]),
  };
}

function stateName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}.${stateName(v)}`).join(',');
  return String(value);
}

function summaryView(s: Summary): RunSummaryView {
  return {
    jobsCreated: s.jobsCreated, jobsCompleted: s.jobsCompleted, executions: s.executions, acquisitions: s.acquisitions,
    lockClashes: s.lockClashes, duplicateExecutions: s.duplicateExecutions, incidents: s.incidents, rejectedBatches: s.rejectedBatches,
    throughputPerSecond: s.throughputPerSecond,
  };
}

interface Intervention { steps: number; t: number; action: 'crash' | 'restart'; node: string }
interface Mark { info: CheckpointInfo; cp?: Checkpoint; interventions: number }

export interface ControllerOptions {
  /** Simulation steps between checkpoints (default 2000). */
  checkpointEvery?: number;
  /** Checkpoints kept (older ones are thinned out; the first is always kept). Default 60. */
  maxCheckpoints?: number;
}

export class SimulationController {
  private sim!: Simulation;
  private scenario: Scenario;
  private readonly base: Scenario;
  private touched = new Set<number>();
  private seqToId = new Map<number, string>();
  private sentEvents = 0;
  private marks: Mark[] = [];
  private interventions: Intervention[] = [];
  private limitError: string | null = null;
  /** Play position in virtual time (may run ahead of the last event through idle gaps). */
  private playhead = 0;
  private readonly checkpointEvery: number;
  private readonly maxCheckpoints: number;
  running = false;
  /** Virtual ms per wall-clock second while playing (0 = as fast as possible). */
  speed = 1000;

  private constructor(readonly source: RunSource, opts: ControllerOptions) {
    this.base = source.prepared.scenario;
    this.scenario = structuredClone(this.base);
    this.checkpointEvery = opts.checkpointEvery ?? 2000;
    this.maxCheckpoints = opts.maxCheckpoints ?? 60;
  }

  static async create(source: RunSource, opts: ControllerOptions = {}): Promise<SimulationController> {
    const c = new SimulationController(source, opts);
    await c.build();
    return c;
  }

  get now(): number { return this.sim.now; }
  get steps(): number { return this.sim.summary().steps; }
  get currentScenario(): Scenario { return this.scenario; }
  get trace(): readonly TraceEvent[] { return this.sim.trace; }
  get settings(): QuickSettings { return settingsOf(this.scenario); }
  /**
   * True when the run has ended: quiescent, past `until`, or stopped by a limit. A node restarted
   * from the panel keeps the run going until it is up again (the simulation's quiescence counts a
   * pending restart).
   */
  get done(): boolean {
    if (this.limitError !== null) return true;
    if (this.sim.isQuiescent()) return true;
    const next = this.nextTime();
    return next === undefined || (this.scenario.until !== null && next > this.scenario.until);
  }
  get error(): string | null { return this.limitError; }

  // ---- building -------------------------------------------------------------------------------

  private get usesEngine(): boolean { return Object.keys(this.source.prepared.bpmn).length > 0; }

  private async newSimulation(scenario: Scenario): Promise<Simulation> {
    const hooks = this.usesEngine ? createEngineHooks(scenario, this.source.prepared.bpmn).hooks : undefined;
    return createSimulation(scenario, hooks ? { hooks } : {});
  }

  private async build(): Promise<void> {
    this.sim?.close();
    this.sim = await this.newSimulation(this.scenario);
    this.limitError = null;
    this.playhead = 0;
    this.interventions = [];
    this.marks = [];
    this.attach();
    this.mark();
  }

  /** Installs the update hook on the (possibly new) database and re-reads the SEQ_ → ID_ map. */
  private attach(): void {
    this.touched.clear();
    this.seqToId.clear();
    for (const r of this.sim.table.query('SELECT SEQ_, ID_ FROM ACT_RU_JOB')) this.seqToId.set(Number(r[0]), String(r[1]));
    this.sim.table.database.updateHook((_op, _db, table, rowid) => {
      if (table === 'ACT_RU_JOB') this.touched.add(Number(rowid));
    });
    this.sentEvents = this.sim.trace.length;
  }

  private mark(): boolean {
    const steps = this.steps;
    const last = this.marks[this.marks.length - 1];
    if (last && steps - last.info.steps < this.checkpointEvery) return false;
    const info: CheckpointInfo = { index: this.marks.length, t: this.sim.now, steps, events: this.sim.trace.length };
    this.marks.push({ info, cp: this.usesEngine ? undefined : this.sim.checkpoint(), interventions: this.interventions.length });
    if (this.marks.length > this.maxCheckpoints) {
      // Keep the first, drop every second one of the rest.
      this.marks = [this.marks[0], ...this.marks.slice(1).filter((_, i) => i % 2 === 1)];
      this.marks.forEach((m, i) => { m.info.index = i; });
    }
    return true;
  }

  get checkpoints(): CheckpointInfo[] { return this.marks.map(m => ({ ...m.info })); }

  // ---- views ------------------------------------------------------------------------------------

  /** Node and thread machine states (the snapshot without its job list: the table is sent as rows). */
  private nodeViews(): NodeView[] {
    const table = this.sim.table as unknown as { allJobs: () => JobRow[] };
    // snapshot() also lists every job; we send rows separately, so skip that read (10k rows per step).
    table.allJobs = () => [];
    let snap: SimulationSnapshot;
    try { snap = this.sim.snapshot(); } finally { delete (table as { allJobs?: unknown }).allJobs; }
    return snap.nodes.map((n, i) => ({
      id: n.id,
      lifecycle: stateName(n.lifecycle.value),
      up: n.lifecycle.tags.includes('up'),
      acquisition: n.acquisition ? {
        state: stateName(n.acquisition.value), tags: n.acquisition.tags, idleLevel: n.acquisition.idleLevel, backoffLevel: n.acquisition.backoffLevel,
        numJobsToAcquire: n.acquisition.numJobsToAcquire, waitMs: n.acquisition.waitMs,
      } : null,
      threads: n.threads.map(t => ({ id: t.id, state: stateName(t.value), tags: t.tags, jobId: t.jobId, queue: [...t.queue] })),
      poolQueue: n.poolQueue.length,
      registeredDeployments: n.registeredDeployments,
      deploymentAware: this.scenario.nodes[i]?.config.jobExecutorDeploymentAware ?? false,
    }));
  }

  allRows(): JobRowView[] {
    return this.sim.table.query(ALL_ROWS).map(r => rowView(r as Value[]));
  }

  fullState(): FullState {
    this.touched.clear();
    this.sentEvents = this.sim.trace.length;
    const firstDeployment = this.scenario.deployments[0]?.id;
    return {
      title: this.source.title,
      source: this.source.file,
      seed: this.scenario.seed,
      until: this.scenario.until,
      settings: this.settings,
      now: this.sim.now,
      steps: this.steps,
      done: this.done,
      running: this.running,
      speed: this.speed,
      nodes: this.nodeViews(),
      events: [...this.sim.trace],
      jobs: this.allRows(),
      checkpoints: this.checkpoints,
      summary: summaryView(this.sim.summary()),
      bpmn: firstDeployment !== undefined ? this.source.prepared.bpmn[firstDeployment] ?? null : null,
    };
  }

  /** What changed since the last delta or full state. */
  private delta(markTaken: boolean): StepDelta {
    const trace = this.sim.trace;
    const events = trace.slice(this.sentEvents);
    this.sentEvents = trace.length;
    const upserts: JobRowView[] = [];
    const deletes: string[] = [];
    if (this.touched.size) {
      const seqs = [...this.touched].sort((a, b) => a - b);
      this.touched.clear();
      for (const seq of seqs) {
        const r = this.sim.table.query(ROW_BY_SEQ, [seq])[0];
        if (r) {
          const v = rowView(r as Value[]);
          this.seqToId.set(seq, v.ID_);
          upserts.push(v);
        } else {
          const id = this.seqToId.get(seq);
          if (id !== undefined) { deletes.push(id); this.seqToId.delete(seq); }
        }
      }
    }
    const d: StepDelta = {
      now: this.sim.now, steps: this.steps, done: this.done, events, upserts, deletes, nodes: this.nodeViews(),
      summary: summaryView(this.sim.summary()),
    };
    if (markTaken) d.checkpoints = this.checkpoints;
    return d;
  }

  // ---- stepping ------------------------------------------------------------------------------------

  /** One simulation step; false when the run is over. Limit errors end the run. */
  private stepOnce(): boolean {
    if (this.done) return false;
    try {
      this.sim.step();
    } catch (e) {
      if (e instanceof SimulationLimitError) { this.limitError = e.message; return false; }
      throw e;
    }
    return true;
  }

  private runSteps(until: (produced: number) => boolean): StepDelta {
    const start = this.sim.trace.length;
    let marked = false;
    for (let i = 0; i < MAX_SILENT_STEPS; i++) {
      if (!this.stepOnce()) break;
      if (this.mark()) marked = true;
      if (until(this.sim.trace.length - start)) break;
    }
    return this.delta(marked);
  }

  /** Steps until at least one trace event happened (or the run is over). */
  step(): StepDelta {
    return this.runSteps(n => n > 0);
  }

  /** Steps until the next acquisition event. */
  stepToAcquisition(): StepDelta {
    const start = this.sim.trace.length;
    return this.runSteps(() => {
      const t = this.sim.trace;
      for (let i = t.length - 1; i >= start; i--) if (t[i].kind === 'acquisition') return true;
      return false;
    });
  }

  /**
   * Time of the next queued simulation event. The Simulation API has no public peek yet, so this
   * reads its event queue (`queue.peekTime()`); without it, stepping may overshoot by one event.
   */
  private nextTime(): number | undefined {
    const q = (this.sim as unknown as { queue?: { peekTime?: () => number | undefined } }).queue;
    return typeof q?.peekTime === 'function' ? q.peekTime() : this.sim.now;
  }

  /** Runs every event up to virtual time `t` (inclusive), or to the end of the run — the same events, in the same order, as `run()`. */
  runTo(t: number): StepDelta {
    let marked = false;
    for (;;) {
      const next = this.nextTime();
      if (next === undefined || next > t || !this.stepOnce()) break;
      if (this.mark()) marked = true;
    }
    this.playhead = Math.max(this.playhead, Math.min(t, this.scenario.until ?? t));
    return this.delta(marked);
  }

  /** Advances the play head by `virtualMs` (play): idle gaps pass in virtual time too. */
  advanceBy(virtualMs: number): StepDelta {
    this.playhead = Math.max(this.playhead, this.sim.now) + Math.max(1, Math.round(virtualMs));
    return this.runTo(this.playhead);
  }

  /** Up to `n` simulation steps (play at full speed). */
  stepMany(n: number): StepDelta {
    let i = 0;
    return this.runSteps(() => ++i >= n);
  }

  crashNode(node: string): StepDelta { return this.intervene('crash', node); }
  restartNode(node: string): StepDelta { return this.intervene('restart', node); }

  private intervene(action: 'crash' | 'restart', node: string): StepDelta {
    if (!this.scenario.nodes.some(n => n.id === node)) throw new Error(`no node '${node}'`);
    this.interventions.push({ steps: this.steps, t: this.sim.now, action, node });
    if (action === 'crash') this.sim.crashNode(node); else this.sim.restartNode(node);
    return this.delta(false);
  }

  // ---- rewind, reset, settings ------------------------------------------------------------------------

  /** Back to checkpoint `index`: restored directly, or rebuilt and replayed to it. */
  async rewind(index: number): Promise<FullState> {
    const m = this.marks[index];
    if (!m) throw new Error(`no checkpoint ${index}`);
    const keep = this.marks.slice(0, index + 1);
    const interventions = this.interventions.slice(0, m.interventions);
    if (m.cp) {
      this.sim.restore(m.cp);
      this.limitError = null;
      this.attach();
    } else {
      const sim = await this.replayTo(m.info.steps, interventions);
      this.sim.close();
      this.sim = sim;
      this.limitError = null;
      this.attach();
    }
    this.marks = keep;
    this.interventions = interventions;
    this.playhead = this.sim.now;
    return this.fullState();
  }

  /** A fresh simulation of the current scenario stepped to `steps`, with the same node interventions. */
  private async replayTo(steps: number, interventions: readonly Intervention[],
    hooks: { onCreate?: (sim: Simulation) => void; stop?: (sim: Simulation) => boolean } = {}): Promise<Simulation> {
    const sim = await this.newSimulation(this.scenario);
    hooks.onCreate?.(sim);
    let k = 0;
    const apply = () => {
      while (k < interventions.length && interventions[k].steps <= sim.summary().steps) {
        const iv = interventions[k++];
        if (iv.action === 'crash') sim.crashNode(iv.node); else sim.restartNode(iv.node);
      }
    };
    apply();
    let n = 0;
    while (n < steps) {
      if (sim.isQuiescent() && !interventions.length) break;
      try { sim.step(); } catch (e) { if (e instanceof SimulationLimitError) break; throw e; }
      n++;
      if (k < interventions.length) apply();
      if (hooks.stop?.(sim)) break;
    }
    return sim;
  }

  async reset(): Promise<FullState> {
    await this.build();
    return this.fullState();
  }

  async applySettings(seed: number, q: QuickSettings): Promise<FullState> {
    this.scenario = applySettings(this.base, q, seed);
    await this.build();
    return this.fullState();
  }

  // ---- explanation ------------------------------------------------------------------------------------

  /**
   * Why each row was or was not taken by the acquisition with trace `seq`. The run is replayed on a
   * copy, and the table is read at the moment that acquisition's SELECT runs (its `:now` and its
   * result identify it), so the rows are exactly those the query saw.
   */
  async explain(seq: number): Promise<ExplanationView> {
    const ev = this.sim.trace.find(e => e.seq === seq);
    if (!ev || ev.kind !== 'acquisition') throw new Error(`trace event ${seq} is not an acquisition`);
    const params = new Map(ev.params.map(p => { const s = String(p); const i = s.indexOf('='); return [s.slice(0, i), JSON.parse(s.slice(i + 1))] as const; }));
    const now = Number(params.get(':now') ?? ev.t);
    const limit = Number(params.get(':limit') ?? ev.attempted);
    const node = this.scenario.nodes.find(n => n.id === ev.node);
    let seen: JobRow[] | null = null;
    let initial: JobRow[] = [];
    // Replay on a copy, watching its SELECTs; stop once the acquisition event itself was emitted.
    const copy = await this.replayTo(Number.MAX_SAFE_INTEGER, this.interventions, {
      onCreate: sim => {
        // SELECTs issued while the simulation starts (t = 0) ran before we could watch: they saw this.
        initial = sim.table.allJobs();
        const table = sim.table as unknown as { query: (sql: string, p?: unknown) => unknown[][] };
        const orig = table.query.bind(sim.table);
        let reading = false;
        table.query = (sql: string, p?: unknown) => {
          let before: JobRow[] | null = null;
          if (!reading && sql.startsWith('SELECT RES.ID_') && p && typeof p === 'object' && (p as Record<string, unknown>)[':now'] === now) {
            reading = true;
            try { before = sim.table.allJobs(); } finally { reading = false; }
          }
          const out = orig(sql, p);
          if (before) {
            const ids = out.map(r => String(r[0]));
            if (ids.length === ev.selected.length && ids.every((id, i) => id === ev.selected[i])) seen = before;
          }
          return out;
        };
      },
      stop: sim => sim.trace.length > ev.seq || sim.now > ev.t,
    });
    copy.close();
    if (!seen && now === 0) seen = initial;
    const cfg: AcquisitionConfig = {
      ...defaultAcquisitionConfig(),
      jobExecutorAcquireByPriority: this.scenario.engine.jobExecutorAcquireByPriority,
      jobExecutorPreferTimerJobs: this.scenario.engine.jobExecutorPreferTimerJobs,
      jobExecutorAcquireByDueDate: this.scenario.engine.jobExecutorAcquireByDueDate,
      ensureJobDueDateNotNull: this.scenario.engine.ensureJobDueDateNotNull,
      jobExecutorPriorityRangeMin: this.scenario.engine.jobExecutorPriorityRangeMin,
      jobExecutorPriorityRangeMax: this.scenario.engine.jobExecutorPriorityRangeMax,
      jobExecutorAcquireExclusiveOverProcessHierarchies: this.scenario.engine.jobExecutorAcquireExclusiveOverProcessHierarchies,
      databaseOrder: this.scenario.engine.databaseOrder === 'shuffled' ? 'shuffled' : 'insertion',
      jobExecutorDeploymentAware: node?.config.jobExecutorDeploymentAware ?? false,
      registeredDeployments: [...String(ev.sql).matchAll(/:deployment\d+/g)].map(m => String(params.get(m[0]) ?? '')),
    };
    const basis = seen ? `the table as this SELECT saw it (t = ${now} ms, replayed)` : `the table now (t = ${this.sim.now} ms): the SELECT was not found in the replay`;
    const rows = seen ?? this.sim.table.allJobs();
    const x = explainAcquisition({ rows, cfg, now, limit, selected: ev.selected });
    return { seq, node: ev.node, t: ev.t, now, limit, orderBy: x.orderBy, basis, rows: x.rows };
  }

  // ---- exports ---------------------------------------------------------------------------------------

  /**
   * The trace of the whole run of the current scenario and seed, as JSONL — the same run
   * `bpmn-job-lab simulate --format jsonl` does (`run()` on a fresh simulation), so the bytes match.
   * Manual node crashes/restarts from the panel are not part of a scenario and not in this run.
   */
  async traceJsonl(): Promise<string> {
    const sim = await this.newSimulation(this.scenario);
    try {
      sim.run();
      return sim.traceJsonl();
    } finally {
      sim.close();
    }
  }

  scenarioJson(): string {
    return scenarioToJson(this.scenario, `Saved from the Job Lab simulator panel (source: ${this.source.title}).`);
  }

  summary(): Summary { return this.sim.summary(); }

  close(): void {
    this.running = false;
    this.sim.close();
  }
}
