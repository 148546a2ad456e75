// The simulator panel's protocol: the hand-written validator, and the round trip host controller →
// JSON → webview reducer on a real example run (lanes, table and trace stay in step with the host),
// the trace export byte-identical to the CLI, rewind, settings, explanations and the CSP page.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validateSimulatorMessage, isSimulatorHostMessage, metricSeries, parseRestoreState, type SimulatorHostMessage } from '../../../src/protocol/simulator';
import { SimulationController } from '../../../src/simulation/controller';
import { runSourceFromFile } from '../../../src/simulation/fromFile';
import { applySettings, settingsOf } from '../../../src/simulation/settings';
import { simulatorHtml, simulatorCsp } from '../../../src/simulation/html';
import { reportHtml } from '../../../src/simulation/report';
import { prepare, runPrepared } from '../../../src/cli/simulate';
import { validateScenario } from '../../../simulator/scenario/validate';
import { applyHostMessage, createState, tableRows, rowMark, orderedLanes } from '../../../webview/simulator/state';

const ROOT = join(__dirname, '../../..');
const EXAMPLE = join(ROOT, 'examples/lock-clash-nodes.json');
const settings = { nodeCount: 2, threads: 2, jobExecutorAcquireByPriority: true, jobExecutorPreferTimerJobs: false, jobExecutorAcquireByDueDate: false, deploymentAware: [true, false], lockTimeInMillis: 1000, maxJobsPerAcquisition: 3, waitTimeInMillis: 500, maxWait: 4000, backoffTimeInMillis: 0, maxBackoff: 0 };

describe('validateSimulatorMessage', () => {
  test('accepts every well-formed message', () => {
    const good: unknown[] = [
      { type: 'ready' }, { type: 'control', action: 'step' }, { type: 'control', action: 'stepAcquisition' }, { type: 'control', action: 'play' },
      { type: 'control', action: 'pause' }, { type: 'control', action: 'reset' }, { type: 'speed', speed: 0 }, { type: 'speed', speed: 2.5 },
      { type: 'runTo', t: 5000 }, { type: 'rewind', checkpoint: 0 }, { type: 'applySettings', seed: -3, settings }, { type: 'explain', seq: 12 },
      { type: 'export', what: 'trace' }, { type: 'export', what: 'report' }, { type: 'export', what: 'scenario' }, { type: 'node', action: 'crash', node: 'node-1' },
    ];
    for (const m of good) { const r = validateSimulatorMessage(m); assert.ok(r.ok, `${JSON.stringify(m)}: ${!r.ok && r.error}`); assert.deepEqual(r.ok && r.message, m); }
  });
  test('rejects malformed messages with a reason', () => {
    const bad: unknown[] = [
      null, 42, 'ready', [], {}, { type: 7 }, { type: 'nope' }, { type: 'ready', extra: 1 }, { type: 'control', action: 'explode' },
      { type: 'speed', speed: -1 }, { type: 'speed', speed: Infinity }, { type: 'speed', speed: '1' }, { type: 'runTo', t: 1.5 }, { type: 'runTo' },
      { type: 'rewind', checkpoint: -1 }, { type: 'applySettings', seed: 1 }, { type: 'applySettings', seed: 1.2, settings },
      { type: 'applySettings', seed: 1, settings: { ...settings, nodeCount: 0 } }, { type: 'applySettings', seed: 1, settings: { ...settings, threads: 1e6 } },
      { type: 'applySettings', seed: 1, settings: { ...settings, deploymentAware: ['yes'] } }, { type: 'applySettings', seed: 1, settings: { ...settings, extra: true } },
      { type: 'explain', seq: 'x' }, { type: 'export', what: 'pdf' }, { type: 'node', action: 'crash', node: '' }, { type: 'node', action: 'reboot', node: 'a' },
      { type: 'node', action: 'crash', node: 'x'.repeat(500) }, { type: 'x'.repeat(10_000) },
    ];
    for (const m of bad) { const r = validateSimulatorMessage(m); assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80)); assert.ok(!r.ok && r.error.length > 0); }
  });
  test('openScenario and runStudy: good shapes pass unchanged', () => {
    const good: unknown[] = [
      { type: 'openScenario', id: 'file' }, { type: 'openScenario', id: 'examples/order-cluster.json' },
      { type: 'openScenario', id: 'examples/stories/3-node-crash-lock-30s.json' },
      { type: 'runStudy' }, { type: 'runStudy', nodes: [1, 2, 4] }, { type: 'runStudy', nodes: [1, 2], threads: [1, 5, 10, 20], profile: 'camunda' },
      { type: 'runStudy', threads: [256], profile: 'jbpm3' },
    ];
    for (const m of good) { const r = validateSimulatorMessage(m); assert.ok(r.ok, `${JSON.stringify(m)}: ${!r.ok && r.error}`); assert.deepEqual(r.ok && r.message, m); }
  });
  test('openScenario and runStudy: malformed shapes are rejected with a reason', () => {
    const bad: [unknown, RegExp][] = [
      [{ type: 'openScenario' }, /id must be a non-empty string/],
      [{ type: 'openScenario', id: '' }, /id must be a non-empty string/],
      [{ type: 'openScenario', id: 42 }, /id must be a non-empty string/],
      [{ type: 'openScenario', id: '/etc/passwd' }, /example id/],
      [{ type: 'openScenario', id: 'examples/../../secret.json' }, /example id/],
      [{ type: 'openScenario', id: 'examples/stories/../x.json' }, /example id/],
      [{ type: 'openScenario', id: 'examples/other/x.json' }, /example id/],
      [{ type: 'openScenario', id: 'examples/order.bpmn' }, /example id/],
      [{ type: 'openScenario', id: `examples/${'a'.repeat(300)}.json` }, /at most 200/],
      [{ type: 'openScenario', id: 'file', extra: 1 }, /unexpected field 'extra'/],
      [{ type: 'runStudy', nodes: [] }, /nodes must be a list/],
      [{ type: 'runStudy', nodes: [0, 1] }, /nodes must be a list/],
      [{ type: 'runStudy', nodes: [1, 1] }, /distinct/],
      [{ type: 'runStudy', nodes: [1.5] }, /nodes must be a list/],
      [{ type: 'runStudy', nodes: '1..4' }, /nodes must be a list/],
      [{ type: 'runStudy', nodes: [65] }, /\[1, 64\]/],
      [{ type: 'runStudy', threads: [1, 257] }, /threads must be a list/],
      [{ type: 'runStudy', threads: Array.from({ length: 65 }, (_, i) => i + 1) }, /at most|1 to 64/],
      [{ type: 'runStudy', profile: 'quartz' }, /profile must be camunda or jbpm3/],
      [{ type: 'runStudy', nodes: [1], seed: 3 }, /unexpected field 'seed'/],
    ];
    for (const [m, why] of bad) {
      const r = validateSimulatorMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80));
      assert.match(!r.ok ? r.error : '', why, JSON.stringify(m)?.slice(0, 80));
    }
  });
  test('isSimulatorHostMessage checks the type', () => {
    for (const type of ['scenarios', 'studyProgress', 'study']) assert.ok(isSimulatorHostMessage({ type }), type);
    assert.ok(isSimulatorHostMessage({ type: 'delta', delta: {} }));
    assert.ok(!isSimulatorHostMessage({ type: 'ready' }));
    assert.ok(!isSimulatorHostMessage(null));
  });
});

describe('host controller → webview reducer', () => {
  test('10 steps: the reducer mirrors the host (events, rows, lanes), deltas carry only changes', async () => {
    const c = await SimulationController.create(await runSourceFromFile(EXAMPLE));
    const s = createState();
    const send = (m: SimulatorHostMessage) => applyHostMessage(s, JSON.parse(JSON.stringify(m)));
    send({ type: 'init', state: c.fullState() });
    for (let i = 0; i < 10; i++) {
      const before = c.trace.length;
      const d = c.step();
      assert.ok(d.events.length >= 1, 'a step brings at least one trace event');
      assert.equal(d.events[0].seq, c.trace[before].seq);
      send({ type: 'delta', delta: d });
    }
    send({ type: 'delta', delta: c.stepToAcquisition() });
    for (let i = 0; i < 30; i++) send({ type: 'delta', delta: c.step() });
    assert.deepEqual(s.events.map(e => e.seq), c.trace.map(e => e.seq).slice(0, s.events.length));
    const rows = c.allRows();
    assert.deepEqual(tableRows(s, { sortBy: 'SEQ_', descending: false, filter: '' }), rows);
    assert.equal(s.now, c.now);
    // lanes: every node has an acquisition lane and the threads that ran jobs
    const lanes = orderedLanes(s);
    assert.deepEqual([...new Set(lanes.map(l => l.node))], ['node-1', 'node-2', 'node-3']);
    const started = c.trace.filter(e => e.kind === 'jobStarted');
    assert.equal(s.bars.count, started.length);
    const acqs = c.trace.filter(e => e.kind === 'acquisition');
    assert.equal(s.ticks.count, acqs.length);
    // the last acquisition highlights its rows
    const last = acqs[acqs.length - 1];
    assert.equal(s.lastAcquisition?.seq, last.seq);
    if (last.kind === 'acquisition') for (const id of last.clashed) assert.equal(rowMark(s, id), 'clashed');
    c.close();
  });

  test('clash bars and ticks: the example produces clashed acquisitions', async () => {
    const c = await SimulationController.create(await runSourceFromFile(EXAMPLE));
    const s = createState();
    applyHostMessage(s, { type: 'init', state: c.fullState() });
    applyHostMessage(s, { type: 'delta', delta: c.runTo(1e9) });
    let clashTicks = 0;
    for (let i = 0; i < s.ticks.count; i++) if (s.ticks.cols.clashed[i] > 0) clashTicks++;
    assert.ok(clashTicks > 0);
    assert.equal(s.done, true);
    assert.equal(s.jobs.size, 0, 'every job completed and was deleted');
    c.close();
  });

  test('trace export is byte-identical to `simulate --format jsonl`', async () => {
    const c = await SimulationController.create(await runSourceFromFile(EXAMPLE));
    for (let i = 0; i < 10; i++) c.step();
    const ours = await c.traceJsonl();
    let cli = '';
    await runPrepared(await prepare(EXAMPLE, ROOT), e => { cli += JSON.stringify(e) + '\n'; });
    assert.equal(ours, cli);
    c.close();
  });

  test('rewind replays to the checkpoint: identical trace prefix, full state', async () => {
    const c = await SimulationController.create(await runSourceFromFile(EXAMPLE), { checkpointEvery: 10 });
    c.runTo(200);
    const cps = c.checkpoints;
    assert.ok(cps.length >= 3);
    const target = cps[2];
    const prefix = JSON.stringify(c.trace.slice(0, target.events));
    const full = await c.rewind(2);
    assert.equal(full.steps, target.steps);
    assert.equal(full.now, target.t);
    assert.equal(JSON.stringify(full.events), prefix);
    c.runTo(1e9);
    let cli = '';
    await runPrepared(await prepare(EXAMPLE, ROOT), e => { cli += JSON.stringify(e) + '\n'; });
    assert.equal(c.trace.map(e => JSON.stringify(e) + '\n').join(''), cli, 'stepping on after a rewind continues the same run');
    c.close();
  });

  test('explain: the clashed acquisition is explained on the table its SELECT saw', async () => {
    const c = await SimulationController.create(await runSourceFromFile(EXAMPLE));
    c.runTo(30);
    const clashed = c.trace.find(e => e.kind === 'acquisition' && e.clashed.length > 0);
    assert.ok(clashed && clashed.kind === 'acquisition');
    const x = await c.explain(clashed.seq);
    assert.match(x.basis, /as this SELECT saw it/);
    const taken = x.rows.filter(r => r.taken).sort((a, b) => a.rank! - b.rank!).map(r => r.jobId);
    assert.deepEqual(taken, clashed.selected);
    assert.ok(x.rows.some(r => r.reasons.includes('limit')));
    c.close();
  });

  test('settings rebuild the scenario; the saved scenario validates', async () => {
    const src = await runSourceFromFile(EXAMPLE);
    const s2 = applySettings(src.prepared.scenario, settings, 9);
    assert.equal(s2.nodes.length, 2);
    assert.equal(s2.seed, 9);
    assert.equal(s2.engine.jobExecutorAcquireByPriority, true);
    assert.equal(s2.nodes[0].config.jobExecutorDeploymentAware, true);
    assert.deepEqual(s2.nodes[0].config.registeredDeployments, ['work-v1']);
    assert.deepEqual(settingsOf(s2), { ...settings });
    const c = await SimulationController.create(src);
    const full = await c.applySettings(9, settings);
    assert.equal(full.nodes.length, 2);
    assert.deepEqual(validateScenario(JSON.parse(c.scenarioJson())).nodes.map(n => n.id), ['node-1', 'node-2']);
    c.close();
  });

  test('report: self-contained HTML with inline SVG charts', async () => {
    const c = await SimulationController.create(await runSourceFromFile(EXAMPLE));
    c.runTo(1e9);
    const html = reportHtml({ title: 'r', scenario: c.currentScenario, summary: c.summary(), trace: c.trace, traceHash: 'h' });
    assert.equal((html.match(/<svg /g) ?? []).length, 5);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
    const ms = metricSeries(c.trace, ['node-1', 'node-2', 'node-3'], c.now);
    assert.equal(ms.queueDepth[ms.queueDepth.length - 1], 0);
    assert.equal(ms.clashes.reduce((a, b) => a + b, 0), c.summary().lockClashes);
    c.close();
  });
});

test('simulator HTML: strict CSP, nonce script, no inline handlers', () => {
  const html = simulatorHtml({ cspSource: 'https://x', nonce: 'abc', scriptUri: 'https://x/dist/webview-simulator.js', distUri: 'https://x/dist/' });
  assert.match(html, /default-src 'none'/);
  assert.match(html, /<script nonce="abc" src=/);
  assert.doesNotMatch(html, /unsafe|\son\w+=/);
  assert.equal(simulatorCsp('S', 'n'), "default-src 'none'; img-src S data:; style-src S 'nonce-n'; font-src S; script-src 'nonce-n'");
});

describe('restoring the panel after a window reload', () => {
  const restore = { source: EXAMPLE, seed: 3, settings, now: 120 };
  test('parseRestoreState accepts what the webview saves and rejects anything else', () => {
    assert.deepEqual(parseRestoreState({ tab: 2, follow: true, restore }), restore);
    assert.deepEqual(parseRestoreState({ restore: { ...restore, source: 'C:\\work\\x.bpmn' } })?.source, 'C:\\work\\x.bpmn');
    for (const bad of [
      undefined, null, 'x', {}, { restore: null }, { restore: { ...restore, source: 'relative/x.json' } }, { restore: { ...restore, source: '/etc/passwd' } },
      { restore: { ...restore, source: '/x/\0.json' } }, { restore: { ...restore, source: `/${'a'.repeat(5000)}.json` } }, { restore: { ...restore, seed: 1.5 } },
      { restore: { ...restore, now: -1 } }, { restore: { ...restore, settings: { ...settings, nodeCount: 0 } } }, { restore: { ...restore, extra: 1 } },
    ]) assert.equal(parseRestoreState(bad), null, JSON.stringify(bad)?.slice(0, 80));
  });

  test('a run rebuilt from the saved state (settings, seed, replay to now) is the run that was shown', async () => {
    const src = await runSourceFromFile(EXAMPLE);
    const a = await SimulationController.create(src);
    await a.applySettings(restore.seed, restore.settings);
    for (let i = 0; i < 25; i++) a.step();
    const info = parseRestoreState({ restore: { source: EXAMPLE, seed: a.currentScenario.seed, settings: a.settings, now: a.now } })!;
    const b = await SimulationController.create(await runSourceFromFile(info.source));
    await b.applySettings(info.seed, info.settings);
    b.runTo(info.now);
    // runTo runs every event at `now`; the shown run may have stopped part-way through that instant.
    a.runTo(info.now);
    assert.equal(b.now, a.now);
    assert.deepEqual(b.trace, a.trace);
    assert.deepEqual(b.allRows(), a.allRows());
    a.close(); b.close();
  });
});
