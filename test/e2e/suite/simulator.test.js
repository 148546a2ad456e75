// The simulator panel in a real VS Code: open it on the fixture with the command, step 10 times
// through the hidden `bpmnJobLab.__simulatorCommand`, check the facts `bpmnJobLab.__simulatorState`
// reports, and export the trace: byte for byte what `bpmn-job-lab simulate --format jsonl` prints
// for the same file (the bundled CLI, run in-process).
'use strict';
const assert = require('assert');
const path = require('path');
const crypto = require('crypto');
const vscode = require('vscode');
const { waitFor, fixtureUri } = require('./helpers');

const EXTENSION_ID = 'bpmn-job-lab.bpmn-job-lab';
const state = () => vscode.commands.executeCommand('bpmnJobLab.__simulatorState');
const command = m => vscode.commands.executeCommand('bpmnJobLab.__simulatorCommand', m);

suite('simulator panel', () => {
  suiteSetup(async () => {
    await vscode.commands.executeCommand('bpmnJobLab.simulateCluster', fixtureUri('jobs.bpmn'));
    await waitFor(async () => { const s = await state(); return s.open && s.ready; }, 'the simulator webview to post ready', 30000);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the panel opened on the fixture and sent its full state', async () => {
    const s = await state();
    assert.strictEqual(path.basename(s.file), 'jobs.bpmn');
    assert.ok(s.messagesPosted >= 1, 'init posted');
    assert.strictEqual(s.steps, 0);
  });

  test('10 steps: each brings at least one trace event', async () => {
    let prev = await state();
    for (let i = 0; i < 10; i++) {
      const r = await command({ type: 'control', action: 'step' });
      assert.ok(r.ok, JSON.stringify(r));
      assert.ok(r.state.events > prev.events, `step ${i}: events ${prev.events} -> ${r.state.events}`);
      assert.ok(r.state.steps > prev.steps && r.state.now >= prev.now, `step ${i} advanced`);
      prev = r.state;
    }
    assert.ok(prev.messagesPosted >= 11, 'init + 10 deltas posted');
  });

  test('step to the next acquisition: the trace so far is the CLI run\'s prefix and the job rows follow from it', async () => {
    const before = await state();
    const r = await command({ type: 'control', action: 'stepAcquisition' });
    assert.ok(r.ok, JSON.stringify(r));
    const s = await vscode.commands.executeCommand('bpmnJobLab.__simulatorState', { rows: true });
    assert.ok(s.events > before.events, `events ${before.events} -> ${s.events}`);
    assert.ok(Array.isArray(s.rows), 'rows returned on request');
    assert.strictEqual((await state()).rows, undefined, 'rows only on request');
    // The same file and seed through the bundled CLI, cut at the same event count.
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const cli = require(path.join(ext.extensionPath, 'dist', 'cli.js'));
    const file = fixtureUri('jobs.bpmn').fsPath;
    let out = '', err = '';
    const code = await cli.main(['simulate', file, '--format', 'jsonl'], { stdout: t => { out += t; }, stderr: t => { err += t; }, cwd: path.dirname(file) });
    assert.strictEqual(code, 0, err);
    const lines = out.split('\n').filter(l => l.length > 0);
    assert.ok(lines.length >= s.events, `CLI trace has ${lines.length} events, panel ${s.events}`);
    const prefix = lines.slice(0, s.events).map(l => JSON.parse(l));
    // traceHash = SHA-256 over JSON.stringify(event) + '\n' per event.
    const h = crypto.createHash('sha256');
    for (const e of prefix) h.update(JSON.stringify(e) + '\n');
    assert.strictEqual(s.traceHash, h.digest('hex'), 'trace up to this step identical to the CLI run');
    assert.strictEqual(s.now, prefix[prefix.length - 1].t, 'virtual time = time of the last event');
    assert.deepStrictEqual(prefix[prefix.length - 1], s.lastEvent, 'same last event');
    assert.ok(prefix.slice(before.events).some(e => e.kind === 'acquisition'), 'the step reached an acquisition');
    // Rows consistent with that trace: every job created and not completed/deleted, with its retries.
    const live = new Map();
    for (const e of prefix) {
      if (e.kind === 'jobCreated') live.set(e.jobId, { retries: e.retries, act: e.activityId, pi: e.processInstanceId, priority: e.priority });
      else if (e.kind === 'jobFailed') { if (live.has(e.jobId)) live.get(e.jobId).retries = e.retries; }
      else if (e.kind === 'jobDeleted') live.delete(e.jobId);
      else if (e.kind === 'jobCompleted') { live.delete(e.jobId); for (const d of e.deletedJobs ?? []) live.delete(d); }
    }
    assert.ok(live.size > 0, 'jobs in the table at this step');
    assert.deepStrictEqual(s.rows.map(r => r.ID_).sort(), [...live.keys()].sort(), 'the same job ids');
    for (const row of s.rows) {
      const j = live.get(row.ID_);
      assert.strictEqual(row.RETRIES_, j.retries, `retries of ${row.ID_}`);
      assert.strictEqual(row.ACT_ID_, j.act, `activity of ${row.ID_}`);
      assert.strictEqual(row.PROCESS_INSTANCE_ID_, j.pi, `process instance of ${row.ID_}`);
    }
    assert.strictEqual(s.jobs, s.rows.length);
  });

  test('malformed commands are dropped and counted', async () => {
    const before = (await state()).dropped;
    const r = await command({ type: 'control', action: 'explode' });
    assert.strictEqual(r.ok, false);
    assert.strictEqual((await state()).dropped, before + 1);
  });

  test('exported trace is byte-identical to `simulate --format jsonl`', async () => {
    const r = await command({ type: 'export', what: 'trace' });
    assert.ok(r.ok && typeof r.text === 'string' && r.text.length > 0);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    const cli = require(path.join(ext.extensionPath, 'dist', 'cli.js'));
    let out = '', err = '';
    const code = await cli.main(['simulate', fixtureUri('jobs.bpmn').fsPath, '--format', 'jsonl'], { stdout: s => { out += s; }, stderr: s => { err += s; }, cwd: path.dirname(fixtureUri('jobs.bpmn').fsPath) });
    assert.strictEqual(code, 0, err);
    assert.strictEqual(r.text.length, out.length, 'same length');
    assert.ok(r.text === out, 'same bytes');
  });

  test('the scenario export validates as a scenario with the same nodes', async () => {
    const r = await command({ type: 'export', what: 'scenario' });
    const json = JSON.parse(r.text);
    assert.strictEqual(json.nodes.length, 3);
    assert.strictEqual(json.seed, 1);
  });

  test('Open Example Scenario with a story id opens the panel on the story; the picker switches runs', async () => {
    const story = 'examples/stories/3-node-crash-lock-30s.json';
    const file = await vscode.commands.executeCommand('bpmnJobLab.openExampleScenario', story);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.strictEqual(file, path.join(ext.extensionPath, ...story.split('/')), 'the installed story file');
    const s = await waitFor(async () => { const x = await state(); return x.open && x.ready && x.scenario === story && x.scenarios > 20 && x; }, 'the panel on the story with its picker filled', 30000);
    assert.strictEqual(path.basename(s.file), '3-node-crash-lock-30s.json');
    assert.strictEqual(s.steps, 0);
    // An unknown example is refused without touching the panel.
    assert.strictEqual(await vscode.commands.executeCommand('bpmnJobLab.openExampleScenario', 'no-such-story.json'), undefined);
    // The picker's message: another story is simulated in the same panel, then back to the file it was opened on.
    let r = await command({ type: 'openScenario', id: 'examples/stories/5-parallel-join-exclusive.json' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.strictEqual(path.basename(r.state.file), '5-parallel-join-exclusive.json');
    assert.strictEqual(r.state.scenario, 'examples/stories/5-parallel-join-exclusive.json');
    r = await command({ type: 'control', action: 'step' });
    assert.ok(r.state.events > 0, 'the new run steps');
    r = await command({ type: 'openScenario', id: 'file' });
    assert.strictEqual(path.basename(r.state.file), '3-node-crash-lock-30s.json');
    assert.strictEqual(r.state.steps, 0, 'a fresh run');
    // A path outside the examples is not a picker id.
    const before = (await state()).dropped;
    r = await command({ type: 'openScenario', id: '../../package.json' });
    assert.strictEqual(r.ok, false);
    assert.strictEqual((await state()).dropped, before + 1);
  });

  test('Run Scaling Study with arguments: the points reach the panel; the study ran in worker threads', async () => {
    const view = await vscode.commands.executeCommand('bpmnJobLab.runScalingStudy', undefined, { nodes: [1, 2], threads: [1, 2], profile: 'camunda' });
    assert.ok(view, 'a study result');
    assert.strictEqual(view.cancelled, false);
    assert.strictEqual(view.scenario, '3-node-crash-lock-30s.json');
    assert.deepStrictEqual(view.points.map(p => `${p.nodes}x${p.threads}`), ['1x1', '2x1', '1x2', '2x2']);
    for (const p of view.points) {
      assert.ok(p.jobsCompleted > 0 && p.makespanMs > 0, JSON.stringify(p));
      if (p.nodes === 1) assert.strictEqual(p.acceleration, 1);
    }
    // dist/study-worker.js was found beside the extension bundle (the host's event loop stayed free).
    assert.match(view.execution, /^workers/, `execution: ${view.execution}`);
    const s = await waitFor(async () => { const x = await state(); return x.study && x.study.posted && x; }, 'the study posted to the webview');
    assert.deepStrictEqual(s.study, { nodes: [1, 2], threads: [1, 2], points: 4, cancelled: false, posted: true });
    assert.strictEqual(s.studyRunning, false);
    // Bad arguments are refused with a message, no study runs.
    assert.strictEqual(await vscode.commands.executeCommand('bpmnJobLab.runScalingStudy', undefined, { nodes: [0], threads: [1] }), undefined);
  });

  test('Run Scaling Study on a file opens the panel on it and studies it', async () => {
    const view = await vscode.commands.executeCommand('bpmnJobLab.runScalingStudy', fixtureUri('jobs.bpmn'), { nodes: [1, 2], threads: [2] });
    assert.ok(view, 'a study result');
    assert.strictEqual(view.scenario, 'jobs.bpmn');
    assert.strictEqual(view.profile, 'camunda');
    assert.strictEqual(view.points.length, 2);
    const s = await waitFor(async () => { const x = await state(); return x.open && x.ready && x.study && x.study.posted && x; }, 'the study of jobs.bpmn in its panel', 30000);
    assert.strictEqual(path.basename(s.file), 'jobs.bpmn');
    assert.strictEqual(s.scenario, 'file');
    assert.strictEqual(s.study.points, 2);
  });
});
