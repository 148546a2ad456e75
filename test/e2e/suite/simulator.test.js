// The simulator panel in a real VS Code: open it on the fixture with the command, step 10 times
// through the hidden `bpmnJobLab.__simulatorCommand`, check the facts `bpmnJobLab.__simulatorState`
// reports, and export the trace: byte for byte what `bpmn-job-lab simulate --format jsonl` prints
// for the same file (the bundled CLI, run in-process).
'use strict';
const assert = require('assert');
const path = require('path');
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
