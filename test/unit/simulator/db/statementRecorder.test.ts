// JobTable.onStatement, the opt-in statement recorder behind the benchmark's statement replay: every
// query, write and transaction-control statement is reported once, after it ran, with its SQL text,
// its parameters and its result; nothing is reported when it is unset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobTable, type StatementKind } from '../../../../simulator/db/jobTable';

test('onStatement reports queries, writes and savepoints with their results; unset reports nothing', async () => {
  const t = await JobTable.open();
  const seen: [StatementKind, string, unknown, number][] = [];
  t.onStatement = (kind, sql, params, result) => { seen.push([kind, sql, params, result]); };
  t.transaction(() => { t.insertJobRow({ ID_: 'a' }); });
  assert.equal(t.lockJob('a', 1, 'n1', 100), true);
  assert.equal(t.lockJob('a', 1, 'n2', 100), false); // clash: 0 rows
  assert.equal(t.getJob('a')?.LOCK_OWNER_, 'n1');
  assert.equal(t.getJob('zzz'), undefined);
  assert.deepEqual(seen.map(([k, sql, , r]) => [k, sql.split(' ').slice(0, 2).join(' '), r]), [
    ['tx', 'SAVEPOINT sp1', 0],
    ['run', 'INSERT INTO', 1],
    ['tx', 'RELEASE sp1', 0],
    ['run', 'UPDATE ACT_RU_JOB', 1],
    ['run', 'UPDATE ACT_RU_JOB', 0],
    ['query', 'SELECT SEQ_,', 1],
    ['query', 'SELECT SEQ_,', 0],
  ]);
  assert.deepEqual(seen[3][2], ['n1', 100, 'a', 1]);
  assert.deepEqual(seen[5][2], ['a']);
  // a rolled-back transaction reports ROLLBACK TO and RELEASE
  seen.length = 0;
  assert.throws(() => t.transaction(() => { t.deleteJob('a', 2); throw new Error('boom'); }), /boom/);
  assert.deepEqual(seen.map(([k, sql, , r]) => [k, sql.startsWith('DELETE') ? 'DELETE' : sql, r]), [
    ['tx', 'SAVEPOINT sp1', 0], ['run', 'DELETE', 1], ['tx', 'ROLLBACK TO sp1', 0], ['tx', 'RELEASE sp1', 0],
  ]);
  assert.equal(t.countJobs(), 1); // the delete was rolled back
  // off: nothing more is reported
  t.onStatement = null;
  seen.length = 0;
  t.deleteJob('a', 2);
  assert.equal(seen.length, 0);
  t.close();
});

test('bench statement replay: the recorded statements of a small bench run replay to the same end state', async () => {
  const { recordStatements, runReplayBench } = await import('../../../../bench/simulator');
  const rec = await recordStatements(200);
  assert.equal(rec.completed, 200);
  assert.equal(rec.rowsLeft, 0);
  assert.ok(rec.sql.length > 200 * 3, `only ${rec.sql.length} statements recorded`);
  const r = await runReplayBench(rec); // throws when rows read/modified or jobs left differ
  assert.equal(r.statements, rec.sql.length);
  // a tampered recording (one DELETE dropped) is caught
  const i = rec.sql.findIndex(s => rec.texts[s].startsWith('DELETE FROM ACT_RU_JOB'));
  const bad = { ...rec, sql: rec.sql.filter((_, k) => k !== i), kind: rec.kind.filter((_, k) => k !== i), params: rec.params.filter((_, k) => k !== i) };
  await assert.rejects(runReplayBench(bad), /statement replay diverged/);
});
