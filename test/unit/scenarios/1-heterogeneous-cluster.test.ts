// Story 1: heterogeneous cluster, class availability (docs/scenarios/1-heterogeneous-cluster.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, cnfeByNode, events, nodeReports, story, total } from './storyKit';

const WITHOUT = '1-heterogeneous-cluster';
const WITH = '1-heterogeneous-cluster-aware';

test('without awareness everywhere: node-2 (no billing classes, not aware) fails billing jobs with ClassNotFoundException; they burn the R3/PT2S retries and end in incidents', async () => {
  const s = await story(WITHOUT);
  const cnfe = cnfeByNode(s);
  assert.ok((cnfe['node-2'] ?? 0) > 0, 'node-2 failed billing jobs');
  assert.deepEqual(Object.keys(cnfe), ['node-2'], 'only node-2 fails: node-1 has the classes, node-3 is deployment-aware');
  assert.ok(s.result.summary.incidents > 0);
  for (const i of events(s, 'incident')) assert.match(i.error, /ClassNotFoundException/);
  const failures = events(s, 'jobFailed');
  assert.ok(failures.every(f => f.strategy === 'custom' && f.dueDate !== null && f.dueDate - f.t === 2000), 'the activity retry cycle (PT2S) applies');
  const reports = nodeReports(s);
  const n3 = reports.find(r => r.node === 'node-3')!;
  assert.equal(n3.executedByDeployment['billing-v1'] ?? 0, 0, 'the deployment-aware node-3 never runs a billing job');
  assert.ok(n3.refused['billing-v1'] > 0, 'node-3 refuses the billing deployment');
  assert.ok((n3.executedByDeployment['(none)'] ?? 0) > 0, 'but takes jobs without deployment id');
  assert.ok(s.result.summary.engine!.instancesCompleted < s.result.summary.engine!.instancesStarted);
});

test('with awareness on every node: 0 ClassNotFoundException, billing jobs only on node-1, jobs without deployment id still run', async () => {
  const s = await story(WITH);
  assert.equal(total(cnfeByNode(s)), 0);
  assert.equal(s.result.summary.incidents, 0);
  const reports = nodeReports(s);
  for (const r of reports) if (r.node !== 'node-1') assert.equal(r.executedByDeployment['billing-v1'] ?? 0, 0, `${r.node} runs no billing job`);
  assert.ok(reports.find(r => r.node === 'node-1')!.executedByDeployment['billing-v1'] > 0);
  const cleanup = events(s, 'jobCompleted').filter(e => e.jobId.startsWith('cleanup-'));
  assert.equal(cleanup.length, s.prepared.scenario.jobs.length, 'every job without deployment id completes');
  assert.equal(s.result.summary.engine!.instancesCompleted, s.result.summary.engine!.instancesStarted);
});

test('golden traces: story 1', async () => {
  assertGolden(await story(WITHOUT));
  assertGolden(await story(WITH));
});
