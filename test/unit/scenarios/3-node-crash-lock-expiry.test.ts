// Story 3: node crash and lock expiry (docs/scenarios/3-node-crash-lock-expiry.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, crashReport, events, story } from './storyKit';

const SHORT = '3-node-crash-lock-30s';
const LONG = '3-node-crash-lock-120s';

for (const name of [SHORT, LONG]) {
  test(`${name}: the crashed node's jobs stall until LOCK_EXP_TIME_, then another node runs them`, async () => {
    const s = await story(name);
    const c = crashReport(s);
    assert.ok(c.stranded.length > 0, 'the node held locked jobs when it died');
    for (const j of c.stranded) {
      assert.ok(Number.isFinite(j.lockExpTime), `${j.jobId}: its lock expired`);
      assert.ok(j.restartedAt !== null && j.restartedOn !== c.node, `${j.jobId}: another node ran it`);
      assert.ok(j.restartedAt! > j.lockExpTime, `${j.jobId}: not before the lock expired`);
      assert.ok(j.lockExpTime - c.crashAt <= c.lockTimeInMillis);
    }
    // the stall of the first job acquired is at least (lock time - age of its lock at the crash)
    const worst = Math.max(...c.stranded.map(j => j.stallMs!));
    assert.ok(worst >= c.lockTimeInMillis - c.crashAt, 'stall ≥ lockTimeInMillis minus the lock age at the crash');
    assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted, 'in the end every job ran');
    assert.equal(events(s, 'jobFailed').length, 0, 'nothing failed: the jobs only waited');
  });
}

test('the stall grows with lockTimeInMillis', async () => {
  const a = crashReport(await story(SHORT)), b = crashReport(await story(LONG));
  assert.deepEqual(a.stranded.map(j => j.jobId), b.stranded.map(j => j.jobId), 'the same crash strands the same jobs');
  for (let i = 0; i < a.stranded.length; i++) assert.ok(b.stranded[i].stallMs! > a.stranded[i].stallMs!);
});

test('golden traces: story 3', async () => {
  assertGolden(await story(SHORT));
  assertGolden(await story(LONG));
});
