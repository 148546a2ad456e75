'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { openFixture, linted, rangeOf, ourDiagnostics } = require('./helpers');

suite('commands', () => {
  let doc, editor;
  suiteSetup(async () => {
    ({ doc, editor } = await openFixture());
    await linted(doc);
  });

  test('bpmnJobLab.explainElement explains the element at the cursor and returns JSON-able data', async () => {
    const at = rangeOf(doc, 'id="ChargeCard"', 'ChargeCard').start;
    editor.selection = new vscode.Selection(at, at);
    const result = await vscode.commands.executeCommand('bpmnJobLab.explainElement');
    assert.ok(result, 'a result');
    assert.strictEqual(result.elementId, 'ChargeCard');
    assert.ok(Array.isArray(result.elements) && result.elements.length >= 1, 'ChargeCard (asyncBefore) has jobs to explain');
    assert.ok(result.elements.every(e => e.elementId === 'ChargeCard'));
    assert.deepStrictEqual(JSON.parse(JSON.stringify(result.elements)), result.elements);
  });

  test('bpmnJobLab.explainElement takes an element id', async () => {
    const result = await vscode.commands.executeCommand('bpmnJobLab.explainElement', doc.uri, 'Ship');
    assert.strictEqual(result.elementId, 'Ship');
    assert.ok(result.elements.every(e => e.elementId === 'Ship'));
  });

  test('bpmnJobLab.lintWorkspace lints every .bpmn of the workspace and returns the count', async () => {
    const count = await vscode.commands.executeCommand('bpmnJobLab.lintWorkspace');
    assert.strictEqual(count, 1);
    assert.strictEqual(ourDiagnostics(doc.uri).length, 6);
  });
});
