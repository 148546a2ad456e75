import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario, checkScenario } from '../../../../simulator/scenario/validate';
import { createSimulation } from '../../../../simulator/simulation';
import type { TraceEvent } from '../../../../simulator/trace';
import { assertCheckpointReplays } from './assertReplay';

const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter(e => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];
const singles = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'task', ...extra }));

test('smallest valid scenario runs', async () => {
  const sim = await createSimulation(validateScenario({ nodes: [{ id: 'node-1' }], until: 'PT200S', seed: 1 }));
  const s = sim.run();
  assert.equal(s.jobsCreated, 0);
  assert.equal(of(sim.trace, 'nodeStarted').length, 1);
});

test('two nodes SELECT the same rows; the later lock UPDATE hits 0 rows (clash), no retry is burned', async () => {
  const sim = await createSimulation(validateScenario({ seed: 1, until: 'PT200S', nodes: [{ id: 'node', count: 2 }], jobs: singles(3) }));
  sim.run();
  const acq = of(sim.trace, 'acquisition').filter(a => a.selected.length > 0);
  const a1 = acq.find(a => a.node === 'node-1')!, a2 = acq.find(a => a.node === 'node-2')!;
  assert.deepEqual(a1.selected, a2.selected);
  assert.deepEqual(a1.locked, ['j1', 'j2', 'j3']);
  assert.deepEqual(a2.clashed, ['j1', 'j2', 'j3']);
  assert.deepEqual(a2.batches, []);
  assert.match(a1.sql, /SELECT/);
  assert.equal(sim.summary().jobsCompleted, 3);
  assert.equal(sim.summary().lockClashes, 3);
  assert.equal(of(sim.trace, 'jobFailed').length, 0);
});

test('exclusive jobs of one instance form one batch that runs sequentially on one thread; idle counts batches', async () => {
  const jobs = Array.from({ length: 3 }, (_, i) => ({ ID_: `e${i + 1}`, EXCLUSIVE_: true, PROCESS_INSTANCE_ID_: 'pi1', ACT_ID_: 'task' }));
  const sim = await createSimulation(validateScenario({ seed: 1, nodes: [{ id: 'n' }], jobs, engine: { defaultJobDurationMs: 50 } }));
  sim.run();
  const a = of(sim.trace, 'acquisition')[0];
  assert.deepEqual(a.batches, [['e1', 'e2', 'e3']]);
  assert.equal(a.idleLevel, 1); // 1 batch + 0 failed < 3 attempted
  const started = of(sim.trace, 'jobStarted');
  assert.deepEqual(started.map(s => s.jobId), ['e1', 'e2', 'e3']);
  assert.equal(new Set(started.map(s => s.thread)).size, 1);
  const done = of(sim.trace, 'jobCompleted');
  for (let i = 1; i < 3; i++) assert.ok(started[i].t >= done[i - 1].t, 'next job starts after the previous committed');
});

test('rejected batches stay locked and are resubmitted first in the next cycle', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'n', config: { corePoolSize: 1, maxPoolSize: 1, queueSize: 1, maxJobsPerAcquisition: 4 } }],
    jobs: singles(4), engine: { defaultJobDurationMs: 1000 },
  }));
  sim.runUntil(20);
  const first = of(sim.trace, 'acquisition')[0];
  assert.deepEqual(first.rejected, [['j3'], ['j4']]);
  assert.equal(of(sim.trace, 'batchRejected').filter(b => b.t <= first.t).length, 2);
  const j3 = sim.snapshot().jobs.find(j => j.ID_ === 'j3')!;
  assert.equal(j3.LOCK_OWNER_, 'n');
  const second = of(sim.trace, 'acquisition')[1];
  assert.deepEqual(second.resubmitted, [['j3'], ['j4']]);
  assert.equal(second.attempted, 2); // 4 − 2 rejected batches
  sim.run();
  assert.equal(sim.summary().jobsCompleted, 4);
});

test('failures: standard strategy burns retries to an incident; the job is never acquired again', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'n' }], jobs: [{ ID_: 'f1', EXCLUSIVE_: true, PROCESS_INSTANCE_ID_: 'p', ACT_ID_: 'bad', HANDLER_TYPE_: 'event' }],
    activities: { bad: { failureProbability: 1, error: 'java.lang.IllegalStateException: boom' } },
  }));
  sim.run();
  const failed = of(sim.trace, 'jobFailed');
  assert.deepEqual(failed.map(f => f.retries), [2, 1, 0]);
  assert.ok(failed.every(f => f.strategy === 'standard'));
  assert.equal(of(sim.trace, 'incident').length, 1);
  assert.equal(sim.summary().failuresByError['java.lang.IllegalStateException: boom'], 3);
  assert.equal(sim.table.incidents().length, 1);
});

test('failures: custom retry cycle (7.24) sets retries at creation and pushes DUEDATE_', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'n' }], engine: { failedJobRetryTimeCycle: 'PT10S,PT20S' },
    jobs: [{ ID_: 'f1', EXCLUSIVE_: true, PROCESS_INSTANCE_ID_: 'p', ACT_ID_: 'bad', HANDLER_TYPE_: 'async-continuation' }],
    activities: { bad: { failureProbability: 1 } },
  }));
  sim.run();
  const failed = of(sim.trace, 'jobFailed');
  assert.deepEqual(failed.map(f => f.retries), [2, 1, 0]);
  assert.ok(failed.every(f => f.strategy === 'custom'));
  assert.equal(failed[0].dueDate! - failed[0].t, 10000);
  assert.equal(failed[1].dueDate! - failed[1].t, 20000);
  assert.ok(of(sim.trace, 'jobStarted')[1].t >= failed[0].dueDate!);
});

test('deployment awareness: a node without the classes fails with ClassNotFoundException', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'old', deployments: [] }], jobs: [{ ID_: 'd1', DEPLOYMENT_ID_: 'dep-2', EXCLUSIVE_: false, ACT_ID_: 'x' }],
  }));
  sim.run();
  assert.match(of(sim.trace, 'jobFailed')[0].error, /ClassNotFoundException/);
});

test('crash: locks stay until LOCK_EXP_TIME_, then another node re-acquires the job', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'a', config: { lockTimeInMillis: 10000 } }, { id: 'b', config: { lockTimeInMillis: 10000, waitTimeInMillis: 1000, maxWait: 1000 } }],
    jobs: singles(1), engine: { defaultJobDurationMs: 5000 },
    timeline: [{ at: 100, action: 'crashNode', node: 'a' }],
  }));
  sim.run();
  const crash = of(sim.trace, 'nodeCrashed')[0];
  assert.deepEqual(crash.runningJobs, ['j1']);
  assert.equal(crash.lockedJobs, 1);
  const expired = of(sim.trace, 'lockExpired')[0];
  assert.equal(expired.lockOwner, 'a');
  const restart = of(sim.trace, 'jobStarted').find(s => s.node === 'b')!;
  assert.ok(restart.t > expired.lockExpTime);
  assert.equal(sim.summary().jobsCompleted, 1);
  const snap = sim.snapshot();
  assert.deepEqual(snap.nodes[0].lifecycle.tags, ['down']);
});

test('a job running longer than lockTimeInMillis is executed twice; the loser hits an optimistic-locking failure', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'a', config: { lockTimeInMillis: 1000 } }, { id: 'b', config: { lockTimeInMillis: 10000, waitTimeInMillis: 500, maxWait: 500 } }],
    jobs: singles(1), engine: { defaultJobDurationMs: 3000 },
  }));
  sim.run();
  assert.equal(of(sim.trace, 'duplicateExecution').length, 1);
  assert.equal(sim.summary().executionOptimisticLockingFailures, 1);
  assert.equal(sim.summary().jobsCompleted, 1);
});

const busy = () => validateScenario({
  seed: 7, nodes: [{ id: 'n', count: 3, config: { maxJobsPerAcquisition: 5 } }],
  jobs: Array.from({ length: 60 }, (_, i) => ({ ID_: `j${i}`, EXCLUSIVE_: i % 3 === 0, PROCESS_INSTANCE_ID_: `p${i % 7}`, ACT_ID_: i % 2 ? 'a' : 'b' })),
  activities: { a: { durationMs: { distribution: 'exponential', mean: 80 }, failureProbability: 0.2 }, b: { durationMs: { distribution: 'uniform', min: 10, max: 200 } } },
  engine: { databaseOrder: 'shuffled', dbConnections: 2 },
});

test('same seed ⇒ identical trace hash; different seed ⇒ different', async () => {
  const h = async (seed: number) => { const s = await createSimulation({ ...busy(), seed }); s.run(); return s.traceHash(); };
  const a = await h(7), b = await h(7), c = await h(8);
  assert.equal(a, b);
  assert.notEqual(a, c);
});

test('checkpoint/restore gives the byte-identical continuation', async () => {
  const ref = await createSimulation(busy());
  ref.run();
  const sim = await createSimulation(busy());
  for (let i = 0; i < 150; i++) sim.step();
  assertCheckpointReplays(sim, ref);
});

test('scenario validation: path-precise errors and did-you-mean', () => {
  const r = checkScenario({ seed: 1, nodes: [{ id: 'a' }, { id: 'b', config: { waitTimeInMillis: '5s', maxJobsPerAcquistion: 2 } }], untill: 'PT1S' });
  const msgs = r.errors.map(e => `${e.path}: ${e.message}`);
  assert.ok(msgs.includes('nodes[1].config.waitTimeInMillis: expected a non-negative integer, got "5s"'), msgs.join('\n'));
  assert.ok(msgs.some(m => m.startsWith('nodes[1].config.maxJobsPerAcquistion: unknown key (did you mean "maxJobsPerAcquisition"?)')), msgs.join('\n'));
  assert.ok(msgs.some(m => m.startsWith('untill: unknown key (did you mean "until"?)')), msgs.join('\n'));
  assert.ok(checkScenario({ nodes: [{ id: 'x' }] }).errors.some(e => e.path === 'seed' && e.message === 'is required'));
  assert.ok(checkScenario({ seed: 1, nodes: [{ id: 'x' }], until: 'P1X' }).errors.some(e => e.path === 'until'));
  assert.ok(checkScenario({ seed: 1, nodes: [{ id: 'x' }], timeline: [{ at: 5, action: 'crashNode', node: 'y' }] }).errors.some(e => e.path === 'timeline[0].node'));
  assert.ok(checkScenario({ seed: 1, nodes: [{ id: 'x' }], jobs: [{ ID_: 'a', RETRIE_: 3 }] }).errors.some(e => e.path.startsWith('jobs[0]')));
  const ok = validateScenario({ nodes: [{ id: 'node', count: 2 }], until: 'PT200S', seed: 1 });
  assert.deepEqual(ok.nodes.map(n => n.id), ['node-1', 'node-2']);
  assert.equal(ok.until, 200000);
});

test('resource limits: maxEvents stops the run with a clear message', async () => {
  const sim = await createSimulation(validateScenario({ seed: 1, nodes: [{ id: 'n' }], jobs: singles(20), limits: { maxEvents: 10 } }));
  assert.throws(() => sim.run(), /limits\.maxEvents = 10/);
});
