// A run is quiescent only when nothing can happen by itself any more: a node restarted (from the
// timeline or the panel) and still coming back keeps the run going until it is up again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario } from '../../../../simulator/scenario/validate';
import { createSimulation } from '../../../../simulator/simulation';
import { SimulationController } from '../../../../src/simulation/controller';
import type { Scenario } from '../../../../simulator/scenario/types';

const jobs = [{ ID_: 'j1', EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: 'pi1', ACT_ID_: 'task' }];

/** Node a crashes and is restarted after the only job is done; the restart takes 1000 ms. */
const restartAfterWork = (): Scenario => validateScenario({
  seed: 1, nodes: [{ id: 'a' }, { id: 'b' }], jobs, engine: { nodeRestartMs: 1000 },
  timeline: [{ at: 5000, action: 'crashNode', node: 'a' }, { at: 6000, action: 'restartNode', node: 'a' }],
});

test('isQuiescent() is false while a restarted node is still coming back; run() waits for it', async () => {
  const sim = await createSimulation(restartAfterWork());
  sim.runUntil(6000);
  assert.equal(sim.summary().jobsCompleted, 1);
  assert.equal(sim.snapshot().nodes[0].lifecycle.value, 'restarting');
  assert.equal(sim.isQuiescent(), false, 'node a restarts at t = 7000');
  sim.run();
  const last = sim.trace[sim.trace.length - 1];
  assert.ok(sim.trace.some(e => e.kind === 'nodeStarted' && e.node === 'a' && e.t === 7000), 'node a came back');
  assert.ok(last.t >= 7000);
  assert.deepEqual(sim.snapshot().nodes[0].lifecycle.tags, ['up']);
  assert.equal(sim.isQuiescent(), true);
  sim.close();
});

test('a checkpoint taken while a node restarts keeps the run non-quiescent after restore', async () => {
  const sim = await createSimulation(restartAfterWork());
  sim.runUntil(6500);
  const cp = sim.checkpoint();
  sim.run();
  const hash = sim.traceHash();
  sim.restore(cp);
  assert.equal(sim.isQuiescent(), false);
  sim.run();
  assert.equal(sim.traceHash(), hash);
  sim.close();
});

test('a crashed node that nobody restarts does not keep the run going', async () => {
  const sim = await createSimulation(validateScenario({ seed: 1, nodes: [{ id: 'a' }, { id: 'b' }], jobs, timeline: [{ at: 5000, action: 'crashNode', node: 'a' }] }));
  sim.run();
  assert.equal(sim.trace[sim.trace.length - 1].kind, 'nodeCrashed');
  assert.equal(sim.isQuiescent(), true);
  sim.close();
});

test('panel: a node restarted after the run ended keeps it going until the node is up', async () => {
  const scenario = validateScenario({ seed: 1, nodes: [{ id: 'a' }, { id: 'b' }], jobs, engine: { nodeRestartMs: 1000 } });
  const c = await SimulationController.create({ title: 't', file: 't.json', prepared: { scenario, bpmn: {} } });
  c.runTo(60_000);
  assert.equal(c.done, true);
  c.crashNode('a');
  assert.equal(c.done, true, 'nothing restarts a crashed node by itself');
  const at = c.now;
  c.restartNode('a');
  assert.equal(c.done, false, 'the restart is pending');
  c.runTo(at + 999);
  assert.equal(c.done, false);
  const d = c.runTo(at + 1000);
  assert.ok(d.events.some(e => e.kind === 'nodeStarted' && e.node === 'a'));
  assert.equal(c.done, true);
});
