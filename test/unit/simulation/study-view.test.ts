// The panel's scaling study (issue #7): the host adapter (src/simulation/study.ts: runStudy → the
// protocol's StudyView, cancellation keeps the finished points) and the webview's pure parts — the
// reducer (webview/simulator/state.ts) and the Study tab's chart and table data (webview/simulator/study.ts).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runPanelStudy, studyListError, parseStudyInput, studyView, STUDY_DEFAULTS } from '../../../src/simulation/study';
import { runSourceFromFile } from '../../../src/simulation/fromFile';
import { SimulationController } from '../../../src/simulation/controller';
import { isSimulatorHostMessage, type SimulatorHostMessage, type StudyPointView, type StudyView } from '../../../src/protocol/simulator';
import { applyHostMessage, createState } from '../../../webview/simulator/state';
import { accelerationChart, studyCell, studyProgressText, studyRows, studySummary, throughputChart, toggleSort, STUDY_COLUMNS } from '../../../webview/simulator/study';

const ROOT = join(__dirname, '../../..');

function point(nodes: number, threads: number, makespanMs: number, over: Partial<StudyPointView> = {}): StudyPointView {
  return {
    nodes, threads, makespanMs, virtualTimeMs: makespanMs, throughput: Math.round(12000 / makespanMs * 1000) / 1000, acceleration: null, idealAcceleration: nodes,
    efficiency: null, jobsCompleted: 12, jobsCreated: 12, lockClashes: nodes - 1, commitClashes: 0, clashesPerJob: (nodes - 1) / 12, idleMs: 100, backoffMs: 0,
    dbUtilisation: 0.25, incidents: 0, finished: true, wallMs: 3.5, ...over,
  };
}
/** A 3 × 2 grid with accelerations against 1 node at the same threads. */
function grid(): StudyView {
  const ms: Record<string, number> = { '1x1': 1200, '2x1': 640, '4x1': 400, '1x5': 300, '2x5': 200, '4x5': 150 };
  const points = [1, 5].flatMap(t => [1, 2, 4].map(n => {
    const m = ms[`${n}x${t}`], b = ms[`1x${t}`];
    return point(n, t, m, { acceleration: b / m, efficiency: b / m / n });
  }));
  return { scenario: 'lock-clash-nodes.json', profile: 'camunda', nodes: [1, 2, 4], threads: [5, 1], seed: 1, baselineNodes: 1, points, notes: ['n'], execution: 'workers, 2 at once', elapsedMs: 1234.5, cancelled: false };
}

describe('study view: charts and table (pure)', () => {
  test('acceleration vs ideal: x = nodes, one line per thread count in the asked order, and the ideal line', () => {
    const c = accelerationChart(grid());
    assert.deepEqual(c.x, [1, 2, 4]);
    assert.deepEqual(c.series.map(s => s.label), ['5 threads', '1 thread', 'ideal']);
    assert.deepEqual(c.series[0].values, [1, 1.5, 2]);
    assert.deepEqual(c.series[1].values, [1, 1200 / 640, 3]);
    assert.deepEqual(c.series[2].values, [1, 2, 4]);
    assert.ok(c.series[2].ideal && !c.series[0].ideal);
  });
  test('throughput vs threads: x = threads ascending, one line per node count', () => {
    const c = throughputChart(grid());
    assert.deepEqual(c.x, [1, 5]);
    assert.deepEqual(c.series.map(s => s.label), ['1 node', '2 nodes', '4 nodes']);
    assert.deepEqual(c.series[2].values, [30, 80]);
  });
  test('a cancelled study: missing points are gaps (null), the ideal line is relative to the baseline', () => {
    const st = { ...grid(), cancelled: true, baselineNodes: 2 };
    st.points = st.points.filter(p => !(p.nodes === 4 && p.threads === 5));
    const a = accelerationChart(st), t = throughputChart(st);
    assert.deepEqual(a.series[0].values, [1, 1.5, null]);
    assert.deepEqual(a.series[2].values, [0.5, 1, 2]);
    assert.deepEqual(t.series[2].values, [30, null]);
    assert.match(studySummary(st), /\(cancelled\)/);
  });
  test('table rows sort by any column (nulls first, ties by threads then nodes); cells are formatted', () => {
    const st = grid();
    assert.deepEqual(studyRows(st).map(p => `${p.nodes}x${p.threads}`), ['1x1', '2x1', '4x1', '1x5', '2x5', '4x5']);
    assert.deepEqual(studyRows(st, { by: 'makespanMs', descending: true }).map(p => p.makespanMs), [1200, 640, 400, 300, 200, 150]);
    st.points[3].acceleration = null;
    assert.equal(studyRows(st, { by: 'acceleration', descending: false })[0].acceleration, null);
    assert.deepEqual(toggleSort({ by: 'nodes', descending: false }, 'nodes'), { by: 'nodes', descending: true });
    assert.deepEqual(toggleSort({ by: 'nodes', descending: true }, 'threads'), { by: 'threads', descending: false });
    const p = point(2, 5, 12_500, { acceleration: 1.23456, efficiency: 0.61728, wallMs: null });
    assert.equal(studyCell(p, 'makespanMs'), '12.50 s');
    assert.equal(studyCell(p, 'idleMs'), '100 ms');
    assert.equal(studyCell(p, 'acceleration'), '1.23');
    assert.equal(studyCell(p, 'efficiency'), '61.7%');
    assert.equal(studyCell(p, 'dbUtilisation'), '25.0%');
    assert.equal(studyCell(p, 'wallMs'), '—');
    assert.equal(studyCell(p, 'nodes'), '2');
    assert.equal(STUDY_COLUMNS.length, new Set(STUDY_COLUMNS.map(c => c[0])).size);
  });
  test('summary and progress lines', () => {
    const s = studySummary(grid());
    assert.match(s, /^lock-clash-nodes\.json · camunda · seed 1 · 3 node counts × 2 thread counts · 6 points/);
    assert.match(s, /best throughput 80 jobs\/s at 4 × 5/);
    assert.match(s, /best efficiency 94% at 2 × 1/);
    assert.equal(studyProgressText({ done: 3, total: 8 }), 'Study running: 3 of 8 points');
    assert.equal(studyProgressText(null), '');
  });
});

describe('study view: the reducer', () => {
  test('scenarios, studyProgress and study fold into the state and survive a rebuild (init)', async () => {
    const s = createState();
    const send = (m: SimulatorHostMessage) => { assert.ok(isSimulatorHostMessage(m)); return applyHostMessage(s, JSON.parse(JSON.stringify(m))); };
    const items = [{ id: 'file', group: 'file' as const, label: 'x.json', description: '' }, { id: 'examples/a.json', group: 'examples' as const, label: 'a', description: 'A' }];
    let c = send({ type: 'scenarios', items, selected: 'examples/a.json' });
    assert.ok(c.scenarios && !c.full && !c.study);
    assert.equal(s.scenario, 'examples/a.json');
    assert.deepEqual(s.scenarios, items);
    c = send({ type: 'studyProgress', done: 2, total: 6 });
    assert.ok(c.study && !c.scenarios);
    assert.deepEqual(s.studyProgress, { done: 2, total: 6 });
    c = send({ type: 'study', study: grid() });
    assert.ok(c.study);
    assert.equal(s.studyProgress, null, 'a result ends the progress');
    assert.equal(s.study?.points.length, 6);
    // A rebuild of the run (switching scenarios, reset) keeps the picker and the study.
    const ctl = await SimulationController.create(await runSourceFromFile(join(ROOT, 'examples/minimal.json')));
    try {
      c = send({ type: 'init', state: ctl.fullState() });
      assert.ok(c.full);
      assert.equal(s.scenario, 'examples/a.json');
      assert.equal(s.study?.points.length, 6);
    } finally { ctl.close(); }
    // A progress message with done = total (a failed study) clears the progress.
    send({ type: 'studyProgress', done: 1, total: 4 });
    send({ type: 'studyProgress', done: 4, total: 4 });
    assert.equal(s.studyProgress, null);
  });
});

describe('study on the host (src/simulation/study.ts)', () => {
  test('quick-input checks: defaults parse, bad lists name the option', () => {
    assert.equal(studyListError('nodes', STUDY_DEFAULTS.nodes), undefined);
    assert.equal(studyListError('threads', STUDY_DEFAULTS.threads), undefined);
    assert.deepEqual(parseStudyInput(STUDY_DEFAULTS.nodes, STUDY_DEFAULTS.threads), { nodes: [1, 2, 3, 4], threads: [1, 5, 10, 20] });
    assert.match(studyListError('nodes', '4..1') ?? '', /^nodes: range '4\.\.1'/);
    assert.match(studyListError('threads', 'x') ?? '', /^threads: 'x' is not a whole number/);
    assert.match(studyListError('nodes', '') ?? '', /nodes needs a list/);
    assert.throws(() => parseStudyInput('1..64', '1..10'), /640 points/);
  });
  test('a 2 × 2 study of a scenario: four points, accelerations against 1 node, the view is JSON-safe', async () => {
    const src = await runSourceFromFile(join(ROOT, 'examples/lock-clash-nodes.json'));
    const seen: string[] = [];
    const v = await runPanelStudy({ scenario: src.prepared.scenario, bpmn: src.prepared.bpmn, title: src.title, file: src.file },
      { nodes: [2, 1], threads: [1, 2], profile: 'camunda' }, { onProgress: (d, t, p) => seen.push(`${d}/${t}:${p.nodes}x${p.threads}`) });
    assert.equal(v.cancelled, false);
    assert.equal(v.scenario, 'lock-clash-nodes.json');
    assert.deepEqual(v.nodes, [1, 2]);
    assert.deepEqual(v.threads, [1, 2]);
    assert.equal(seen.length, 4);
    assert.deepEqual(seen.map(x => x.split(':')[0]), ['1/4', '2/4', '3/4', '4/4']);
    assert.deepEqual(v.points.map(p => `${p.nodes}x${p.threads}`), ['1x1', '2x1', '1x2', '2x2']);
    for (const p of v.points) {
      assert.ok(p.jobsCompleted > 0 && p.makespanMs > 0, JSON.stringify(p));
      if (p.nodes === 1) assert.equal(p.acceleration, 1);
      assert.equal(p.idealAcceleration, p.nodes);
    }
    assert.deepEqual(JSON.parse(JSON.stringify(v)), v);
    assert.ok(isSimulatorHostMessage({ type: 'study', study: v }));
  });
  test('cancelling after the first point keeps that point and marks the study cancelled', async () => {
    const src = await runSourceFromFile(join(ROOT, 'examples/lock-clash-nodes.json'));
    const ac = new AbortController();
    const v = await runPanelStudy({ scenario: src.prepared.scenario, bpmn: src.prepared.bpmn, title: src.title, file: src.file },
      { nodes: [1, 2, 3], threads: [1, 2], profile: 'camunda' }, { signal: ac.signal, onProgress: () => ac.abort() });
    assert.equal(v.cancelled, true);
    assert.equal(v.points.length, 1);
    assert.match(v.notes[0], /Cancelled after 1 point/);
    assert.deepEqual(v.threads, [1, 2]);
  });
  test('a failing study (not cancelled) rejects', async () => {
    const src = await runSourceFromFile(join(ROOT, 'examples/lock-clash-nodes.json'));
    await assert.rejects(runPanelStudy({ scenario: { ...src.prepared.scenario, nodes: [] }, bpmn: src.prepared.bpmn, title: 'x', file: 'x' },
      { nodes: [1], threads: [1], profile: 'camunda' }), /no node/);
  });
  test('studyView copies the runner result field by field', () => {
    const r = {
      scenario: { name: 'x' }, profile: 'jbpm3' as const, options: { nodes: [1], threads: [3], seed: 9, until: null }, baselineNodes: 1,
      points: [{ ...point(1, 3, 1000), acceleration: 1, efficiency: 1, steps: 5, dbWaitMs: 0 }], notes: ['a'], execution: { mode: 'in-process' as const, parallelism: 1 }, elapsedMs: null,
    };
    const v = studyView(r, 'x.json');
    assert.deepEqual(v, { scenario: 'x.json', profile: 'jbpm3', nodes: [1], threads: [3], seed: 9, baselineNodes: 1, points: [point(1, 3, 1000, { acceleration: 1, efficiency: 1 })], notes: ['a'], execution: 'in-process', elapsedMs: null, cancelled: false });
  });
});
