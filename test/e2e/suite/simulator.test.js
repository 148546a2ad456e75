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
});
