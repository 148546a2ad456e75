// The database contention model (ours, simulator/db/costModel.ts): service time per statement kind,
// the acquisition cost read from SQLite's real plan of the real acquisition SQL, and the FIFO slots.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { tableWith, config } from './helpers';
import type { JobInput } from '../../../../simulator/db/jobTable';
import { selectNextJobsToExecute, type AcquisitionConfig } from '../../../../simulator/db/acquisition';
import { AcquisitionCostModel, DbServer, DEFAULT_STATEMENT_MS, statementServiceMs, tickAtOrAfter, utilisation } from '../../../../simulator/db/costModel';

const jobs = (n: number, locked = 0): JobInput[] => Array.from({ length: n }, (_, i) => ({
  ID_: `j${i}`, PROCESS_INSTANCE_ID_: `p${i}`, PRIORITY_: i % 7, DUEDATE_: i % 5 ? i : null,
  ...(i < locked ? { LOCK_OWNER_: 'other', LOCK_EXP_TIME_: 1e12 } : {}),
}));

async function costOf(rows: number, flags: Partial<AcquisitionConfig>, index: boolean, locked = 0, limit = 3) {
  const t = await tableWith(jobs(rows, locked));
  try {
    const cfg = config(flags);
    if (index) t.ensureAcquisitionIndex(cfg);
    const m = new AcquisitionCostModel(t, 0.3, 0.5);
    const r = selectNextJobsToExecute(t, cfg, 1_000_000, limit);
    return { ...m.cost(cfg, r.rows, limit), lines: m.plan(cfg).lines, returned: r.rows.length };
  } finally { t.close(); }
}

describe('statement service time per kind', () => {
  test('each kind costs its configured ms; a lock round trip costs one UPDATE per row', () => {
    const c = { select: 9, lock: 0.25, load: 0.3, commit: 1.5, fail: 0.7 };
    assert.equal(statementServiceMs(c, 'load'), 0.3);
    assert.equal(statementServiceMs(c, 'commit'), 1.5);
    assert.equal(statementServiceMs(c, 'fail'), 0.7);
    assert.equal(statementServiceMs(c, 'lock', 4), 1);
    assert.equal(statementServiceMs(c, 'lock', 0), 0.25, 'an empty lock round trip still costs one statement');
    assert.deepEqual({ ...DEFAULT_STATEMENT_MS }, { select: 0.5, lock: 0.2, load: 0.3, commit: 1, fail: 0.5 });
  });
});

describe('acquisition cost from the SQLite plan', () => {
  test('ordering flag with the recommended index: an ordered walk, few rows, cheap', async () => {
    const c = await costOf(10_000, { jobExecutorAcquireByPriority: true }, true);
    assert.equal(c.plan, 'walk', c.lines.join(' | '));
    assert.ok(c.lines.some(l => /USING INDEX JOBLAB_IDX_JOB_ACQ_PRIO/.test(l)), c.lines.join(' | '));
    assert.equal(c.tableRows, 10_000);
    assert.ok(c.rowsExamined >= 3 && c.rowsExamined < 10_000, String(c.rowsExamined));
    // position of the 3rd priority-6 row: the rows of priority 6 come first (ids 6, 13, 20: SEQ_ 7, 14, 21)
    assert.equal(c.rowsExamined, 3);
    assert.ok(Math.abs(c.serviceMs - (0.5 + 0.3 * 3 / 1000)) < 1e-9);
  });

  test("indexes 'none': a temp B-tree sort, every row charged; larger and growing with the table", async () => {
    const withIdx = await costOf(10_000, { jobExecutorAcquireByPriority: true }, true);
    const none10k = await costOf(10_000, { jobExecutorAcquireByPriority: true }, false);
    const none5k = await costOf(5_000, { jobExecutorAcquireByPriority: true }, false);
    assert.equal(none10k.plan, 'sorted', none10k.lines.join(' | '));
    assert.ok(none10k.lines.some(l => /USE TEMP B-TREE FOR ORDER BY/.test(l)));
    assert.equal(none10k.rowsExamined, 10_000);
    assert.equal(none5k.rowsExamined, 5_000);
    assert.ok(Math.abs(none10k.serviceMs - 3.5) < 1e-9, String(none10k.serviceMs));
    assert.ok(none10k.serviceMs > none5k.serviceMs);
    assert.ok(none10k.serviceMs > 3 * withIdx.serviceMs);
  });

  test('due-date flag: index walk vs sort', async () => {
    assert.equal((await costOf(2_000, { jobExecutorAcquireByDueDate: true }, true)).plan, 'walk');
    assert.equal((await costOf(2_000, { jobExecutorAcquireByDueDate: true }, false)).plan, 'sorted');
    assert.equal((await costOf(2_000, { jobExecutorPreferTimerJobs: true, jobExecutorAcquireByDueDate: true }, true)).plan, 'walk');
  });

  test('no ordering flag: the walk in table order is charged the locked rows it skips', async () => {
    const free = await costOf(10_000, {}, false);
    const skip = await costOf(10_000, {}, false, 3000);
    assert.equal(free.plan, 'walk');
    assert.equal(free.rowsExamined, 3);
    assert.equal(skip.rowsExamined, 3003, 'the 3000 rows locked by another node lie ahead of the 3 returned');
  });

  test('fewer rows than LIMIT: the walk read the whole table', async () => {
    const c = await costOf(500, {}, false, 498, 10);
    assert.equal(c.returned, 2);
    assert.equal(c.rowsExamined, 500);
  });

  test('plans are cached per SQL text', async () => {
    const t = await tableWith(jobs(10));
    const m = new AcquisitionCostModel(t, 0.3, 0.5);
    const cfg = config({ jobExecutorAcquireByPriority: true });
    const p1 = m.plan(cfg);
    t.ensureAcquisitionIndex(cfg); // a later index does not change the cached plan
    assert.equal(m.plan(cfg), p1);
    assert.equal(m.plan({ ...cfg, databaseOrder: 'shuffled' }), p1, 'the shuffle is ours: planned as the insertion-order query');
    t.close();
  });
});

describe('DbServer: slots and FIFO', () => {
  test('one connection: the second statement waits until the first one is served', () => {
    const s = new DbServer<string>(1);
    const a = s.arrive(10, 'a')!;
    assert.deepEqual(a, { slot: 0, start: 10 });
    s.occupy(a.slot, 10.4);
    assert.equal(s.arrive(10, 'b'), null);
    assert.equal(s.arrive(10, 'c'), null);
    assert.equal(s.nextWake(), 11);
    assert.equal(s.next(10), null, 'nothing free at 10');
    const b = s.next(11)!;
    assert.deepEqual(b, { op: 'b', at: 10, slot: 0, start: 10.4 }, 'starts when the slot freed, not at the tick');
    s.occupy(b.slot, 10.8);
    const c = s.next(11)!;
    assert.equal(c.op, 'c');
    assert.ok(Math.abs(c.start - 10.8) < 1e-9);
  });

  test('unlimited: every statement starts at once', () => {
    const s = new DbServer<string>(0);
    assert.deepEqual(s.arrive(5, 'a'), { slot: -1, start: 5 });
    assert.deepEqual(s.arrive(5, 'b'), { slot: -1, start: 5 });
    assert.equal(s.nextWake(), null);
  });

  test('checkpointable state', () => {
    const s = new DbServer<string>(2);
    s.occupy(0, 3.5); s.occupy(1, 4);
    s.arrive(1, 'x');
    const copy = new DbServer<string>(2);
    copy.restore(JSON.parse(JSON.stringify(s.serialize())));
    assert.deepEqual(copy.serialize(), s.serialize());
  });

  test('ticks and utilisation', () => {
    assert.equal(tickAtOrAfter(2.3), 3);
    assert.equal(tickAtOrAfter(0.1 + 0.2 + 2.7), 3, 'fractional noise does not push an exact tick to the next one');
    assert.equal(utilisation(50, 2, 100), 0.25);
    assert.equal(utilisation(50, 0, 100), null);
    assert.equal(utilisation(50, 2, 0), 0);
  });
});
