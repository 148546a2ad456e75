// Story 2: rolling deployment (docs/scenarios/2-rolling-deployment.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, cnfeByNode, events, story, total } from './storyKit';

const WITHOUT = '2-rolling-deployment';
const WITH = '2-rolling-deployment-cured';

test('without precautions: v2 jobs reach the nodes still on the old build and fail with ClassNotFoundException', async () => {
  const s = await story(WITHOUT);
  const cnfe = cnfeByNode(s);
  assert.ok(total(cnfe) > 0);
  for (const node of Object.keys(cnfe)) assert.ok(!node.endsWith('-v2'), `${node}: only old-build nodes fail`);
  const deployAt = events(s, 'timeline').find(e => e.action === 'deploy')!.t;
  assert.ok(events(s, 'jobFailed').every(f => f.t >= deployAt), 'nothing fails before version 2 is in the database');
  assert.ok(s.result.summary.incidents > 0);
  assert.ok(s.result.summary.engine!.instancesCompleted < s.result.summary.engine!.instancesStarted);
});

test('with the cure (asyncAfter start, suspend at deploy, activate after the last node): nothing fails, every claim completes, v2 work waits for the activation', async () => {
  const s = await story(WITH);
  assert.equal(total(cnfeByNode(s)), 0);
  assert.equal(events(s, 'jobFailed').length, 0);
  assert.equal(s.result.summary.incidents, 0);
  assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted);
  const activateAt = events(s, 'timeline').find(e => e.action === 'activateJobDefinition')!.t;
  const v2Starts = events(s, 'jobStarted').filter(e => e.activityId === 'claimReceived');
  assert.ok(v2Starts.length > 0, 'v2 claims were started during the rollout');
  assert.ok(v2Starts.every(e => e.t >= activateAt), 'their jobs ran only after activation');
});

test('side by side: failures and incidents drop to 0, completed claims rise', async () => {
  const a = await story(WITHOUT), b = await story(WITH);
  assert.ok(total(cnfeByNode(a)) > total(cnfeByNode(b)));
  assert.ok(a.result.summary.incidents > b.result.summary.incidents);
  assert.ok(a.result.summary.engine!.instancesCompleted < b.result.summary.engine!.instancesCompleted);
});

test('golden traces: story 2', async () => {
  assertGolden(await story(WITHOUT));
  assertGolden(await story(WITH));
});
