// The visual BPMN editor in a real VS Code: the TextDocument is the one model. Waits on facts
// reported by the hidden `bpmnJobLab.__editorState` command, never on sleeps.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { waitFor: sharedWaitFor } = require('./helpers');

const FIXTURE = path.resolve(__dirname, '../../browser/fixtures/jobs.bpmn');
const VIEW_TYPE = 'bpmnJobLab.editor';

const waitFor = (fn, what, ms = 20000) => sharedWaitFor(fn, what, ms);

const editorState = uri => vscode.commands.executeCommand('bpmnJobLab.__editorState', uri.toString());
const docFor = uri => vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());

/** Waits until the webview reports it imported exactly the document's current version. */
async function waitImported(uri, what) {
  return waitFor(async () => {
    const s = await editorState(uri);
    const doc = docFor(uri);
    return s && s.ready && doc && s.lastImportedVersion === doc.version ? s : undefined;
  }, what);
}

suite('BPMN editor (custom text editor)', () => {
  let dir;
  const made = [];
  const file = name => { const p = path.join(dir, name); made.push(p); return vscode.Uri.file(p); };

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension('bpmn-job-lab.bpmn-job-lab');
    await ext.activate();
    dir = vscode.workspace.workspaceFolders[0].uri.fsPath;
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of made) fs.rmSync(p, { force: true });
  });

  test('opens, syncs text edits into the diagram, diagram edits into the text, undo and save', async function () {
    this.timeout(90000);
    const uri = file('editor-e2e.bpmn');
    fs.writeFileSync(uri.fsPath, fs.readFileSync(FIXTURE, 'utf8'));
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    let s = await waitImported(uri, 'the first import');
    assert.strictEqual(s.lastError, undefined);
    await waitFor(async () => (await editorState(uri)).findingsShown > 0, 'findings drawn on the diagram');

    // A text edit (as from the text editor or git) is re-imported.
    const doc = docFor(uri);
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('Charge card');
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Charge card'.length)), 'Charge the card');
    assert.ok(await vscode.workspace.applyEdit(edit));
    s = await waitImported(uri, 'the import of the text edit');
    assert.strictEqual(s.lastImportedVersion, doc.version);

    // The webview round trip: modeling API -> edit message -> WorkspaceEdit.
    const before = doc.getText();
    const r = await vscode.commands.executeCommand('bpmnJobLab.__editorTestEdit', 'Task_ship', uri.toString());
    assert.deepStrictEqual(r, { ok: true });
    await waitFor(() => /<bpmn:serviceTask id="Task_ship"[^>]*camunda:asyncBefore="true"/.test(doc.getText()), 'the diagram edit in the text');
    assert.ok(doc.isDirty);
    assert.ok((await editorState(uri)).editsApplied >= 1);

    // VS Code's undo reverts the document; the diagram follows.
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);  // make sure it is the active editor
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === before, 'undo to restore the text');
    await waitImported(uri, 'the import after undo');

    // Save writes the document to disk.
    assert.ok(await doc.save());
    assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), doc.getText());
    assert.ok(fs.readFileSync(uri.fsPath, 'utf8').includes('Charge the card'));
  });

  test('finding markers follow the text: an invalid priority is marked, fixing it in the text removes the marker', async function () {
    this.timeout(60000);
    const uri = file('editor-markers.bpmn');
    fs.writeFileSync(uri.fsPath, fs.readFileSync(FIXTURE, 'utf8'));
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await waitImported(uri, 'the first import');
    const doc = docFor(uri);
    // The webview reports which elements carry a marker (read from its DOM) and for which document
    // version the drawn findings were computed: wait until it shows the current ones.
    const markersFor = v => async () => {
      const s = await editorState(uri);
      return s && s.markersFindingsVersion === v && s.markersVersion === v ? s : undefined;
    };
    let s = await waitFor(markersFor(doc.version), 'markers for the opened version');
    assert.deepStrictEqual(s.markedElementIds, ['Task_ship'], 'only the task with the invalid priority " 7" is marked');
    assert.ok(s.findingsShown >= 1);

    // Fix it as a user would in the text editor: a valid priority, on an element that creates a job
    // (a priority on an element without a job is itself a warning, which would keep a marker).
    const bad = 'camunda:jobPriority=" 7"';
    const at = doc.getText().indexOf(bad);
    assert.ok(at > 0, 'the fixture has the invalid priority');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + bad.length)), 'camunda:asyncBefore="true" camunda:jobPriority="7"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    s = await waitFor(markersFor(doc.version), 'markers for the fixed version');
    assert.deepStrictEqual(s.markedElementIds, [], 'no marker after the fix');
    assert.strictEqual(s.findingsShown, 0);

    // And back: undo brings the invalid priority and its marker back.
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText().includes(bad), 'undo to restore the invalid priority');
    s = await waitFor(markersFor(doc.version), 'markers after undo');
    assert.deepStrictEqual(s.markedElementIds, ['Task_ship']);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('invalid XML keeps the last diagram and reports the error; fixing it recovers', async function () {
    this.timeout(60000);
    const uri = file('editor-e2e.bpmn');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await waitImported(uri, 'import');
    const doc = docFor(uri);
    const good = doc.getText();
    const edit = new vscode.WorkspaceEdit();
    const at = good.indexOf('<bpmn:endEvent id="EndEvent_1">');
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '<bpmn:endEvent id="EndEvent_1">'.length)), '<bpmn:endEvent id="EndEvent_1"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const s = await waitImported(uri, 'the failed import');
    assert.ok(s.lastError, 'an import error is reported');
    // The broken text is still what the document holds: nothing the user typed was replaced.
    assert.ok(doc.getText().includes('<bpmn:endEvent id="EndEvent_1"\n'));
    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), good);
    assert.ok(await vscode.workspace.applyEdit(fix));
    const ok = await waitImported(uri, 'the recovered import');
    assert.strictEqual(ok.lastError, undefined);
    await doc.save();
  });

  test('an empty .bpmn opens as a new diagram with a start event', async function () {
    this.timeout(60000);
    const uri = file('editor-empty.bpmn');
    fs.writeFileSync(uri.fsPath, '');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await waitFor(() => docFor(uri) && /<bpmn:startEvent id="StartEvent_1"/.test(docFor(uri).getText()), 'the initial diagram in the document');
    const s = await waitImported(uri, 'the import of the initial diagram');
    assert.strictEqual(s.lastError, undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('Open as Text opens the text editor on the same document', async function () {
    this.timeout(30000);
    const uri = file('editor-e2e.bpmn');
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    await waitImported(uri, 'import');
    await vscode.commands.executeCommand('bpmnJobLab.openAsText', uri);
    await waitFor(() => vscode.window.activeTextEditor && vscode.window.activeTextEditor.document.uri.toString() === uri.toString(), 'the text editor');
  });
});
