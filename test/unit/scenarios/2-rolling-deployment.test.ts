// Story 2: rolling deployment (docs/scenarios/2-rolling-deployment.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, cnfeByNode, events, failedStartsByNode, isCnfe, startsByNode, story, total } from './storyKit';

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

test('without precautions: start requests the load balancer sends to a node still on the old build fail with ClassNotFoundException (no instance)', async () => {
  const s = await story(WITHOUT);
  const failed = failedStartsByNode(s);
  assert.ok(total(failed) > 0, 'some start requests failed');
  const lacking = new Set(s.prepared.scenario.nodes.filter(n => n.deployments && !n.deployments.includes('claims-v2')).map(n => n.id));
  for (const node of Object.keys(failed)) assert.ok(lacking.has(node), `${node}: only nodes without the v2 classes fail starts`);
  assert.ok(events(s, 'startFailed').every(e => isCnfe(e.error)), 'every failed start is a ClassNotFoundException');
  const deployAt = events(s, 'timeline').find(e => e.action === 'deploy')!.t;
  assert.ok(events(s, 'startFailed').every(e => e.t >= deployAt), 'no start fails before version 2 is in the database');
  const started = total(startsByNode(s));
  assert.equal(s.result.summary.engine!.instancesStarted, started, 'a failed start creates no instance');
  assert.equal(started + total(failed), s.prepared.scenario.load[0].instances, 'every request either started or failed');
  assert.ok(Object.keys(startsByNode(s)).some(n => n.endsWith('-v2')) && Object.keys(startsByNode(s)).some(n => !n.endsWith('-v2')), 'the balancer used old and new builds');
});

test('with the cure (asyncAfter start, suspend at deploy, activate after the last node): nothing fails, every claim completes, v2 work waits for the activation', async () => {
  const s = await story(WITH);
  assert.equal(total(cnfeByNode(s)), 0);
  assert.equal(events(s, 'jobFailed').length, 0);
  assert.equal(s.result.summary.incidents, 0);
  assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted);
  assert.equal(events(s, 'startFailed').length, 0, 'no start request fails');
  assert.equal(total(startsByNode(s)), s.prepared.scenario.load[0].instances);
  assert.ok(!s.result.trace.some(e => 'error' in e && isCnfe(String(e.error))), 'no ClassNotFoundException anywhere');
  const lacking = s.prepared.scenario.nodes.filter(n => n.deployments && !n.deployments.includes('claims-v2')).map(n => n.id);
  const deployAt = events(s, 'timeline').find(e => e.action === 'deploy')!.t;
  assert.ok(events(s, 'processStarted').some(e => e.t >= deployAt && lacking.includes(e.node)), 'old-build nodes still accepted v2 starts (they only write a job)');
  const activateAt = events(s, 'timeline').find(e => e.action === 'activateJobDefinition')!.t;
  const v2Starts = events(s, 'jobStarted').filter(e => e.activityId === 'claimReceived');
  assert.ok(v2Starts.length > 0, 'v2 claims were started during the rollout');
  assert.ok(v2Starts.every(e => e.t >= activateAt), 'their jobs ran only after activation');
});

test('side by side: failures and incidents drop to 0, completed claims rise', async () => {
  const a = await story(WITHOUT), b = await story(WITH);
  assert.ok(total(failedStartsByNode(a)) > total(failedStartsByNode(b)));
  assert.ok(total(cnfeByNode(a)) > total(cnfeByNode(b)));
  assert.ok(a.result.summary.incidents > b.result.summary.incidents);
  assert.ok(a.result.summary.engine!.instancesCompleted < b.result.summary.engine!.instancesCompleted);
});

test('golden traces: story 2', async () => {
  assertGolden(await story(WITHOUT));
  assertGolden(await story(WITH));
});
