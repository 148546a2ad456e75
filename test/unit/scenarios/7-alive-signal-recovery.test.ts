// Story 7: two recovery models for the same crash (docs/scenarios/7-alive-signal-recovery.md), both
// simulated. 7-alive-signal-crash: Camunda 7's lock expiry. 7-alive-signal-crash-alive-signal: the same
// crash with engine.recovery = the alive-signal model — OURS, a model of Workflow Server, NOT Camunda.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, crashReport, events, story } from './storyKit';

const LOCK = '7-alive-signal-crash';
const ALIVE = '7-alive-signal-crash-alive-signal';

test('the two runs differ only in engine.recovery', async () => {
  const a = await story(LOCK), b = await story(ALIVE);
  assert.deepEqual(a.prepared.scenario.engine.recovery, { model: 'lockExpiry' });
  assert.deepEqual(b.prepared.scenario.engine.recovery, { model: 'aliveSignal', aliveSignalIntervalMs: 5000, numberOfSkippedIntervalsToSupposeDeath: 3 });
  assert.deepEqual({ ...a.prepared.scenario, engine: null }, { ...b.prepared.scenario, engine: null });
  assert.deepEqual({ ...a.prepared.scenario.engine, recovery: null }, { ...b.prepared.scenario.engine, recovery: null });
});

test('lock expiry (Camunda 7): the stranded jobs wait for their locks, no alive-signal events', async () => {
  const s = await story(LOCK);
  const c = crashReport(s);
  assert.equal(events(s, 'nodeSupposedDead').length + events(s, 'jobsRestored').length, 0);
  for (const j of c.stranded) {
    assert.ok(j.restartedAt! > j.lockExpTime, `${j.jobId}: restarted only after its lock expired`);
    assert.ok(j.stallMs! >= c.lockTimeInMillis - c.crashAt, `${j.jobId}: stall at least the lock time minus the lock's age`);
  }
});

test('alive signal (Workflow Server model): node-1 is declared dead at 20 s and every job it held is restored at once', async () => {
  const s = await story(ALIVE);
  const c = crashReport(s);
  const r = s.prepared.scenario.engine.recovery as { aliveSignalIntervalMs: number; numberOfSkippedIntervalsToSupposeDeath: number };
  const I = r.aliveSignalIntervalMs, N = r.numberOfSkippedIntervalsToSupposeDeath;
  const lastSignal = Math.ceil(c.crashAt / I) * I - I; // 0: the last signal before the crash at 2.1 s
  const dead = events(s, 'nodeSupposedDead');
  assert.deepEqual(dead.map(e => ({ t: e.t, node: e.node, by: e.by, lastAliveAt: e.lastAliveAt })), [{ t: lastSignal + (N + 1) * I, node: 'node-1', by: 'node-2', lastAliveAt: lastSignal }]);
  const restored = events(s, 'jobsRestored');
  assert.equal(restored.length, 1);
  assert.deepEqual(restored[0].jobIds, c.stranded.map(j => j.jobId), 'exactly the jobs node-1 held');
  assert.equal(events(s, 'lockExpired').length, 0, 'no lock had to expire');
  for (const j of c.stranded) {
    assert.equal(j.restoredAt, 20_000);
    assert.ok(j.restartedAt! >= j.restoredAt!, `${j.jobId}: started again only after the restore`);
  }
});

test('the numbers: per stranded job, the stall (crash → started again) under each model', async () => {
  const lock = crashReport(await story(LOCK)), alive = crashReport(await story(ALIVE));
  assert.deepEqual([lock.node, lock.crashAt], [alive.node, alive.crashAt], 'the same crash');
  assert.deepEqual(lock.stranded.map(j => j.jobId), alive.stranded.map(j => j.jobId), 'the same stranded jobs');
  const table = Object.fromEntries(lock.stranded.map((j, i) => [j.jobId, { lockExpiry: j.stallMs, aliveSignal: alive.stranded[i].stallMs }]));
  assert.deepEqual(table, {
    j2: { lockExpiry: 318_412, aliveSignal: 17_908 },
    j3: { lockExpiry: 320_416, aliveSignal: 19_912 },
    j4: { lockExpiry: 318_412, aliveSignal: 17_908 },
    j5: { lockExpiry: 320_416, aliveSignal: 19_912 },
  });
  for (const j of Object.values(table)) assert.ok(j.aliveSignal! < j.lockExpiry!);
});

test('nothing is lost and nothing runs twice in either model', async () => {
  for (const name of [LOCK, ALIVE]) {
    const m = (await story(name)).result.summary;
    assert.equal(m.jobsCompleted, m.jobsCreated, `${name}: every job completed`);
    assert.equal(m.incidents, 0);
    assert.equal(m.duplicateExecutions, 0, `${name}: no job ran twice at once`);
    assert.equal(m.engine!.instancesCompleted, m.engine!.instancesStarted);
  }
});

test('golden traces: story 7', async () => {
  assertGolden(await story(LOCK));
  assertGolden(await story(ALIVE));
});
