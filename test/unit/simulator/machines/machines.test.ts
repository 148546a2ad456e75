// Model-based tests: xstate/graph walks every machine with representative events; every state must
// be reachable and invariants must hold along every path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { acquisitionMachine } from '../../../../simulator/machines/acquisitionMachine';
import { workerMachine } from '../../../../simulator/machines/workerMachine';
import { nodeMachine } from '../../../../simulator/machines/nodeMachine';
import { DEFAULT_BACKOFF_CONFIG } from '../../../../simulator/executor/backoffStrategy';

const leafStates = (m: { states: Record<string, unknown> }) => Object.keys(m.states);
const reached = (paths: { state: { value: unknown } }[]) => new Set(paths.map(p => String(p.state.value)));

test('acquisition machine: every state reachable; waiting only with a positive wait', () => {
  const input = { node: 'n', cfg: DEFAULT_BACKOFF_CONFIG, jbpm3Cfg: { idleInterval: 10, maxIdleInterval: 20 } };
  const events = [
    { type: 'SELECTED', at: 0, rows: [] },
    { type: 'SELECTED', at: 0, rows: [{ id: 'j1', rev: 1 }] },
    { type: 'LOCKED', at: 2, locked: ['j1'], clashed: [], batches: [['j1']] },
    { type: 'SUBMITTED', at: 4, rejected: [], jitter: 0 },
    { type: 'JOB_ADDED' },
    { type: 'STOP' },
  ] as const;
  const serializeState = (st: any) => `${JSON.stringify(st.value)}|idle=${st.context.strategy.idleLevel}|added=${st.context.jobAdded}`;
  const paths = getShortestPaths(acquisitionMachine, { input, events: events as any, serializeState, limit: 2000 } as any);
  const states = reached(paths);
  for (const s of leafStates(acquisitionMachine.config as any)) if (s !== 'reconfiguring') assert.ok(states.has(s), `unreachable: ${s}`);
  for (const p of paths) {
    const st = p.state as any;
    if (st.matches('waiting')) assert.ok(st.context.waitMs > 0);
    if (st.matches('stopped')) assert.ok(st.hasTag('stopped'));
    assert.ok(st.context.strategy.numJobsToAcquire >= 0);
  }
  const simple = getSimplePaths(acquisitionMachine, { input, events: events as any, serializeState, limit: 2000 } as any);
  assert.ok(simple.length >= paths.length);
});

test('worker machine: every state reachable; busy exactly when a batch is in hand', () => {
  const events = [
    { type: 'BATCH', jobIds: ['a', 'b'] },
    { type: 'LOADED', found: true, durationMs: 5, outcome: { failed: false, error: null } },
    { type: 'LOADED', found: true, durationMs: 5, outcome: { failed: true, error: 'boom' } },
    { type: 'LOADED', found: false, durationMs: 0, outcome: { failed: false, error: null } },
    { type: 'xstate.after.jobDuration.worker.running' },
    { type: 'COMMITTED', ok: true },
    { type: 'COMMITTED', ok: false },
    { type: 'FAILURE_RECORDED' },
    { type: 'EXCLUSIVE_JOB_ADDED', jobId: 'c' },
    { type: 'STOP' },
  ];
  const bounded = (st: any) => (st.context.queue.length < 3 ? events : events.filter(e => e.type !== 'EXCLUSIVE_JOB_ADDED'));
  const paths = getShortestPaths(workerMachine, { input: { node: 'n', thread: 't' }, events: bounded as any, limit: 2000, serializeState: (st: any) => `${JSON.stringify(st.value)}|${st.context.index}/${st.context.queue.length}|${st.context.failure}` } as any);
  const states = reached(paths);
  for (const s of ['idle', 'loading', 'running', 'committing', 'failing', 'stopped']) assert.ok(states.has(s), `unreachable: ${s}`);
  for (const p of paths) {
    const st = p.state as any;
    assert.equal(st.hasTag('busy'), ['loading', 'running', 'committing', 'failing'].some(v => st.matches(v)));
    if (st.matches('idle')) assert.deepEqual(st.context.queue, []);
    if (st.matches('failing')) assert.ok(st.context.failure);
    assert.ok(st.context.index <= st.context.queue.length);
  }
});

test('node machine: running → crashed → restarting → running', () => {
  const events = [{ type: 'CRASH' }, { type: 'RESTART' }, { type: 'xstate.after.restartDelay.node.restarting' }];
  const paths = getShortestPaths(nodeMachine, { input: { node: 'n', restartMs: 5 }, events: events as any, limit: 200, serializeState: (st: any) => JSON.stringify(st.value) } as any);
  const states = reached(paths);
  for (const s of ['running', 'crashed', 'restarting']) assert.ok(states.has(s));
  for (const p of paths) assert.equal((p.state as any).hasTag('up'), (p.state as any).matches('running'));
});
