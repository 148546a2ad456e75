// AcquireJobsCmd's batches: non-exclusive singletons in query order, then exclusive groups in
// java.util.HashMap order (camunda-reference §2.3).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { config, tableWith } from './helpers';
import { acquireJobs, groupIntoBatches, lockJob, removeFailedJobIds, selectNextJobsToExecute, type AcquirableJob } from '../../../../simulator/db/acquisition';

type Row = Pick<AcquirableJob, 'ID_' | 'EXCLUSIVE_' | 'PROCESS_INSTANCE_ID_' | 'ROOT_PROC_INST_ID_'>;
const row = (ID_: string, pi: string | null, exclusive = true, root: string | null = null): Row =>
  ({ ID_, EXCLUSIVE_: exclusive, PROCESS_INSTANCE_ID_: pi, ROOT_PROC_INST_ID_: root });

describe('groupIntoBatches', () => {
  test('non-exclusive singletons first in query order, then exclusive groups', () => {
    const rows = [row('e1', 'pi-2'), row('n1', 'pi-2', false), row('e2', 'pi-10'), row('n2', null, false), row('e3', 'pi-2')];
    // "pi-10" is bucket 9, "pi-2" bucket 10 (see javaHashMap.test.ts): pi-10's group comes first although pi-2 was seen first.
    assert.deepEqual(groupIntoBatches(rows, false), [['n1'], ['n2'], ['e2'], ['e1', 'e3']]);
  });
  test('HashMap order, not query order: "1".."9" sort numerically', () => {
    const rows = ['7', '3', '9', '1'].map(pi => row(`job-${pi}`, pi));
    assert.deepEqual(groupIntoBatches(rows, false), [['job-1'], ['job-3'], ['job-7'], ['job-9']]);
  });
  test('colliding keys: computeIfAbsent (current engine) puts the later key first; put (older engine) the earlier', () => {
    const rows = [row('a', 'Aa'), row('b', 'BB')];
    assert.deepEqual(groupIntoBatches(rows, false), [['b'], ['a']]);
    assert.deepEqual(groupIntoBatches(rows, false, 'put'), [['a'], ['b']]);
  });
  test('exclusive jobs without a process instance share ONE batch (null key, bucket 0)', () => {
    const rows = [row('timerStart1', null), row('x', '9'), row('timerStart2', null)];
    assert.deepEqual(groupIntoBatches(rows, false), [['timerStart1', 'timerStart2'], ['x']]);
  });
  test('hierarchies flag: the root is the key when present, else the process instance', () => {
    const rows = [row('parent', 'root-1', true, 'root-1'), row('child', 'sub-1', true, 'root-1'), row('legacy', 'sub-1', true, null)];
    const off = groupIntoBatches(rows, false);
    assert.equal(off.length, 2); // root-1: [parent], sub-1: [child, legacy]
    assert.ok(off.some(b => b.join() === 'child,legacy'));
    const on = groupIntoBatches(rows, true);
    assert.equal(on.length, 2); // root-1: [parent, child], sub-1: [legacy]
    assert.ok(on.some(b => b.join() === 'parent,child'));
    assert.ok(on.some(b => b.join() === 'legacy'));
  });
  test('removeFailedJobIds drops the id from its batch and empty batches', () => {
    assert.deepEqual(removeFailedJobIds([['n1'], ['a', 'b'], ['c']], ['n1', 'b']), [['a'], ['c']]);
  });
});

describe('batches from a real acquisition', () => {
  test('a clashed exclusive job leaves its group; a group of only clashed jobs disappears', async () => {
    const t = await tableWith([
      { ID_: 'a1', PROCESS_INSTANCE_ID_: 'pi-a' },
      { ID_: 'b1', PROCESS_INSTANCE_ID_: 'pi-b' },
      { ID_: 'a2', PROCESS_INSTANCE_ID_: 'pi-a' },
    ]);
    const cfg = config();
    const sel = selectNextJobsToExecute(t, cfg, 0, 3).rows;
    lockJob(t, 'b1', 1, 'other', 999); // another node wins b1 in between
    lockJob(t, 'a2', 1, 'other', 999); // and a2
    const clashed = sel.filter(r => !lockJob(t, r.ID_, r.REV_, 'me', 300000)).map(r => r.ID_);
    assert.deepEqual(clashed, ['b1', 'a2']);
    assert.deepEqual(removeFailedJobIds(groupIntoBatches(sel, false), clashed), [['a1']]);
    t.close();
  });
  test('acquireJobs groups and orders batches', async () => {
    const t = await tableWith([
      { ID_: 'x', PROCESS_INSTANCE_ID_: 'pi-2' }, { ID_: 'n', EXCLUSIVE_: false }, { ID_: 'y', PROCESS_INSTANCE_ID_: 'pi-10' },
    ]);
    assert.deepEqual(acquireJobs(t, config(), { now: 0, limit: 3, lockOwner: 'me', lockTimeInMillis: 1 }).batches, [['n'], ['y'], ['x']]);
    t.close();
  });
});
