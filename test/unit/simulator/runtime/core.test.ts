import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventQueue } from '../../../../simulator/time/eventQueue';
import { Prng } from '../../../../simulator/random/prng';
import { DEFAULT_BACKOFF_CONFIG, initialBackoffState, reconfigure, waitTime, maxLevel, type CycleOutcome } from '../../../../simulator/executor/backoffStrategy';
import { ThreadPool, DEFAULT_POOL_CONFIG } from '../../../../simulator/executor/threadPool';
import { DEFAULT_JBPM3_CONFIG, initialJbpm3State, jbpm3AfterCycle } from '../../../../simulator/executor/jbpm3';
import { Sha256 } from '../../../../simulator/trace';
import { createHash } from 'node:crypto';

test('event queue: (time, seq) order, same-tick draining, cancellation', () => {
  const q = new EventQueue<string>();
  q.schedule(10, 'b'); q.schedule(5, 'a'); q.schedule(10, 'c');
  const h = q.schedule(7, 'x');
  assert.equal(q.cancel(h), true);
  assert.equal(q.cancel(h), false);
  assert.equal(q.pop()!.event, 'a');
  const tick: string[] = [];
  q.drainTick(e => { tick.push(e.event); if (e.event === 'b') q.schedule(q.now, 'd'); });
  assert.deepEqual(tick, ['b', 'c', 'd']);
  assert.equal(q.now, 10);
  assert.equal(q.pop(), undefined);
});

test('event queue: serialise/restore keeps order and handles', () => {
  const q = new EventQueue<number>();
  for (let i = 0; i < 50; i++) q.schedule((i * 7919) % 13, i);
  const st = q.serialize();
  const q2 = new EventQueue<number>(); q2.restore(JSON.parse(JSON.stringify(st)));
  const a: number[] = [], b: number[] = [];
  for (let e; (e = q.pop());) a.push(e.event);
  for (let e; (e = q2.pop());) b.push(e.event);
  assert.deepEqual(a, b);
});

test('PRNG: deterministic per stream, streams independent, state restorable', () => {
  const a = new Prng(42), b = new Prng(42);
  const xs = Array.from({ length: 5 }, () => a.stream('durations').next());
  b.stream('failures').next(); b.stream('failures').next(); // other stream does not shift durations
  assert.deepEqual(Array.from({ length: 5 }, () => b.stream('durations').next()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => new Prng(43).stream('durations').next()), xs);
  const s = a.serialize();
  const next = a.stream('durations').uniformInt(1, 6);
  assert.equal(Prng.restore(s).stream('durations').uniformInt(1, 6), next);
  const r = new Prng(1).stream('branches');
  for (let i = 0; i < 1000; i++) { const v = r.uniformInt(3, 5); assert.ok(v >= 3 && v <= 5); }
  assert.equal(r.choice(['a', 'b'], [0, 1]), 'b');
  assert.ok(r.exponential(10) >= 0);
});

const idle = (o: Partial<CycleOutcome> = {}): CycleOutcome => ({ jobAdded: false, acquisitionException: false, attempted: 3, acquiredBatches: 0, failedToLock: 0, rejectedBatches: 0, resubmittedBatches: 0, ...o });

test('backoff strategy: default idle sequence 5000, 10000, 20000, 40000, 60000, 60000', () => {
  const cfg = DEFAULT_BACKOFF_CONFIG;
  let s = initialBackoffState(cfg);
  assert.equal(s.maxIdleLevel, 5);
  assert.equal(s.maxBackoffLevel, 0);
  const waits: number[] = [];
  for (let i = 0; i < 6; i++) { s = reconfigure(s, cfg, idle()); waits.push(waitTime(s, cfg, 0)); }
  assert.deepEqual(waits, [5000, 10000, 20000, 40000, 60000, 60000]);
  s = reconfigure(s, cfg, idle({ jobAdded: true }));
  assert.equal(waitTime(s, cfg, 0), 0);
  // three exclusive jobs of one instance = one batch: still idle (counts batches)
  s = reconfigure(s, cfg, idle({ acquiredBatches: 1 }));
  assert.equal(s.idleLevel, 1);
  s = reconfigure(s, cfg, idle({ acquiredBatches: 3 }));
  assert.equal(s.idleLevel, 0);
});

test('backoff strategy: levels, jitter in [t, 1.5t), numJobs, decrease, saturation, degenerate', () => {
  const cfg = { ...DEFAULT_BACKOFF_CONFIG, backoffTimeInMillis: 100, maxBackoff: 1000, backoffDecreaseThreshold: 2 };
  let s = initialBackoffState(cfg);
  assert.equal(s.maxBackoffLevel, maxLevel(100, 2, 1000)); // (int)log2(10)+2 = 5
  assert.equal(s.maxBackoffLevel, 5);
  s = reconfigure(s, cfg, idle({ acquiredBatches: 2, failedToLock: 1 }));
  assert.equal(s.backoffLevel, 1);
  assert.equal(s.numJobsToAcquire, 6);
  assert.equal(waitTime(s, cfg, 0), 100);
  assert.equal(waitTime(s, cfg, 0.999), 149);
  s = reconfigure(s, cfg, idle({ acquiredBatches: 2, failedToLock: 4, attempted: 6 }));
  assert.equal(s.backoffLevel, 2);
  assert.equal(s.numJobsToAcquire, 12);
  s = reconfigure(s, cfg, idle({ acquiredBatches: 12, attempted: 12, rejectedBatches: 2 }));
  assert.equal(s.applyJitter, false);
  assert.equal(s.numJobsToAcquire, 10);
  assert.equal(waitTime(s, cfg, 0.9), 200);
  s = reconfigure(s, cfg, idle({ acquiredBatches: 12, attempted: 12 }));
  assert.equal(s.backoffLevel, 1); // decreased after 2 clean cycles
  // saturation: all submitted rejected, no idle/backoff → 100 ms
  let z = initialBackoffState(DEFAULT_BACKOFF_CONFIG);
  z = reconfigure(z, DEFAULT_BACKOFF_CONFIG, idle({ acquiredBatches: 3, rejectedBatches: 3 }));
  assert.equal(waitTime(z, DEFAULT_BACKOFF_CONFIG, 0), 100);
  assert.equal(z.numJobsToAcquire, 0);
  // degenerate: factor 1 → max level overflows negative, never idle-waits
  const one = { ...DEFAULT_BACKOFF_CONFIG, waitIncreaseFactor: 1 };
  let d = initialBackoffState(one);
  assert.equal(d.maxIdleLevel, -2147483647);
  d = reconfigure(d, one, idle());
  assert.equal(waitTime(d, one, 0), 0);
  // maxWait < waitTime: no idle wait; maxWait == waitTime: constant
  const lt = { ...DEFAULT_BACKOFF_CONFIG, maxWait: 1000 };
  assert.equal(waitTime(reconfigure(initialBackoffState(lt), lt, idle()), lt, 0), 0);
  const eq = { ...DEFAULT_BACKOFF_CONFIG, maxWait: 5000 };
  let e = initialBackoffState(eq);
  for (let i = 0; i < 4; i++) { e = reconfigure(e, eq, idle()); assert.equal(waitTime(e, eq, 0), 5000); }
});

test('thread pool: 3/10/3 takes 13 batches in flight, rejects the 14th; finishing threads drain the queue', () => {
  const p = new ThreadPool<number>('n', DEFAULT_POOL_CONFIG);
  const kinds = Array.from({ length: 14 }, (_, i) => p.execute(i).kind);
  assert.deepEqual(kinds.slice(0, 3), ['started', 'started', 'started']);
  assert.deepEqual(kinds.slice(3, 6), ['queued', 'queued', 'queued']);
  assert.deepEqual(kinds.slice(6, 13), Array(7).fill('started'));
  assert.equal(kinds[13], 'rejected');
  assert.equal(p.poolSize, 10);
  assert.deepEqual(p.finished('n-t1'), { kind: 'next', task: 3 });
  // keep-alive 0: any thread finding the queue empty while more than core exist ends
  assert.deepEqual(p.finished('n-t2'), { kind: 'next', task: 4 });
  assert.deepEqual(p.finished('n-t3'), { kind: 'next', task: 5 });
  for (const t of ['n-t4', 'n-t5', 'n-t6', 'n-t7', 'n-t8', 'n-t9', 'n-t10']) assert.equal(p.finished(t).kind, 'ended');
  assert.equal(p.poolSize, 3);
  assert.deepEqual(p.finished('n-t1'), { kind: 'idle' });
  // a new task is handed to an idle thread once core is reached
  const p2 = new ThreadPool<number>('m', DEFAULT_POOL_CONFIG);
  for (let i = 0; i < 3; i++) p2.execute(i);
  p2.finished('m-t1');
  assert.deepEqual(p2.execute(9), { kind: 'handedOver', threadId: 'm-t1', task: 9 });
});

test('jBPM 3 profile: idleInterval, doubling on exception up to maxIdleInterval', () => {
  const cfg = { idleInterval: 500, maxIdleInterval: 1000 };
  let s = initialJbpm3State(cfg);
  let r = jbpm3AfterCycle(s, cfg, true); assert.equal(r.waitMs, 500); s = r.state;
  r = jbpm3AfterCycle(s, cfg, true); assert.equal(r.waitMs, 1000); s = r.state;
  r = jbpm3AfterCycle(s, cfg, true); assert.equal(r.waitMs, 1000); s = r.state;
  r = jbpm3AfterCycle(s, cfg, false); assert.equal(r.waitMs, 500);
  assert.deepEqual(DEFAULT_JBPM3_CONFIG, { idleInterval: 10000, maxIdleInterval: 3600000 });
});

test('pure SHA-256 matches node:crypto', () => {
  for (const s of ['', 'abc', 'x'.repeat(55), 'x'.repeat(64), 'héllo ✓'.repeat(99)]) {
    assert.equal(new Sha256().update(s).hex(), createHash('sha256').update(s).digest('hex'));
  }
});
