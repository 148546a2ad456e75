// The runtime's hot-path shortcuts must not change what a run does: the event queue's compaction of
// cancelled entries keeps the (time, seq) order, the worker machine ends a job in one transition
// with the same effects as before, and the memo of inert events skips only deliveries whose answer
// is known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transition, initialTransition } from 'xstate';
import { EventQueue } from '../../../../simulator/time/eventQueue';
import { Prng } from '../../../../simulator/random/prng';
import { workerMachine } from '../../../../simulator/machines/workerMachine';
import { createSimulation } from '../../../../simulator/simulation';
import { validateScenario } from '../../../../simulator/scenario/validate';

test('event queue: compacting cancelled entries keeps the (time, seq) order and handles', () => {
  const rand = new Prng(7).stream('durations');
  const q = new EventQueue<number>();
  const ref: { time: number; seq: number; v: number }[] = [];
  const handles: number[] = [];
  for (let i = 0; i < 5000; i++) {
    const time = Math.floor(rand.next() * 1000);
    const h = q.schedule(time, i);
    handles.push(h);
    ref.push({ time, seq: h, v: i });
  }
  // Cancel most of them (far more dead than live: the heap is rebuilt several times).
  const cancelled = new Set<number>();
  for (let i = 0; i < 5000; i++) if (i % 7 !== 0) { assert.equal(q.cancel(handles[i]), true); cancelled.add(i); }
  for (const i of [1, 2, 3]) assert.equal(q.cancel(handles[i]), false);
  assert.equal(q.size, 5000 - cancelled.size);
  for (let i = 0; i < 5000; i += 7) assert.equal(q.isPending(handles[i]), true);
  const expected = ref.filter(r => !cancelled.has(r.v)).sort((a, b) => a.time - b.time || a.seq - b.seq).map(r => r.v);
  const got: number[] = [];
  for (let e = q.pop(); e; e = q.pop()) got.push(e.event);
  assert.deepEqual(got, expected);
});

test('event queue: schedule and cancel interleaved with pops (lock checks) stay ordered', () => {
  const q = new EventQueue<string>();
  const popped: string[] = [];
  let now = 0;
  for (let i = 0; i < 2000; i++) {
    const far = q.schedule(now + 300000, `far${i}`); // a lock check, cancelled when the job ends
    q.schedule(now + 1, `near${i}`);
    const e = q.pop()!;
    popped.push(e.event);
    now = e.time;
    q.cancel(far);
  }
  assert.equal(popped.length, 2000);
  assert.ok(popped.every(p => p.startsWith('near')));
  const rest: string[] = [];
  for (let e = q.pop(); e; e = q.pop()) rest.push(e.event);
  assert.deepEqual(rest, []); // every "near" was popped in the loop, every "far" cancelled
  assert.equal(q.size, 0);
});

const effects = (actions: readonly { type: string; params?: unknown }[]) => actions
  .filter(a => !a.type.startsWith('xstate.'))
  .map(a => `${a.type}${a.params ? ' ' + JSON.stringify(a.params) : ''}`);

test('worker machine: a job ends in one transition — next job loaded, or batchDone and idle', () => {
  const [s0] = initialTransition(workerMachine, { node: 'n', thread: 't' });
  let [s] = transition(workerMachine, s0, { type: 'BATCH', jobIds: ['a', 'b'] });
  [s] = transition(workerMachine, s, { type: 'LOADED', found: true, durationMs: 5, outcome: { failed: false, error: null } });
  [s] = transition(workerMachine, s, { type: 'xstate.after.jobDuration.worker.running' } as never);
  assert.equal(s.value, 'committing');
  let actions;
  [s, actions] = transition(workerMachine, s, { type: 'COMMITTED', ok: true });
  assert.equal(s.value, 'loading');
  assert.equal(s.context.jobId, 'b');
  assert.deepEqual(effects(actions), ['loadJob {"node":"n","thread":"t","jobId":"b"}']);
  // b is gone: skipped, and the batch ends
  [s, actions] = transition(workerMachine, s, { type: 'LOADED', found: false, durationMs: 0, outcome: { failed: false, error: null } });
  assert.equal(s.value, 'idle');
  assert.deepEqual(effects(actions), ['batchDone {"node":"n","thread":"t","jobIds":["a","b"]}']);
  assert.deepEqual(s.context.queue, []);
  assert.equal(s.context.executed, 1);
  assert.equal(s.hasTag('busy'), false);
  // not found with more jobs: the next one is loaded (loading re-entered)
  [s] = transition(workerMachine, s, { type: 'BATCH', jobIds: ['c', 'd'] });
  [s, actions] = transition(workerMachine, s, { type: 'LOADED', found: false, durationMs: 0, outcome: { failed: false, error: null } });
  assert.equal(s.value, 'loading');
  assert.equal(s.context.jobId, 'd');
  assert.deepEqual(effects(actions), ['loadJob {"node":"n","thread":"t","jobId":"d"}']);
  // a failure recorded on the last job ends the batch
  [s] = transition(workerMachine, s, { type: 'LOADED', found: true, durationMs: 5, outcome: { failed: true, error: 'boom' } });
  [s, actions] = transition(workerMachine, s, { type: 'xstate.after.jobDuration.worker.running' } as never);
  assert.equal(s.value, 'failing');
  assert.deepEqual(effects(actions), ['recordFailure {"node":"n","thread":"t","jobId":"d","error":"boom"}']);
  [s, actions] = transition(workerMachine, s, { type: 'FAILURE_RECORDED' });
  assert.equal(s.value, 'idle');
  assert.deepEqual(effects(actions), ['batchDone {"node":"n","thread":"t","jobIds":["c","d"]}']);
  // a commit that hits 0 rows fails the job instead
  [s] = transition(workerMachine, s, { type: 'BATCH', jobIds: ['e'] });
  [s] = transition(workerMachine, s, { type: 'LOADED', found: true, durationMs: 5, outcome: { failed: false, error: null } });
  [s] = transition(workerMachine, s, { type: 'xstate.after.jobDuration.worker.running' } as never);
  [s, actions] = transition(workerMachine, s, { type: 'COMMITTED', ok: false });
  assert.equal(s.value, 'failing');
  assert.equal(s.context.failure, 'OptimisticLockingException');
});

test('runtime: repeated JOB_ADDED while an acquisition is busy is skipped, the trace is the same as delivering it', async () => {
  const scenario = () => {
    const s = validateScenario({
      seed: 3,
      engine: { dbLatencyMs: 1, defaultJobDurationMs: 5 },
      nodes: [{ id: 'node', count: 3, config: { corePoolSize: 4, maxPoolSize: 4, queueSize: 4, maxJobsPerAcquisition: 6, waitTimeInMillis: 50, maxWait: 200 } }],
    });
    s.jobs = Array.from({ length: 300 }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'task' }));
    return s;
  };
  const countTransitions = (sim: object) => {
    const xs = (sim as { xs: { transition: (...args: unknown[]) => unknown } }).xs;
    const t = xs.transition.bind(xs);
    const counter = { n: 0 };
    xs.transition = (...args: unknown[]) => { counter.n++; return t(...args); };
    return counter;
  };
  const a = await createSimulation(scenario());
  const ca = countTransitions(a);
  a.run();
  // The same run with the memo defeated: every delivery is computed by xstate.
  const b = await createSimulation(scenario());
  const entries = (b as unknown as { machines: Map<string, object> }).machines;
  const defeat = (m: object) => Object.defineProperty(m, 'inert', { get: () => undefined, set: () => {}, configurable: true });
  for (const m of entries.values()) defeat(m);
  const set = entries.set.bind(entries);
  entries.set = (k: string, v: object) => { defeat(v); return set(k, v); };
  const cb = countTransitions(b);
  b.run();
  assert.ok(ca.n < cb.n, `the memo skipped nothing (${ca.n} vs ${cb.n} transitions)`);
  assert.equal(a.summary().jobsCompleted, 300);
  assert.equal(a.traceHash(), b.traceHash());
  a.close(); b.close();
});
