// Every example scenario runs (fast) and shows its headline fact; golden traces (test/golden/*.jsonl)
// are compared byte for byte (UPDATE_GOLDEN=1 regenerates them); same seed ⇒ same trace hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepare, runPrepared, run, type RunResult } from '../../../../src/cli/simulate';
import { toJsonl, traceHash } from '../../../../simulator/trace';
import type { CliIo } from '../../../../src/cli/io';

const root = resolve(__dirname, '../../../..');
const cache = new Map<string, RunResult>();
async function sim(name: string, overrides: { seed?: number } = {}): Promise<RunResult> {
  const key = `${name}:${overrides.seed ?? ''}`;
  if (!cache.has(key)) cache.set(key, await runPrepared(await prepare(`examples/${name}.json`, root, overrides)));
  return cache.get(key)!;
}
const acquiredFirst = (r: RunResult) => r.trace.find(e => e.kind === 'acquisition' && e.locked.length > 0) as Extract<RunResult['trace'][number], { kind: 'acquisition' }>;
const priorityOf = (r: RunResult, id: string) => (r.trace.find(e => e.kind === 'jobCreated' && e.jobId === id) as { priority: number }).priority;

test('minimal scenario runs', async () => {
  const r = await sim('minimal');
  assert.equal(r.summary.jobsCreated, 0);
});

test('acquisition-order: priorities order acquisition only with jobExecutorAcquireByPriority', async () => {
  const off = await sim('acquisition-order');
  const on = await sim('acquisition-order-by-priority');
  const first = (r: RunResult) => acquiredFirst(r).locked.map(id => priorityOf(r, id));
  assert.deepEqual(first(off), [1, 1, 1], 'database (insertion) order: the low-priority jobs created first');
  assert.deepEqual(first(on), [100, 100, 100], 'PRIORITY_ DESC: the high-priority jobs first');
  assert.equal(off.summary.jobsCompleted, 9);
  assert.equal(on.summary.jobsCompleted, 9);
});

test('exclusive-grouping: exclusive jobs of one instance share one batch; the join never clashes', async () => {
  const r = await sim('exclusive-grouping');
  const pi = new Map<string, string>();
  for (const e of r.trace) if (e.kind === 'jobCreated' && e.processInstanceId) pi.set(e.jobId, e.processInstanceId);
  const acq = r.trace.filter(e => e.kind === 'acquisition') as Extract<RunResult['trace'][number], { kind: 'acquisition' }>[];
  const multi = acq.flatMap(a => a.batches).filter(b => b.length > 1);
  assert.ok(multi.length > 0, 'some batch holds several jobs');
  for (const b of multi) assert.equal(new Set(b.map(id => pi.get(id))).size, 1, 'a batch holds one instance');
  assert.equal(r.summary.executionOptimisticLockingFailures, 0);
  assert.equal(r.summary.engine!.instancesCompleted, 4);
});

test('parallel-join-clash: non-exclusive branches clash at the join, are retried without losing a retry, side effects run twice', async () => {
  const r = await sim('parallel-join-clash');
  assert.ok(r.summary.executionOptimisticLockingFailures > 0);
  assert.equal(r.summary.incidents, 0);
  const oleFails = r.trace.filter(e => e.kind === 'jobFailed' && /OptimisticLocking/.test(e.error)) as { retries: number }[];
  assert.ok(oleFails.length > 0 && oleFails.every(f => f.retries === 3), 'retries untouched');
  assert.equal(r.summary.engine!.duplicateSideEffects, r.summary.executionOptimisticLockingFailures);
  assert.equal(r.summary.engine!.instancesCompleted, 4);
});

test('lock-clash-nodes: nodes selecting the same rows clash on the lock UPDATE; every job still runs once', async () => {
  const r = await sim('lock-clash-nodes');
  assert.ok(r.summary.lockClashes > 0);
  assert.equal(r.summary.jobsCompleted, 12);
  assert.equal(r.summary.duplicateExecutions, 0);
});

test('retries-incident: R3/PT5S → 3 failures 5 s apart, then a failedJob incident', async () => {
  const r = await sim('retries-incident');
  const fails = r.trace.filter(e => e.kind === 'jobFailed') as Extract<RunResult['trace'][number], { kind: 'jobFailed' }>[];
  assert.deepEqual(fails.map(f => f.retries), [2, 1, 0]);
  assert.equal(fails[0].dueDate! - fails[0].t, 5000);
  assert.equal(r.summary.incidents, 1);
  const created = r.trace.find(e => e.kind === 'jobCreated') as { retries: number };
  assert.equal(created.retries, 3);
});

test('heterogeneous-cluster: without deployment awareness jobs fail with ClassNotFoundException on the node lacking classes; with it, 0', async () => {
  const cnfe = (r: RunResult) => Object.entries(r.summary.failuresByError).filter(([k]) => /ClassNotFoundException/.test(k)).reduce((n, [, v]) => n + v, 0);
  const plain = await sim('heterogeneous-cluster');
  const aware = await sim('heterogeneous-cluster-aware');
  assert.ok(cnfe(plain) > 0, 'N > 0 ClassNotFoundException');
  assert.ok(plain.summary.perNode['node-b'].failed > 0);
  assert.equal(cnfe(aware), 0);
  assert.equal(aware.summary.perNode['node-b'].executed, 0);
  assert.equal(aware.summary.jobsCompleted, 8);
});

test('order-cluster (the demo): async, parallel join, timer, retry cycle end to end', async () => {
  const r = await sim('order-cluster');
  assert.equal(r.summary.engine!.instancesStarted, 4);
  assert.equal(r.summary.engine!.instancesCompleted, 3, 'one order ends in an incident at ship');
  assert.equal(r.summary.incidents, 1);
  assert.ok(r.trace.some(e => e.kind === 'jobFailed' && e.strategy === 'custom' && e.dueDate !== null && e.dueDate - e.t === 10_000), 'R2/PT10S: due 10 s later');
  assert.ok(r.trace.some(e => e.kind === 'jobCreated' && e.handlerType === 'timer-intermediate-transition'));
  assert.ok(r.summary.executionOptimisticLockingFailures > 0);
});

test('same seed ⇒ same trace hash; another seed may differ', async () => {
  const a = await runPrepared(await prepare('examples/parallel-join-clash.json', root));
  const b = await runPrepared(await prepare('examples/parallel-join-clash.json', root));
  assert.equal(traceHash(a.trace), traceHash(b.trace));
});

const GOLDEN = ['acquisition-order', 'acquisition-order-by-priority', 'exclusive-grouping', 'parallel-join-clash', 'lock-clash-nodes', 'retries-incident', 'heterogeneous-cluster', 'heterogeneous-cluster-aware', 'order-cluster'];
for (const name of GOLDEN) {
  test(`golden trace: ${name}`, async () => {
    const jsonl = toJsonl((await sim(name)).trace);
    const file = join(root, 'test/golden', `${name}.jsonl`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
      mkdirSync(join(root, 'test/golden'), { recursive: true });
      writeFileSync(file, jsonl);
      if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`${file} did not exist: written; run again`);
      return;
    }
    assert.equal(jsonl, readFileSync(file, 'utf8'), `${name}: trace differs from test/golden/${name}.jsonl (UPDATE_GOLDEN=1 to accept)`);
  });
}

function io(): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', cwd: root, stdout(s: string) { o.out += s; }, stderr(s: string) { o.err += s; } };
  return o;
}

test('CLI simulate: jsonl streams the golden trace; text shows lines and a summary', async () => {
  const a = io();
  assert.equal(await run(['examples/retries-incident.json', '--format', 'jsonl'], a), 0);
  assert.equal(a.out, readFileSync(join(root, 'test/golden/retries-incident.jsonl'), 'utf8'));
  const b = io();
  assert.equal(await run(['examples/parallel-join-clash.json'], b), 0);
  assert.match(b.out, /^t=\d+ms node-\d acquired \[/m);
  assert.match(b.out, /OptimisticLockingException/);
  assert.match(b.out, /Summary/);
  const c = io();
  assert.equal(await run(['examples/retries-incident.json', '--format', 'json'], c), 0);
  const j = JSON.parse(c.out);
  assert.ok(Array.isArray(j.trace) && j.summary.incidents === 1);
});

test('CLI simulate: a bare .bpmn gets 3 nodes and 20 instances; --nodes and --seed apply', async () => {
  const p = await prepare('examples/prioritized-work.bpmn', root, { nodes: 2, seed: 9 });
  assert.equal(p.scenario.nodes.length, 2);
  assert.equal(p.scenario.seed, 9);
  const d = await prepare('examples/fork-nonexclusive.bpmn', root);
  assert.equal(d.scenario.nodes.length, 3);
  assert.equal(d.scenario.load[0].instances, 20);
  const r = await runPrepared(d);
  assert.equal(r.summary.engine!.instancesCompleted, 20);
});

test('CLI simulate: bad scenario → path-precise error, exit 2, no stack trace', async () => {
  const tmp = join(root, 'test/golden/.bad-scenario.json');
  writeFileSync(tmp, JSON.stringify({ seed: 1, nodes: [{ id: 'n', config: { lockTimeInMillis: 'soon' } }] }));
  try {
    const { main } = await import('../../../../src/cli');
    const o = io();
    assert.equal(await main(['simulate', 'test/golden/.bad-scenario.json'], o), 2);
    assert.match(o.err, /\.bad-scenario\.json: nodes\[0\]\.config\.lockTimeInMillis: /);
    assert.doesNotMatch(o.err, /\n\s+at /);
  } finally {
    (await import('node:fs')).unlinkSync(tmp);
  }
});
