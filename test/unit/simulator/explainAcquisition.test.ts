// explainAcquisition: table-driven reasons per WHERE term, then a differential test against the real
// acquisition SQL on sql.js (random tables and flags: the rows explained as "selected", in rank order,
// must be exactly what selectNextJobsToExecute returns).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { explainAcquisition, type ExplainJob, type ExplainReason } from '../../../simulator/explainAcquisition';
import { JobTable, type JobInput } from '../../../simulator/db/jobTable';
import { defaultAcquisitionConfig, selectNextJobsToExecute, type AcquisitionConfig } from '../../../simulator/db/acquisition';

const NOW = 1000;
const cfg = (over: Partial<AcquisitionConfig> = {}): AcquisitionConfig => ({ ...defaultAcquisitionConfig(), ...over });

let seq = 0;
function job(over: Partial<ExplainJob> & { ID_: string }): ExplainJob {
  return {
    SEQ_: ++seq, TYPE_: 'message', RETRIES_: 3, DUEDATE_: null, LOCK_OWNER_: null, LOCK_EXP_TIME_: null, SUSPENSION_STATE_: 1,
    DEPLOYMENT_ID_: null, EXCLUSIVE_: true, PROCESS_INSTANCE_ID_: null, ROOT_PROC_INST_ID_: null, PRIORITY_: 0, ...over,
  };
}

function reasonsOf(rows: ExplainJob[], c: AcquisitionConfig = cfg(), limit = 10): Record<string, ExplainReason[]> {
  const r = explainAcquisition({ rows, cfg: c, now: NOW, limit });
  return Object.fromEntries(r.rows.map(x => [x.jobId, x.reasons]));
}

describe('one reason per WHERE term', () => {
  const cases: { name: string; rows: ExplainJob[]; cfg?: Partial<AcquisitionConfig>; expect: Record<string, ExplainReason[]> }[] = [
    { name: 'plain job is selected', rows: [job({ ID_: 'a' })], expect: { a: ['selected'] } },
    { name: 'no retries', rows: [job({ ID_: 'a', RETRIES_: 0 }), job({ ID_: 'b', RETRIES_: null })], expect: { a: ['retries'], b: ['retries'] } },
    { name: 'not due', rows: [job({ ID_: 'a', DUEDATE_: NOW + 1 }), job({ ID_: 'b', DUEDATE_: NOW })], expect: { a: ['notDue'], b: ['selected'] } },
    { name: 'NULL due date with ensureJobDueDateNotNull', rows: [job({ ID_: 'a' })], cfg: { ensureJobDueDateNotNull: true }, expect: { a: ['notDue'] } },
    { name: 'locked until now still locked; expired strictly before now is free',
      rows: [job({ ID_: 'a', LOCK_OWNER_: 'n1', LOCK_EXP_TIME_: NOW, EXCLUSIVE_: false }), job({ ID_: 'b', LOCK_OWNER_: 'n1', LOCK_EXP_TIME_: NOW - 1, EXCLUSIVE_: false })],
      expect: { a: ['locked'], b: ['selected'] } },
    { name: 'suspended', rows: [job({ ID_: 'a', SUSPENSION_STATE_: 2 })], expect: { a: ['suspended'] } },
    { name: 'deployment-aware: unregistered deployment; NULL deployment passes',
      rows: [job({ ID_: 'a', DEPLOYMENT_ID_: 'd2' }), job({ ID_: 'b', DEPLOYMENT_ID_: 'd1' }), job({ ID_: 'c' })],
      cfg: { jobExecutorDeploymentAware: true, registeredDeployments: ['d1'] }, expect: { a: ['deployment'], b: ['selected'], c: ['selected'] } },
    { name: 'deployment is ignored when the node is not deployment-aware',
      rows: [job({ ID_: 'a', DEPLOYMENT_ID_: 'd2' })], expect: { a: ['selected'] } },
    { name: 'priority range only with acquireByPriority',
      rows: [job({ ID_: 'a', PRIORITY_: 5 }), job({ ID_: 'b', PRIORITY_: 50 })],
      cfg: { jobExecutorAcquireByPriority: true, jobExecutorPriorityRangeMin: 10, jobExecutorPriorityRangeMax: 100 },
      expect: { a: ['priorityRange'], b: ['selected'] } },
    { name: 'priority range without acquireByPriority has no effect',
      rows: [job({ ID_: 'a', PRIORITY_: 5 })], cfg: { jobExecutorPriorityRangeMin: 10 }, expect: { a: ['selected'] } },
    { name: 'exclusive sibling holding a lock blocks; non-exclusive does not',
      rows: [job({ ID_: 'run', PROCESS_INSTANCE_ID_: 'pi', LOCK_OWNER_: 'n', LOCK_EXP_TIME_: NOW + 5 }), job({ ID_: 'next', PROCESS_INSTANCE_ID_: 'pi' }), job({ ID_: 'free', PROCESS_INSTANCE_ID_: 'pi', EXCLUSIVE_: false })],
      expect: { run: ['locked', 'exclusiveSiblingRunning'], next: ['exclusiveSiblingRunning'], free: ['selected'] } },
    { name: 'NULL process instance is never blocked',
      rows: [job({ ID_: 'run', LOCK_OWNER_: 'n', LOCK_EXP_TIME_: NOW + 5 }), job({ ID_: 'next' })], expect: { run: ['locked'], next: ['selected'] } },
    { name: 'hierarchies: a locked parent blocks the child through the root',
      rows: [job({ ID_: 'parent', PROCESS_INSTANCE_ID_: 'root', ROOT_PROC_INST_ID_: 'root', LOCK_OWNER_: 'n', LOCK_EXP_TIME_: NOW + 5 }), job({ ID_: 'child', PROCESS_INSTANCE_ID_: 'sub', ROOT_PROC_INST_ID_: 'root' })],
      cfg: { jobExecutorAcquireExclusiveOverProcessHierarchies: true }, expect: { parent: ['locked', 'exclusiveSiblingRunning'], child: ['exclusiveSiblingRunning'] } },
    { name: 'EXCLUSIVE_ NULL', rows: [job({ ID_: 'a', EXCLUSIVE_: null })], expect: { a: ['exclusiveNull'] } },
    { name: 'several reasons at once', rows: [job({ ID_: 'a', RETRIES_: 0, SUSPENSION_STATE_: 2, DUEDATE_: NOW + 10 })], expect: { a: ['retries', 'notDue', 'suspended'] } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(reasonsOf(c.rows, cfg(c.cfg)), c.expect));
});

describe('order and LIMIT', () => {
  test('without flags: database (insertion) order, priorities ignored', () => {
    const rows = [job({ ID_: 'low', PRIORITY_: 1 }), job({ ID_: 'high', PRIORITY_: 99 }), job({ ID_: 'mid', PRIORITY_: 50 })];
    const r = explainAcquisition({ rows, cfg: cfg(), now: NOW, limit: 2 });
    assert.deepEqual(r.rows.map(x => [x.jobId, x.reasons[0], x.rank]), [['low', 'selected', 1], ['high', 'selected', 2], ['mid', 'limit', 3]]);
    assert.equal(r.matched, 3);
    assert.equal(r.taken, 2);
  });
  test('acquireByPriority: PRIORITY_ DESC first', () => {
    const rows = [job({ ID_: 'low', PRIORITY_: 1 }), job({ ID_: 'high', PRIORITY_: 99 }), job({ ID_: 'mid', PRIORITY_: 50 })];
    const r = explainAcquisition({ rows, cfg: cfg({ jobExecutorAcquireByPriority: true }), now: NOW, limit: 2 });
    assert.deepEqual(r.rows.filter(x => x.taken).map(x => x.jobId), ['high', 'mid']);
    assert.match(r.orderBy, /PRIORITY_ DESC/);
  });
  test('the actual result decides when given (seeded shuffle)', () => {
    const rows = [job({ ID_: 'a' }), job({ ID_: 'b' }), job({ ID_: 'c' })];
    const r = explainAcquisition({ rows, cfg: cfg({ databaseOrder: 'shuffled' }), now: NOW, limit: 1, selected: ['c'] });
    assert.deepEqual(r.rows.map(x => x.reasons[0]), ['limit', 'limit', 'selected']);
    const u = explainAcquisition({ rows, cfg: cfg({ databaseOrder: 'shuffled' }), now: NOW, limit: 1 });
    assert.deepEqual(u.rows.map(x => x.reasons[0]), ['unordered', 'unordered', 'unordered']);
  });
  test('every reason has a detail line', () => {
    const r = explainAcquisition({ rows: [job({ ID_: 'a', RETRIES_: 0, LOCK_OWNER_: 'x', LOCK_EXP_TIME_: NOW + 1 })], cfg: cfg(), now: NOW, limit: 3 });
    assert.equal(r.rows[0].details.length, r.rows[0].reasons.length);
    assert.match(r.rows[0].details[1], /locked by x/);
  });
});

describe('agrees with the real acquisition SQL (sql.js)', () => {
  const arbJob = fc.record({
    retries: fc.constantFrom(null, 0, 1, 3),
    due: fc.constantFrom(null, NOW - 100, NOW, NOW + 1),
    lock: fc.constantFrom('none', 'held', 'heldNow', 'expired', 'nullExp'),
    susp: fc.constantFrom(1, 1, 1, 2),
    dep: fc.constantFrom(null, 'd1', 'd2'),
    excl: fc.constantFrom(true, true, false, null),
    pi: fc.constantFrom(null, 'p1', 'p2', 'p3'),
    root: fc.constantFrom(null, 'r1', 'r2'),
    prio: fc.integer({ min: -5, max: 20 }),
    type: fc.constantFrom('message', 'timer', 'ever-living'),
  });
  const arbCfg = fc.record({
    jobExecutorAcquireByPriority: fc.boolean(), jobExecutorPreferTimerJobs: fc.boolean(), jobExecutorAcquireByDueDate: fc.boolean(),
    ensureJobDueDateNotNull: fc.boolean(), jobExecutorDeploymentAware: fc.boolean(), jobExecutorAcquireExclusiveOverProcessHierarchies: fc.boolean(),
    min: fc.constantFrom(null, 0, 5), max: fc.constantFrom(null, 10, 15), nullsLast: fc.boolean(), limit: fc.integer({ min: 1, max: 8 }),
  });
  test('random tables and flags: same rows, same order', async () => {
    await fc.assert(fc.asyncProperty(fc.array(arbJob, { minLength: 0, maxLength: 14 }), arbCfg, async (specs, k) => {
      const inputs: JobInput[] = specs.map((s, i) => ({
        ID_: `j${i}`, RETRIES_: s.retries, DUEDATE_: s.due, SUSPENSION_STATE_: s.susp, DEPLOYMENT_ID_: s.dep, EXCLUSIVE_: s.excl,
        PROCESS_INSTANCE_ID_: s.pi, ROOT_PROC_INST_ID_: s.root, PRIORITY_: s.prio, TYPE_: s.type,
        LOCK_OWNER_: s.lock === 'none' ? null : 'n1',
        LOCK_EXP_TIME_: s.lock === 'held' ? NOW + 10 : s.lock === 'heldNow' ? NOW : s.lock === 'expired' ? NOW - 1 : null,
      }));
      const c = cfg({
        jobExecutorAcquireByPriority: k.jobExecutorAcquireByPriority, jobExecutorPreferTimerJobs: k.jobExecutorPreferTimerJobs,
        jobExecutorAcquireByDueDate: k.jobExecutorAcquireByDueDate, ensureJobDueDateNotNull: k.ensureJobDueDateNotNull,
        jobExecutorDeploymentAware: k.jobExecutorDeploymentAware, registeredDeployments: ['d1'],
        jobExecutorAcquireExclusiveOverProcessHierarchies: k.jobExecutorAcquireExclusiveOverProcessHierarchies,
        jobExecutorPriorityRangeMin: k.min, jobExecutorPriorityRangeMax: k.max, nullDueDateOrder: k.nullsLast ? 'last' : 'first',
      });
      const t = await JobTable.open();
      try {
        t.insertJobs(inputs);
        const sqlIds = selectNextJobsToExecute(t, c, NOW, k.limit).rows.map(r => r.ID_);
        const rows = t.allJobs();
        const e = explainAcquisition({ rows, cfg: c, now: NOW, limit: k.limit });
        const ours = e.rows.filter(r => r.taken).sort((a, b) => a.rank! - b.rank!).map(r => r.jobId);
        assert.deepEqual(ours, sqlIds);
      } finally {
        t.close();
      }
    }), { numRuns: 150, seed: 42 });
  });
});
