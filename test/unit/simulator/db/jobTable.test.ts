// JobTable: defaults, optimistic writes, job definitions (suspension, overriding priority), incidents,
// executions (the parallel-join clash), checkpoint/restore, wasm location.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tableWith } from './helpers';
import { JobTable, locateSqlWasm } from '../../../../simulator/db/jobTable';
import { config } from './helpers';
import { selectNextJobsToExecute } from '../../../../simulator/db/acquisition';

describe('jobs', () => {
  test('missing columns take the engine defaults; null is SQL NULL', async () => {
    const t = await tableWith([{ ID_: 'j' }, { ID_: 'k', RETRIES_: null, EXCLUSIVE_: false, HANDLER_TYPE_: null }]);
    const j = t.getJob('j')!;
    assert.deepEqual(
      [j.REV_, j.TYPE_, j.RETRIES_, j.SUSPENSION_STATE_, j.EXCLUSIVE_, j.PRIORITY_, j.HANDLER_TYPE_, j.DUEDATE_, j.SEQ_],
      [1, 'message', 3, 1, true, 0, 'async-continuation', null, 1]);
    const k = t.getJob('k')!;
    assert.deepEqual([k.RETRIES_, k.EXCLUSIVE_, k.HANDLER_TYPE_, k.SEQ_], [null, false, null, 2]);
    assert.equal(t.getJob('nope'), undefined);
    t.close();
  });

  test('allJobs is in insertion order (SEQ_), not id order; SEQ_ is never reused after a delete', async () => {
    const t = await tableWith([{ ID_: 'z' }, { ID_: 'a' }, { ID_: 'm' }]);
    assert.deepEqual(t.allJobs().map(j => j.ID_), ['z', 'a', 'm']);
    assert.equal(t.deleteJob('m', 1), true);
    assert.equal(t.insertJob({ ID_: 'n' }), 4);
    assert.equal(t.countJobs(), 3);
    t.close();
  });

  test('duplicate ids are rejected (ID_ is unique)', async () => {
    const t = await tableWith([{ ID_: 'j' }]);
    assert.throws(() => t.insertJob({ ID_: 'j' }), /UNIQUE/);
    t.close();
  });

  test('deleteJob is optimistic', async () => {
    const t = await tableWith([{ ID_: 'j', REV_: 2 }]);
    assert.equal(t.deleteJob('j', 1), false);
    assert.equal(t.deleteJob('j', 2), true);
    assert.equal(t.deleteJob('j', 2), false);
    t.close();
  });

  test('updateJobAfterFailure clears the lock, writes retries/due date/exception, bumps REV_', async () => {
    const t = await tableWith([{ ID_: 'j', LOCK_OWNER_: 'n1', LOCK_EXP_TIME_: 500, REV_: 2 }]);
    assert.equal(t.updateJobAfterFailure('j', 1, { retries: 2, dueDate: 9000, exceptionMessage: 'boom' }), false);
    assert.equal(t.updateJobAfterFailure('j', 2, { retries: 2, dueDate: 9000, exceptionMessage: 'boom', failedActivityId: 'task' }), true);
    const j = t.getJob('j')!;
    assert.deepEqual([j.REV_, j.LOCK_OWNER_, j.LOCK_EXP_TIME_, j.RETRIES_, j.DUEDATE_, j.EXCEPTION_MSG_, j.FAILED_ACT_ID_],
      [3, null, null, 2, 9000, 'boom', 'task']);
    t.close();
  });

  test('unlockJob and setRetries (negative clamps to 0)', async () => {
    const t = await tableWith([{ ID_: 'j', LOCK_OWNER_: 'n1', LOCK_EXP_TIME_: 500 }]);
    assert.equal(t.unlockJob('j', 1), true);
    assert.deepEqual([t.getJob('j')!.LOCK_OWNER_, t.getJob('j')!.REV_], [null, 2]);
    assert.equal(t.setRetries('j', -4), true);
    assert.deepEqual([t.getJob('j')!.RETRIES_, t.getJob('j')!.REV_], [0, 3]);
    assert.equal(t.setRetries('j', 5, 1), false);
    assert.equal(t.setRetries('j', 5, 3), true);
    assert.equal(t.getJob('j')!.RETRIES_, 5);
    t.close();
  });

  test('a failing statement inside transaction() rolls back everything in it', async () => {
    const t = await tableWith([{ ID_: 'j' }]);
    assert.throws(() => t.transaction(() => { t.insertJob({ ID_: 'k' }); t.insertJob({ ID_: 'j' }); }));
    assert.deepEqual(t.allJobs().map(j => j.ID_), ['j']);
    t.close();
  });
});

describe('job definitions', () => {
  async function withDefinition() {
    const t = await tableWith([
      { ID_: 'j1', JOB_DEF_ID_: 'jd', PRIORITY_: 1 }, { ID_: 'j2', JOB_DEF_ID_: 'jd', PRIORITY_: 2 }, { ID_: 'other', JOB_DEF_ID_: 'jd2' },
    ]);
    t.insertJobDefinition({ ID_: 'jd', JOB_TYPE_: 'async-continuation', ACT_ID_: 'task', JOB_CONFIGURATION_: 'async-before', DEPLOYMENT_ID_: 'dep' });
    t.insertJobDefinition({ ID_: 'jd2', JOB_TYPE_: 'timer-transition' });
    return t;
  }

  test('setOverridingJobPriority with cascade rewrites PRIORITY_ of its jobs WITHOUT bumping REV_', async () => {
    const t = await withDefinition();
    assert.equal(t.setOverridingJobPriority('jd', 0, true), 2);
    assert.equal(t.getJobDefinition('jd')!.JOB_PRIORITY_, 0);
    for (const id of ['j1', 'j2']) assert.deepEqual([t.getJob(id)!.PRIORITY_, t.getJob(id)!.REV_], [0, 1]);
    assert.equal(t.getJob('other')!.PRIORITY_, 0);
    t.close();
  });

  test('without cascade only the definition changes; clearing (null) never cascades', async () => {
    const t = await withDefinition();
    assert.equal(t.setOverridingJobPriority('jd', 50), 0);
    assert.deepEqual([t.getJob('j1')!.PRIORITY_, t.getJob('j2')!.PRIORITY_], [1, 2]);
    assert.equal(t.setOverridingJobPriority('jd', null, true), 0);
    assert.equal(t.getJobDefinition('jd')!.JOB_PRIORITY_, null);
    assert.throws(() => t.setOverridingJobPriority('missing', 1), /does not exist/);
    t.close();
  });

  test('suspendJobDefinition cascades SUSPENSION_STATE_ to its jobs (REV_ bumped) and hides them from acquisition', async () => {
    const t = await withDefinition();
    assert.equal(t.suspendJobDefinition('jd'), 2);
    assert.equal(t.getJobDefinition('jd')!.SUSPENSION_STATE_, 2);
    assert.deepEqual([t.getJob('j1')!.SUSPENSION_STATE_, t.getJob('j1')!.REV_], [2, 2]);
    assert.deepEqual(selectNextJobsToExecute(t, config(), 0, 10).rows.map(r => r.ID_), ['other']);
    assert.equal(t.activateJobDefinition('jd'), 2);
    assert.deepEqual(selectNextJobsToExecute(t, config(), 0, 10).rows.map(r => r.ID_), ['j1', 'j2', 'other']);
    assert.equal(t.suspendJobDefinition('jd', false), 0);
    assert.equal(t.getJob('j1')!.SUSPENSION_STATE_, 1);
    assert.deepEqual(t.allJobDefinitions().map(d => d.ID_), ['jd', 'jd2']);
    t.close();
  });
});

describe('incidents', () => {
  test('createIncident (failedJob, CONFIGURATION_ = job id), list, resolve', async () => {
    const t = await tableWith([{ ID_: 'j' }]);
    t.createIncident({ ID_: 'inc2', INCIDENT_TIMESTAMP_: 20, CONFIGURATION_: 'j', INCIDENT_MSG_: 'boom', ACTIVITY_ID_: 'task' });
    t.createIncident({ ID_: 'inc1', INCIDENT_TIMESTAMP_: 10, CONFIGURATION_: 'other' });
    assert.deepEqual(t.incidents().map(i => [i.ID_, i.INCIDENT_TYPE_, i.CONFIGURATION_]), [['inc1', 'failedJob', 'other'], ['inc2', 'failedJob', 'j']]);
    assert.equal(t.deleteIncidentsOfJob('j'), 1);
    assert.deepEqual(t.incidents().map(i => i.ID_), ['inc1']);
    t.close();
  });
});

describe('executions: the parallel-join clash', () => {
  test('two branches read REV_ 1; the first update wins, the second gets 0 rows', async () => {
    const t = await JobTable.open();
    t.insertExecution({ ID_: 'pi', PROC_INST_ID_: 'pi', ROOT_PROC_INST_ID_: 'pi', ACT_ID_: 'fork' });
    const readA = t.getExecution('pi')!.REV_, readB = t.getExecution('pi')!.REV_;
    assert.equal(t.updateExecutionRev('pi', readA, { ACT_ID_: 'join' }), true);
    assert.equal(t.updateExecutionRev('pi', readB, { ACT_ID_: 'join' }), false);
    const e = t.getExecution('pi')!;
    assert.deepEqual([e.REV_, e.ACT_ID_, e.IS_ACTIVE_], [2, 'join', true]);
    assert.deepEqual(t.allExecutions().map(x => x.ID_), ['pi']);
    t.close();
  });
});

describe('checkpoint / restore', () => {
  test('round trip: restore rewinds jobs, definitions, executions and the SEQ_ counter', async () => {
    const t = await tableWith([{ ID_: 'a' }, { ID_: 'b' }]);
    t.insertJobDefinition({ ID_: 'jd', JOB_TYPE_: 'async-continuation' });
    const before = t.allJobs();
    const bytes = t.checkpoint();
    // cached statements stay valid after export
    assert.equal(t.lockJob('a', 1, 'n', 5), true);
    t.deleteJob('b', 1);
    t.insertJob({ ID_: 'c' });
    t.restore(bytes);
    assert.deepEqual(t.allJobs(), before);
    assert.equal(t.insertJob({ ID_: 'd' }), 3);
    assert.equal(t.getJobDefinition('jd')!.JOB_TYPE_, 'async-continuation');
    const copy = await JobTable.restore(bytes);
    assert.deepEqual(copy.allJobs(), before);
    copy.close();
    t.close();
  });
  test('checkpoint inside a transaction is refused', async () => {
    const t = await tableWith([]);
    assert.throws(() => t.transaction(() => t.checkpoint()), /inside a transaction/);
    t.close();
  });
});

describe('loading sql.js', () => {
  test('locateSqlWasm finds node_modules/sql.js/dist/sql-wasm.wasm from the TS sources', () => {
    assert.match(locateSqlWasm() ?? '', /node_modules[\\/]sql\.js[\\/]dist[\\/]sql-wasm\.wasm$/);
  });
  test('open accepts an explicit wasmPath and wasmBinary', async () => {
    const path = locateSqlWasm()!;
    const a = await JobTable.open({ wasmPath: path });
    const b = await JobTable.open({ wasmBinary: new Uint8Array(readFileSync(path)) });
    assert.equal(a.countJobs() + b.countJobs(), 0);
    a.close(); b.close();
  });
});
