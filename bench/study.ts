/**
 * Scaling-study benchmark (issue #7): how long a full sweep takes, in worker threads vs in-process in
 * the same run (ratio), and the simulator's overhead per simulated job (wall µs per completed job).
 *
 * Scenario: bench/simulator.ts's literal-rows scenario with 500 non-exclusive jobs of 5 ms
 * (`BENCH_STUDY_JOBS` overrides), swept over nodes 1..4 × threads 1,5,10,20 (16 points). Every point
 * completes all jobs. Wall times are the median of 3 sweeps each (after one warm-up sweep). The worker
 * sweep uses min(16, os.availableParallelism()) workers, started per sweep (their start-up is part of
 * the figure, as it is for a user). The workers run dist/study-worker.js when it is built (npm run bench
 * builds first), else simulator/study/worker.ts through tsx (slower start-up).
 * Calibration: the same CPU-bound loop once in this thread, then twice at once in two workers; a ratio
 * near 1 means the machine really runs two threads in parallel, near 2 that it does not (then workers
 * cannot speed the sweep up).
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runStudy } from '../simulator/study/sweep';
import type { StudyResult } from '../simulator/study/types';
import { benchScenario } from './simulator';
import type { BenchResult } from './run';

export async function benchStudy(): Promise<BenchResult> {
  const jobs = Number(process.env.BENCH_STUDY_JOBS ?? 500);
  const base = { scenario: benchScenario(jobs), bpmn: {}, name: `literal-${jobs}` };
  const options = { nodes: [1, 2, 3, 4], threads: [1, 5, 10, 20] };
  const clock = () => performance.now();
  const built = join(__dirname, '..', 'dist', 'study-worker.js');
  const workerPath = existsSync(built) ? built : undefined;
  const sweep = async (inProcess: boolean): Promise<{ ms: number; r: StudyResult }> => {
    const r = await runStudy(base, options, { inProcess, clock, ...(workerPath ? { workerPath } : {}) });
    return { ms: r.elapsedMs!, r };
  };
  const median = async (inProcess: boolean) => {
    await sweep(inProcess); // warm-up
    const runs = [await sweep(inProcess), await sweep(inProcess), await sweep(inProcess)];
    runs.sort((a, b) => a.ms - b.ms);
    return runs[1];
  };
  const spin = await calibrate();
  const inProc = await median(true);
  const workers = await median(false);
  const same = JSON.stringify(inProc.r.points.map(p => ({ ...p, wallMs: null }))) === JSON.stringify(workers.r.points.map(p => ({ ...p, wallMs: null })));
  const completed = inProc.r.points.reduce((n, p) => n + p.jobsCompleted, 0);
  const steps = inProc.r.points.reduce((n, p) => n + p.steps, 0);
  const pointWall = inProc.r.points.reduce((n, p) => n + (p.wallMs ?? 0), 0);
  const t20 = inProc.r.points.filter(p => p.threads === 20).map(p => `${p.nodes}:${p.acceleration?.toFixed(2)}`).join(' ');
  return {
    name: `study: ${jobs} literal jobs, nodes 1..4 × threads 1,5,10,20 (${inProc.r.points.length} points)`,
    lines: [
      `in-process sweep                    ${(inProc.ms / 1000).toFixed(2)} s (median of 3)`,
      `worker sweep (${workers.r.execution.mode}, ${workers.r.execution.parallelism} of ${availableParallelism()} CPUs${workerPath ? '' : ', tsx'})`.padEnd(36) + `${(workers.ms / 1000).toFixed(2)} s (median of 3)`,
      `ratio in-process / workers          ${(inProc.ms / workers.ms).toFixed(2)}x  (identical points: ${same ? 'yes' : 'NO'})`,
      `CPU calibration                     two parallel loops take ${spin.toFixed(2)}x one (1.0 = two real cores)`,
      `overhead per simulated job          ${(pointWall * 1000 / completed).toFixed(0)} µs wall per completed job (${completed} jobs, ${steps} events, in-process)`,
      `acceleration at 20 threads          ${t20}`,
    ],
  };
}

const SPIN = `let x = 0; for (let i = 0; i < 1e8; i++) x = (x + i * 7) % 1000003; require('node:worker_threads').parentPort?.postMessage(x);`;

/** Time of two CPU-bound loops run at once in two workers ÷ the time of one (each in a fresh worker). */
async function calibrate(): Promise<number> {
  const once = (k: number) => {
    const t0 = performance.now();
    return Promise.all(Array.from({ length: k }, () => new Promise<void>((resolve, reject) => {
      const w = new Worker(SPIN, { eval: true });
      w.once('message', () => { void w.terminate(); resolve(); });
      w.once('error', reject);
    }))).then(() => performance.now() - t0);
  };
  await once(1);
  const one = await once(1);
  const two = await once(2);
  return two / one;
}
