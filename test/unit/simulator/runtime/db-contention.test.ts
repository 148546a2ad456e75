// The database contention model in a run (ours, engine.database.model 'contention'): connection
// queueing, the saturation shape over threads, the flat default left as it was, the per-node idle and
// backoff times, checkpoint/restore, and the scenario validation of engine.database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulation, type Summary } from '../../../../simulator/simulation';
import { checkScenario, validateScenario } from '../../../../simulator/scenario/validate';
import { assertCheckpointReplays } from './assertReplay';

function scenario(o: { jobs: number; threads: number; nodes?: number; durationMs?: number; database?: unknown; engine?: Record<string, unknown>; config?: Record<string, unknown>; exclusive?: boolean }) {
  return validateScenario({
    seed: 7,
    engine: { defaultJobDurationMs: o.durationMs ?? 10, ...(o.database !== undefined ? { database: o.database } : {}), ...(o.engine ?? {}) },
    nodes: [{ id: 'n', count: o.nodes ?? 1, config: { corePoolSize: o.threads, maxPoolSize: o.threads, queueSize: o.threads, maxJobsPerAcquisition: o.threads, ...(o.config ?? {}) } }],
    jobs: Array.from({ length: o.jobs }, (_, i) => ({ ID_: `j${i}`, PROCESS_INSTANCE_ID_: `p${i}`, EXCLUSIVE_: o.exclusive ?? true })),
  });
}

async function run(sc: ReturnType<typeof scenario>): Promise<{ s: Summary; hash: string }> {
  const sim = await createSimulation(sc, { recordTrace: true });
  try { const s = sim.run(); return { s, hash: sim.traceHash() }; } finally { sim.close(); }
}

test('a limited connection count makes statements wait (dbWaitMs), unlimited never does', async () => {
  const one = (await run(scenario({ jobs: 60, threads: 10, database: { model: 'contention', connections: 1 } }))).s;
  const many = (await run(scenario({ jobs: 60, threads: 10, database: { model: 'contention', connections: 0 } }))).s;
  assert.equal(one.jobsCompleted, 60);
  assert.equal(many.jobsCompleted, 60);
  assert.ok(one.dbWaitMs > 0, `waited ${one.dbWaitMs}`);
  assert.equal(many.dbWaitMs, 0);
  assert.ok(one.dbBusyMs > 0 && one.dbStatements >= 60 * 2);
  assert.equal(many.dbUtilisation, null, 'no capacity to divide by');
  assert.ok(one.dbUtilisation! > 0 && one.dbUtilisation! <= 1, String(one.dbUtilisation));
  assert.ok(Math.abs(one.dbUtilisation! - one.dbBusyMs / one.makespanMs) < 1e-3);
});

test('with 2 connections throughput rises with threads, then flattens at the database', async () => {
  const points: { threads: number; thr: number; util: number }[] = [];
  for (const threads of [1, 5, 20, 40, 80]) {
    const s = (await run(scenario({ jobs: 400, threads, database: { model: 'contention', connections: 2 } }))).s;
    assert.equal(s.jobsCompleted, 400);
    points.push({ threads, thr: s.throughputPerSecond, util: s.dbUtilisation! });
  }
  const [t1, t5, t20, t40, t80] = points;
  const show = JSON.stringify(points);
  assert.ok(t5.thr > 3 * t1.thr, `rises: ${show}`);
  assert.ok(t20.thr > 2 * t5.thr, `rises: ${show}`);
  assert.ok(t40.thr > t20.thr, `rises: ${show}`);
  assert.ok(t80.thr < 1.1 * t40.thr, `flattens: ${show}`);
  assert.ok(t80.util > 0.9, `the database is the bottleneck: ${show}`);
  assert.ok(t1.util < 0.2, show);
});

test("the flat default is unchanged: no database key = {model: 'flat'}, throughput keeps growing with threads", async () => {
  const a = await run(scenario({ jobs: 100, threads: 5 }));
  const b = await run(scenario({ jobs: 100, threads: 5, database: { model: 'flat' } }));
  assert.equal(a.hash, b.hash);
  assert.deepEqual(a.s, b.s);
  assert.equal(a.s.dbWaitMs, 0);
  assert.equal(a.s.dbUtilisation, null);
  assert.equal(a.s.dbBusyMs, a.s.dbStatements * 2, 'flat: every statement holds the database for dbLatencyMs (2)');
  const t5 = (await run(scenario({ jobs: 400, threads: 5 }))).s.throughputPerSecond;
  const t20 = (await run(scenario({ jobs: 400, threads: 20 }))).s.throughputPerSecond;
  assert.ok(t20 > t5, `flat model: ${t5} → ${t20}`);
  const flatLimited = (await run(scenario({ jobs: 60, threads: 10, engine: { dbConnections: 1 } }))).s;
  assert.ok(flatLimited.dbWaitMs > 0);
  assert.ok(flatLimited.dbUtilisation! > 0);
});

test("indexes 'none' makes a priority-ordered acquisition on a big table cost more database time", async () => {
  const base = { jobs: 3000, threads: 3, durationMs: 1, engine: { jobExecutorAcquireByPriority: true } };
  const idx = (await run(scenario({ ...base, database: { model: 'contention', indexes: 'recommended' } }))).s;
  const none = (await run(scenario({ ...base, database: { model: 'contention', indexes: 'none' } }))).s;
  assert.equal(idx.jobsCompleted, 3000);
  assert.equal(none.jobsCompleted, 3000);
  // ~1000 sorted acquisitions over a table shrinking from 3000 rows: ≈ 0.3 µs × 1500 rows each on average
  assert.ok(none.dbBusyMs > idx.dbBusyMs + 300, `${none.dbBusyMs} vs ${idx.dbBusyMs}`);
  assert.ok(none.makespanMs > idx.makespanMs);
});

test('perNode idleMs: the acquisition thread waits idle while nothing is due; backoffMs after clashes', async () => {
  const later = (engine: Record<string, unknown>) => validateScenario({ seed: 1, engine, nodes: [{ id: 'n' }], jobs: [{ ID_: 'timer', TYPE_: 'timer', DUEDATE_: 12_000 }] });
  const idle = (await run(later({}))).s;
  assert.equal(idle.jobsCompleted, 1);
  // nothing due until 12 000: idle waits of 5000 and 10 000 ms (the second cut short when the timer is run)
  assert.ok(idle.perNode.n.idleMs >= 12_000 - 10, JSON.stringify(idle.perNode));
  assert.equal(idle.perNode.n.backoffMs, 0);
  const clash = (await run(scenario({ jobs: 300, threads: 3, nodes: 3, durationMs: 50, config: { backoffTimeInMillis: 50, maxBackoff: 1000 }, database: { model: 'contention', connections: 2 } }))).s;
  assert.ok(clash.lockClashes > 0);
  const backoff = Object.values(clash.perNode).reduce((a, n) => a + n.backoffMs, 0);
  assert.ok(backoff > 0, JSON.stringify(clash.perNode));
});

test('jBPM 3 profile: the plain idleInterval wait counts as idle', async () => {
  const sc = validateScenario({ seed: 1, engine: { executorProfile: 'jbpm3', idleInterval: 500, maxIdleInterval: 1000 }, nodes: [{ id: 'n' }], jobs: [{ ID_: 'timer', TYPE_: 'timer', DUEDATE_: 3000 }] });
  const s = (await run(sc)).s;
  assert.equal(s.jobsCompleted, 1);
  assert.ok(s.perNode.n.idleMs >= 2500, JSON.stringify(s.perNode));
  assert.equal(s.perNode.n.backoffMs, 0);
});

test('checkpoint/restore under the contention model continues identically (slots, FIFO, waits)', async () => {
  const sc = scenario({ jobs: 80, threads: 8, nodes: 2, database: { model: 'contention', connections: 1 } });
  const ref = await createSimulation(sc);
  ref.run();
  const sim = await createSimulation(sc);
  sim.runUntil(37);
  assertCheckpointReplays(sim, ref);
  ref.close(); sim.close();
});

test('engine.database validation: path-precise errors', () => {
  const errs = (database: unknown, engine: Record<string, unknown> = {}) =>
    checkScenario({ seed: 1, engine: { ...engine, database }, nodes: [{ id: 'n' }] }).errors.map(e => `${e.path}: ${e.message}`);
  assert.deepEqual(errs({ model: 'contention' }), []);
  assert.match(errs({ connections: 2 }).join('\n'), /engine\.database\.model: is required/);
  assert.match(errs({ model: 'fast' }).join('\n'), /engine\.database\.model: expected one of "flat", "contention"/);
  assert.match(errs({ model: 'contention', connections: -1 }).join('\n'), /engine\.database\.connections: expected a non-negative integer/);
  assert.match(errs({ model: 'contention', connections: 20000 }).join('\n'), /engine\.database\.connections: 20000 exceeds the limit/);
  assert.match(errs({ model: 'contention', statementMs: { slect: 1 } }).join('\n'), /engine\.database\.statementMs\.slect: unknown key \(did you mean "select"\?\)/);
  assert.match(errs({ model: 'contention', statementMs: { commit: 'fast' } }).join('\n'), /engine\.database\.statementMs\.commit: expected a non-negative number/);
  assert.match(errs({ model: 'contention', indexes: 'some' }).join('\n'), /engine\.database\.indexes: expected one of "recommended", "none"/);
  assert.match(errs({ model: 'contention', conections: 2 }).join('\n'), /engine\.database\.conections: unknown key \(did you mean "connections"\?\)/);
  assert.match(errs({ model: 'flat', connections: 2 }).join('\n'), /engine\.database\.connections: only applies to model "contention"/);
  assert.match(errs({ model: 'contention' }, { dbConnections: 4 }).join('\n'), /engine\.dbConnections: belongs to the flat database model/);
  const sc = validateScenario({ seed: 1, engine: { database: { model: 'contention', statementMs: { commit: 2 } } }, nodes: [{ id: 'n' }] });
  assert.deepEqual(sc.engine.database, { model: 'contention', connections: 8, statementMs: { select: 0.5, lock: 0.2, load: 0.3, commit: 2, fail: 0.5 }, acquisitionRowUs: 0.3, indexes: 'recommended' });
  assert.equal(validateScenario({ seed: 1, nodes: [{ id: 'n' }] }).engine.database.model, 'flat');
  // the normalised settings validate again (the panel saves and re-reads them)
  assert.deepEqual(validateScenario({ seed: 1, engine: sc.engine, nodes: [{ id: 'n' }] }).engine, sc.engine);
  const flat = validateScenario({ seed: 1, nodes: [{ id: 'n' }] });
  assert.deepEqual(validateScenario({ seed: 1, engine: flat.engine, nodes: [{ id: 'n' }] }).engine, flat.engine);
});
