'use strict';
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const { openFixture, linted, ruleId, ourDiagnostics, rangeOf, restore, pristineText, waitFor } = require('./helpers');

suite('quick fixes, settings and saving', () => {
  let doc;
  suiteSetup(async () => {
    ({ doc } = await openFixture());
    await linted(doc);
  });
  teardown(async () => restore(doc));

  const diag = code => ourDiagnostics(doc.uri).find(d => ruleId(d) === code);

  test('"Replace camunda:async" quick fix writes camunda:asyncBefore and the diagnostic goes away', async () => {
    const d = diag('legacy-async');
    assert.ok(d, 'legacy-async is reported');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find(a => a.title.startsWith('Replace camunda:async'));
    assert.ok(fix, `quick fix offered; got ${actions.map(a => a.title).join(' | ')}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes('<bpmn:task id="Notify" name="Notify" camunda:asyncBefore="true" />'), 'text now uses asyncBefore');
    await linted(doc);
    assert.strictEqual(diag('legacy-async'), undefined);
    assert.strictEqual(ourDiagnostics(doc.uri).length, 5, 'the other findings stay');
  });

  test('quick fixes are offered only for our diagnostic at its range', async () => {
    const d = diag('async-value-not-boolean');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const ours = actions.filter(a => /camunda:exclusive/.test(a.title));
    assert.ok(ours.length >= 1, `a fix for the boolean; got ${actions.map(a => a.title).join(' | ')}`);
    await vscode.workspace.applyEdit(ours[0].edit);
    assert.ok(doc.getText().includes('camunda:exclusive="true"'));
    await linted(doc);
    assert.strictEqual(diag('async-value-not-boolean'), undefined);
  });

  test('bpmnJobLab.rules can turn legacy-async off (and a severity override applies)', async () => {
    const config = vscode.workspace.getConfiguration('bpmnJobLab');
    try {
      await config.update('rules', { 'legacy-async': 'off', 'job-priority-no-job': 'info' }, vscode.ConfigurationTarget.Global);
      await waitFor(() => !diag('legacy-async'), 'legacy-async to disappear');
      assert.strictEqual(diag('job-priority-no-job').severity, vscode.DiagnosticSeverity.Information);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor(() => diag('legacy-async'), 'legacy-async to come back');
    assert.strictEqual(diag('job-priority-no-job').severity, vscode.DiagnosticSeverity.Warning);
  });

  test('typing re-lints after the debounce: a new bad priority is reported', async () => {
    const at = rangeOf(doc, 'camunda:jobPriority="5"', '5');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, at, '5.0');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await linted(doc);
    const d = ourDiagnostics(doc.uri).filter(x => ruleId(x) === 'job-priority-invalid');
    assert.ok(d.some(x => doc.getText(x.range) === '5.0'), 'the new value is reported');
  });

  test('saving writes the edited document to disk', async () => {
    const d = diag('job-priority-invalid');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const trim = actions.find(a => /trim/i.test(a.title));
    assert.ok(trim, `a fix for the padded priority; got ${actions.map(a => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(trim.edit));
    assert.ok(doc.isDirty);
    assert.ok(await doc.save(), 'saved');
    const disk = fs.readFileSync(doc.uri.fsPath, 'utf8');
    assert.strictEqual(disk, doc.getText());
    assert.ok(disk.includes('camunda:jobPriority="10"') && !disk.includes('camunda:jobPriority=" 10"'));
    await restore(doc);
    assert.strictEqual(fs.readFileSync(doc.uri.fsPath, 'utf8'), pristineText('jobs.bpmn'));
  });
});
