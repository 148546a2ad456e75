// Resource limits every caller of the simulator gets (the panel as much as the CLI): a BPMN loop
// without a wait state stops the run with a SimulationLimitError instead of hanging it, and scenario
// sizes that would exhaust the heap are validation errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../../../simulator/scenario/load';
import { checkScenario, validateScenario, ScenarioValidationError } from '../../../../simulator/scenario/validate';
import { createSimulation, SimulationLimitError } from '../../../../simulator/simulation';
import { createEngineHooks } from '../../../../simulator/engine/hooks';
import type { Scenario } from '../../../../simulator/scenario/types';

const fixtures = join(__dirname, '../../../fixtures/reliability');

async function cyclic(limits: Partial<Scenario['limits']> = {}) {
  const loaded = await loadScenario(readFileSync(join(fixtures, 'cyclic.json'), 'utf8'), rel => readFileSync(join(fixtures, rel), 'utf8'));
  Object.assign(loaded.scenario.limits, limits);
  const sim = await createSimulation(loaded.scenario, { hooks: createEngineHooks(loaded.scenario, loaded.bpmn).hooks });
  return sim;
}

test('a loop of sequence flows without a wait state stops run() with a SimulationLimitError naming the process and the loop', async () => {
  const sim = await cyclic();
  const t0 = performance.now();
  let error: unknown;
  try { sim.run(); } catch (e) { error = e; }
  const ms = performance.now() - t0;
  sim.close();
  assert.ok(error instanceof SimulationLimitError, String(error));
  const m = (error as Error).message;
  assert.match(m, /process 'loop'/);
  assert.match(m, /limits\.maxTransactionSteps = 100000/);
  assert.match(m, /the sequence flows (again → spin → again|spin → again → spin) loop without a wait state/);
  assert.match(m, /job \S+/, 'the loop runs in the transaction of the async job of "prepare"');
  assert.ok(ms < 10_000, `stopped after ${ms.toFixed(0)} ms`);
});

test('limits.maxTransactionSteps is configurable and validated', async () => {
  const sim = await cyclic({ maxTransactionSteps: 50 });
  assert.throws(() => sim.run(), (e: unknown) => e instanceof SimulationLimitError && /maxTransactionSteps = 50 /.test(e.message));
  sim.close();
  const bad = await loadScenario(JSON.stringify({ seed: 1, nodes: [{ id: 'n' }], limits: { maxTransactionSteps: 0 } })).catch(e => e as Error);
  assert.ok(bad instanceof Error);
  assert.match(bad.message, /limits\.maxTransactionSteps: expected a positive integer, got 0/);
});

test('a loop in an API transaction (instance start) is caught as well', async () => {
  const bpmn = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
<bpmn:process id="spinner" isExecutable="true"><bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="g"/><bpmn:task id="t"/>
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="g"/><bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="t"/><bpmn:sequenceFlow id="f3" sourceRef="t" targetRef="g"/></bpmn:process></bpmn:definitions>`;
  const loaded = await loadScenario(JSON.stringify({ seed: 1, nodes: [{ id: 'n' }], deployments: [{ id: 'd', bpmn: 'x.bpmn' }], load: [{ processDefinitionKey: 'spinner', instances: 1 }], limits: { maxTransactionSteps: 1000 } }), () => bpmn);
  const sim = await createSimulation(loaded.scenario, { hooks: createEngineHooks(loaded.scenario, loaded.bpmn).hooks });
  assert.throws(() => sim.run(), (e: unknown) => e instanceof SimulationLimitError && /an API call .* process 'spinner' .*the sequence flows (g → t → g|t → g → t) loop/.test(e.message));
  sim.close();
});

// ---- scenario sizes: checked by the validator, before anything is allocated -----------------------

test('size limits: nodes in total, instances in total (or limits.maxEvents), dbConnections — path-precise', () => {
  const msgs = (input: unknown) => checkScenario(input).errors.map(e => `${e.path}: ${e.message}`);
  let m = msgs({ seed: 1, nodes: [{ id: 'a', count: 600 }, { id: 'b', count: 600 }, { id: 'c', count: 1e9 }] });
  assert.deepEqual(m, ['nodes[1].count: 600 nodes (1200 in total) exceed the limit of 1000 nodes per scenario']);
  m = msgs({ seed: 1, nodes: [...Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}` })), { id: 'one-too-many' }] });
  assert.deepEqual(m, ['nodes[1000]: 1 node (1001 in total) exceed the limit of 1000 nodes per scenario']);
  assert.deepEqual(msgs({ seed: 1, nodes: [{ id: 'a', count: 1000 }] }), []);
  m = msgs({ seed: 1, nodes: [{ id: 'n' }], engine: { dbConnections: 10_001 } });
  assert.deepEqual(m, ['engine.dbConnections: 10001 exceeds the limit of 10000 connections']);
  m = msgs({ seed: 1, nodes: [{ id: 'n' }], load: [{ processDefinitionKey: 'p', instances: 600_000 }, { processDefinitionKey: 'q', instances: 600_000 }] });
  assert.deepEqual(m, ['load[1].instances: 600000 instances (1200000 in total) exceed the limit of 1000000 instance starts per run; lower "instances"']);
  m = msgs({ seed: 1, nodes: [{ id: 'n' }], load: [{ processDefinitionKey: 'p', instances: 11 }], limits: { maxEvents: 10 } });
  assert.deepEqual(m, ['load[0].instances: 11 instances (11 in total) exceed the limit of 10 instance starts per run (limits.maxEvents: every start is at least one event); lower "instances"']);
  assert.deepEqual(msgs({ seed: 1, nodes: [{ id: 'n' }], load: [{ processDefinitionKey: 'p', instances: 1_000_000 }] }), []);
});

test('size limits protect every caller: validateScenario of a huge scenario throws at once, without allocating', () => {
  const t0 = performance.now();
  assert.throws(() => validateScenario({ seed: 1, nodes: [{ id: 'n', count: 2 ** 31 }], engine: { dbConnections: 1e9 }, load: [{ processDefinitionKey: 'p', instances: 1e12 }] }),
    (e: unknown) => e instanceof ScenarioValidationError && e.errors.length === 3 && e.errors.every(x => /exceed/.test(x.message)));
  assert.ok(performance.now() - t0 < 1000);
});
