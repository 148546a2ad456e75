// Runs study points in `node:worker_threads` workers, one point per task, or in this thread when
// workers cannot help or cannot start. Each point is a self-contained deterministic simulation (its
// scenario carries its seed), so where it runs does not change its result.
//
// The worker script: `study-worker.js` beside this code when bundled (esbuild.mjs writes
// dist/study-worker.js next to dist/cli.js and dist/extension.js), `worker.ts` beside this file when
// running the TypeScript sources (tests, bench: the worker loads tsx first). sql.js finds its wasm the
// same way the main thread does (simulator/db/jobTable.ts, `db` in RunStudyControl overrides).
import { Worker } from 'node:worker_threads';
import { availableParallelism, cpus } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { runPoint, type RunStudyControl } from './sweep';
import type { PointMeasure, PointTask } from './types';

/** main → worker */
export interface WorkerRequest { id: number; task: PointTask; db?: RunStudyControl['db'] }
/** worker → main */
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; measure: PointMeasure }
  | { kind: 'failed'; id: number; message: string };

export interface TaskRun {
  /** In the order of the tasks given. */
  measures: PointMeasure[];
  wallMs: (number | null)[];
  execution: { mode: 'workers' | 'in-process'; parallelism: number };
}

/** Points run at once by default: one per CPU the process may use, never more than there are points. */
export function defaultParallelism(points: number): number {
  const cpu = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(points, cpu));
}

/** The worker script to start, or undefined when none can run here (then points run in-process). */
export function findWorkerScript(override?: string): { path: string; viaTsx: boolean } | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const candidates = override ? [override] : here ? [join(here, 'study-worker.js'), join(here, 'worker.ts')] : [];
  for (const p of candidates) {
    if (!existsSync(p)) continue;
    if (!p.endsWith('.ts')) return { path: p, viaTsx: false };
    if (tsxEntry()) return { path: p, viaTsx: true };
  }
  return undefined;
}

function tsxEntry(): string | undefined {
  try { return createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'x.js')).resolve('tsx/cjs'); } catch { return undefined; }
}

function abortError(signal: AbortSignal): Error {
  const r = signal.reason;
  if (r instanceof Error) return r;
  const e = new Error('the study was cancelled');
  e.name = 'AbortError';
  return e;
}

const pointError = (t: PointTask, message: string) => new Error(`point nodes=${t.nodes} threads=${t.threads}: ${message}`);

/** Runs the tasks (in workers when more than one may run at once and a worker script is found). */
export async function runTasks(tasks: readonly PointTask[], control: RunStudyControl = {}): Promise<TaskRun> {
  const parallelism = Math.max(1, Math.min(tasks.length, control.parallelism ?? defaultParallelism(tasks.length)));
  const script = control.inProcess || parallelism <= 1 ? undefined : findWorkerScript(control.workerPath);
  if (!script) return runInProcess(tasks, control);
  if (control.minWorkForWorkers !== undefined && control.parallelism === undefined && studyWork(tasks) < control.minWorkForWorkers) {
    return runInProcess(tasks, control);
  }
  return (await runInWorkers(tasks, parallelism, script, control)) ?? runInProcess(tasks, control);
}

/**
 * A study's size in jobs to run, roughly: per point its literal job rows plus its process starts
 * (each start makes at least one job when the model has any). Known before anything runs, so the
 * choice between workers and this thread does not depend on the machine's speed or load.
 */
export function studyWork(tasks: readonly PointTask[]): number {
  let n = 0;
  for (const t of tasks) {
    n += t.scenario.jobs.length;
    for (const l of t.scenario.load) n += l.instances;
  }
  return n;
}

async function runInProcess(tasks: readonly PointTask[], control: RunStudyControl): Promise<TaskRun> {
  const measures: PointMeasure[] = [];
  const wallMs: (number | null)[] = [];
  for (const t of tasks) {
    if (control.signal?.aborted) throw abortError(control.signal);
    const t0 = control.clock?.();
    let m: PointMeasure;
    try { m = await runPoint(t, control.db ? { db: control.db } : {}); } catch (e) { throw pointError(t, (e as Error).message ?? String(e)); }
    const t1 = control.clock?.();
    measures.push(m);
    wallMs.push(t0 !== undefined && t1 !== undefined ? Math.round((t1 - t0) * 10) / 10 : null);
    control.onProgress?.(measures.length, tasks.length, m);
  }
  return { measures, wallMs, execution: { mode: 'in-process', parallelism: 1 } };
}

function startWorker(script: { path: string; viaTsx: boolean }): Worker {
  if (!script.viaTsx) return new Worker(script.path);
  const boot = `require(${JSON.stringify(tsxEntry())}); require(${JSON.stringify(script.path)});`;
  return new Worker(boot, { eval: true });
}

/**
 * Starts `k` workers; resolves undefined when they cannot start (the caller then runs in-process).
 * Once every worker is ready, a failing point or a dying worker rejects the whole run.
 */
async function runInWorkers(tasks: readonly PointTask[], k: number, script: { path: string; viaTsx: boolean }, control: RunStudyControl): Promise<TaskRun | undefined> {
  const workers: Worker[] = [];
  const stopAll = () => Promise.all(workers.map(w => w.terminate().catch(() => 0)));
  // 1. start and wait for 'ready' from every worker
  try {
    await Promise.all(Array.from({ length: k }, () => new Promise<void>((resolve, reject) => {
      let w: Worker;
      try { w = startWorker(script); } catch (e) { reject(e); return; }
      workers.push(w);
      const onMsg = (m: WorkerReply) => { if (m.kind === 'ready') { off(); resolve(); } };
      const onErr = (e: Error) => { off(); reject(e); };
      const onExit = (code: number) => { off(); reject(new Error(`study worker exited with code ${code} before it was ready`)); };
      const off = () => { w.off('message', onMsg); w.off('error', onErr); w.off('exit', onExit); };
      w.on('message', onMsg); w.on('error', onErr); w.on('exit', onExit);
    })));
  } catch {
    await stopAll();
    return undefined;
  }
  if (control.signal?.aborted) { await stopAll(); throw abortError(control.signal); }

  // 2. hand out one task at a time per worker
  const measures: PointMeasure[] = new Array(tasks.length);
  const wallMs: (number | null)[] = new Array(tasks.length).fill(null);
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0, done = 0, settled = false;
      const started = new Map<number, number | undefined>();
      const fail = (e: Error) => { if (!settled) { settled = true; reject(e); } };
      const onAbort = () => fail(abortError(control.signal!));
      control.signal?.addEventListener('abort', onAbort, { once: true });
      const finish = () => { control.signal?.removeEventListener('abort', onAbort); };
      const give = (w: Worker) => {
        if (settled || next >= tasks.length) return;
        const id = next++;
        started.set(id, control.clock?.());
        const req: WorkerRequest = { id, task: tasks[id], ...(control.db ? { db: control.db } : {}) };
        w.postMessage(req);
      };
      for (const w of workers) {
        w.on('message', (m: WorkerReply) => {
          if (settled || m.kind === 'ready') return;
          const task = tasks[m.id];
          if (m.kind === 'failed') { finish(); fail(pointError(task, m.message)); return; }
          const t0 = started.get(m.id), t1 = control.clock?.();
          wallMs[m.id] = t0 !== undefined && t1 !== undefined ? Math.round((t1 - t0) * 10) / 10 : null;
          measures[m.id] = m.measure;
          done++;
          control.onProgress?.(done, tasks.length, m.measure);
          if (done === tasks.length) { settled = true; finish(); resolve(); return; }
          give(w);
        });
        w.on('error', e => { finish(); fail(new Error(`a study worker failed: ${e.message}`)); });
        w.on('exit', code => { if (!settled) { finish(); fail(new Error(`a study worker exited with code ${code} before the sweep ended`)); } });
      }
      for (const w of workers) give(w);
    });
  } finally {
    await stopAll();
  }
  return { measures, wallMs, execution: { mode: 'workers', parallelism: k } };
}
