// The scaling study's runner (issue #7): derives one scenario per (nodes, threads) point from a base
// scenario, runs each point to its end (in worker threads when it helps, see pool.ts), and compares
// every point with the smallest cluster at the same thread count. PURE apart from the worker pool:
// no wall clock here — callers that want wall times pass `clock`.
//
// How a point is derived from the base (`pointScenario`), and why:
// - nodes: n copies of the base's FIRST node spec (its classes and configuration), ids node-1..node-n.
//   A heterogeneous base cluster is therefore flattened to equal nodes; the notes say so.
// - camunda profile: corePoolSize = maxPoolSize = threads (a fixed-size pool: the thread count under
//   study is the number of jobs a node runs at once); queueSize = threads (one acquisition's worth of
//   batches can wait while every thread is busy, as the engine's default 3/3 does for 3 threads; a
//   longer queue only keeps more rows locked by a node that cannot run them); maxJobsPerAcquisition
//   = threads (one acquisition can feed every thread; with the default 3 a 20-thread node would be
//   starved by its own acquisition, and the study would measure the acquisition size, not the threads).
//   Every other setting (wait/backoff/lock time) stays as the base has it.
// - jbpm3 profile: engine.executorProfile = 'jbpm3', the node's `threads` = threads (the pool size),
//   (the simulator's jBPM 3 node acquires one job per free thread in one statement, standing in for
//   N threads that each lock one job per cycle, and ignores maxJobsPerAcquisition; executor/jbpm3.ts).
// - load[].nodes is dropped (a balancer sends to every node of the point); timeline entries that name
//   a node are dropped (a crash of "node-2" means nothing in a one-node point). Both are noted.
// - seed and until: the study's (default: the base's), the same for every point.
import { createSimulation } from '../simulation';
import { createEngineHooks } from '../engine/hooks';
import type { OpenOptions } from '../db/jobTable';
import type { NodeSpec, Scenario } from '../scenario/types';
import type { PointMeasure, PointTask, StudyBase, StudyOptions, StudyPoint, StudyProfile, StudyResult } from './types';
import { runTasks } from './pool';

/** Upper bounds of a sweep (a typo like `--nodes 1..800` should not start 3,200 simulations). */
export const STUDY_LIMITS = { nodes: 64, threads: 256, points: 400 } as const;

export class StudyOptionError extends Error {}

/**
 * Parses a list of positive integers: `1..8` (a range, inclusive), `1,2,4`, or a mix `1..4,8,16`.
 * Throws StudyOptionError with a message naming the option and the bad part.
 */
export function parseIntList(name: string, text: string, max: number): number[] {
  const out: number[] = [];
  const t = text.trim();
  if (!t) throw new StudyOptionError(`--${name} needs a list like 1..8 or 1,5,10,20 (got an empty value)`);
  for (const raw of t.split(',')) {
    const part = raw.trim();
    const range = /^(\d+)\s*\.\.\s*(\d+)$/.exec(part);
    if (range) {
      const a = Number(range[1]), b = Number(range[2]);
      if (a < 1 || b < a) throw new StudyOptionError(`--${name}: range '${part}' must go up from a number ≥ 1 (like 1..8)`);
      if (b > max) throw new StudyOptionError(`--${name}: ${b} is more than the study allows (${max})`);
      for (let i = a; i <= b; i++) out.push(i);
      continue;
    }
    if (!/^\d+$/.test(part)) throw new StudyOptionError(`--${name}: '${part}' is not a whole number or a range like 1..8 (got '${text}')`);
    const n = Number(part);
    if (n < 1) throw new StudyOptionError(`--${name}: values must be ≥ 1 (got ${n})`);
    if (n > max) throw new StudyOptionError(`--${name}: ${n} is more than the study allows (${max})`);
    out.push(n);
  }
  return [...new Set(out)];
}

/** The study's option strings (`--nodes`, `--threads`) as numbers; checks the point-count limit. */
export function parseStudyLists(nodes: string, threads: string): { nodes: number[]; threads: number[] } {
  const n = parseIntList('nodes', nodes, STUDY_LIMITS.nodes);
  const t = parseIntList('threads', threads, STUDY_LIMITS.threads);
  if (n.length * t.length > STUDY_LIMITS.points) {
    throw new StudyOptionError(`${n.length} node counts × ${t.length} thread counts = ${n.length * t.length} points; the study runs at most ${STUDY_LIMITS.points}`);
  }
  return { nodes: n, threads: t };
}

function checkOptions(o: StudyOptions): void {
  for (const [name, xs, max] of [['nodes', o.nodes, STUDY_LIMITS.nodes], ['threads', o.threads, STUDY_LIMITS.threads]] as const) {
    if (!Array.isArray(xs) || !xs.length) throw new StudyOptionError(`${name}: at least one value is needed`);
    for (const x of xs) if (!Number.isInteger(x) || x < 1 || x > max) throw new StudyOptionError(`${name}: ${x} is not a whole number from 1 to ${max}`);
  }
  if (o.nodes.length * o.threads.length > STUDY_LIMITS.points) throw new StudyOptionError(`${o.nodes.length * o.threads.length} points; the study runs at most ${STUDY_LIMITS.points}`);
}

/** The base scenario reshaped to one point: see the header of this file for every choice. */
export function pointScenario(base: Scenario, nodes: number, threads: number, profile: StudyProfile): Scenario {
  const first = base.nodes[0];
  if (!first) throw new StudyOptionError('the scenario has no node to copy');
  const s: Scenario = structuredClone(base);
  const config = { ...first.config, registeredDeployments: [...first.config.registeredDeployments], maxJobsPerAcquisition: threads };
  if (profile === 'camunda') {
    Object.assign(config, { corePoolSize: threads, maxPoolSize: threads, queueSize: threads });
    delete config.threads;
  } else {
    Object.assign(config, { threads, corePoolSize: threads, maxPoolSize: threads });
  }
  s.nodes = Array.from({ length: nodes }, (_, i): NodeSpec => ({
    id: `node-${i + 1}`,
    ...(first.deployments ? { deployments: [...first.deployments] } : {}),
    config: { ...config, registeredDeployments: [...config.registeredDeployments] },
  }));
  s.engine = { ...s.engine, executorProfile: profile };
  s.load = s.load.map(l => { const c = { ...l }; delete c.nodes; return c; });
  s.timeline = s.timeline.filter(t => t.node === undefined);
  return s;
}

/** What the derivation changed or leaves out, for the report. */
export function studyNotes(base: Scenario, profile: StudyProfile): string[] {
  const notes = [
    `Every point copies the first node of the scenario ('${base.nodes[0]?.id ?? '-'}'), ids node-1..node-N, with the same seed.`,
    profile === 'camunda'
      ? 'camunda profile: corePoolSize = maxPoolSize = queueSize = maxJobsPerAcquisition = threads; other executor settings as in the scenario.'
      : 'jbpm3 profile: threads = the point\'s threads (one job acquired per free thread); idleInterval/maxIdleInterval as in the scenario\'s engine settings.',
    'Acceleration compares makespans (virtual time of the last job completion) with the smallest cluster at the same thread count; the ideal line is linear in nodes.',
    'Simulated, not measured: job durations, database latency and contention come from the scenario\'s model, not from a real engine or database.',
  ];
  const distinct = new Set(base.nodes.map(n => JSON.stringify([n.deployments ?? null, n.config])));
  if (distinct.size > 1) notes.push(`The scenario's nodes differ (${base.nodes.length} nodes, ${distinct.size} configurations); the study uses only the first one's.`);
  if (base.load.some(l => l.nodes)) notes.push('load[].nodes was dropped: a balancer sends starts to every node of a point.');
  const dropped = base.timeline.filter(t => t.node !== undefined).length;
  if (dropped) notes.push(`${dropped} timeline ${dropped === 1 ? 'entry that names a node was' : 'entries that name a node were'} dropped (node ids differ per point).`);
  return notes;
}

/** Runs one point's simulation to its end (quiescence or `until`) and measures it. */
export async function runPoint(task: PointTask, deps: { db?: OpenOptions } = {}): Promise<PointMeasure> {
  const eh = createEngineHooks(task.scenario, task.bpmn);
  const sim = await createSimulation(task.scenario, { hooks: eh.hooks, recordTrace: false, ...(deps.db ? { db: deps.db } : {}) });
  try {
    const s = sim.run();
    const per = Object.values(s.perNode);
    const mean = (k: 'idleMs' | 'backoffMs') => per.length ? per.reduce((a, n) => a + n[k], 0) / per.length : 0;
    return {
      nodes: task.nodes, threads: task.threads,
      makespanMs: s.makespanMs, virtualTimeMs: s.virtualTimeMs,
      jobsCreated: s.jobsCreated, jobsCompleted: s.jobsCompleted,
      lockClashes: s.lockClashes, commitClashes: s.executionOptimisticLockingFailures,
      incidents: s.incidents,
      idleMs: round(mean('idleMs'), 1), backoffMs: round(mean('backoffMs'), 1),
      dbUtilisation: s.dbUtilisation === null ? 0 : round(s.dbUtilisation, 4), dbWaitMs: s.dbWaitMs,
      finished: sim.isQuiescent(), steps: s.steps,
    };
  } finally {
    sim.close();
  }
}

const round = (x: number, digits: number) => { const f = 10 ** digits; return Math.round(x * f) / f; };

/**
 * Compares the measured points: throughput, acceleration against the smallest node count at the same
 * threads, the ideal line, efficiency and clashes per job. `wallMs[i]` belongs to `measures[i]`.
 * Points come back ordered by threads (order of `threadOrder`, default ascending) then by nodes.
 */
export function summarise(measures: readonly PointMeasure[], wallMs: readonly (number | null)[] = [], threadOrder?: readonly number[]): { baselineNodes: number; points: StudyPoint[] } {
  const baselineNodes = Math.min(...measures.map(m => m.nodes));
  const base = new Map(measures.filter(m => m.nodes === baselineNodes).map(m => [m.threads, m.makespanMs]));
  const order = threadOrder ?? [...new Set(measures.map(m => m.threads))].sort((a, b) => a - b);
  const points = measures.map((m, i): StudyPoint => {
    const b = base.get(m.threads) ?? 0;
    const acceleration = b > 0 && m.makespanMs > 0 ? round(b / m.makespanMs, 4) : null;
    const idealAcceleration = round(m.nodes / baselineNodes, 4);
    return {
      ...m,
      throughput: m.makespanMs > 0 ? round(m.jobsCompleted * 1000 / m.makespanMs, 3) : 0,
      acceleration, idealAcceleration,
      efficiency: acceleration === null ? null : round(acceleration / idealAcceleration, 4),
      clashesPerJob: m.jobsCompleted > 0 ? round(m.lockClashes / m.jobsCompleted, 4) : 0,
      wallMs: wallMs[i] ?? null,
    };
  });
  points.sort((a, b) => (order.indexOf(a.threads) - order.indexOf(b.threads)) || (a.nodes - b.nodes));
  return { baselineNodes, points };
}

export interface RunStudyControl {
  /** Points run at once. Default min(points, os.availableParallelism()); 1 runs in-process. */
  parallelism?: number;
  /** Run every point in this thread even when workers are available (debugging, the bench's baseline). */
  inProcess?: boolean;
  /** Called after each point, in completion order (not grid order). */
  onProgress?(done: number, total: number, point: PointMeasure): void;
  /** Aborting rejects runStudy with an AbortError; running workers are terminated. */
  signal?: AbortSignal;
  /** Wall clock in ms (e.g. `() => performance.now()`); without it wallMs and elapsedMs are null. */
  clock?: () => number;
  /** sql.js location, forwarded to every point (in workers too). */
  db?: OpenOptions;
  /** Worker script to use instead of the one found beside this code (tests). */
  workerPath?: string;
  /**
   * Start workers only where they help (the CLI sets this; the panel does not, so the extension host
   * never runs points on its own thread): without an explicit `parallelism`, a study smaller than this
   * many jobs (pool.ts `studyWork`: literal rows + process starts over all points) runs in this
   * thread — starting a worker costs a bundle load and a sql.js instance.
   */
  minWorkForWorkers?: number;
}

/** The points of a study in grid order (threads outer, nodes inner) as ready-to-run tasks. */
export function studyTasks(base: StudyBase, options: StudyOptions): PointTask[] {
  checkOptions(options);
  const profile = options.profile ?? base.scenario.engine.executorProfile;
  const bpmn = base.bpmn;
  const seeded: Scenario = { ...base.scenario, seed: options.seed ?? base.scenario.seed, until: options.until !== undefined ? options.until : base.scenario.until };
  const nodes = [...new Set(options.nodes)].sort((a, b) => a - b);
  const threads = [...new Set(options.threads)];
  const tasks: PointTask[] = [];
  for (const t of threads) for (const n of nodes) tasks.push({ nodes: n, threads: t, scenario: pointScenario(seeded, n, t, profile), bpmn });
  return tasks;
}

/**
 * Runs the whole sweep and returns the comparison. Deterministic: the same base, options and seed give
 * the same points (apart from wallMs) whether they ran in workers or in-process.
 */
export async function runStudy(base: StudyBase, options: StudyOptions, control: RunStudyControl = {}): Promise<StudyResult> {
  const tasks = studyTasks(base, options);
  const s = base.scenario;
  const profile = options.profile ?? s.engine.executorProfile;
  const t0 = control.clock?.();
  const { measures, wallMs, execution } = await runTasks(tasks, control);
  const threadOrder = [...new Set(options.threads)];
  const { baselineNodes, points } = summarise(measures, wallMs, threadOrder);
  const t1 = control.clock?.();
  return {
    scenario: { name: base.name ?? 'scenario', ...(base.path !== undefined ? { path: base.path } : {}) },
    profile,
    options: { nodes: [...new Set(options.nodes)].sort((a, b) => a - b), threads: threadOrder, seed: options.seed ?? s.seed, until: options.until !== undefined ? options.until : s.until },
    baselineNodes,
    points,
    notes: studyNotes(s, profile),
    execution,
    elapsedMs: t0 !== undefined && t1 !== undefined ? round(t1 - t0, 1) : null,
  };
}
