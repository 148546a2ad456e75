// Story 8: shared database, equal nodes (docs/scenarios/8-shared-database-equal-nodes.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, events, startsByNode, story, total } from './storyKit';

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

test('the load balancer spreads the start requests over all equal nodes (round-robin: evenly); none fails', async () => {
  const s = await story(NAME);
  const starts = startsByNode(s);
  const counts = s.prepared.scenario.nodes.map(n => starts[n.id] ?? 0);
  for (const [i, n] of s.prepared.scenario.nodes.entries()) assert.ok(counts[i] > 0, `${n.id} received starts`);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `even spread: ${counts.join('/')}`);
  assert.equal(total(starts), s.prepared.scenario.load[0].instances);
  assert.equal(events(s, 'startFailed').length, 0);
  assert.equal(s.result.summary.engine!.instancesStarted, total(starts));
});

test('golden trace: story 8', async () => {
  assertGolden(await story(NAME));
});
