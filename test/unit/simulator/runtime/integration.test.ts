// The seams between the runtime (simulator/simulation.ts) and the BPMN engine (simulator/engine):
// deleted jobs, wake-ups, commit conflicts, arrivals, job definitions, checkpoints, validation,
// deployment classes and node restarts — each through a whole simulation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { validateScenario, checkScenario } from '../../../../simulator/scenario/validate';
import { createSimulation, type Simulation } from '../../../../simulator/simulation';
import { createEngineHooks, type EngineHooks } from '../../../../simulator/engine/hooks';
import type { Scenario } from '../../../../simulator/scenario/types';
import type { TraceEvent } from '../../../../simulator/trace';
import { prepare } from '../../../../src/cli/simulate';
import { bpmn, flows } from '../engine/helpers';

const root = resolve(__dirname, '../../../..');
const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter(e => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];

async function simOf(input: Record<string, unknown>, xml: string): Promise<{ sim: Simulation; eh: EngineHooks; scenario: Scenario }> {
  const scenario = validateScenario({ seed: 1, nodes: [{ id: 'n' }], deployments: [{ id: 'dep', bpmn: 'p.bpmn' }], ...input });
  const eh = createEngineHooks(scenario, { dep: xml });
  return { sim: await createSimulation(scenario, { hooks: eh.hooks }), eh, scenario };
}

const TIMER_1H = '<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>';

test('deleteJobs: a terminate end event deletes the other branch\'s timer job in the committing transaction', async () => {
  const xml = bpmn(`
    <bpmn:startEvent id="s"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:serviceTask id="a" camunda:class="x.A" camunda:asyncBefore="true"/>
    <bpmn:endEvent id="kill"><bpmn:terminateEventDefinition/></bpmn:endEvent>
    <bpmn:intermediateCatchEvent id="wait">${TIMER_1H}</bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"/>
${flows('s->fork', 'fork->a', 'a->kill', 'fork->wait', 'wait->e')}`);
  const { sim, eh } = await simOf({ load: [{ processDefinitionKey: 'p', instances: 1 }] }, xml);
  sim.run();
  const timer = of(sim.trace, 'jobCreated').find(j => j.activityId === 'wait')!;
  const done = of(sim.trace, 'jobCompleted');
  assert.equal(done.length, 1);
  assert.deepEqual(done[0].deletedJobs, [timer.jobId]);
  assert.equal(sim.table.countJobs(), 0);
  assert.ok(sim.now < 3_600_000, 'quiescent long before the timer was due');
  assert.equal(eh.engine()!.metrics.instancesCompleted, 1);
});

test('wake-up: a user task completes at its durationMs, its boundary timer is deleted, and run() waits for it', async () => {
  const xml = bpmn(`
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="approve"/>
    <bpmn:boundaryEvent id="late" attachedToRef="approve">${TIMER_1H}</bpmn:boundaryEvent>
    <bpmn:serviceTask id="book" camunda:class="x.Book" camunda:asyncBefore="true"/>
    <bpmn:endEvent id="e"/>
    <bpmn:endEvent id="e2"/>
${flows('s->approve', 'approve->book', 'book->e', 'late->e2')}`);
  const { sim, eh } = await simOf({ load: [{ processDefinitionKey: 'p', instances: 1 }], activities: { approve: { durationMs: 2000 } } }, xml);
  assert.equal(sim.isQuiescent(), false);
  sim.run();
  const created = of(sim.trace, 'jobCreated');
  const timer = created.find(j => j.activityId === 'late')!;
  const book = created.find(j => j.activityId === 'book')!;
  assert.equal(timer.t, 0);
  assert.equal(book.t, 2000, 'the job after the user task is created when the task completes');
  assert.equal(sim.table.getJob(timer.jobId), undefined, 'the boundary timer row is gone');
  assert.equal(of(sim.trace, 'jobCompleted').map(c => c.jobId).join(), book.jobId);
  assert.equal(eh.engine()!.metrics.instancesCompleted, 1);
  assert.ok(sim.now < 3_600_000);
});

test('wake-up: a process of user tasks only still runs to its end (quiescence counts the engine agenda)', async () => {
  const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="u1"/><bpmn:receiveTask id="u2"/><bpmn:endEvent id="e"/>\n${flows('s->u1', 'u1->u2', 'u2->e')}`);
  const { sim, eh } = await simOf({ load: [{ processDefinitionKey: 'p', instances: 2, intervalMs: 1000 }], activities: { u1: { durationMs: 5000 }, u2: { durationMs: 3000 } } }, xml);
  sim.run();
  assert.equal(eh.engine()!.metrics.instancesCompleted, 2);
  assert.equal(sim.now, 9000);
  assert.equal(sim.isQuiescent(), true);
});

test('conflict at commit: the trace names the execution UPDATE that hit 0 rows', async () => {
  const { scenario, bpmn: xml } = await prepare('examples/parallel-join-clash.json', root);
  const eh = createEngineHooks(scenario, xml);
  const sim = await createSimulation(scenario, { hooks: eh.hooks });
  sim.run();
  const ole = of(sim.trace, 'optimisticLockingFailure');
  assert.ok(ole.length > 0);
  for (const o of ole) assert.match(o.statement, /^UPDATE ACT_RU_EXECUTION SET REV_ = REV_ \+ 1 WHERE ID_ = 'pi\d+' AND REV_ = \d+ \(0 rows\)$/);
  const failed = of(sim.trace, 'jobFailed').filter(f => f.error === 'OptimisticLockingException');
  assert.ok(failed.length > 0 && failed.every(f => f.retries === 3), 'no retry consumed');
});

const ASYNC_TASK = bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="work" camunda:class="x.W" camunda:asyncBefore="true" camunda:jobPriority="10"/><bpmn:endEvent id="e"/>\n${flows('s->work', 'work->e')}`);

test('load arrivals: fixed spacing from startAtMs; exponential gaps from the seeded arrivals stream', async () => {
  const starts = async (load: Record<string, unknown>, seed = 1) => {
    const { sim } = await simOf({ seed, load: [{ processDefinitionKey: 'p', instances: 6, ...load }] }, ASYNC_TASK);
    sim.run();
    return of(sim.trace, 'jobCreated').map(j => j.t);
  };
  assert.deepEqual(await starts({ intervalMs: 250, startAtMs: 100 }), [100, 350, 600, 850, 1100, 1350]);
  const exp = await starts({ arrivals: 'exponential', intervalMs: 1000 });
  assert.equal(exp[0], 0);
  for (let i = 1; i < exp.length; i++) assert.ok(exp[i] > exp[i - 1], 'strictly increasing (gaps ≥ 1 ms)');
  assert.ok(new Set(exp.slice(1).map((t, i) => t - exp[i])).size > 1, 'gaps differ');
  assert.deepEqual(await starts({ arrivals: 'exponential', intervalMs: 1000 }), exp, 'same seed, same arrivals');
  assert.notDeepEqual(await starts({ arrivals: 'exponential', intervalMs: 1000 }, 2), exp);
});

test('job definitions: ACT_RU_JOBDEF rows with deployment ids; suspend, override (cascade), clear, activate reach the engine\'s jobs', async () => {
  const { sim } = await simOf({
    load: [{ processDefinitionKey: 'p', instances: 3, intervalMs: 200 }],
    timeline: [
      { at: 0, action: 'suspendJobDefinition', activityId: 'work' },
      { at: 100, action: 'setOverridingJobPriority', activityId: 'work', priority: 50, cascade: true },
      { at: 300, action: 'clearOverridingJobPriority', activityId: 'work' },
      { at: 1000, action: 'activateJobDefinition', activityId: 'work' },
    ],
  }, ASYNC_TASK);
  const defs = sim.table.allJobDefinitions();
  assert.equal(defs.length, 1);
  assert.equal(defs[0].DEPLOYMENT_ID_, 'dep');
  assert.equal(defs[0].ACT_ID_, 'work');
  sim.runUntil(900);
  const created = of(sim.trace, 'jobCreated');
  assert.deepEqual(created.map(j => j.priority), [10, 50, 10], 'override › activity; cleared → activity again');
  const rows = sim.snapshot().jobs;
  assert.deepEqual(rows.map(r => r.SUSPENSION_STATE_), [2, 2, 2], 'jobs of a suspended definition are created suspended');
  assert.deepEqual(rows.map(r => r.PRIORITY_), [50, 50, 10], 'cascade rewrote the existing job');
  assert.equal(of(sim.trace, 'jobStarted').length, 0);
  assert.equal(sim.table.getJobDefinition(defs[0].ID_)!.JOB_PRIORITY_, null);
  sim.run();
  const started = of(sim.trace, 'jobStarted');
  assert.equal(started.length, 3);
  assert.ok(started.every(s => s.t >= 1000));
  assert.equal(sim.summary().jobsCompleted, 3);
});

test('job definitions: an override without cascade leaves existing jobs alone and applies to new ones', async () => {
  const { sim } = await simOf({
    nodes: [{ id: 'n', config: { waitTimeInMillis: 60000 } }],
    load: [{ processDefinitionKey: 'p', instances: 2, intervalMs: 200 }],
    timeline: [
      { at: 0, action: 'suspendJobDefinition', activityId: 'work' },
      { at: 100, action: 'setOverridingJobPriority', activityId: 'work', priority: 0 },
    ],
  }, ASYNC_TASK);
  sim.runUntil(300);
  assert.deepEqual(sim.snapshot().jobs.map(r => r.PRIORITY_), [10, 0], 'an override of 0 still wins for new jobs');
});

test('checkpoint at step k, run on, restore, run on: byte-identical trace for a BPMN scenario (order-cluster)', async () => {
  const { scenario, bpmn: xml } = await prepare('examples/order-cluster.json', root);
  const make = async () => { const eh = createEngineHooks(structuredClone(scenario), xml); return { eh, sim: await createSimulation(structuredClone(scenario), { hooks: eh.hooks }) }; };
  const ref = await make();
  ref.sim.run();
  for (const k of [40, 120]) {
    const { sim, eh } = await make();
    for (let i = 0; i < k; i++) sim.step();
    const cp = sim.checkpoint();
    sim.run();
    assert.equal(sim.traceJsonl(), ref.sim.traceJsonl());
    sim.restore(cp);
    sim.run();
    assert.equal(sim.traceJsonl(), ref.sim.traceJsonl(), `continuation after restore at step ${k}`);
    assert.deepEqual(sim.summary(), ref.sim.summary());
    assert.deepEqual(eh.engine()!.metrics, ref.eh.engine()!.metrics, 'engine state restored (instances, tokens, agenda)');
    sim.restore(cp);
    sim.run();
    assert.equal(sim.traceJsonl(), ref.sim.traceJsonl(), 'a checkpoint can be restored twice');
  }
});

test('scenario validation accepts activities[x].weights and loopCardinality', () => {
  const ok = checkScenario({ seed: 1, nodes: [{ id: 'n' }], activities: { gw: { weights: { fa: 3, fb: 1 } }, fa: { weights: 2 }, mi: { loopCardinality: 4 } } });
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(ok.scenario!.activities.gw.weights, { fa: 3, fb: 1 });
  const bad = checkScenario({ seed: 1, nodes: [{ id: 'n' }], activities: { gw: { weights: { fa: -1 } }, mi: { loopCardinality: 1.5 } } });
  assert.deepEqual(bad.errors.map(e => e.path).sort(), ['activities.gw.weights.fa', 'activities.mi.loopCardinality']);
  assert.ok(checkScenario({ seed: 1, nodes: [{ id: 'n' }], load: [{ processDefinitionKey: 'p', instances: 1, arrivals: 'poisson' }] }).errors.some(e => e.path === 'load[0].arrivals'));
});

test('weights reach the engine: a 1:0 weighted exclusive gateway always takes one branch', async () => {
  const xml = bpmn(`
    <bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="gw"/>
    <bpmn:serviceTask id="a" camunda:class="x.A" camunda:asyncBefore="true"/>
    <bpmn:serviceTask id="b" camunda:class="x.B" camunda:asyncBefore="true"/>
    <bpmn:endEvent id="e"/>
${flows('s->gw', 'gw->a', 'gw->b', 'a->e', 'b->e')}`);
  const { sim } = await simOf({ load: [{ processDefinitionKey: 'p', instances: 8 }], activities: { gw: { weights: { f_gw_a: 0, f_gw_b: 1 } } } }, xml);
  sim.run();
  assert.deepEqual([...new Set(of(sim.trace, 'jobCreated').map(j => j.activityId))], ['b']);
});

test('deployment classes for BPMN deployments: a node without them fails the engine\'s jobs with ClassNotFoundException', async () => {
  const { sim, eh } = await simOf({ nodes: [{ id: 'old', deployments: ['other'] }], load: [{ processDefinitionKey: 'p', instances: 1 }] }, ASYNC_TASK);
  sim.run();
  const failed = of(sim.trace, 'jobFailed');
  assert.deepEqual(failed.map(f => f.retries), [2, 1, 0]);
  assert.ok(failed.every(f => /ClassNotFoundException.*dep/.test(f.error)));
  assert.equal(of(sim.trace, 'incident').length, 1);
  assert.equal(eh.engine()!.metrics.instancesCompleted, 0);
  // requiredClasses: checked by the engine with the node's deployment classes
  const rc = await simOf({ nodes: [{ id: 'n', deployments: [] }], load: [{ processDefinitionKey: 'p', instances: 1 }], activities: { work: { requiredClasses: 'x.Helper' } } }, ASYNC_TASK);
  rc.sim.run();
  assert.ok(of(rc.sim.trace, 'jobFailed').every(f => /ClassNotFoundException/.test(f.error)));
});

test('crash → restart: the node acquires again after its restart (its old locks expire first)', async () => {
  const { sim } = await simOf({
    nodes: [{ id: 'a', config: { lockTimeInMillis: 3000, waitTimeInMillis: 500, maxWait: 500 } }],
    engine: { nodeRestartMs: 1000 },
    load: [{ processDefinitionKey: 'p', instances: 4 }],
    activities: { work: { durationMs: 400 } },
    timeline: [{ at: 100, action: 'crashNode', node: 'a' }, { at: 1500, action: 'restartNode', node: 'a' }],
  }, ASYNC_TASK);
  sim.run();
  const crash = of(sim.trace, 'nodeCrashed')[0];
  assert.ok(crash.runningJobs.length > 0);
  const restarted = of(sim.trace, 'nodeStarted').filter(s => s.t > 0);
  assert.deepEqual(restarted.map(s => s.t), [2500]);
  const after = of(sim.trace, 'acquisition').filter(a => a.t >= 2500 && a.locked.length > 0);
  assert.ok(after.length > 0, 'acquires again after the restart');
  assert.ok(after.some(a => a.locked.some(id => crash.runningJobs.includes(id))), 'the crashed run\'s jobs are re-acquired once their locks expire');
  assert.equal(sim.summary().jobsCompleted, 4);
  assert.equal(sim.isQuiescent(), true);
});
