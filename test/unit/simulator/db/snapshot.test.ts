// The snapshot contract, --node-config parsing and acquireFromSnapshot (the CLI `acquire`).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  acquireFromSnapshot, ENGINE_14031, parseInstant, parseNodeConfig, parseSnapshot, SnapshotError,
} from '../../../../simulator/db/snapshot';

function issuesOf(fn: () => unknown): string[] {
  try { fn(); } catch (e) { assert.ok(e instanceof SnapshotError, String(e)); return e.issues.map(i => `${i.path}: ${i.message}`); }
  assert.fail('expected a SnapshotError');
}

describe('parseSnapshot', () => {
  test('defaults, null, booleans and times', () => {
    const rows = parseSnapshot(JSON.stringify({ jobs: [
      { ID_: 'a' },
      { ID_: 'b', EXCLUSIVE_: 0, RETRIES_: null, DUEDATE_: '2025-01-01T00:00:01Z', LOCK_EXP_TIME_: 1735689600000, LOCK_OWNER_: 'n' },
      { ID_: 'c', EXCLUSIVE_: true, DUEDATE_: '2025-01-01T02:00:00+02:00', CREATE_TIME_: '2025-01-01', ACT_ID_: 'task' },
    ] }));
    assert.deepEqual(rows[0], { ID_: 'a' });
    assert.deepEqual(rows[1], { ID_: 'b', EXCLUSIVE_: false, RETRIES_: null, DUEDATE_: 1735689601000, LOCK_EXP_TIME_: 1735689600000, LOCK_OWNER_: 'n' });
    assert.equal(rows[2].DUEDATE_, 1735689600000);
    assert.equal(rows[2].CREATE_TIME_, 1735689600000);
    assert.equal(rows[2].EXCLUSIVE_, true);
  });

  const bad: { name: string; doc: unknown; expected: string[] }[] = [
    { name: 'retries not an integer', doc: { jobs: [{ ID_: 'a' }, { ID_: 'b' }, { ID_: 'c' }, { ID_: 'd', RETRIES_: 'x' }] },
      expected: ['jobs[3].RETRIES_: expected an integer or null, got "x"'] },
    { name: 'unknown column with a suggestion', doc: { jobs: [{ ID_: 'a', RETRIES: 1 }] },
      expected: ['jobs[0].RETRIES: unknown column; did you mean "RETRIES_"?'] },
    { name: 'lower-case column', doc: { jobs: [{ ID_: 'a', duedate_: 5 }] },
      expected: ['jobs[0].duedate_: unknown column; did you mean "DUEDATE_"?'] },
    { name: 'typo', doc: { jobs: [{ ID_: 'a', PRIORTY_: 5 }] },
      expected: ['jobs[0].PRIORTY_: unknown column; did you mean "PRIORITY_"?'] },
    { name: 'nonsense column without suggestion', doc: { jobs: [{ ID_: 'a', colour: 'red' }] },
      expected: ['jobs[0].colour: unknown column'] },
    { name: 'SEQ_ is ours and derived', doc: { jobs: [{ ID_: 'a', SEQ_: 1 }] },
      expected: ['jobs[0].SEQ_: SEQ_ is not accepted: the database order is the order of the "jobs" array'] },
    { name: 'EXCLUSIVE_ as a string', doc: { jobs: [{ ID_: 'a', EXCLUSIVE_: 'true' }] },
      expected: ['jobs[0].EXCLUSIVE_: expected true, false, 1, 0 or null, got "true"'] },
    { name: 'NOT NULL column set to null', doc: { jobs: [{ ID_: 'a', PRIORITY_: null }] },
      expected: ['jobs[0].PRIORITY_: must not be null (NOT NULL column)'] },
    { name: 'bad time', doc: { jobs: [{ ID_: 'a', DUEDATE_: 'tomorrow' }] },
      expected: ['jobs[0].DUEDATE_: expected epoch milliseconds or an ISO 8601 date-time, got "tomorrow"'] },
    { name: 'impossible date', doc: { jobs: [{ ID_: 'a', DUEDATE_: '2025-02-30T00:00:00Z' }] },
      expected: ['jobs[0].DUEDATE_: expected epoch milliseconds or an ISO 8601 date-time, got "2025-02-30T00:00:00Z"'] },
    { name: 'fractional ms', doc: { jobs: [{ ID_: 'a', LOCK_EXP_TIME_: 1.5 }] },
      expected: ['jobs[0].LOCK_EXP_TIME_: expected epoch milliseconds (an integer) or an ISO 8601 string, got 1.5'] },
    { name: 'unknown TYPE_', doc: { jobs: [{ ID_: 'a', TYPE_: 'batch' }] },
      expected: ['jobs[0].TYPE_: expected "timer", "message" or "ever-living", got "batch"'] },
    { name: 'SUSPENSION_STATE_ outside 1/2', doc: { jobs: [{ ID_: 'a', SUSPENSION_STATE_: 3 }] },
      expected: ['jobs[0].SUSPENSION_STATE_: expected 1 (active) or 2 (suspended), got 3'] },
    { name: 'missing and duplicate ids', doc: { jobs: [{ ID_: 'a' }, { RETRIES_: 1 }, { ID_: 'a' }] },
      expected: ['jobs[1].ID_: missing (every job needs an id)', 'jobs[2].ID_: duplicate id "a" (first at jobs[0])'] },
    { name: 'row not an object', doc: { jobs: [42] },
      expected: ['jobs[0]: expected an object keyed by ACT_RU_JOB column names, got 42'] },
    { name: 'no jobs array', doc: { job: [] },
      expected: ['$.job: unknown top-level key; did you mean "jobs"?', 'jobs: expected an array of job rows, got undefined'] },
    { name: 'several issues at once', doc: { jobs: [{ ID_: 'a', RETRIES_: 'x', PRIORITY_: 1.5 }] },
      expected: ['jobs[0].RETRIES_: expected an integer or null, got "x"', 'jobs[0].PRIORITY_: expected an integer, got 1.5'] },
  ];
  for (const c of bad) test(`error: ${c.name}`, () => assert.deepEqual(issuesOf(() => parseSnapshot(c.doc)), c.expected));

  test('invalid JSON text', () => {
    assert.match(issuesOf(() => parseSnapshot('{jobs:'))[0], /^\$: the snapshot is not valid JSON/);
  });
  test('the error message lists every issue, one a line', () => {
    assert.throws(() => parseSnapshot({ jobs: [{ ID_: 'a', RETRIES_: 'x' }] }), { message: 'jobs[0].RETRIES_: expected an integer or null, got "x"' });
  });
});

describe('parseInstant', () => {
  const cases: [unknown, number][] = [
    [0, 0], ['1735689600000', 1735689600000], ['2025-01-01', 1735689600000], ['2025-01-01T00:00Z', 1735689600000],
    ['2025-01-01T00:00:00.250Z', 1735689600250], ['2025-01-01T01:00:00+01:00', 1735689600000], ['2025-01-01T00:00:00-0130', 1735695000000],
    ['2025-01-01T00:00:00', 1735689600000], // no zone = UTC
  ];
  for (const [input, ms] of cases) test(`${JSON.stringify(input)} → ${ms}`, () => assert.equal(parseInstant(input), ms));
  test('rejects junk with the given path', () => {
    assert.deepEqual(issuesOf(() => parseInstant('soon', '--now')), ['--now: expected epoch milliseconds or an ISO 8601 date-time, got "soon"']);
  });
});

describe('parseNodeConfig', () => {
  test('engine defaults', () => {
    const c = parseNodeConfig();
    assert.deepEqual(
      [c.maxJobsPerAcquisition, c.waitTimeInMillis, c.waitIncreaseFactor, c.maxWait, c.backoffTimeInMillis, c.maxBackoff,
        c.backoffDecreaseThreshold, c.lockTimeInMillis, c.corePoolSize, c.maxPoolSize, c.queueSize],
      [3, 5000, 2, 60000, 0, 0, 100, 300000, 3, 10, 3]);
    assert.deepEqual([c.jobExecutorAcquireByPriority, c.jobExecutorPreferTimerJobs, c.jobExecutorAcquireByDueDate, c.ensureJobDueDateNotNull,
      c.jobExecutorDeploymentAware, c.jobExecutorAcquireExclusiveOverProcessHierarchies, c.historyCleanupEnabled],
    [false, false, false, false, false, false, true]);
    assert.deepEqual([c.jobExecutorPriorityRangeMin, c.jobExecutorPriorityRangeMax, c.registeredDeployments, c.databaseOrder], [null, null, [], 'insertion']);
  });
  test('overrides with engine names; long bounds as numbers or strings', () => {
    const c = parseNodeConfig('{"jobExecutorAcquireByPriority": true, "jobExecutorPriorityRangeMin": "-9223372036854775808", "jobExecutorPriorityRangeMax": 10, "registeredDeployments": ["d1"], "lockOwner": "node-b", "maxJobsPerAcquisition": 5}');
    assert.equal(c.jobExecutorPriorityRangeMin, -9223372036854775808n);
    assert.equal(c.jobExecutorPriorityRangeMax, 10);
    assert.deepEqual([c.jobExecutorAcquireByPriority, c.registeredDeployments, c.lockOwner, c.maxJobsPerAcquisition], [true, ['d1'], 'node-b', 5]);
  });
  const bad: [unknown, string[]][] = [
    [{ jobExecutorPriorityRangeMin: 10, jobExecutorPriorityRangeMax: 5 }, [`jobExecutorPriorityRangeMin: ${ENGINE_14031}`]],
    [{ maxJobsPerAcquisiton: 5 }, ['maxJobsPerAcquisiton: unknown property; did you mean "maxJobsPerAcquisition"?']],
    [{ jobExecutorAcquireByPriority: 'yes' }, ['jobExecutorAcquireByPriority: expected true or false, got "yes"']],
    [{ lockTimeInMillis: -1 }, ['lockTimeInMillis: expected an integer >= 0, got -1']],
    [{ jobExecutorPriorityRangeMax: '9223372036854775808' }, ['jobExecutorPriorityRangeMax: expected an integer in the Java long range (a number, or a string for values beyond 2^53), or null, got "9223372036854775808"']],
    [{ registeredDeployments: 'd1' }, ['registeredDeployments: expected an array of deployment ids (strings), got "d1"']],
    [{ corePoolSize: 5, maxPoolSize: 4 }, ['maxPoolSize: must be >= corePoolSize (5); ThreadPoolExecutor throws IllegalArgumentException']],
    [{ databaseOrder: 'random' }, ['databaseOrder: expected one of "insertion", "shuffled", got "random"']],
    [[1], ['$: expected an object of job executor properties, got [1]']],
  ];
  for (const [input, expected] of bad) test(`error: ${JSON.stringify(input)}`, () => assert.deepEqual(issuesOf(() => parseNodeConfig(input)), expected));
});

describe('acquireFromSnapshot', () => {
  const snapshot = JSON.stringify({ jobs: [
    { ID_: 'low', PRIORITY_: 1, PROCESS_INSTANCE_ID_: 'pi-2' },
    { ID_: 'high', PRIORITY_: 50, PROCESS_INSTANCE_ID_: 'pi-10' },
    { ID_: 'free', PRIORITY_: 20, EXCLUSIVE_: false },
    { ID_: 'future', DUEDATE_: '2030-01-01T00:00:00Z' },
    { ID_: 'busySibling', PROCESS_INSTANCE_ID_: 'pi-busy', LOCK_OWNER_: 'x', LOCK_EXP_TIME_: '2026-01-01T00:00:00Z' },
    { ID_: 'blocked', PROCESS_INSTANCE_ID_: 'pi-busy' },
  ] });
  const now = parseInstant('2025-06-01T00:00:00Z');

  test('default node: database order, limit 3, priorities ignored', async () => {
    const r = await acquireFromSnapshot(snapshot, now);
    assert.deepEqual(r.selected, ['low', 'high', 'free']);
    assert.deepEqual(r.locked, ['low', 'high', 'free']);
    assert.deepEqual(r.batches, [['free'], ['high'], ['low']]);
    assert.equal(r.lockOwner, 'node-1');
    assert.equal(r.lockExpirationTime, now + 300000);
    assert.equal(r.index, null);
    assert.match(r.sql, /insertion order/);
    assert.deepEqual(r.jobs.find(j => j.ID_ === 'low')!.REV_, 2);
    assert.doesNotThrow(() => JSON.stringify(r));
  });

  test('acquireByPriority node with a range and more jobs per acquisition', async () => {
    const r = await acquireFromSnapshot(snapshot, now,
      '{"jobExecutorAcquireByPriority": true, "jobExecutorPriorityRangeMin": 1, "jobExecutorPriorityRangeMax": "9007199254740993", "maxJobsPerAcquisition": 10, "lockOwner": "b"}');
    assert.deepEqual(r.selected, ['high', 'free', 'low']);
    assert.match(r.index!, /PRIORITY_ DESC/);
    assert.equal(r.params[':jobPriorityMax'], '9007199254740993');
    assert.doesNotThrow(() => JSON.stringify(r));
  });

  test('invalid input surfaces as SnapshotError', async () => {
    await assert.rejects(acquireFromSnapshot('{"jobs": [{"ID_": 1}]}', now), { name: 'SnapshotError', message: 'jobs[0].ID_: expected a string, got 1' });
    await assert.rejects(acquireFromSnapshot(snapshot, now, '{"jobExecutorPriorityRangeMin": 2, "jobExecutorPriorityRangeMax": 1}'), /ENGINE-14031/);
  });
});
