// Story 2: rolling deployment (docs/scenarios/2-rolling-deployment.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, cnfeByNode, events, failedStartsByNode, isCnfe, startsByNode, story, total, type Story } from './storyKit';

const WITHOUT = '2-rolling-deployment';
const WITH = '2-rolling-deployment-cured';
const V2 = 'claims-v2';

/** When each node was restarted with the v2 classes (timeline `restartNode` with `deployments`), from the trace. */
function upgradeTimes(s: Story): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of events(s, 'timeline')) {
    if (e.action !== 'restartNode') continue;
    const d = JSON.parse(e.detail) as { node: string; deployments?: string[] };
    if (d.deployments?.includes(V2) && !out.has(d.node)) out.set(d.node, e.t);
  }
  return out;
}

/** Whether `node` had the v2 classes at time t (it was upgraded at or before t). */
function hasV2(s: Story, node: string, t: number): boolean {
  const at = upgradeTimes(s).get(node);
  return at !== undefined && at <= t;
}

/** Up/down state of every node replayed along the trace; calls `check` for each event with the state before it. */
function replayUp(s: Story, check: (e: Story['result']['trace'][number], up: Map<string, boolean>) => void): void {
  const up = new Map<string, boolean>();
  for (const e of s.result.trace) {
    check(e, up);
    if (e.kind === 'nodeStarted') up.set(e.node, true);
    if (e.kind === 'nodeCrashed') up.set(e.node, false);
  }
}

const deployTime = (s: Story) => events(s, 'timeline').find(e => e.action === 'deploy')!.t;

test('the rollout: every node is restarted once with the v2 classes, one at a time, with the same node ids throughout', async () => {
  for (const name of [WITHOUT, WITH]) {
    const s = await story(name);
    const ids = s.prepared.scenario.nodes.map(n => n.id);
    assert.ok(s.prepared.scenario.nodes.every(n => n.deployments && !n.deployments.includes(V2)), `${name}: every node starts on the old build`);
    const up = upgradeTimes(s);
    assert.deepEqual([...up.keys()].sort(), [...ids].sort(), `${name}: every node is upgraded`);
    const crashes = events(s, 'nodeCrashed'), starts = events(s, 'nodeStarted');
    assert.equal(crashes.length, ids.length, `${name}: each node goes down once (its upgrade)`);
    for (const c of crashes) {
      assert.equal(c.t, up.get(c.node), `${name}: ${c.node} goes down at its upgrade`);
      const back = starts.find(e => e.node === c.node && e.seq > c.seq)!;
      assert.equal(back.t - c.t, s.prepared.scenario.engine.nodeRestartMs, `${name}: ${c.node} is back after nodeRestartMs`);
      assert.ok(!crashes.some(o => o !== c && o.t >= c.t && o.t < back.t), `${name}: no other node goes down while ${c.node} is down`);
    }
    const firstUpgradeBack = Math.min(...crashes.map(c => c.t)) + s.prepared.scenario.engine.nodeRestartMs;
    assert.ok(deployTime(s) >= firstUpgradeBack, `${name}: version 2 is deployed by the first upgraded node, once it is back`);
  }
});

test('the load balancer never sends a start to a node that is down', async () => {
  for (const name of [WITHOUT, WITH]) {
    const s = await story(name);
    let checked = 0;
    replayUp(s, (e, up) => {
      if ((e.kind === 'processStarted' || e.kind === 'startFailed') && e.node) {
        assert.equal(up.get(e.node), true, `${name}: ${e.kind} at ${e.t} on ${e.node}, which is down`);
        checked++;
      }
    });
    assert.ok(checked > 0);
    assert.ok(!events(s, 'startFailed').some(e => e.node === null), `${name}: some node is always up`);
  }
});

test('without precautions: v2 jobs reach a node still on the old build and fail with ClassNotFoundException', async () => {
  const s = await story(WITHOUT);
  const cnfe = cnfeByNode(s);
  assert.ok(total(cnfe) > 0);
  const failures = events(s, 'jobFailed');
  for (const f of failures.filter(f => isCnfe(f.error))) assert.ok(!hasV2(s, f.node, f.t), `${f.jobId} failed at ${f.t} on ${f.node}: only before that node's upgrade`);
  assert.ok(failures.every(f => f.t >= deployTime(s)), 'nothing fails before version 2 is in the database');
  const lastUpgrade = Math.max(...upgradeTimes(s).values());
  assert.ok(failures.every(f => f.t < lastUpgrade), 'nothing fails once every node runs the new build');
  assert.ok(s.result.summary.incidents > 0);
  assert.ok(s.result.summary.engine!.instancesCompleted < s.result.summary.engine!.instancesStarted);
});

test('without precautions: start requests the load balancer sends to a node still on the old build fail with ClassNotFoundException (no instance)', async () => {
  const s = await story(WITHOUT);
  const failed = failedStartsByNode(s);
  assert.ok(total(failed) > 0, 'some start requests failed');
  const deployAt = deployTime(s);
  for (const e of events(s, 'startFailed')) {
    assert.ok(isCnfe(e.error), `start at ${e.t}: a ClassNotFoundException`);
    assert.ok(e.t >= deployAt, 'no start fails before version 2 is in the database');
    assert.ok(e.node && !hasV2(s, e.node, e.t), `start at ${e.t} on ${e.node}: only nodes without the v2 classes (not yet upgraded) fail starts`);
  }
  const started = total(startsByNode(s));
  assert.equal(s.result.summary.engine!.instancesStarted, started, 'a failed start creates no instance');
  assert.equal(started + total(failed), s.prepared.scenario.load[0].instances, 'every request either started or failed');
  const v2Starts = events(s, 'processStarted').filter(e => e.t >= deployAt);
  assert.ok(v2Starts.length > 0 && v2Starts.every(e => hasV2(s, e.node, e.t)), 'after the deploy, only upgraded nodes start claims');
  assert.ok(events(s, 'processStarted').some(e => e.t < deployAt && !hasV2(s, e.node, e.t)), 'before the deploy, the old build starts claims');
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
  const deployAt = deployTime(s);
  assert.ok(events(s, 'processStarted').some(e => e.t >= deployAt && !hasV2(s, e.node, e.t)), 'old-build nodes still accepted v2 starts (they only write a job)');
  const activateAt = events(s, 'timeline').find(e => e.action === 'activateJobDefinition')!.t;
  const lastBack = Math.max(...events(s, 'nodeStarted').map(e => e.t));
  assert.ok(activateAt >= lastBack, 'the job definitions are activated once the last node is back with the new build');
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

test('without precautions: the v2 jobs that fail on an old build were started on an upgraded node, whose start hint woke only itself', async () => {
  const s = await story(WITHOUT);
  const failedJobs = new Set(events(s, 'jobFailed').filter(f => isCnfe(f.error)).map(f => f.jobId));
  assert.ok(failedJobs.size > 0);
  for (const id of failedJobs) {
    const created = events(s, 'jobCreated').find(e => e.jobId === id)!;
    const start = events(s, 'processStarted').find(e => e.processInstanceId === created.processInstanceId)!;
    assert.ok(hasV2(s, start.node, start.t), `${id}: its claim was started on ${start.node}, which has the v2 classes`);
    // the upgraded node was busy: its executor had batches rejected (held back) before the old build took the job
    const firstFailure = events(s, 'jobFailed').find(f => f.jobId === id)!;
    assert.ok(events(s, 'batchRejected').some(r => r.node === start.node && r.t >= created.t && r.t <= firstFailure.t), `${id}: ${start.node} was saturated`);
  }
});
