'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, waitFor, openFixture, linted, pristineText } = require('./helpers');

suite('activation', () => {
  test('the fixture workspace is pristine', () => {
    const [folder] = vscode.workspace.workspaceFolders || [];
    assert.ok(folder, 'a workspace folder is open');
    assert.strictEqual(require('fs').readFileSync(vscode.Uri.joinPath(folder.uri, 'jobs.bpmn').fsPath, 'utf8'), pristineText('jobs.bpmn'));
  });

  test('opening a .bpmn file activates the extension (onLanguage:bpmn, no explicit activate)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    const { doc } = await openFixture();
    assert.strictEqual(doc.languageId, 'bpmn');
    await waitFor(() => ext.isActive, 'the extension to activate');
    await linted(doc);
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['bpmnJobLab.explainElement', 'bpmnJobLab.lintWorkspace', 'bpmnJobLab.__state']) {
      assert.ok(commands.includes(c), `command ${c} is registered`);
    }
  });
});
