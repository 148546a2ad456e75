// Story 4: jobs that run longer than the lock (docs/scenarios/4-job-longer-than-lock.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, events, overlappingStarts, runs, story } from './storyKit';

const NAME = '4-job-longer-than-lock';

test('a job outliving its lock is acquired and run again while the first run is still going; every such overlap is flagged', async () => {
  const s = await story(NAME);
  const overlaps = overlappingStarts(s);
  const flagged = events(s, 'duplicateExecution');
  assert.ok(overlaps.length > 0, 'duplicate executions happen');
  assert.deepEqual(flagged.map(e => `${e.jobId}@${e.t}`), overlaps.map(o => `${o.jobId}@${o.t}`), 'each overlap has its duplicateExecution event, and no other');
  for (const o of overlaps) {
    const first = runs(s).find(r => r.jobId === o.jobId && r.start <= o.t && (r.end === null || r.end > o.t))!;
    const expired = events(s, 'lockExpired').filter(e => e.jobId === o.jobId && e.t <= o.t).pop();
    assert.ok(expired && expired.lockOwner === first.node, `${o.jobId}: re-acquired because the lock held by the running node (${first.node}) had expired`);
  }
  assert.ok(s.result.summary.executions > s.result.summary.jobsCreated, 'more service calls than jobs');
});

test("the overtaken run's commit clashes and its failure bookkeeping is skipped: no retry consumed, no incident", async () => {
  const s = await story(NAME);
  const skipped = events(s, 'jobFailed').filter(e => e.strategy === 'skipped');
  assert.ok(skipped.length > 0);
  assert.ok(events(s, 'optimisticLockingFailure').length > 0);
  const created = new Map(events(s, 'jobCreated').map(e => [e.jobId, e.retries]));
  for (const f of skipped) assert.equal(f.retries, created.get(f.jobId), `${f.jobId}: retries untouched`);
  assert.equal(s.result.summary.incidents, 0);
  assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted);
});

test('golden trace: story 4', async () => {
  assertGolden(await story(NAME));
});
