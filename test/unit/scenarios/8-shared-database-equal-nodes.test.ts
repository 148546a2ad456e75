// Story 8: shared database, equal nodes (docs/scenarios/8-shared-database-equal-nodes.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, story } from './storyKit';

const NAME = '8-shared-database-equal-nodes';

test('equal nodes on one database: every node does work, they meet only at the row lock, nothing runs twice', async () => {
  const s = await story(NAME);
  const sum = s.result.summary;
  for (const n of s.prepared.scenario.nodes) assert.ok(sum.perNode[n.id].completed > 0, `${n.id} completed jobs`);
  assert.ok(sum.lockClashes > 0, 'nodes selected the same rows; the optimistic lock decided');
  assert.equal(sum.duplicateExecutions, 0);
  assert.equal(sum.executionOptimisticLockingFailures, 0);
  assert.equal(sum.executions, sum.jobsCreated);
  assert.equal(sum.engine!.instancesCompleted, sum.engine!.instancesStarted);
});

test('golden trace: story 8', async () => {
  assertGolden(await story(NAME));
});
