// The scaling study's runner (issue #7): option lists, how a point's scenario is derived from the
// base, the comparison maths, and that workers and in-process runs give identical points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validateScenario } from '../../../simulator/scenario/validate';
import { parseIntList, parseStudyLists, pointScenario, runStudy, studyNotes, studyTasks, summarise, StudyOptionError, STUDY_LIMITS } from '../../../simulator/study/sweep';
import { findWorkerScript, studyWork } from '../../../simulator/study/pool';
import type { PointMeasure, StudyPoint } from '../../../simulator/study/types';
import { prepare } from '../../../src/cli/simulate';

const root = join(__dirname, '../../..');

/** 60 literal non-exclusive jobs of 100 ms; nodes poll every 50 ms when idle. */
function literalBase() {
  const scenario = validateScenario({
    seed: 7,
    engine: { dbLatencyMs: 1, defaultJobDurationMs: 100 },
    nodes: [{ id: 'node', count: 2, config: { waitTimeInMillis: 50, maxWait: 200 } }],
    jobs: Array.from({ length: 60 }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'task' })),
  });
  return { scenario, bpmn: {}, name: 'literal-60' };
}

test('option lists: ranges, comma lists, mixes; duplicates removed, order kept', () => {
  assert.deepEqual(parseIntList('nodes', '1..8', 64), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(parseIntList('threads', '1,5,10,20', 256), [1, 5, 10, 20]);
  assert.deepEqual(parseIntList('nodes', '1..3, 8,2', 64), [1, 2, 3, 8]);
  assert.deepEqual(parseIntList('nodes', ' 4 ', 64), [4]);
  assert.deepEqual(parseStudyLists('1..2', '3'), { nodes: [1, 2], threads: [3] });
});

test('option lists: bad values name the option and the bad part', () => {
  const bad: [string, RegExp][] = [
    ['', /--nodes needs a list like 1\.\.8/], ['0', /values must be ≥ 1/], ['0..4', /range '0\.\.4' must go up/], ['5..2', /range '5\.\.2'/],
    ['1,,2', /'' is not a whole number/], ['x', /'x' is not a whole number/], ['1.5', /'1\.5' is not a whole number/], ['-1', /'-1'/],
    ['65', /65 is more than the study allows \(64\)/], ['1..100', /100 is more than/],
  ];
  for (const [text, re] of bad) assert.throws(() => parseIntList('nodes', text, STUDY_LIMITS.nodes), (e: Error) => e instanceof StudyOptionError && re.test(e.message), text);
  assert.throws(() => parseStudyLists('1..64', '1..10'), /640 points; the study runs at most 400/);
  assert.throws(() => parseStudyLists('1..4', 'ten'), /--threads: 'ten'/);
});

test('pointScenario (camunda): N copies of the first node, fixed pool, acquisition sized to the threads', () => {
  const base = literalBase().scenario;
  base.nodes[0].config.lockTimeInMillis = 12_345;
  const s = pointScenario(base, 3, 10, 'camunda');
  assert.deepEqual(s.nodes.map(n => n.id), ['node-1', 'node-2', 'node-3']);
  for (const n of s.nodes) {
    assert.equal(n.config.corePoolSize, 10);
    assert.equal(n.config.maxPoolSize, 10);
    assert.equal(n.config.queueSize, 10);
    assert.equal(n.config.maxJobsPerAcquisition, 10);
    assert.equal(n.config.threads, undefined);
    assert.equal(n.config.lockTimeInMillis, 12_345, 'other settings stay');
    assert.equal(n.config.waitTimeInMillis, 50);
  }
  assert.notEqual(s.nodes[0].config, s.nodes[1].config, 'each node has its own config object');
  assert.equal(s.engine.executorProfile, 'camunda');
  assert.equal(base.nodes.length, 2, 'the base is not changed');
  assert.equal(base.nodes[0].config.corePoolSize, 3);
});

test('pointScenario (jbpm3): executorProfile jbpm3 and the node\'s threads', () => {
  const s = pointScenario(literalBase().scenario, 2, 5, 'jbpm3');
  assert.equal(s.engine.executorProfile, 'jbpm3');
  assert.equal(s.nodes.length, 2);
  for (const n of s.nodes) { assert.equal(n.config.threads, 5); assert.equal(n.config.maxJobsPerAcquisition, 5); }
});

test('pointScenario: first node\'s classes copied, balancer node lists and node-specific timeline entries dropped, noted', () => {
  const base = validateScenario({
    seed: 1,
    nodes: [{ id: 'a', deployments: ['d1'] }, { id: 'b', config: { corePoolSize: 7 } }],
    deployments: [{ id: 'd1', bpmn: 'x.bpmn' }],
    load: [{ processDefinitionKey: 'p', instances: 1, balancer: 'round-robin', nodes: ['b'] }],
    timeline: [{ at: 10, action: 'crashNode', node: 'b' }, { at: 20, action: 'suspendJobDefinition', jobDefinitionId: 'jd' }],
  });
  const s = pointScenario(base, 2, 4, 'camunda');
  assert.deepEqual(s.nodes.map(n => n.deployments), [['d1'], ['d1']]);
  assert.equal(s.load[0].nodes, undefined);
  assert.equal(s.load[0].balancer, 'round-robin');
  assert.deepEqual(s.timeline.map(t => t.action), ['suspendJobDefinition']);
  const notes = studyNotes(base, 'camunda').join('\n');
  assert.match(notes, /nodes differ \(2 nodes, 2 configurations\)/);
  assert.match(notes, /load\[\]\.nodes was dropped/);
  assert.match(notes, /1 timeline entry that names a node was dropped/);
});

test('summarise: acceleration against the smallest cluster at the same threads, ideal line, efficiency, clashes per job', () => {
  const m = (nodes: number, threads: number, makespanMs: number, jobsCompleted = 100, lockClashes = 0): PointMeasure => ({
    nodes, threads, makespanMs, virtualTimeMs: makespanMs, jobsCreated: 100, jobsCompleted, lockClashes, commitClashes: 0, incidents: 0,
    idleMs: 0, backoffMs: 0, dbUtilisation: 0, dbWaitMs: 0, finished: true, steps: 1,
  });
  const r = summarise([m(2, 5, 500, 100, 10), m(1, 5, 1000), m(1, 1, 4000), m(2, 1, 2500), m(3, 5, 0, 0)], [1, 2, 3, 4, null], [5, 1]);
  assert.equal(r.baselineNodes, 1);
  const key = (p: StudyPoint) => `${p.threads}/${p.nodes}`;
  assert.deepEqual(r.points.map(key), ['5/1', '5/2', '5/3', '1/1', '1/2'], 'threads in the given order, then nodes');
  const p = Object.fromEntries(r.points.map(x => [key(x), x]));
  assert.equal(p['5/2'].acceleration, 2);
  assert.equal(p['5/2'].idealAcceleration, 2);
  assert.equal(p['5/2'].efficiency, 1);
  assert.equal(p['5/2'].throughput, 200);
  assert.equal(p['5/2'].clashesPerJob, 0.1);
  assert.equal(p['5/2'].wallMs, 1);
  assert.equal(p['1/2'].acceleration, 1.6);
  assert.equal(p['1/2'].efficiency, 0.8);
  assert.equal(p['5/3'].acceleration, null, 'no makespan: no acceleration');
  assert.equal(p['5/3'].throughput, 0);
  assert.equal(p['5/3'].clashesPerJob, 0);
  const r2 = summarise([m(2, 1, 1000), m(4, 1, 500)]);
  assert.equal(r2.baselineNodes, 2);
  assert.equal(r2.points[1].idealAcceleration, 2);
  assert.equal(r2.points[1].acceleration, 2);
});

test('runStudy: points in workers and in-process are identical (same seed per point)', async () => {
  assert.ok(findWorkerScript(), 'the worker script (worker.ts via tsx) is found');
  const base = literalBase();
  const options = { nodes: [1, 2, 3], threads: [1, 4] };
  const inWorkers = await runStudy(base, options, { parallelism: 2 });
  const inProcess = await runStudy(base, options, { inProcess: true });
  assert.deepEqual(inWorkers.execution, { mode: 'workers', parallelism: 2 });
  assert.deepEqual(inProcess.execution, { mode: 'in-process', parallelism: 1 });
  assert.deepEqual(inWorkers.points, inProcess.points);
  assert.equal(inWorkers.points.length, 6);
  assert.ok(inWorkers.points.every(p => p.wallMs === null && p.finished && p.jobsCompleted === 60), 'no clock: no wall times; every job done');
  // More nodes with one thread each finish sooner; more nodes clash more.
  const t1 = inWorkers.points.filter(p => p.threads === 1);
  assert.ok(t1[2].makespanMs < t1[0].makespanMs, JSON.stringify(t1.map(p => p.makespanMs)));
  assert.ok(t1[2].acceleration! > 1);
  assert.equal(t1[0].lockClashes, 0);
  assert.equal(inWorkers.options.seed, 7);
});

test('runStudy: a BPMN scenario (process engine behind the jobs) in workers equals in-process; progress and clock', async () => {
  const base = await prepare('examples/order-cluster.json', root);
  const seen: string[] = [];
  let tick = 0;
  const r = await runStudy({ ...base, name: 'order' }, { nodes: [1, 2], threads: [2], profile: 'jbpm3', seed: 3 }, {
    parallelism: 2, clock: () => (tick += 10), onProgress: (done, total, p) => seen.push(`${done}/${total}:${p.nodes}`),
  });
  const ref = await runStudy({ ...base, name: 'order' }, { nodes: [1, 2], threads: [2], profile: 'jbpm3', seed: 3 }, { inProcess: true });
  const strip = (ps: StudyPoint[]) => ps.map(p => ({ ...p, wallMs: null }));
  assert.deepEqual(strip(r.points), strip(ref.points));
  assert.equal(r.profile, 'jbpm3');
  assert.equal(r.options.seed, 3);
  assert.equal(seen.length, 2);
  assert.deepEqual(seen.map(s => s.split(':')[0]), ['1/2', '2/2']);
  assert.ok(r.points.every(p => typeof p.wallMs === 'number' && p.wallMs > 0));
  assert.ok(typeof r.elapsedMs === 'number' && r.elapsedMs > 0);
  assert.ok(r.points[0].jobsCreated > 0);
});

test('runStudy: a failing point names the point; an aborted study rejects', async () => {
  const base = literalBase();
  base.scenario.limits.maxEvents = 50;
  await assert.rejects(runStudy(base, { nodes: [1, 2], threads: [1] }, { parallelism: 2 }), /point nodes=\d threads=1: simulation stopped: more than limits\.maxEvents/);
  await assert.rejects(runStudy(base, { nodes: [1], threads: [1] }, { inProcess: true }), /point nodes=1 threads=1: simulation stopped/);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(runStudy(literalBase(), { nodes: [1, 2], threads: [1] }, { parallelism: 2, signal: ac.signal }), (e: Error) => e.name === 'AbortError');
  await assert.rejects(runStudy(literalBase(), { nodes: [1], threads: [1] }, { inProcess: true, signal: ac.signal }), (e: Error) => e.name === 'AbortError');
  await assert.rejects(runStudy(literalBase(), { nodes: [], threads: [1] }), /nodes: at least one value/);
});

test('runStudy: a worker script that cannot start falls back to in-process', async () => {
  const r = await runStudy(literalBase(), { nodes: [1, 2], threads: [1] }, { parallelism: 2, workerPath: join(root, 'test/fixtures/reliability/empty.bpmn') });
  assert.equal(r.execution.mode, 'in-process');
  assert.equal(r.points.length, 2);
});

test('runStudy with minWorkForWorkers: small studies stay in this thread, large ones use workers; same points', async () => {
  const base = literalBase();
  const options = { nodes: [1, 2, 3], threads: [1, 4] };
  const work = studyWork(studyTasks(base, options));
  assert.equal(work, 6 * base.scenario.jobs.length, 'six points of literal rows');
  const done: number[] = [];
  const small = await runStudy(base, options, { minWorkForWorkers: work + 1, onProgress: d => done.push(d) });
  assert.deepEqual(small.execution, { mode: 'in-process', parallelism: 1 });
  assert.deepEqual(done, [1, 2, 3, 4, 5, 6]);
  const large = await runStudy(base, options, { minWorkForWorkers: work });
  assert.equal(large.execution.mode, 'workers');
  assert.deepEqual(large.points.map(p => ({ ...p, wallMs: null })), small.points.map(p => ({ ...p, wallMs: null })));
  const told = await runStudy(base, options, { minWorkForWorkers: work + 1, parallelism: 2 });
  assert.equal(told.execution.mode, 'workers', 'an explicit parallelism wins');
});
