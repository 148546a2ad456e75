// `load[i].balancer`: each start request runs ON a node an external load balancer picks; the
// synchronous part of the start needs that node's classes, else the start fails (no instance).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenario, validateScenario } from '../../../../simulator/scenario/validate';
import { createSimulation } from '../../../../simulator/simulation';
import { createEngineHooks } from '../../../../simulator/engine/hooks';
import type { TraceEvent } from '../../../../simulator/trace';
import type { LoadSpec, ScenarioInput } from '../../../../simulator/scenario/types';
import { formatEvent, formatSummary } from '../../../../src/cli/simulate';

const defs = (body: string) => `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">${body}</bpmn:definitions>`;
/** start → sync (a Java delegate, synchronous in the start) → work (asyncBefore) → end. */
const SYNC = defs(`<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/>
<bpmn:serviceTask id="sync" camunda:class="x.Sync"/><bpmn:serviceTask id="work" camunda:class="x.Work" camunda:asyncBefore="true"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sync"/><bpmn:sequenceFlow id="f2" sourceRef="sync" targetRef="work"/><bpmn:sequenceFlow id="f3" sourceRef="work" targetRef="e"/></bpmn:process>`);

type Run = { trace: TraceEvent[]; summary: ReturnType<Awaited<ReturnType<typeof createSimulation>>['summary']>; started: number };

async function run(input: ScenarioInput, mid?: (sim: Awaited<ReturnType<typeof createSimulation>>) => void): Promise<Run> {
  const scenario = validateScenario(input);
  const eh = createEngineHooks(scenario, { d: SYNC });
  const sim = await createSimulation(scenario, { hooks: eh.hooks });
  try { mid?.(sim); sim.run(); return { trace: [...sim.trace], summary: sim.summary(), started: eh.engine()!.metrics.instancesStarted }; } finally { sim.close(); }
}

const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter(e => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];

const base = (load: Partial<LoadSpec>, extra: Partial<ScenarioInput> = {}): ScenarioInput => ({
  seed: 3,
  nodes: [{ id: 'a', config: { waitTimeInMillis: 200, maxWait: 400 } }, { id: 'b', deployments: [], config: { waitTimeInMillis: 200, maxWait: 400 } }, { id: 'c', config: { waitTimeInMillis: 200, maxWait: 400 } }],
  deployments: [{ id: 'd', bpmn: 'p.bpmn' }],
  load: [{ processDefinitionKey: 'p', instances: 6, intervalMs: 100, ...load }],
  ...extra,
});

test('round-robin: starts go to the nodes in turn; on a node without the classes the start fails with ClassNotFoundException and creates nothing', async () => {
  const r = await run(base({ balancer: 'round-robin' }, { nodes: [{ id: 'a' }, { id: 'b', deployments: [] }, { id: 'c' }] }));
  const ok = of(r.trace, 'processStarted'), bad = of(r.trace, 'startFailed');
  assert.deepEqual(ok.map(e => e.node), ['a', 'c', 'a', 'c']);
  assert.deepEqual(bad.map(e => e.node), ['b', 'b']);
  for (const e of bad) assert.match(e.error, /^java\.lang\.ClassNotFoundException: x\.Sync \(node b lacks the classes of deployment d\)$/);
  assert.equal(r.started, 4, 'a failed start creates no instance');
  assert.equal(of(r.trace, 'jobCreated').length, 4, 'and no job');
  assert.deepEqual(r.summary.startsByNode, { a: { started: 2, failed: 0 }, b: { started: 0, failed: 2 }, c: { started: 2, failed: 0 } });
  assert.equal(Object.values(r.summary.startsFailedByError).reduce((x, y) => x + y, 0), 2);
  assert.equal(formatEvent(ok[0]), `t=0ms a started instance ${ok[0].processInstanceId} of p`);
  assert.match(formatEvent(bad[0]), /^t=100ms b START FAILED p: java\.lang\.ClassNotFoundException: x\.Sync/);
  assert.match(formatSummary({ ...r.summary, engine: null }), /start failed: java\.lang\.ClassNotFoundException.*\s2\n/);
});

test('the processStarted event comes before the jobs of its start', async () => {
  const r = await run(base({ balancer: 'round-robin', instances: 1 }));
  const i = r.trace.findIndex(e => e.kind === 'processStarted'), j = r.trace.findIndex(e => e.kind === 'jobCreated');
  assert.ok(i >= 0 && i < j);
  assert.equal((r.trace[j] as Extract<TraceEvent, { kind: 'jobCreated' }>).processInstanceId, (r.trace[i] as Extract<TraceEvent, { kind: 'processStarted' }>).processInstanceId);
});

test('crashed nodes are skipped; with none up the start fails with a clear reason (node null)', async () => {
  const r = await run(base({ balancer: 'round-robin', nodes: ['a', 'c'] }, {
    timeline: [{ at: 50, action: 'crashNode', node: 'a' }, { at: 250, action: 'crashNode', node: 'c' }],
    engine: { nodeRestartMs: 1000 },
  }));
  const starts = r.trace.filter(e => e.kind === 'processStarted' || e.kind === 'startFailed') as Extract<TraceEvent, { kind: 'processStarted' | 'startFailed' }>[];
  assert.deepEqual(starts.map(e => `${e.kind}:${e.node}`), ['processStarted:a', 'processStarted:c', 'processStarted:c', 'startFailed:null', 'startFailed:null', 'startFailed:null']);
  const none = of(r.trace, 'startFailed')[0];
  assert.match(none.error, /no node up behind the load balancer \(a, c all down\)/);
  assert.match(formatEvent(none), /\(no node\) START FAILED p: no node up/);
  assert.equal(r.started, 3);
});

test('random: seeded, deterministic, only nodes up and in the list', async () => {
  const input = base({ balancer: 'random', instances: 30, nodes: ['a', 'c'] });
  const a = await run(input), b = await run(input);
  const nodes = of(a.trace, 'processStarted').map(e => e.node);
  assert.deepEqual(nodes, of(b.trace, 'processStarted').map(e => e.node));
  assert.equal(nodes.length, 30);
  assert.ok(nodes.includes('a') && nodes.includes('c') && !nodes.includes('b'));
});

test('without a balancer nothing changes: no start events, no class check on the start', async () => {
  const r = await run(base({}, { nodes: [{ id: 'b', deployments: [] }] }));
  assert.equal(of(r.trace, 'processStarted').length + of(r.trace, 'startFailed').length, 0);
  assert.equal(r.started, 6);
  assert.deepEqual(r.summary.startsByNode, {});
});

test('checkpoint/restore keeps the round-robin position', async () => {
  const input = base({ balancer: 'round-robin', instances: 6 }, { nodes: [{ id: 'a' }, { id: 'c' }, { id: 'e' }] });
  const whole = await run(input);
  const scenario = validateScenario(input);
  const eh = createEngineHooks(scenario, { d: SYNC });
  const sim = await createSimulation(scenario, { hooks: eh.hooks });
  try {
    sim.runUntil(150);
    const cp = sim.checkpoint();
    sim.runUntil(450);
    sim.restore(cp);
    sim.run();
    assert.deepEqual(of(sim.trace, 'processStarted').map(e => e.node), of(whole.trace, 'processStarted').map(e => e.node));
  } finally { sim.close(); }
});

test('validation: balancer values, nodes need a balancer and must exist (a count group names all its copies)', () => {
  const errs = (load: object, nodes: ScenarioInput['nodes'] = [{ id: 'n', count: 2 }]) =>
    checkScenario({ seed: 1, nodes, load: [{ processDefinitionKey: 'p', instances: 1, ...load }] } as never).errors.map(e => `${e.path}: ${e.message}`);
  assert.deepEqual(errs({ balancer: 'round-robin', nodes: ['n'] }), []);
  assert.deepEqual(validateScenario({ seed: 1, nodes: [{ id: 'n', count: 2 }, { id: 'x' }], load: [{ processDefinitionKey: 'p', instances: 1, balancer: 'random', nodes: ['x', 'n'] }] }).load[0].nodes, ['x', 'n-1', 'n-2']);
  assert.match(errs({ balancer: 'sticky' }).join('\n'), /load\[0\]\.balancer/);
  assert.match(errs({ nodes: ['n-1'] }).join('\n'), /load\[0\]\.nodes: needs "balancer"/);
  assert.match(errs({ balancer: 'random', nodes: ['n-3'] }).join('\n'), /load\[0\]\.nodes\[0\]: unknown node "n-3"/);
  assert.match(errs({ balancer: 'random', nodes: [] }).join('\n'), /load\[0\]\.nodes: must name at least one node/);
});
