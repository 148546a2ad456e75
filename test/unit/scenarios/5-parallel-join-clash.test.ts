// Story 5: parallel join clash (docs/scenarios/5-parallel-join-clash.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, events, story } from './storyKit';

const CLASH = '5-parallel-join-nonexclusive';
const CURE = '5-parallel-join-exclusive';

test('non-exclusive branches: OptimisticLockingException at the join, retried without consuming a retry, side effects twice', async () => {
  const s = await story(CLASH);
  assert.ok(s.result.summary.executionOptimisticLockingFailures > 0);
  const ole = events(s, 'jobFailed').filter(f => /OptimisticLockingException/.test(f.error));
  assert.ok(ole.length > 0);
  const created = new Map(events(s, 'jobCreated').map(e => [e.jobId, e.retries]));
  for (const f of ole) assert.equal(f.retries, created.get(f.jobId), `${f.jobId}: no retry consumed`);
  for (const c of events(s, 'optimisticLockingFailure')) assert.match(c.statement, /ACT_RU_EXECUTION/);
  assert.ok(s.result.summary.engine!.duplicateSideEffects > 0, 'a rolled-back service call ran again');
  assert.equal(s.result.summary.incidents, 0);
  assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted);
});

test('the same model with exclusive jobs: no clash, every service call once', async () => {
  const s = await story(CURE);
  assert.equal(s.result.summary.executionOptimisticLockingFailures, 0);
  assert.equal(s.result.summary.engine!.duplicateSideEffects, 0);
  assert.equal(s.result.summary.executions, s.result.summary.jobsCreated);
  assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted);
});

test('golden traces: story 5', async () => {
  assertGolden(await story(CLASH));
  assertGolden(await story(CURE));
});
