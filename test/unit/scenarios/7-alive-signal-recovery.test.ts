// Story 7: two recovery models for the same crash (docs/scenarios/7-alive-signal-recovery.md).
// Lock expiry (Camunda 7) is simulated. The alive-signal model is Workflow Server's, NOT Camunda's,
// and the simulator has no such feature: its stall is COMPUTED here from the simulated crash time
// and the parameters in examples/stories/7-alive-signal.model.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aliveSignalModel, aliveSignalRecovery, assertGolden, crashReport, story } from './storyKit';

const NAME = '7-alive-signal-crash';

test('the alive-signal computation follows its rule', () => {
  const m = { AliveSignalIntervalMs: 5000, NumberOfSkippedIntervalsToSupposeDeath: 3, restoreMs: 0, crashedNode: 'x' };
  assert.deepEqual(aliveSignalRecovery(2100, m), { lastSignal: 0, declaredDead: 20000, restored: 20000, stallMs: 17900 });
  assert.equal(aliveSignalRecovery(5000, m).lastSignal, 5000, 'a signal due at the crash instant was written');
});

test('same crash, two models: lock expiry (simulated, Camunda) vs alive signal (computed, Workflow Server)', async () => {
  const s = await story(NAME);
  const c = crashReport(s);
  const m = aliveSignalModel();
  assert.equal(c.node, m.crashedNode);
  assert.ok(c.stranded.length > 0);
  const alive = aliveSignalRecovery(c.crashAt, m);
  for (const j of c.stranded) {
    assert.ok(j.restartedAt! > j.lockExpTime, `${j.jobId}: Camunda waits for the lock`);
    // the computed model restores every job of the dead server at one instant, regardless of lock age
    assert.ok(alive.stallMs < j.stallMs!, `${j.jobId}: with these settings the alive-signal model recovers sooner`);
  }
  // the lock-expiry stall is bounded below by the lock time minus the lock's age at the crash;
  // the alive-signal stall by N intervals (minus the time since the last signal)
  assert.ok(alive.stallMs >= m.NumberOfSkippedIntervalsToSupposeDeath * m.AliveSignalIntervalMs);
  assert.ok(Math.min(...c.stranded.map(j => j.stallMs!)) >= c.lockTimeInMillis - c.crashAt);
});

test('golden trace: story 7', async () => {
  assertGolden(await story(NAME));
});
