// The lock UPDATE and its optimistic-locking clash (camunda-reference §2.1-2.2).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { config, tableWith } from './helpers';
import { acquireJobs, lockJob, selectNextJobsToExecute } from '../../../../simulator/db/acquisition';

describe('lockJob', () => {
  test('sets owner and expiry and bumps REV_ by one', async () => {
    const t = await tableWith([{ ID_: 'j' }]);
    assert.equal(lockJob(t, 'j', 1, 'n1', 500), true);
    const j = t.getJob('j')!;
    assert.deepEqual([j.REV_, j.LOCK_OWNER_, j.LOCK_EXP_TIME_], [2, 'n1', 500]);
    t.close();
  });

  test('a stale REV_ updates 0 rows: false, row untouched', async () => {
    const t = await tableWith([{ ID_: 'j', REV_: 4 }]);
    assert.equal(lockJob(t, 'j', 3, 'n1', 500), false);
    assert.deepEqual([t.getJob('j')!.REV_, t.getJob('j')!.LOCK_OWNER_], [4, null]);
    t.close();
  });

  test('REV_ NULL can never be locked (REV_ = NULL is unknown)', async () => {
    const t = await tableWith([{ ID_: 'j', REV_: null }]);
    assert.equal(lockJob(t, 'j', null, 'n1', 500), false);
    t.close();
  });
});

describe('clash between two nodes', () => {
  test('two selects, then two locks: the second gets 0 rows, REV_ bumped once, retries untouched', async () => {
    const t = await tableWith([{ ID_: 'j', PROCESS_INSTANCE_ID_: 'pi' }]);
    const cfg = config();
    const a = selectNextJobsToExecute(t, cfg, 100, 3).rows;
    const b = selectNextJobsToExecute(t, cfg, 100, 3).rows;
    assert.deepEqual([a.map(r => r.ID_), b.map(r => r.ID_)], [['j'], ['j']]);
    assert.equal(lockJob(t, 'j', a[0].REV_, 'node-a', 100 + 300000), true);
    assert.equal(lockJob(t, 'j', b[0].REV_, 'node-b', 100 + 300000), false);
    const j = t.getJob('j')!;
    assert.deepEqual([j.REV_, j.LOCK_OWNER_, j.RETRIES_], [2, 'node-a', 3]);
    // the loser's next acquisition no longer sees it (locked by node-a)
    assert.deepEqual(selectNextJobsToExecute(t, cfg, 101, 3).rows, []);
    t.close();
  });

  test('acquireJobs: the other locks of the same acquisition still commit; the clashed job leaves its batch', async () => {
    const t = await tableWith([
      { ID_: 'x1', PROCESS_INSTANCE_ID_: 'pi-x' },
      { ID_: 'x2', PROCESS_INSTANCE_ID_: 'pi-x' },
      { ID_: 'free', EXCLUSIVE_: false },
    ]);
    const cfg = config();
    // Another node locks x1 between our select and our lock: emulate by selecting first.
    const sel = selectNextJobsToExecute(t, cfg, 10, 3).rows;
    assert.equal(lockJob(t, 'x1', sel[0].REV_, 'other', 99999), true);
    // now our own acquisition with the stale view: lock every selected row with the REV_ we read
    const locked: string[] = [], clashed: string[] = [];
    for (const r of sel) (lockJob(t, r.ID_, r.REV_, 'me', 300010) ? locked : clashed).push(r.ID_);
    assert.deepEqual(clashed, ['x1']);
    assert.deepEqual(locked, ['x2', 'free']);
    t.close();
  });

  test('acquireJobs returns attempted/selected/locked/batches and the SQL used', async () => {
    const t = await tableWith([{ ID_: 'a', PROCESS_INSTANCE_ID_: 'p' }, { ID_: 'b', EXCLUSIVE_: false }]);
    const r = acquireJobs(t, config(), { now: 0, limit: 3, lockOwner: 'n', lockTimeInMillis: 300000 });
    assert.equal(r.attempted, 3);
    assert.deepEqual(r.selected, ['a', 'b']);
    assert.deepEqual(r.locked, ['a', 'b']);
    assert.deepEqual(r.clashed, []);
    assert.deepEqual(r.batches, [['b'], ['a']]);
    assert.match(r.sql, /^SELECT RES\.ID_/);
    assert.deepEqual(r.params, { ':now': 0, ':limit': 3 });
    assert.equal(t.getJob('a')!.LOCK_EXP_TIME_, 300000);
    // a second acquisition of the same node finds nothing: all locked
    assert.deepEqual(acquireJobs(t, config(), { now: 1, limit: 3, lockOwner: 'n', lockTimeInMillis: 300000 }).selected, []);
    // after expiry they come back
    assert.deepEqual(acquireJobs(t, config(), { now: 300001, limit: 3, lockOwner: 'n2', lockTimeInMillis: 300000 }).selected, ['a', 'b']);
    t.close();
  });
});
