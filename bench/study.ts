/**
 * Scaling-study benchmark (issue #7): how long a full sweep takes, in worker threads vs in-process in
 * the same run (ratio), and the simulator's overhead per simulated job (wall µs per completed job).
 *
 * Scenario: bench/simulator.ts's literal-rows scenario with 500 non-exclusive jobs of 5 ms
 * (`BENCH_STUDY_JOBS` overrides) and again with 4,000 (`BENCH_STUDY_LARGE`, 0 skips it), swept over
 * nodes 1..4 × threads 1,5,10,20 (16 points). Every point completes all jobs. Wall times are the
 * median of 3 sweeps each (after one warm-up sweep) for the small size, one sweep for the large one.
 * Three ways: all in this thread, all in workers, and the CLI's default (workers only for studies of
 * at least MIN_WORK_FOR_WORKERS jobs over all points). The worker
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
import { MIN_WORK_FOR_WORKERS } from '../src/cli/study';
import type { StudyResult } from '../simulator/study/types';
import { benchScenario } from './simulator';
import type { BenchResult } from './run';

type Mode = 'in-process' | 'workers' | 'adaptive';

export async function benchStudy(): Promise<BenchResult> {
  const small = Number(process.env.BENCH_STUDY_JOBS ?? 500);
  const large = Number(process.env.BENCH_STUDY_LARGE ?? 4000);
  const options = { nodes: [1, 2, 3, 4], threads: [1, 5, 10, 20] };
  const clock = () => performance.now();
  const built = join(__dirname, '..', 'dist', 'study-worker.js');
  const workerPath = existsSync(built) ? built : undefined;
  const spin = await calibrate();
  const lines: string[] = [`CPU calibration                     two parallel loops take ${spin.toFixed(2)}x one (1.0 = two real cores)`];
  for (const [jobs, repeats] of [[small, 3], [large, 1]] as const) {
    if (!(jobs > 0)) continue;
    const base = { scenario: benchScenario(jobs), bpmn: {}, name: `literal-${jobs}` };
    const sweep = async (mode: Mode): Promise<{ ms: number; r: StudyResult }> => {
      const r = await runStudy(base, options, {
        clock, ...(workerPath ? { workerPath } : {}),
        ...(mode === 'in-process' ? { inProcess: true } : mode === 'adaptive' ? { minWorkForWorkers: MIN_WORK_FOR_WORKERS } : {}),
      });
      return { ms: r.elapsedMs!, r };
    };
    const median = async (mode: Mode) => {
      if (repeats > 1) await sweep(mode); // warm-up
      const runs: { ms: number; r: StudyResult }[] = [];
      for (let i = 0; i < repeats; i++) runs.push(await sweep(mode));
      runs.sort((x, y) => x.ms - y.ms);
      return runs[Math.floor(runs.length / 2)];
    };
    const inProc = await median('in-process');
    const workers = await median('workers');
    const adaptive = await median('adaptive');
    const strip = (r: StudyResult) => JSON.stringify(r.points.map(p => ({ ...p, wallMs: null })));
    const same = strip(inProc.r) === strip(workers.r) && strip(inProc.r) === strip(adaptive.r);
    const completed = inProc.r.points.reduce((n, p) => n + p.jobsCompleted, 0);
    const steps = inProc.r.points.reduce((n, p) => n + p.steps, 0);
    const pointWall = inProc.r.points.reduce((n, p) => n + (p.wallMs ?? 0), 0);
    const t20 = inProc.r.points.filter(p => p.threads === 20).map(p => `${p.nodes}:${p.acceleration?.toFixed(2)}`).join(' ');
    const of = repeats > 1 ? `median of ${repeats}` : 'one run';
    lines.push(
      `-- ${jobs.toLocaleString('en-US')} literal jobs per point, nodes 1..4 × threads 1,5,10,20 (${inProc.r.points.length} points)`,
      `in-process sweep                    ${(inProc.ms / 1000).toFixed(2)} s (${of})`,
      `worker sweep (${workers.r.execution.mode}, ${workers.r.execution.parallelism} of ${availableParallelism()} CPUs${workerPath ? '' : ', tsx'})`.padEnd(36) + `${(workers.ms / 1000).toFixed(2)} s (${of})`,
      `CLI default (workers from ${MIN_WORK_FOR_WORKERS} jobs)`.padEnd(36) + `${(adaptive.ms / 1000).toFixed(2)} s (${of}; chose ${adaptive.r.execution.mode})`,
      `ratio in-process / workers          ${(inProc.ms / workers.ms).toFixed(2)}x;  in-process / CLI default ${(inProc.ms / adaptive.ms).toFixed(2)}x  (identical points: ${same ? 'yes' : 'NO'})`,
      `overhead per simulated job          ${(pointWall * 1000 / completed).toFixed(0)} µs wall per completed job (${completed} jobs, ${steps} events, in-process)`,
      `acceleration at 20 threads          ${t20}`,
    );
  }
  return { name: 'study: full scaling sweeps in-process, in workers and as the CLI chooses', lines };
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
