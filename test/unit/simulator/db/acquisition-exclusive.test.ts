// The exclusive clause: an exclusive job is acquirable only if no other EXCLUSIVE job of the same process
// instance (or root, with jobExecutorAcquireExclusiveOverProcessHierarchies) is currently locked.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { acquirable } from './helpers';
import type { JobInput } from '../../../../simulator/db/jobTable';

const NOW = 1000;
const held = { LOCK_OWNER_: 'other-node', LOCK_EXP_TIME_: NOW + 60000 };
const expired = { LOCK_OWNER_: 'other-node', LOCK_EXP_TIME_: NOW - 1 };

describe('exclusive NOT EXISTS (process instance)', () => {
  const cases: { name: string; jobs: JobInput[]; expected: string[] }[] = [
    { name: 'a locked exclusive sibling blocks',
      jobs: [{ ID_: 'running', PROCESS_INSTANCE_ID_: 'pi', ...held }, { ID_: 'next', PROCESS_INSTANCE_ID_: 'pi' }], expected: [] },
    { name: 'a sibling whose lock expires exactly now still blocks (LOCK_EXP_TIME_ >= now)',
      jobs: [{ ID_: 'running', PROCESS_INSTANCE_ID_: 'pi', LOCK_OWNER_: 'o', LOCK_EXP_TIME_: NOW }, { ID_: 'next', PROCESS_INSTANCE_ID_: 'pi' }], expected: [] },
    { name: 'a locked NON-exclusive sibling does not block',
      jobs: [{ ID_: 'running', PROCESS_INSTANCE_ID_: 'pi', EXCLUSIVE_: false, ...held }, { ID_: 'next', PROCESS_INSTANCE_ID_: 'pi' }], expected: ['next'] },
    { name: 'an expired lock does not block (and the expired job itself is acquirable again)',
      jobs: [{ ID_: 'stale', PROCESS_INSTANCE_ID_: 'pi', ...expired }, { ID_: 'next', PROCESS_INSTANCE_ID_: 'pi' }], expected: ['stale', 'next'] },
    { name: 'a locked exclusive job of ANOTHER instance does not block',
      jobs: [{ ID_: 'running', PROCESS_INSTANCE_ID_: 'pi-a', ...held }, { ID_: 'next', PROCESS_INSTANCE_ID_: 'pi-b' }], expected: ['next'] },
    { name: 'a NULL process instance is never blocked (NULL = NULL is not true)',
      jobs: [{ ID_: 'running', PROCESS_INSTANCE_ID_: null, ...held }, { ID_: 'timerStart', PROCESS_INSTANCE_ID_: null }], expected: ['timerStart'] },
    { name: 'non-exclusive jobs are never blocked',
      jobs: [{ ID_: 'running', PROCESS_INSTANCE_ID_: 'pi', ...held }, { ID_: 'free', PROCESS_INSTANCE_ID_: 'pi', EXCLUSIVE_: false }], expected: ['free'] },
    { name: 'EXCLUSIVE_ NULL matches neither branch',
      jobs: [{ ID_: 'nullExclusive', EXCLUSIVE_: null }], expected: [] },
    { name: 'a locked sibling with NULL expiry does not block (NULL >= now is unknown)',
      jobs: [{ ID_: 'odd', PROCESS_INSTANCE_ID_: 'pi', LOCK_OWNER_: 'o', LOCK_EXP_TIME_: null }, { ID_: 'next', PROCESS_INSTANCE_ID_: 'pi' }], expected: ['next'] },
    { name: 'two unlocked exclusive jobs of one instance are both selected (exclusivity only sees locks)',
      jobs: [{ ID_: 'a', PROCESS_INSTANCE_ID_: 'pi' }, { ID_: 'b', PROCESS_INSTANCE_ID_: 'pi' }], expected: ['a', 'b'] },
  ];
  for (const c of cases) test(c.name, async () => assert.deepEqual(await acquirable(c.jobs, {}, NOW), c.expected));
});

describe('exclusive over process hierarchies (7.21+)', () => {
  const family: JobInput[] = [
    { ID_: 'parentRunning', PROCESS_INSTANCE_ID_: 'root', ROOT_PROC_INST_ID_: 'root', ...held },
    { ID_: 'childJob', PROCESS_INSTANCE_ID_: 'child', ROOT_PROC_INST_ID_: 'root' },
  ];
  test('flag off: a locked job of the parent does not block the called child', async () => {
    assert.deepEqual(await acquirable(family, {}, NOW), ['childJob']);
  });
  test('flag on: the root process instance is the key, the child is blocked', async () => {
    assert.deepEqual(await acquirable(family, { jobExecutorAcquireExclusiveOverProcessHierarchies: true }, NOW), []);
  });
  test('flag on, job without a root: falls back to the process instance', async () => {
    const jobs: JobInput[] = [
      { ID_: 'running', PROCESS_INSTANCE_ID_: 'pi', ROOT_PROC_INST_ID_: null, ...held },
      { ID_: 'sameInstance', PROCESS_INSTANCE_ID_: 'pi', ROOT_PROC_INST_ID_: null },
      { ID_: 'otherInstance', PROCESS_INSTANCE_ID_: 'pi2', ROOT_PROC_INST_ID_: null },
    ];
    assert.deepEqual(await acquirable(jobs, { jobExecutorAcquireExclusiveOverProcessHierarchies: true }, NOW), ['otherInstance']);
  });
  test('flag on: a job WITH a root is not blocked by a root-less lock of the same process instance', async () => {
    // RES.ROOT_PROC_INST_ID_ IS NOT NULL → only J2.ROOT_PROC_INST_ID_ = RES.ROOT_PROC_INST_ID_ counts.
    const jobs: JobInput[] = [
      { ID_: 'legacy', PROCESS_INSTANCE_ID_: 'pi', ROOT_PROC_INST_ID_: null, ...held },
      { ID_: 'rooted', PROCESS_INSTANCE_ID_: 'pi', ROOT_PROC_INST_ID_: 'pi' },
    ];
    assert.deepEqual(await acquirable(jobs, { jobExecutorAcquireExclusiveOverProcessHierarchies: true }, NOW), ['rooted']);
  });
});
