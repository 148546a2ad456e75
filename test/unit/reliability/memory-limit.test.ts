// limits.maxMemoryMb (issue #8, "resource limits on simulations ... max memory"): the run's own
// footprint — sql.js database pages, recorded trace events × TRACE_EVENT_BYTES, event-queue entries —
// checked on the first step and then every MEMORY_CHECK_EVERY steps (simulator/limits.ts). A run over
// the limit ends with a SimulationLimitError naming the limit, the virtual time and what to do; the CLI
// exits 2 with that message and no stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulation, SimulationLimitError } from '../../../simulator/simulation';
import { checkScenario, validateScenario } from '../../../simulator/scenario/validate';
import { DEFAULT_LIMITS } from '../../../simulator/scenario/types';
import { MEMORY_CHECK_EVERY, TRACE_EVENT_BYTES, footprintBytes, memoryLimitError } from '../../../simulator/limits';
import { main } from '../../../src/cli';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'task' }));
const FAST_NODE = { corePoolSize: 20, maxPoolSize: 20, queueSize: 20, maxJobsPerAcquisition: 20, waitTimeInMillis: 50, maxWait: 200 };

function runToError(sim: { run(): unknown }): unknown {
  try { sim.run(); } catch (e) { return e; }
  return undefined;
}

test('limits.maxMemoryMb: default 512, validated as a positive integer with a path-precise message', () => {
  assert.equal(DEFAULT_LIMITS.maxMemoryMb, 512);
  assert.equal(validateScenario({ seed: 1, nodes: [{ id: 'n' }] }).limits.maxMemoryMb, 512);
  assert.equal(validateScenario({ seed: 1, nodes: [{ id: 'n' }], limits: { maxMemoryMb: 64 } }).limits.maxMemoryMb, 64);
  for (const bad of [0, -1, 1.5, '512', null]) {
    const errs = checkScenario({ seed: 1, nodes: [{ id: 'n' }], limits: { maxMemoryMb: bad } }).errors;
    assert.equal(errs.length, 1, JSON.stringify(bad));
    assert.equal(errs[0].path, 'limits.maxMemoryMb');
    assert.match(errs[0].message, /positive integer/);
  }
});

test('limits.maxMemoryMb: a job table larger than the limit stops the run at its first step, naming the limit, the time and what to do', async () => {
  // 20,000 rows ≈ 4 MB of database pages (measured ≈ 217 bytes per row with its indexes)
  const s = validateScenario({ seed: 1, nodes: [{ id: 'n', config: FAST_NODE }], limits: { maxMemoryMb: 1 } });
  s.jobs = rows(20_000);
  const sim = await createSimulation(s, { recordTrace: false });
  const e = runToError(sim);
  const steps = sim.summary().steps;
  sim.close();
  assert.ok(e instanceof SimulationLimitError, String(e));
  assert.equal(steps, 1, 'checked on the first step');
  assert.match(e.message, /^simulation stopped: the run's memory \(\d+\.\d MB: database \d+\.\d MB, trace 0 events ≈ 0\.0 MB, event queue \d+ entries\) passed limits\.maxMemoryMb = 1 MB \(at t = \d+ ms\); raise limits\.maxMemoryMb, shorten "until", or lower the load or the job rows/);
});

test('limits.maxMemoryMb: the recorded trace counts; the same run without a recorded trace ends normally; the stop is deterministic', async () => {
  const scenario = () => {
    const s = validateScenario({ seed: 7, nodes: [{ id: 'n', count: 2, config: FAST_NODE }], engine: { dbLatencyMs: 1, defaultJobDurationMs: 5 }, limits: { maxMemoryMb: 2 } });
    s.jobs = rows(2000); // ≈ 0.4 MB of pages + 2000 jobCreated events ≈ 0.8 MB: under the limit at the first step
    return s;
  };
  const stopAt: number[] = [];
  for (let i = 0; i < 2; i++) {
    const sim = await createSimulation(scenario());
    const e = runToError(sim);
    const { steps } = sim.summary();
    const events = sim.trace.length;
    sim.close();
    assert.ok(e instanceof SimulationLimitError, String(e));
    assert.ok(steps > 1 && (steps - 1) % MEMORY_CHECK_EVERY === 0, `stopped at a check step (got ${steps})`);
    assert.ok(events * TRACE_EVENT_BYTES > 1048576, `the trace is what pushed it over (${events} events)`);
    assert.match(e.message, new RegExp(`trace ${events} events`));
    stopAt.push(steps);
  }
  assert.equal(stopAt[0], stopAt[1], 'same scenario, same seed ⇒ stops at the same step');
  const sim = await createSimulation(scenario(), { recordTrace: false });
  const summary = sim.run();
  sim.close();
  assert.equal(summary.jobsCompleted, 2000, 'without a recorded trace the same run fits in 2 MB');
});

test('limits.maxMemoryMb: the footprint arithmetic and the message of the pure check', () => {
  const f = { dbBytes: 2 * 1048576, traceEvents: 1000, queueEntries: 10 };
  assert.equal(footprintBytes(f), 2 * 1048576 + 1000 * TRACE_EVENT_BYTES + 10 * 128);
  assert.equal(memoryLimitError(f, 3, 0), null);
  const e = memoryLimitError(f, 2, 1234);
  assert.ok(e instanceof SimulationLimitError);
  assert.match(e.message, /\(2\.4 MB: database 2\.0 MB, trace 1000 events ≈ 0\.4 MB, event queue 10 entries\) passed limits\.maxMemoryMb = 2 MB \(at t = 1234 ms\)/);
});

test('CLI: simulate with a scenario over limits.maxMemoryMb exits 2 with the message and no stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'joblab-mem-'));
  try {
    writeFileSync(join(dir, 'big.json'), JSON.stringify({ seed: 1, nodes: [{ id: 'n' }], jobs: rows(20_000), limits: { maxMemoryMb: 1 } }));
    const out: string[] = [], err: string[] = [];
    const code = await main(['simulate', 'big.json'], { stdout: s => { out.push(s); }, stderr: s => { err.push(s); }, cwd: dir });
    const stderr = err.join('');
    assert.equal(code, 2, stderr);
    assert.match(stderr, /^bpmn-job-lab simulate: simulation stopped: the run's memory \(.*\) passed limits\.maxMemoryMb = 1 MB \(at t = \d+ ms\); raise limits\.maxMemoryMb/);
    assert.doesNotMatch(stderr, /^ {4}at /m);
    assert.doesNotMatch(out.join(''), /^ {4}at /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
