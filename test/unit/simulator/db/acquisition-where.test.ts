// One test per WHERE rule of `selectNextJobsToExecute` (camunda-reference §1.2), table-driven.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { acquirable } from './helpers';
import { buildAcquisitionQuery, defaultAcquisitionConfig, LONG_MAX_VALUE, LONG_MIN_VALUE } from '../../../../simulator/db/acquisition';

const NOW = 1000;

describe('due date: DUEDATE_ IS NULL OR DUEDATE_ <= now', () => {
  const cases: { name: string; due: number | null; ensureNotNull: boolean; expected: boolean }[] = [
    { name: 'due earlier', due: NOW - 1, ensureNotNull: false, expected: true },
    { name: 'due exactly now (inclusive)', due: NOW, ensureNotNull: false, expected: true },
    { name: 'due 1 ms later', due: NOW + 1, ensureNotNull: false, expected: false },
    { name: 'NULL due date is due', due: null, ensureNotNull: false, expected: true },
    { name: 'NULL due date with ensureJobDueDateNotNull is never due', due: null, ensureNotNull: true, expected: false },
    { name: 'due now with ensureJobDueDateNotNull', due: NOW, ensureNotNull: true, expected: true },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const ids = await acquirable([{ ID_: 'j', DUEDATE_: c.due }], { ensureJobDueDateNotNull: c.ensureNotNull }, NOW);
      assert.deepEqual(ids, c.expected ? ['j'] : []);
    });
  }
  test('the NULL branch is absent from the SQL with ensureJobDueDateNotNull', () => {
    assert.match(buildAcquisitionQuery(defaultAcquisitionConfig(), NOW, 3).sql, /DUEDATE_ IS NULL OR/);
    assert.doesNotMatch(buildAcquisitionQuery({ ...defaultAcquisitionConfig(), ensureJobDueDateNotNull: true }, NOW, 3).sql, /DUEDATE_ IS NULL/);
  });
});

describe('lock: LOCK_OWNER_ IS NULL OR LOCK_EXP_TIME_ < now (strictly less)', () => {
  const cases: { name: string; owner: string | null; exp: number | null; expected: boolean }[] = [
    { name: 'unlocked', owner: null, exp: null, expected: true },
    { name: 'lock expired 1 ms ago', owner: 'n1', exp: NOW - 1, expected: true },
    { name: 'lock expiring exactly now is still held', owner: 'n1', exp: NOW, expected: false },
    { name: 'lock in the future', owner: 'n1', exp: NOW + 1, expected: false },
    { name: 'owner with NULL expiry is never acquirable (NULL < now is unknown)', owner: 'n1', exp: null, expected: false },
    { name: 'no owner but a stale expiry: acquirable', owner: null, exp: NOW + 5000, expected: true },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      assert.deepEqual(await acquirable([{ ID_: 'j', LOCK_OWNER_: c.owner, LOCK_EXP_TIME_: c.exp }], {}, NOW), c.expected ? ['j'] : []);
    });
  }
});

describe('retries: RETRIES_ > 0', () => {
  for (const [retries, expected] of [[3, true], [1, true], [0, false], [-1, false], [null, false]] as const) {
    test(`RETRIES_ ${retries} → ${expected ? 'acquirable' : 'not acquirable'}`, async () => {
      assert.deepEqual(await acquirable([{ ID_: 'j', RETRIES_: retries }]), expected ? ['j'] : []);
    });
  }
});

describe('suspension: SUSPENSION_STATE_ = 1', () => {
  test('active is acquirable, suspended is not', async () => {
    assert.deepEqual(await acquirable([{ ID_: 'a', SUSPENSION_STATE_: 1 }, { ID_: 's', SUSPENSION_STATE_: 2 }]), ['a']);
  });
});

describe('deployment aware', () => {
  const jobs = [
    { ID_: 'none', DEPLOYMENT_ID_: null },
    { ID_: 'd1', DEPLOYMENT_ID_: 'dep-1' },
    { ID_: 'd2', DEPLOYMENT_ID_: 'dep-2' },
  ];
  const cases: { name: string; aware: boolean; registered: string[]; expected: string[] }[] = [
    { name: 'not deployment aware: every job, registry ignored', aware: false, registered: ['dep-1'], expected: ['none', 'd1', 'd2'] },
    { name: 'aware with dep-1 registered: NULL deployment and dep-1', aware: true, registered: ['dep-1'], expected: ['none', 'd1'] },
    { name: 'aware with both registered', aware: true, registered: ['dep-1', 'dep-2'], expected: ['none', 'd1', 'd2'] },
    { name: 'aware with an empty registry: only jobs with NULL deployment', aware: true, registered: [], expected: ['none'] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      assert.deepEqual(await acquirable(jobs, { jobExecutorDeploymentAware: c.aware, registeredDeployments: c.registered }), c.expected);
    });
  }
  test('the IN list is omitted for an empty registry and chunked by 1000', () => {
    const base = { ...defaultAcquisitionConfig(), jobExecutorDeploymentAware: true };
    const empty = buildAcquisitionQuery({ ...base, registeredDeployments: [] }, NOW, 3);
    assert.match(empty.sql, /\(RES\.DEPLOYMENT_ID_ IS NULL\)/);
    assert.doesNotMatch(empty.sql, / IN \(/);
    const many = buildAcquisitionQuery({ ...base, registeredDeployments: Array.from({ length: 2001 }, (_, i) => `d${i}`) }, NOW, 3);
    assert.equal(many.sql.match(/RES\.DEPLOYMENT_ID_ IN \(/g)?.length, 3);
    assert.equal(many.params[':deployment2000'], 'd2000');
  });
  test('2001 registered deployments still select correctly', async () => {
    const reg = Array.from({ length: 2001 }, (_, i) => `dep-${i}`);
    assert.deepEqual(await acquirable([{ ID_: 'x', DEPLOYMENT_ID_: 'dep-2000' }, { ID_: 'y', DEPLOYMENT_ID_: 'other' }],
      { jobExecutorDeploymentAware: true, registeredDeployments: reg }), ['x']);
  });
});

describe('priority range: only with jobExecutorAcquireByPriority', () => {
  const jobs = [{ ID_: 'p-5', PRIORITY_: -5 }, { ID_: 'p0', PRIORITY_: 0 }, { ID_: 'p10', PRIORITY_: 10 }, { ID_: 'p20', PRIORITY_: 20 }];
  const cases: { name: string; byPrio: boolean; min: number | bigint | null; max: number | bigint | null; expected: string[] }[] = [
    { name: 'range ignored when acquireByPriority is off', byPrio: false, min: 5, max: 15, expected: ['p-5', 'p0', 'p10', 'p20'] },
    { name: 'range [5, 15] applied with acquireByPriority', byPrio: true, min: 5, max: 15, expected: ['p10'] },
    { name: 'bounds are inclusive', byPrio: true, min: 0, max: 10, expected: ['p10', 'p0'] },
    { name: 'Long.MIN/MAX bounds are no filter', byPrio: true, min: LONG_MIN_VALUE, max: LONG_MAX_VALUE, expected: ['p20', 'p10', 'p0', 'p-5'] },
    { name: 'null bounds are no filter', byPrio: true, min: null, max: null, expected: ['p20', 'p10', 'p0', 'p-5'] },
    { name: 'only a min', byPrio: true, min: 0, max: null, expected: ['p20', 'p10', 'p0'] },
    { name: 'a bigint bound beyond 2^53', byPrio: true, min: null, max: 9007199254740993n, expected: ['p20', 'p10', 'p0', 'p-5'] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const ids = await acquirable(jobs, { jobExecutorAcquireByPriority: c.byPrio, jobExecutorPriorityRangeMin: c.min, jobExecutorPriorityRangeMax: c.max });
      assert.deepEqual(ids, c.expected);
    });
  }
  test('no PRIORITY_ predicate in the SQL when the flag is off or the bounds are the Long extremes', () => {
    const off = buildAcquisitionQuery({ ...defaultAcquisitionConfig(), jobExecutorPriorityRangeMin: 1, jobExecutorPriorityRangeMax: 2 }, NOW, 3);
    assert.doesNotMatch(off.sql, /PRIORITY_ [<>]=/);
    const ext = buildAcquisitionQuery({ ...defaultAcquisitionConfig(), jobExecutorAcquireByPriority: true,
      jobExecutorPriorityRangeMin: -(2 ** 63), jobExecutorPriorityRangeMax: 2 ** 63 }, NOW, 3);
    assert.doesNotMatch(ext.sql, /PRIORITY_ [<>]=/);
  });
});

describe('history cleanup filter', () => {
  const jobs = [
    { ID_: 'cleanup', TYPE_: 'ever-living', HANDLER_TYPE_: 'history-cleanup' },
    { ID_: 'async', HANDLER_TYPE_: 'async-continuation' },
    { ID_: 'nullHandler', HANDLER_TYPE_: null },
  ];
  test('historyCleanupEnabled (default): no filter', async () => {
    assert.deepEqual(await acquirable(jobs), ['cleanup', 'async', 'nullHandler']);
  });
  test("historyCleanupEnabled=false: HANDLER_TYPE_ != 'history-cleanup' (and a NULL handler fails it too)", async () => {
    assert.deepEqual(await acquirable(jobs, { historyCleanupEnabled: false }), ['async']);
  });
});

describe('LIMIT numJobsToAcquire', () => {
  test('returns at most limit rows, the first ones in database order', async () => {
    const jobs = Array.from({ length: 10 }, (_, i) => ({ ID_: `j${i}`, EXCLUSIVE_: false }));
    assert.deepEqual(await acquirable(jobs, {}, NOW, 3), ['j0', 'j1', 'j2']);
    assert.deepEqual(await acquirable(jobs, {}, NOW, 0), []);
  });
});
