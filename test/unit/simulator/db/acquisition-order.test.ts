// ORDER BY: none in the engine unless a flag is on; the simulator shows the database order (insertion or
// seeded shuffle); PRIORITY_ DESC, TYPE_ DESC, DUEDATE_ ASC in fixed precedence by flags.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { acquirable, config, tableWith } from './helpers';
import { buildAcquisitionQuery, engineOrderBy, selectNextJobsToExecute } from '../../../../simulator/db/acquisition';
import { seededRand } from '../../../../simulator/db/snapshot';
import type { JobInput } from '../../../../simulator/db/jobTable';

const jobs: JobInput[] = [
  { ID_: 'msg-p0-due300', TYPE_: 'message', PRIORITY_: 0, DUEDATE_: 300, EXCLUSIVE_: false },
  { ID_: 'timer-p5-due200', TYPE_: 'timer', PRIORITY_: 5, DUEDATE_: 200, EXCLUSIVE_: false },
  { ID_: 'ever-p9-due100', TYPE_: 'ever-living', PRIORITY_: 9, DUEDATE_: 100, EXCLUSIVE_: false },
  { ID_: 'msg-p5-due100', TYPE_: 'message', PRIORITY_: 5, DUEDATE_: 100, EXCLUSIVE_: false },
  { ID_: 'timer-p0-due50', TYPE_: 'timer', PRIORITY_: 0, DUEDATE_: 50, EXCLUSIVE_: false },
];

describe('ORDER BY by flags', () => {
  const cases: { flags: [boolean, boolean, boolean]; expected: string[] }[] = [
    // no flag: database order = insertion order, priorities IGNORED
    { flags: [false, false, false], expected: ['msg-p0-due300', 'timer-p5-due200', 'ever-p9-due100', 'msg-p5-due100', 'timer-p0-due50'] },
    { flags: [true, false, false], expected: ['ever-p9-due100', 'timer-p5-due200', 'msg-p5-due100', 'msg-p0-due300', 'timer-p0-due50'] },
    { flags: [false, true, false], expected: ['timer-p5-due200', 'timer-p0-due50', 'msg-p0-due300', 'msg-p5-due100', 'ever-p9-due100'] },
    { flags: [false, false, true], expected: ['timer-p0-due50', 'ever-p9-due100', 'msg-p5-due100', 'timer-p5-due200', 'msg-p0-due300'] },
    { flags: [false, true, true], expected: ['timer-p0-due50', 'timer-p5-due200', 'msg-p5-due100', 'msg-p0-due300', 'ever-p9-due100'] },
    { flags: [true, true, false], expected: ['ever-p9-due100', 'timer-p5-due200', 'msg-p5-due100', 'timer-p0-due50', 'msg-p0-due300'] },
    { flags: [true, false, true], expected: ['ever-p9-due100', 'msg-p5-due100', 'timer-p5-due200', 'timer-p0-due50', 'msg-p0-due300'] },
    { flags: [true, true, true], expected: ['ever-p9-due100', 'timer-p5-due200', 'msg-p5-due100', 'timer-p0-due50', 'msg-p0-due300'] },
  ];
  for (const c of cases) {
    const [p, t, d] = c.flags;
    test(`acquireByPriority=${p} preferTimerJobs=${t} acquireByDueDate=${d}`, async () => {
      const cfg = { jobExecutorAcquireByPriority: p, jobExecutorPreferTimerJobs: t, jobExecutorAcquireByDueDate: d };
      assert.deepEqual(await acquirable(jobs, cfg), c.expected);
    });
  }

  test('the engine terms appear in fixed precedence; without flags the SQL says it is the database order', () => {
    assert.equal(engineOrderBy(config()), null);
    assert.equal(engineOrderBy(config({ jobExecutorAcquireByDueDate: true, jobExecutorAcquireByPriority: true, jobExecutorPreferTimerJobs: true })),
      'RES.PRIORITY_ DESC, RES.TYPE_ DESC, RES.DUEDATE_ ASC');
    const sql = buildAcquisitionQuery(config(), 0, 3).sql;
    assert.match(sql, /ORDER BY RES\.SEQ_ ASC -- the engine has no ORDER BY here: database order, here: insertion order/);
    assert.doesNotMatch(sql, /ORDER BY[^\n]*PRIORITY_/);
  });

  test('priorities never order acquisition when the flag is off, whatever the insertion order', async () => {
    const rev = [...jobs].reverse();
    assert.deepEqual(await acquirable(rev, {}), rev.map(j => j.ID_));
  });

  test('ties of the engine ORDER BY fall back to database order', async () => {
    const same: JobInput[] = ['c', 'a', 'b'].map(id => ({ ID_: id, PRIORITY_: 1, EXCLUSIVE_: false }));
    assert.deepEqual(await acquirable(same, { jobExecutorAcquireByPriority: true }), ['c', 'a', 'b']);
  });
});

describe('NULL DUEDATE_ under DUEDATE_ ASC', () => {
  const withNull: JobInput[] = [
    { ID_: 'due100', DUEDATE_: 100, EXCLUSIVE_: false },
    { ID_: 'noDue', DUEDATE_: null, EXCLUSIVE_: false },
    { ID_: 'due50', DUEDATE_: 50, EXCLUSIVE_: false },
  ];
  test("default 'first' (H2, MySQL, MSSQL)", async () => {
    assert.deepEqual(await acquirable(withNull, { jobExecutorAcquireByDueDate: true }), ['noDue', 'due50', 'due100']);
  });
  test("'last' (PostgreSQL, Oracle, DB2)", async () => {
    assert.deepEqual(await acquirable(withNull, { jobExecutorAcquireByDueDate: true, nullDueDateOrder: 'last' }), ['due50', 'due100', 'noDue']);
  });
});

describe("databaseOrder 'shuffled'", () => {
  const many: JobInput[] = Array.from({ length: 30 }, (_, i) => ({ ID_: `j${String(i).padStart(2, '0')}`, EXCLUSIVE_: false, PRIORITY_: i % 3 }));
  test('same seed, same order; another seed, another order; all rows kept', async () => {
    const t = await tableWith(many);
    const cfg = config({ databaseOrder: 'shuffled' });
    const a = selectNextJobsToExecute(t, cfg, 0, 100, seededRand(7)).rows.map(r => r.ID_);
    const b = selectNextJobsToExecute(t, cfg, 0, 100, seededRand(7)).rows.map(r => r.ID_);
    const c = selectNextJobsToExecute(t, cfg, 0, 100, seededRand(8)).rows.map(r => r.ID_);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.notDeepEqual(a, many.map(j => j.ID_));
    assert.deepEqual([...a].sort(), many.map(j => j.ID_));
    assert.match(selectNextJobsToExecute(t, cfg, 0, 1, seededRand(1)).sql, /seeded shuffle/);
    t.close();
  });
  test('shuffle only breaks ties of the engine ORDER BY', async () => {
    const t = await tableWith(many);
    const rows = selectNextJobsToExecute(t, config({ databaseOrder: 'shuffled', jobExecutorAcquireByPriority: true }), 0, 100, seededRand(3)).rows;
    const prios = rows.map(r => r.PRIORITY_);
    assert.deepEqual(prios, [...prios].sort((x, y) => y - x));
    t.close();
  });
  test('extreme shuffle keys do not overflow and still give a total order', async () => {
    const t = await tableWith(many);
    for (const r of [() => 0, () => 0.9999999999]) {
      const ids = selectNextJobsToExecute(t, config({ databaseOrder: 'shuffled' }), 0, 100, r).rows.map(x => x.ID_);
      assert.deepEqual([...ids].sort(), many.map(j => j.ID_));
    }
    t.close();
  });
  test('without a rand it refuses instead of inventing randomness', async () => {
    const t = await tableWith(many);
    assert.throws(() => selectNextJobsToExecute(t, config({ databaseOrder: 'shuffled' }), 0, 3), /seeded rand/);
    t.close();
  });
});
