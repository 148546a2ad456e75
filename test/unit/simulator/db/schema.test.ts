// Schema: engine column names, shipped indexes, the recommended acquisition index per ordering flag, and
// an index-friendly acquisition query (no per-query sort of the whole table).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { tableWith, config } from './helpers';
import { JOB_COLUMN_NAMES, recommendedAcquisitionIndex } from '../../../../simulator/db/schema';
import { buildAcquisitionQuery, type AcquisitionConfig } from '../../../../simulator/db/acquisition';

describe('ACT_RU_JOB', () => {
  test('has the engine columns plus our SEQ_ and ACT_ID_', async () => {
    const t = await tableWith([]);
    const cols = t.database.exec('PRAGMA table_info(ACT_RU_JOB)')[0].values.map(v => v[1]);
    assert.deepEqual(cols, ['SEQ_', ...JOB_COLUMN_NAMES]);
    for (const c of ['ID_', 'REV_', 'TYPE_', 'LOCK_EXP_TIME_', 'LOCK_OWNER_', 'EXCLUSIVE_', 'ROOT_PROC_INST_ID_', 'PROCESS_INSTANCE_ID_',
      'RETRIES_', 'DUEDATE_', 'HANDLER_TYPE_', 'DEPLOYMENT_ID_', 'SUSPENSION_STATE_', 'JOB_DEF_ID_', 'PRIORITY_', 'CREATE_TIME_', 'ACT_ID_']) {
      assert.ok(cols.includes(c), c);
    }
    const idx = t.database.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'ACT_RU_JOB' AND name LIKE 'ACT_IDX_%' ORDER BY name")[0].values.flat();
    assert.deepEqual(idx, ['ACT_IDX_JOB_EXCEPTION', 'ACT_IDX_JOB_EXECUTION_ID', 'ACT_IDX_JOB_HANDLER', 'ACT_IDX_JOB_HANDLER_TYPE',
      'ACT_IDX_JOB_JOB_DEF_ID', 'ACT_IDX_JOB_PROCINST', 'ACT_IDX_JOB_ROOT_PROCINST', 'ACT_IDX_JOB_TENANT_ID']);
    t.close();
  });
});

describe('recommended acquisition index', () => {
  const f = (p: boolean, t: boolean, d: boolean) => ({ jobExecutorAcquireByPriority: p, jobExecutorPreferTimerJobs: t, jobExecutorAcquireByDueDate: d });
  const cases: [ReturnType<typeof f>, string | null, 'docs' | 'ours' | null][] = [
    [f(false, false, false), null, null],
    [f(true, false, false), '(PRIORITY_ DESC)', 'docs'],
    [f(false, true, false), '(TYPE_ DESC)', 'docs'],
    [f(false, false, true), '(DUEDATE_ ASC)', 'docs'],
    [f(false, true, true), '(TYPE_ DESC, DUEDATE_ ASC)', 'docs'],
    [f(true, true, true), '(PRIORITY_ DESC, TYPE_ DESC, DUEDATE_ ASC)', 'ours'],
  ];
  for (const [flags, cols, source] of cases) {
    test(JSON.stringify(flags), () => {
      const idx = recommendedAcquisitionIndex(flags);
      if (cols === null) { assert.equal(idx, null); return; }
      assert.ok(idx!.sql.endsWith(`ON ACT_RU_JOB${cols}`), idx!.sql);
      assert.equal(idx!.source, source);
    });
  }
});

describe('the acquisition query is index-friendly', () => {
  const variants: Partial<AcquisitionConfig>[] = [
    {}, { jobExecutorAcquireByPriority: true }, { jobExecutorPreferTimerJobs: true }, { jobExecutorAcquireByDueDate: true },
    { jobExecutorAcquireByDueDate: true, ensureJobDueDateNotNull: true }, { jobExecutorPreferTimerJobs: true, jobExecutorAcquireByDueDate: true },
    { jobExecutorAcquireByPriority: true, jobExecutorPreferTimerJobs: true, jobExecutorAcquireByDueDate: true },
    { jobExecutorAcquireExclusiveOverProcessHierarchies: true },
  ];
  for (const v of variants) {
    test(`${JSON.stringify(v)}: no temp B-tree sort, NOT EXISTS uses an index`, async () => {
      const t = await tableWith([]);
      const cfg = config(v);
      t.ensureAcquisitionIndex(cfg);
      const q = buildAcquisitionQuery(cfg, 0, 3);
      const plan = t.database.exec('EXPLAIN QUERY PLAN ' + q.sql, q.params as never)[0].values.map(r => String(r[3]));
      assert.ok(!plan.some(p => /TEMP B-TREE/.test(p)), plan.join(' | '));
      assert.ok(plan.some(p => /SEARCH J2 USING INDEX/.test(p)), plan.join(' | '));
      t.close();
    });
  }
});
