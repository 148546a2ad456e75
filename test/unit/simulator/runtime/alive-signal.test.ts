// The alive-signal recovery model (engine.recovery, OURS: a model of OptimaJet Workflow Server, not
// of Camunda 7; simulator/recovery/aliveSignal.ts) and the restartNode timeline action with new
// classes (`deployments`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenario, validateScenario } from '../../../../simulator/scenario/validate';
import { createSimulation, type Simulation } from '../../../../simulator/simulation';
import { JobTable } from '../../../../simulator/db/jobTable';
import { AliveSignalRecovery } from '../../../../simulator/recovery/aliveSignal';
import type { TraceEvent } from '../../../../simulator/trace';

const I = 5000, N = 3;
const alive = { model: 'aliveSignal', aliveSignalIntervalMs: I, numberOfSkippedIntervalsToSupposeDeath: N };
const jobs = Array.from({ length: 6 }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'work' }));

/** Nodes a, b, c; a crashes at `crashAt` holding jobs (each runs 10 s). */
function crashScenario(crashAt: number, recovery: unknown = alive, extra: Record<string, unknown>[] = [], nodes = ['a', 'b', 'c']) {
  return validateScenario({
    seed: 1, nodes: nodes.map(id => ({ id, config: { lockTimeInMillis: 300_000, maxJobsPerAcquisition: 3 } })), jobs,
    activities: { work: { durationMs: 10_000 } }, engine: { recovery },
    timeline: [{ at: crashAt, action: 'crashNode', node: 'a' }, ...extra],
  });
}

const of = <K extends TraceEvent['kind']>(sim: Simulation, kind: K) => sim.trace.filter(e => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];

test('default (lock expiry only): no SIM_NODE_ALIVE table, no alive-signal events, no nodeAlive in the snapshot', async () => {
  const sim = await createSimulation(crashScenario(2100, { model: 'lockExpiry' }));
  sim.run();
  assert.equal(sim.table.query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'SIM_NODE_ALIVE' ORDER BY 1")[0][0], 0);
  assert.equal(of(sim, 'nodeSupposedDead').length + of(sim, 'jobsRestored').length, 0);
  assert.ok(of(sim, 'lockExpired').length > 0, 'lock expiry recovers the jobs');
  assert.equal(sim.snapshot().nodeAlive, undefined);
  sim.close();
});

test('a crashed node is declared dead at its last signal + (N + 1) intervals, by one survivor, and its locked jobs are restored at once', async () => {
  for (const crashAt of [100, 2100, 4999, 5000, 7300]) {
    const sim = await createSimulation(crashScenario(crashAt));
    // the last signal strictly before the crash: a signal due at the crash instant is not written (the
    // timeline entry, scheduled at the start, comes first in the event queue)
    const lastSignal = Math.ceil(crashAt / I) * I - I;
    const declaredAt = lastSignal + (N + 1) * I;
    sim.runUntil(declaredAt - 1);
    assert.equal(of(sim, 'nodeSupposedDead').length, 0, `crash at ${crashAt}: not dead before ${declaredAt}`);
    const lockedByA = sim.table.allJobs().filter(j => j.LOCK_OWNER_ === 'a');
    assert.ok(lockedByA.length > 0, `crash at ${crashAt}: a holds locks`);
    sim.runUntil(declaredAt);
    const dead = of(sim, 'nodeSupposedDead');
    assert.deepEqual(dead.map(e => [e.t, e.node, e.by, e.lastAliveAt]), [[declaredAt, 'a', 'b', lastSignal]], `crash at ${crashAt}`);
    const restored = of(sim, 'jobsRestored');
    assert.equal(restored.length, 1, 'exactly one survivor restores');
    assert.deepEqual(restored[0].jobIds, lockedByA.map(j => j.ID_).sort((x, y) => Number(x.slice(1)) - Number(y.slice(1))));
    for (const j of lockedByA) {
      const row = sim.table.getJob(j.ID_);
      if (!row) continue; // already taken and finished in the same instant is impossible (10 s jobs); keep the guard
      assert.ok(row.LOCK_OWNER_ !== 'a', `${j.ID_}: lock of a cleared`);
      assert.ok(row.REV_! > j.REV_!, `${j.ID_}: REV_ bumped`);
    }
    sim.run();
    assert.equal(sim.summary().jobsCompleted, jobs.length, 'nothing lost');
    assert.equal(of(sim, 'lockExpired').length, 0, 'no lock had to expire');
    assert.equal(sim.summary().duplicateExecutions, 0);
    const rows = sim.snapshot().nodeAlive!;
    assert.deepEqual(rows.find(r => r.NODE_ === 'a'), { NODE_: 'a', REV_: rows.find(r => r.NODE_ === 'a')!.REV_, LAST_ALIVE_: lastSignal, STATUS_: 'dead', DECLARED_BY_: 'b', DECLARED_AT_: declaredAt });
    sim.close();
  }
});

test('running nodes are never declared dead, even with N = 1 (a signal is never more than one interval old)', async () => {
  for (const seed of [1, 2, 3]) {
    const sim = await createSimulation(validateScenario({
      seed, until: 120_000, nodes: [{ id: 'n', count: 4 }], jobs, activities: { work: { durationMs: { distribution: 'uniform', min: 100, max: 9000 } } },
      engine: { recovery: { model: 'aliveSignal', aliveSignalIntervalMs: 1000, numberOfSkippedIntervalsToSupposeDeath: 1 } },
    }));
    sim.runUntil(120_000);
    assert.equal(of(sim, 'nodeSupposedDead').length, 0);
    assert.ok(sim.snapshot().nodeAlive!.every(r => r.STATUS_ === 'alive' && r.LAST_ALIVE_ >= 119_000));
    sim.close();
  }
});

test('a node that restarts before it is declared dead is never declared dead; its old locks wait for lock expiry', async () => {
  const sim = await createSimulation(crashScenario(2100, alive, [{ at: 3000, action: 'restartNode', node: 'a' }]));
  sim.runUntil(60_000);
  assert.equal(of(sim, 'nodeSupposedDead').length, 0);
  assert.equal(sim.snapshot().nodeAlive!.find(r => r.NODE_ === 'a')!.STATUS_, 'alive');
  sim.close();
});

test('a dead node that restarts writes alive signals again, and a second crash is a second death', async () => {
  const sim = await createSimulation(crashScenario(2100, alive, [
    { at: 30_000, action: 'restartNode', node: 'a' },
    { at: 41_000, action: 'crashNode', node: 'a' },
  ]));
  sim.runUntil(31_000);
  assert.equal(of(sim, 'nodeSupposedDead').length, 1);
  const a = () => sim.snapshot().nodeAlive!.find(r => r.NODE_ === 'a')!;
  assert.deepEqual([a().STATUS_, a().LAST_ALIVE_], ['alive', 31_000], 'restarted at 31 s (nodeRestartMs 1000): signal at once');
  sim.runUntil(100_000);
  const dead = of(sim, 'nodeSupposedDead');
  assert.equal(dead.length, 2);
  // a signals at 31 and 36 s; its 41 s signal comes after the crash entry of that instant, so 36 s is its last
  assert.equal(dead[1].lastAliveAt, 36_000);
  // the survivors check on their own beat (multiples of 5 s): the first check more than N intervals later
  assert.equal(dead[1].t, 55_000);
  assert.ok(dead[1].t > dead[1].lastAliveAt + N * I && dead[1].t - I <= dead[1].lastAliveAt + N * I);
  sim.close();
});

test('two survivors checking at the same instant: only the first declares and restores (optimistic UPDATE on SIM_NODE_ALIVE)', async () => {
  const table = await JobTable.open();
  const r = AliveSignalRecovery.create(alive as never, table, ['a', 'b', 'c'])!;
  table.insertJobRow({ ID_: 'j1', LOCK_OWNER_: 'a', LOCK_EXP_TIME_: 300_000, REV_: 1 });
  table.insertJobRow({ ID_: 'j2', LOCK_OWNER_: 'b', LOCK_EXP_TIME_: 300_000, REV_: 1 });
  r.signal('a', 0); r.signal('b', 0); r.signal('c', 0);
  for (let t = I; t <= 3 * I; t += I) { assert.deepEqual(r.signal('b', t), []); assert.deepEqual(r.signal('c', t), []); }
  const first = r.signal('b', 4 * I);
  const second = r.signal('c', 4 * I);
  assert.deepEqual(first, [{ node: 'a', by: 'b', lastAliveAt: 0, jobIds: ['j1'] }]);
  assert.deepEqual(second, []);
  assert.equal(table.getJob('j1')!.LOCK_OWNER_, null);
  assert.equal(table.getJob('j1')!.LOCK_EXP_TIME_, null);
  assert.equal(table.getJob('j1')!.REV_, 2);
  assert.equal(table.getJob('j2')!.LOCK_OWNER_, 'b', "a survivor's own locks are untouched");
  table.close();
});

test('checkpoint/restore: SIM_NODE_ALIVE and the signal schedule come back; the continuation is byte-identical', async () => {
  const sim = await createSimulation(crashScenario(2100, alive, [{ at: 30_000, action: 'restartNode', node: 'a' }]));
  sim.runUntil(12_000);
  const cp = sim.checkpoint();
  const before = sim.snapshot().nodeAlive;
  sim.runUntil(60_000);
  const hash = sim.traceHash();
  assert.equal(of(sim, 'nodeSupposedDead').length, 1);
  sim.restore(cp);
  assert.deepEqual(sim.snapshot().nodeAlive, before);
  sim.runUntil(60_000);
  assert.equal(sim.traceHash(), hash);
  sim.close();
});

test('scenario validation: engine.recovery errors name the path', () => {
  const errs = (recovery: unknown) => checkScenario({ seed: 1, nodes: [{ id: 'a' }], engine: { recovery } }).errors.map(e => `${e.path}: ${e.message}`);
  assert.deepEqual(errs({ model: 'aliveSignal', aliveSignalIntervalMs: 5000 }), ['engine.recovery.numberOfSkippedIntervalsToSupposeDeath: is required for model "aliveSignal"']);
  assert.match(errs({ model: 'lockExpiry', aliveSignalIntervalMs: 5000 })[0], /^engine\.recovery\.aliveSignalIntervalMs: only applies to model "aliveSignal"/);
  assert.match(errs({ model: 'heartbeat' })[0], /^engine\.recovery\.model: expected one of "lockExpiry", "aliveSignal"/);
  assert.match(errs({ model: 'aliveSignal', aliveSignalIntervalMs: 0, numberOfSkippedIntervalsToSupposeDeath: 3 })[0], /^engine\.recovery\.aliveSignalIntervalMs: expected a positive integer/);
  assert.match(errs({ model: 'aliveSignal', aliveSignalIntervalMs: 5000, numberOfSkipedIntervalsToSupposeDeath: 3 }).join('\n'), /did you mean "numberOfSkippedIntervalsToSupposeDeath"/);
  assert.match(errs('aliveSignal')[0], /^engine\.recovery: expected an object/);
  assert.deepEqual(validateScenario({ seed: 1, nodes: [{ id: 'a' }] }).engine.recovery, { model: 'lockExpiry' });
});

// ---- restartNode with new classes --------------------------------------------------------------------

const depJobs = [1, 2, 3, 4].map(i => ({ ID_: `d${i}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `p${i}`, ACT_ID_: 'work', DEPLOYMENT_ID_: 'v2', DUEDATE_: i === 1 ? null : 20_000 }));

test('restartNode with deployments: the node comes back with the new classes (a rolling upgrade); a running node is stopped first', async () => {
  const sim = await createSimulation(validateScenario({
    seed: 1, nodes: [{ id: 'old', deployments: ['v1'], config: { waitTimeInMillis: 1000, maxWait: 1000 } }], jobs: depJobs,
    activities: { work: { durationMs: 100 } }, engine: { nodeRestartMs: 2000, defaultRetries: 5 },
    timeline: [{ at: 10_000, action: 'restartNode', node: 'old', deployments: ['v1', 'v2'] }],
  }));
  sim.runUntil(9_999);
  assert.ok(of(sim, 'jobFailed').some(e => e.jobId === 'd1' && /ClassNotFoundException/.test(e.error)), 'before: no v2 classes');
  sim.runUntil(10_000);
  assert.deepEqual(of(sim, 'nodeCrashed').map(e => [e.t, e.node]), [[10_000, 'old']], 'the running node was stopped');
  sim.run();
  assert.deepEqual(of(sim, 'nodeStarted').filter(e => e.t > 0).map(e => [e.t, e.node]), [[12_000, 'old']]);
  const late = of(sim, 'jobFailed').filter(e => e.t >= 12_000);
  assert.deepEqual(late, [], 'after the restart nothing fails');
  assert.ok(['d2', 'd3', 'd4'].every(id => of(sim, 'jobCompleted').some(e => e.jobId === id && e.t >= 20_000)), 'the v2 jobs due later ran on the new build');
  sim.close();
});

test('restartNode with deployments on a crashed node changes its classes; checkpoint/restore keeps them', async () => {
  const scenario = validateScenario({
    seed: 1, nodes: [{ id: 'n', deployments: ['v1'] }], jobs: depJobs.slice(1),
    timeline: [{ at: 1000, action: 'crashNode', node: 'n' }, { at: 5000, action: 'restartNode', node: 'n', deployments: ['v2'] }],
  });
  const sim = await createSimulation(scenario);
  sim.runUntil(4000);
  const cp = sim.checkpoint();
  sim.run();
  assert.equal(of(sim, 'jobFailed').length, 0);
  assert.equal(sim.summary().jobsCompleted, 3);
  assert.deepEqual(of(sim, 'nodeCrashed').length, 1, 'a crashed node is not stopped again');
  const hash = sim.traceHash();
  sim.restore(cp); // before the change: the node has v1 only again until the restart entry runs
  sim.run();
  assert.equal(sim.traceHash(), hash);
  assert.deepEqual(scenario.nodes[0].deployments, ['v1'], 'the scenario itself is not changed');
  sim.close();
});

test('scenario validation: timeline deployments only on restartNode', () => {
  const errs = checkScenario({ seed: 1, nodes: [{ id: 'a' }], timeline: [{ at: 0, action: 'crashNode', node: 'a', deployments: ['v2'] }] }).errors;
  assert.deepEqual(errs.map(e => e.path), ['timeline[0].deployments']);
  assert.match(errs[0].message, /only applies to action "restartNode"/);
  assert.deepEqual(checkScenario({ seed: 1, nodes: [{ id: 'a' }], timeline: [{ at: 0, action: 'restartNode', node: 'a', deployments: 'v2' }] }).errors.map(e => e.path), ['timeline[0].deployments']);
});

// ---- the example scenarios under the model: a crash, short alive-signal intervals, many seeds -------------

test('examples with a crash under the alive-signal model: jobs are restored, nothing is lost, no job runs twice at once', async () => {
  const { readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { prepare } = await import('../../../../src/cli/simulate');
  const { createEngineHooks } = await import('../../../../simulator/engine/hooks');
  const dir = join(__dirname, '../../../../examples');
  let restoredRuns = 0, runs = 0;
  for (const file of readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
    const base = await prepare(file, dir);
    if (base.scenario.nodes.length < 2) continue;
    for (const seed of [1, 2, 3, 4, 5]) {
      const s = structuredClone(base.scenario);
      s.seed = seed;
      s.until = Math.min(s.until ?? 120_000, 120_000);
      const at = 1 + (seed * 131) % 3000;
      s.timeline = [...s.timeline, { at, action: 'crashNode' as const, node: s.nodes[0].id }, { at: at + 20_000, action: 'restartNode' as const, node: s.nodes[0].id }].sort((a, b) => a.at - b.at);
      for (const n of s.nodes) n.config.lockTimeInMillis = 300_000; // long locks: any overlap would come from the restore
      s.engine.recovery = { model: 'aliveSignal', aliveSignalIntervalMs: 200 + seed * 100, numberOfSkippedIntervalsToSupposeDeath: 1 + (seed % 3) };
      const eh = createEngineHooks(s, base.bpmn);
      const sim = await createSimulation(s, { hooks: eh.hooks });
      try {
        sim.runUntil(s.until);
        runs++;
        const label = `${file} seed ${seed}`;
        const restored = of(sim, 'jobsRestored');
        if (restored.some(r => r.jobIds.length)) restoredRuns++;
        assert.ok(of(sim, 'nodeSupposedDead').every(d => d.node === s.nodes[0].id), `${label}: only the crashed node is declared dead`);
        assert.equal(sim.summary().duplicateExecutions, 0, `${label}: no job ran twice at once`);
        const created = of(sim, 'jobCreated').length;
        const gone = of(sim, 'jobCompleted').reduce((n, e) => n + 1 + (e.deletedJobs?.length ?? 0), 0) + of(sim, 'jobDeleted').length;
        assert.equal(sim.table.countJobs(), created - gone, `${label}: table = created − completed − deleted (nothing lost)`);
      } finally { sim.close(); }
    }
  }
  console.log(`alive-signal examples: ${restoredRuns} of ${runs} runs restored jobs`);
  assert.ok(runs >= 20 && restoredRuns >= runs / 4, `${restoredRuns} of ${runs} runs restored jobs`);
});
