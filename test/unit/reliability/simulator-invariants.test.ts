// Simulator invariants over many seeds (issue #8). Every example scenario (examples/*.json) runs
// under a spread of seeds and variants (short lock times that force lock expiry and double
// execution, a node crash and restart, other database latencies); the trace and the job table are
// checked against the job executor's rules (job-executor.md):
//   * no job lost: a created job ends completed, deleted by a transaction, in an incident, or is still in the table;
//   * the table holds exactly created − completed − deleted jobs (deleted: by a job's transaction,
//     jobCompleted.deletedJobs, or outside one, jobDeleted — e.g. a user task's boundary timer);
//   * never two valid lock holders: a job starts on node B while node A runs it only when one of the two
//     locks expired (A's while it ran, or B's while B's batch waited in a queue — the engine does not
//     check the lock when a thread starts a job), and that overlap is reported as duplicateExecution;
//   * exclusive jobs of one process instance never run at the same time while their locks are valid —
//     with one exception the engine really has (job-executor.md §2 and §6, "exclusivity is a heuristic
//     over what acquisition sees"): two acquisitions in flight at the same time (node B's SELECT runs
//     before node A's lock UPDATEs) that return DIFFERENT subsets of one instance's exclusive jobs —
//     without ORDER BY the database may return rows in any order (engine.databaseOrder 'shuffled'),
//     or the LIMITs differ — both see no locked sibling (the NOT EXISTS clause), each locks its own
//     rows (UPDATE ... WHERE ID_ = ? AND REV_ = ?: no clash, the rows differ) and both batches run.
//     Every overlap must have exactly that form: two runs on different nodes whose locks come from
//     two acquisitions whose [SELECT, event] windows overlap; anything else is a violation. With the
//     insertion order of these examples no overlap happens at all;
//   * retries never negative; optimistic-locking failures never consume a retry;
//   * the same seed gives the same trace hash (re-run of a sample);
//   * the job table agrees with the trace at checkpoints (ids and retries).
// Every run is done twice: engine.databaseOrder 'insertion' and 'shuffled' (a seeded row order per
// SELECT). INVARIANT_SEEDS sets the number of runs per order (default 1000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { prepare, type PreparedRun } from '../../../src/cli/simulate';
import { createSimulation, type Simulation } from '../../../simulator/simulation';
import { createEngineHooks } from '../../../simulator/engine/hooks';
import { OPTIMISTIC_LOCKING_EXCEPTION } from '../../../simulator/machines/workerMachine';
import type { TraceEvent } from '../../../simulator/trace';
import type { Scenario } from '../../../simulator/scenario/types';
import { validateScenario } from '../../../simulator/scenario/validate';

const SEEDS = process.env.INVARIANT_SEEDS !== undefined ? Number(process.env.INVARIANT_SEEDS) : 1000;
const CHECK_EVERY_MS = 500; // virtual time between table/trace checkpoints
const examplesDir = join(__dirname, '../../../examples');
const exampleFiles = readdirSync(examplesDir).filter(f => f.endsWith('.json')).sort();

type Variant = 'plain' | 'short-locks' | 'crash' | 'latency';
const VARIANTS: Variant[] = ['plain', 'short-locks', 'crash', 'latency'];

type Order = Scenario['engine']['databaseOrder'];
const ORDERS: Order[] = ['insertion', 'shuffled'];

/** The example with seed, variant and database order applied (a fresh copy). */
function variantOf(base: Scenario, seed: number, variant: Variant, order: Order): Scenario {
  const s: Scenario = structuredClone(base);
  s.seed = seed;
  s.engine.databaseOrder = order;
  // keep runs short: the interesting part of every example happens in its first minutes
  s.until = Math.min(s.until ?? 120_000, 120_000);
  if (variant === 'short-locks') {
    const lock = 40 + (seed * 37) % 400; // shorter than many job durations: locks expire while jobs run
    for (const n of s.nodes) n.config.lockTimeInMillis = lock;
  }
  if (variant === 'crash' && s.nodes.length > 1) {
    const at = 1 + (seed * 131) % 3000;
    s.timeline = [...s.timeline, { at, action: 'crashNode' as const, node: s.nodes[0].id }, { at: at + 500 + (seed % 2000), action: 'restartNode' as const, node: s.nodes[0].id }]
      .sort((a, b) => a.at - b.at);
    for (const n of s.nodes) n.config.lockTimeInMillis = 2_000 + (seed % 5) * 1000;
  }
  if (variant === 'latency') s.engine.dbLatencyMs = seed % 25;
  return s;
}

interface JobState { retries: number; exclusive: boolean; pi: string | null; done: boolean; incident: boolean }
/**
 * An execution; `lockSeq` is the seq of the event that took the lock it runs under (acquisition, or
 * creation for the exclusive shortcut; `acq` is that acquisition, null for the shortcut).
 */
interface Run { node: string; thread: string; job: string; start: number; startSeq: number; lockSeq: number; acq: Acq | null }
/** An acquisition cycle: its SELECT's `now` (the :now parameter) and the time its event was recorded (locks committed by then). */
interface Acq { seq: number; node: string; selectAt: number; t: number }

/** Checks the invariants incrementally, event by event; `violations` collects what broke. */
class InvariantChecker {
  jobs = new Map<string, JobState>();
  open = new Map<string, Run[]>(); // jobId → open runs
  /**
   * Which lock a run is under: a node can hold a job in two batches at once (its first lock expired
   * while the job waited in a batch queue, the same node acquired it again), and each batch's run is
   * under its own acquisition's lock. Per node, the batches no thread has taken yet (oldest first); per
   * thread, the rest of the batch it runs. A thread starting a job of its batch stays on it; otherwise
   * it has taken the oldest untaken batch of its node holding the job.
   */
  untaken = new Map<string, { acq: Acq; jobs: string[] }[]>();
  threadBatch = new Map<string, { acq: Acq | null; rest: string[] }>(); // `${node}/${thread}`
  createdSeq = new Map<string, number>();
  lockExpired = new Map<string, number[]>(); // `${job}|${owner}` → seqs of lockExpired
  duplicateStarts = 0;
  crashes = 0;
  duplicateEvents = 0;
  created = 0;
  completed = 0;
  deleted = 0;
  violations: string[] = [];
  exclusiveOverlaps: string[] = [];
  /** Overlaps of the one form the engine allows (two acquisitions in flight at once on different nodes). */
  concurrentAcquisitionOverlaps: string[] = [];

  constructor(readonly label: string) {}

  private fail(e: TraceEvent, msg: string) { if (this.violations.length < 20) this.violations.push(`${this.label} t=${e.t} seq=${e.seq}: ${msg}`); }

  private lockValid(r: Run): boolean {
    return !(this.lockExpired.get(`${r.job}|${r.node}`) ?? []).some(seq => seq > r.lockSeq);
  }

  private end(job: string, node: string, thread: string, seq: number) {
    const list = this.open.get(job);
    if (!list) return;
    const i = list.findIndex(r => r.node === node && r.thread === thread);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.open.delete(job);
    void seq;
  }

  /** The acquisition whose lock this start runs under (null: the exclusive shortcut's lock at creation, or unknown). */
  private lockOf(node: string, thread: string, job: string): Acq | null {
    const key = `${node}/${thread}`;
    const cur = this.threadBatch.get(key);
    const i = cur ? cur.rest.indexOf(job) : -1;
    if (cur && i >= 0) { cur.rest = cur.rest.slice(i + 1); return cur.acq; }
    const list = this.untaken.get(node) ?? [];
    const k = list.findIndex(b => b.jobs.includes(job));
    if (k < 0) { this.threadBatch.set(key, { acq: null, rest: [] }); return null; }
    const [b] = list.splice(k, 1);
    this.threadBatch.set(key, { acq: b.acq, rest: b.jobs.slice(b.jobs.indexOf(job) + 1) });
    return b.acq;
  }

  /** duplicateExecution events whose runs are not all started yet (see the 'duplicateExecution' case). */
  pendingDup = new Map<string, { t: number; seq: number; need: number }>();

  private settleDup(job: string): void {
    const d = this.pendingDup.get(job);
    if (d && d.need <= 0) this.pendingDup.delete(job);
  }

  /** Called for every event: a pending duplicate must be settled within its tick. */
  private checkDups(e: TraceEvent | null): void {
    for (const [job, d] of this.pendingDup) {
      if (e !== null && e.t === d.t) continue;
      this.fail({ t: d.t, seq: d.seq } as TraceEvent, `duplicateExecution of ${job} while it is not running on ${d.need} of the nodes it names (none started in the same tick)`);
      this.pendingDup.delete(job);
    }
  }

  /** End of the trace (or of a slice): nothing pending may stay unsettled. */
  flushPending(): void { this.checkDups(null); }

  observe(e: TraceEvent): void {
    if (this.pendingDup.size) this.checkDups(e);
    switch (e.kind) {
      case 'jobCreated':
        if (this.jobs.has(e.jobId)) this.fail(e, `job ${e.jobId} created twice`);
        if (e.retries < 0) this.fail(e, `job ${e.jobId} created with negative retries ${e.retries}`);
        this.createdSeq.set(e.jobId, e.seq);
        this.created++;
        this.jobs.set(e.jobId, { retries: e.retries, exclusive: e.exclusive, pi: e.processInstanceId, done: false, incident: false });
        break;
      case 'jobStarted': {
        const acq = this.lockOf(e.node, e.thread, e.jobId);
        const lockSeq = acq ? acq.seq : this.createdSeq.get(e.jobId) ?? -1;
        const j = this.jobs.get(e.jobId);
        if (!j) { this.fail(e, `job ${e.jobId} started but never created`); break; }
        if (j.done) this.fail(e, `job ${e.jobId} started after it was completed or deleted`);
        // an overlap counts only while BOTH locks are valid: this run's own lock may have expired while
        // its batch waited in a queue (the engine does not check the lock when a thread starts a job)
        const ownValid = this.lockValid({ node: e.node, thread: e.thread, job: e.jobId, start: e.t, startSeq: e.seq, lockSeq, acq });
        const others = this.open.get(e.jobId) ?? [];
        if (others.length) {
          this.duplicateStarts++;
          for (const a of others) {
            if (ownValid && this.lockValid(a)) this.fail(e, `job ${e.jobId} started on ${e.node}/${e.thread} while ${a.node}/${a.thread} runs it with a lock that did not expire`);
          }
        }
        if (j.exclusive && j.pi !== null && ownValid) {
          for (const [other, runs] of this.open) {
            const k = this.jobs.get(other);
            if (other === e.jobId || !k || !k.exclusive || k.pi !== j.pi) continue;
            for (const r of runs) {
              if (!this.lockValid(r)) continue;
              const msg = `${this.label} t=${e.t}: exclusive ${e.jobId} started on ${e.node} while exclusive ${other} of ${j.pi} runs on ${r.node} with a valid lock`;
              const a = acq, b = r.acq;
              const concurrent = a !== null && b !== null && a.node !== b.node && a.selectAt <= b.t && b.selectAt <= a.t;
              (concurrent ? this.concurrentAcquisitionOverlaps : this.exclusiveOverlaps).push(concurrent ? `${msg} (acquisitions seq ${b!.seq} and ${a!.seq} in flight together)` : msg);
            }
          }
        }
        const list = this.open.get(e.jobId) ?? [];
        list.push({ node: e.node, thread: e.thread, job: e.jobId, start: e.t, startSeq: e.seq, lockSeq, acq });
        this.open.set(e.jobId, list);
        const d = this.pendingDup.get(e.jobId);
        if (d) { d.need--; this.settleDup(e.jobId); }
        break;
      }
      case 'acquisition': {
        const now = e.params.map(String).find(p => p.startsWith(':now='));
        const a: Acq = { seq: e.seq, node: e.node, selectAt: now !== undefined ? Number(now.slice(5)) : e.t, t: e.t };
        const list = this.untaken.get(e.node) ?? [];
        for (const b of e.batches) list.push({ acq: a, jobs: [...b] });
        this.untaken.set(e.node, list);
        for (const id of e.locked) if (!this.jobs.has(id)) this.fail(e, `acquisition locked ${id}, which was never created`);
        break;
      }
      case 'duplicateExecution':
        this.duplicateEvents++;
        // The runtime records a node's hand-over events right after that node's acquisition event: when
        // two nodes' hand-overs fall in one tick, the duplicate can be recorded before the start of the
        // run it names. It must then be followed, in the same tick, by enough starts of the job.
        this.pendingDup.set(e.jobId, { t: e.t, seq: e.seq, need: e.nodes.length - (this.open.get(e.jobId)?.length ?? 0) });
        this.settleDup(e.jobId);
        break;
      case 'jobCompleted': {
        const j = this.jobs.get(e.jobId);
        if (!j) this.fail(e, `job ${e.jobId} completed but never created`);
        else { if (j.done) this.fail(e, `job ${e.jobId} completed twice`); j.done = true; }
        this.completed++;
        for (const d of e.deletedJobs ?? []) {
          const k = this.jobs.get(d);
          if (!k) this.fail(e, `deleted job ${d} never created`);
          else { if (k.done) this.fail(e, `deleted job ${d} was already completed or deleted`); k.done = true; }
          this.deleted++;
        }
        this.end(e.jobId, e.node, e.thread, e.seq);
        break;
      }
      case 'jobDeleted': {
        const j = this.jobs.get(e.jobId);
        if (!j) this.fail(e, `deleted job ${e.jobId} never created`);
        else { if (j.done) this.fail(e, `job ${e.jobId} deleted after it was completed or deleted`); j.done = true; }
        this.deleted++;
        break;
      }
      case 'jobFailed': {
        const j = this.jobs.get(e.jobId);
        if (e.retries < 0) this.fail(e, `job ${e.jobId} failed to negative retries ${e.retries}`);
        if (j && e.strategy !== 'skipped') {
          if (e.error === OPTIMISTIC_LOCKING_EXCEPTION && e.retries !== j.retries) this.fail(e, `optimistic-locking failure of ${e.jobId} changed retries ${j.retries} → ${e.retries}`);
          j.retries = e.retries;
        }
        this.end(e.jobId, e.node, e.thread, e.seq);
        break;
      }
      case 'optimisticLockingFailure':
        this.end(e.jobId, e.node, e.thread, e.seq);
        break;
      case 'incident': {
        const j = this.jobs.get(e.jobId);
        if (!j) this.fail(e, `incident of unknown job ${e.jobId}`);
        else { if (j.retries > 0) this.fail(e, `incident of ${e.jobId} with ${j.retries} retries left`); j.incident = true; }
        break;
      }
      case 'lockExpired': {
        const k = `${e.jobId}|${e.lockOwner}`;
        const l = this.lockExpired.get(k) ?? [];
        l.push(e.seq);
        this.lockExpired.set(k, l);
        break;
      }
      case 'nodeCrashed':
        this.crashes++;
        // its batch queues are gone
        this.untaken.delete(e.node);
        for (const k of [...this.threadBatch.keys()]) if (k.startsWith(`${e.node}/`)) this.threadBatch.delete(k);
        for (const [job, runs] of [...this.open]) for (const r of [...runs]) if (r.node === e.node) this.end(job, r.node, r.thread, e.seq);
        break;
    }
  }

  /** The job table agrees with the trace: same live ids, same retries, nothing negative. */
  checkTable(sim: Simulation, atEnd: boolean): void {
    const rows = sim.table.allJobs();
    const inTable = new Set(rows.map(r => r.ID_));
    const where = `${this.label} t=${sim.now}${atEnd ? ' (end)' : ''}`;
    const expected = this.created - this.completed - this.deleted;
    if (rows.length !== expected) this.violations.push(`${where}: the table has ${rows.length} jobs, the trace says ${this.created} created − ${this.completed} completed − ${this.deleted} deleted = ${expected}`);
    for (const r of rows) {
      const j = this.jobs.get(r.ID_);
      if (!j) { this.violations.push(`${where}: table has ${r.ID_}, which the trace never created`); continue; }
      if (j.done) this.violations.push(`${where}: table still has ${r.ID_}, which the trace completed/deleted`);
      if (r.RETRIES_ !== null && r.RETRIES_ < 0) this.violations.push(`${where}: ${r.ID_} has negative retries ${r.RETRIES_}`);
      if (r.RETRIES_ !== j.retries) this.violations.push(`${where}: ${r.ID_} has RETRIES_ ${r.RETRIES_} but the trace says ${j.retries}`);
    }
    for (const [id, j] of this.jobs) {
      if (!j.done && !inTable.has(id)) this.violations.push(`${where}: job ${id} was created, never completed or deleted in the trace, and is not in the table (lost)`);
    }
  }
}

const prepared = new Map<string, PreparedRun>();
async function example(file: string): Promise<PreparedRun> {
  let p = prepared.get(file);
  if (!p) { p = await prepare(file, examplesDir); prepared.set(file, p); }
  return p;
}

async function runChecked(file: string, seed: number, variant: Variant, order: Order): Promise<{ checker: InvariantChecker; hash: string; summary: ReturnType<Simulation['summary']> }> {
  const base = await example(file);
  return runScenarioChecked(variantOf(base.scenario, seed, variant, order), base.bpmn, `${file} seed ${seed} ${variant} ${order}`);
}

async function runScenarioChecked(scenario: Scenario, bpmn: Record<string, string>, label: string): Promise<{ checker: InvariantChecker; hash: string; summary: ReturnType<Simulation['summary']> }> {
  const checker = new InvariantChecker(label);
  const eh = createEngineHooks(scenario, bpmn);
  const sim = await createSimulation(scenario, { hooks: eh.hooks, onTrace: e => checker.observe(e) });
  try {
    // run() to the horizon, in slices of virtual time with a table/trace checkpoint after each
    const until = scenario.until ?? 120_000;
    for (let t = CHECK_EVERY_MS; ; t += CHECK_EVERY_MS) {
      sim.runUntil(Math.min(t, until));
      checker.checkTable(sim, false);
      if (t >= until || sim.isQuiescent()) break;
    }
    checker.flushPending();
    checker.checkTable(sim, true);
    return { checker, hash: sim.traceHash(), summary: sim.summary() };
  } finally {
    sim.close();
  }
}

interface Totals { runs: number; duplicateStarts: number; lockExpiredRuns: number; incidents: number; oleFailures: number; crashes: number; concurrentAcquisitionOverlaps: number }

interface Pass {
  results: { file: string; seed: number; variant: Variant; hash: string }[];
  violations: string[];
  exclusiveOverlaps: string[];
  concurrentAcquisitionOverlaps: string[];
  totals: Totals;
}
const passes = new Map<Order, Pass>();

for (const order of ORDERS) {
  test(`invariants hold over ${SEEDS} seeded runs of the example scenarios (databaseOrder '${order}')`, { timeout: 600_000 }, async () => {
    assert.ok(exampleFiles.length >= 5);
    const pass: Pass = { results: [], violations: [], exclusiveOverlaps: [], concurrentAcquisitionOverlaps: [], totals: { runs: 0, duplicateStarts: 0, lockExpiredRuns: 0, incidents: 0, oleFailures: 0, crashes: 0, concurrentAcquisitionOverlaps: 0 } };
    passes.set(order, pass);
    const totals = pass.totals;
    for (let i = 0; i < SEEDS; i++) {
      const file = exampleFiles[i % exampleFiles.length];
      const seed = 1 + Math.floor(i / exampleFiles.length) * 7919 + i;
      const variant = VARIANTS[Math.floor(i / exampleFiles.length) % VARIANTS.length];
      const { checker, hash, summary } = await runChecked(file, seed, variant, order);
      pass.results.push({ file, seed, variant, hash });
      pass.violations.push(...checker.violations);
      pass.exclusiveOverlaps.push(...checker.exclusiveOverlaps);
      pass.concurrentAcquisitionOverlaps.push(...checker.concurrentAcquisitionOverlaps);
      assert.equal(checker.duplicateEvents, checker.duplicateStarts, `${file} seed ${seed} ${order}: duplicateExecution events must match overlapping starts`);
      totals.runs++;
      totals.duplicateStarts += checker.duplicateStarts;
      totals.lockExpiredRuns += checker.lockExpired.size > 0 ? 1 : 0;
      totals.crashes += checker.crashes;
      totals.incidents += summary.incidents;
      totals.oleFailures += summary.executionOptimisticLockingFailures;
      totals.concurrentAcquisitionOverlaps += checker.concurrentAcquisitionOverlaps.length;
      if (pass.violations.length > 50) break;
    }
    console.log(`simulator invariants (${order}): ${JSON.stringify(totals)}`);
    assert.deepEqual(pass.violations.slice(0, 20), []);
    // the variants must actually exercise the interesting paths
    assert.ok(totals.duplicateStarts > 0, 'some run executed a job twice after lock expiry');
    assert.ok(totals.incidents > 0 && totals.oleFailures > 0 && totals.crashes > 0);
  });
}

test('exclusive jobs of one process instance never run at the same time while their locks are valid (insertion order: never at all)', () => {
  const pass = passes.get('insertion');
  assert.ok(pass && pass.results.length > 0, 'runs first');
  assert.deepEqual(pass.exclusiveOverlaps.slice(0, 10), []);
  assert.deepEqual(pass.concurrentAcquisitionOverlaps.slice(0, 10), []);
});

test('shuffled order: exclusive jobs overlap only when two nodes\' acquisitions were in flight together (the engine\'s NOT EXISTS race), never otherwise', () => {
  const pass = passes.get('shuffled');
  assert.ok(pass && pass.results.length > 0, 'runs first');
  assert.deepEqual(pass.exclusiveOverlaps.slice(0, 10), []);
  // the allowed form really happens under a shuffled row order (exclusive-grouping.json: 2 nodes, 4 instances × 3 exclusive jobs, LIMIT 6)
  if (SEEDS >= 100) assert.ok(pass.concurrentAcquisitionOverlaps.length > 0, 'the concurrent-acquisition overlap is exercised');
});

test('same seed ⇒ identical trace hash (a re-run of every 25th run, both orders)', async () => {
  for (const order of ORDERS) {
    const pass = passes.get(order);
    assert.ok(pass && pass.results.length > 0, 'runs first');
    for (let i = 0; i < pass.results.length; i += 25) {
      const r: Pass["results"][number] = pass.results[i];
      const again = await runChecked(r.file, r.seed, r.variant, order);
      assert.equal(again.hash, r.hash, `${r.file} seed ${r.seed} ${r.variant} ${order}: trace hash differs on re-run`);
    }
  }
});

test('jobs deleted outside a job\'s transaction (a user task\'s boundary timer) are counted: table = created − completed − deleted', async () => {
  const bpmn = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">
<bpmn:process id="review" isExecutable="true"><bpmn:startEvent id="start"/><bpmn:serviceTask id="prepare" camunda:class="x.Prepare" camunda:asyncBefore="true"/>
<bpmn:userTask id="approve"/><bpmn:boundaryEvent id="reminder" attachedToRef="approve"><bpmn:timerEventDefinition><bpmn:timeDuration>PT10S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:endEvent id="end"/><bpmn:endEvent id="late"/>
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="prepare"/><bpmn:sequenceFlow id="f2" sourceRef="prepare" targetRef="approve"/><bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="end"/><bpmn:sequenceFlow id="f4" sourceRef="reminder" targetRef="late"/>
</bpmn:process></bpmn:definitions>`;
  let deletions = 0, timeouts = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const scenario = validateScenario({
      seed, until: 'PT60S', nodes: [{ id: 'n', count: 2, config: { waitTimeInMillis: 500, maxWait: 2000 } }], deployments: [{ id: 'd', bpmn: 'review.bpmn' }],
      load: [{ processDefinitionKey: 'review', instances: 10, intervalMs: 300 }],
      activities: { approve: { durationMs: { distribution: 'uniform', min: 1000, max: 14_000 } } },
    });
    const { checker } = await runScenarioChecked(scenario, { d: bpmn }, `review seed ${seed}`);
    assert.deepEqual(checker.violations, []);
    const kinds = (await runScenarioTrace(scenario, { d: bpmn }));
    deletions += kinds.filter(e => e.kind === 'jobDeleted').length;
    timeouts += kinds.filter(e => e.kind === 'jobCompleted' && e.jobId && kinds.some(c => c.kind === 'jobCreated' && c.jobId === e.jobId && c.activityId === 'reminder')).length;
  }
  assert.ok(deletions > 0, 'user tasks completed before their reminder: timers deleted by the completion');
  assert.ok(timeouts > 0, 'some reminders fired');
});

async function runScenarioTrace(scenario: Scenario, bpmn: Record<string, string>): Promise<TraceEvent[]> {
  const sim = await createSimulation(scenario, { hooks: createEngineHooks(scenario, bpmn).hooks });
  try { sim.run(); return [...sim.trace]; } finally { sim.close(); }
}

test('the checker itself catches fabricated violations', () => {
  const c = new InvariantChecker('fabricated');
  let seq = 0;
  const ev = (kind: string, p: Record<string, unknown>) => c.observe({ t: seq, seq: seq++, kind, ...p } as unknown as TraceEvent);
  ev('jobCreated', { jobId: 'j1', processInstanceId: 'pi', activityId: 'a', handlerType: 'async-continuation', exclusive: true, priority: 0, retries: 3, dueDate: null, by: null });
  ev('jobCreated', { jobId: 'j2', processInstanceId: 'pi', activityId: 'b', handlerType: 'async-continuation', exclusive: true, priority: 0, retries: 3, dueDate: null, by: null });
  ev('acquisition', { node: 'A', locked: ['j1', 'j2'], batches: [['j1', 'j2']], params: [':now=0'] });
  ev('jobStarted', { node: 'A', thread: 't1', jobId: 'j1' });
  ev('jobStarted', { node: 'B', thread: 't1', jobId: 'j1' }); // second holder, lock never expired
  ev('jobStarted', { node: 'A', thread: 't2', jobId: 'j2' }); // exclusive sibling in parallel
  ev('jobFailed', { node: 'A', thread: 't2', jobId: 'j2', error: OPTIMISTIC_LOCKING_EXCEPTION, strategy: 'standard', retries: 2, dueDate: null });
  ev('jobFailed', { node: 'A', thread: 't1', jobId: 'j1', error: 'x', strategy: 'standard', retries: -1, dueDate: null });
  assert.equal(c.violations.length, 3, c.violations.join('\n'));
  assert.equal(c.exclusiveOverlaps.length, 2);
});

test('the checker: the allowed overlap form, stale batches and late-recorded starts are told apart from violations', () => {
  const c = new InvariantChecker('fabricated');
  let seq = 0;
  const ev = (t: number, kind: string, p: Record<string, unknown>) => c.observe({ t, seq: seq++, kind, ...p } as unknown as TraceEvent);
  const created = (jobId: string, pi: string) => ev(0, 'jobCreated', { jobId, processInstanceId: pi, activityId: 'a', handlerType: 'async-continuation', exclusive: true, priority: 0, retries: 3, dueDate: null, by: null });
  created('j1', 'pi'); created('j2', 'pi'); created('j3', 'pj'); created('j4', 'pj');
  // two nodes' acquisitions in flight together (SELECTs at 1, events at 4 and 5) split pi's jobs: allowed, counted
  ev(4, 'acquisition', { node: 'A', locked: ['j1'], batches: [['j1']], params: [':now=1'] });
  ev(4, 'jobStarted', { node: 'A', thread: 't1', jobId: 'j1' });
  ev(5, 'acquisition', { node: 'B', locked: ['j2'], batches: [['j2']], params: [':now=1'] });
  ev(5, 'jobStarted', { node: 'B', thread: 't1', jobId: 'j2' });
  assert.equal(c.concurrentAcquisitionOverlaps.length, 1);
  assert.deepEqual(c.exclusiveOverlaps, []);
  // the same split by acquisitions NOT in flight together (B's SELECT after A's event): a violation
  ev(10, 'acquisition', { node: 'A', locked: ['j3'], batches: [['j3']], params: [':now=8'] });
  ev(10, 'jobStarted', { node: 'A', thread: 't2', jobId: 'j3' });
  ev(20, 'acquisition', { node: 'B', locked: ['j4'], batches: [['j4']], params: [':now=18'] });
  ev(20, 'jobStarted', { node: 'B', thread: 't2', jobId: 'j4' });
  assert.equal(c.exclusiveOverlaps.length, 1, 'B saw j3 locked: the NOT EXISTS clause excludes pj');
  // a stale batch: A's thread t1 starts j1 again from an old batch whose lock expired, while a newer batch of A runs it: not two valid holders
  const c2 = new InvariantChecker('fabricated-2');
  let s2 = 0;
  const ev2 = (t: number, kind: string, p: Record<string, unknown>) => c2.observe({ t, seq: s2++, kind, ...p } as unknown as TraceEvent);
  ev2(0, 'jobCreated', { jobId: 'j1', processInstanceId: 'pi', activityId: 'a', handlerType: 'async-continuation', exclusive: false, priority: 0, retries: 3, dueDate: null, by: null });
  ev2(0, 'jobCreated', { jobId: 'j0', processInstanceId: 'pi0', activityId: 'a', handlerType: 'async-continuation', exclusive: false, priority: 0, retries: 3, dueDate: null, by: null });
  ev2(1, 'acquisition', { node: 'A', locked: ['j0', 'j1'], batches: [['j0', 'j1']], params: [':now=0'] });
  ev2(1, 'jobStarted', { node: 'A', thread: 't1', jobId: 'j0' });
  ev2(50, 'lockExpired', { jobId: 'j1', lockOwner: 'A' });
  ev2(60, 'acquisition', { node: 'A', locked: ['j1'], batches: [['j1']], params: [':now=59'] });
  ev2(60, 'jobStarted', { node: 'A', thread: 't2', jobId: 'j1' }); // the new batch first
  ev2(70, 'jobCompleted', { node: 'A', thread: 't1', jobId: 'j0', durationMs: 69 });
  ev2(70, 'duplicateExecution', { jobId: 'j1', nodes: ['A', 'A'] });
  ev2(70, 'jobStarted', { node: 'A', thread: 't1', jobId: 'j1' }); // the old batch's run: its lock expired at 50
  assert.deepEqual(c2.violations, []);
  // a duplicateExecution recorded before the start it names is fine within its tick, not beyond it
  ev2(80, 'duplicateExecution', { jobId: 'j0', nodes: ['A', 'B'] });
  ev2(90, 'lockExpired', { jobId: 'j1', lockOwner: 'A' });
  c2.flushPending();
  assert.equal(c2.violations.length, 1, c2.violations.join('\n'));
  assert.match(c2.violations[0], /duplicateExecution of j0 while it is not running/);
});
