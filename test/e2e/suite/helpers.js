// Shared helpers of the e2e suite: open the fixture, wait on facts (never fixed sleeps), restore.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const EXTENSION_ID = 'bpmn-job-lab.bpmn-job-lab';
const SOURCE = 'Job Lab';
const PRISTINE_DIR = process.env.JOBLAB_E2E_PRISTINE || path.resolve(__dirname, '../pristine');
const pristineText = name => fs.readFileSync(path.join(PRISTINE_DIR, name), 'utf8');

/** Poll `fn` until it returns a truthy value (returned), or fail after `timeout` ms naming `what`. */
async function waitFor(fn, what, timeout = 15000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try { last = await fn(); } catch (e) { last = e; }
    if (last && !(last instanceof Error)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

function fixtureUri(name = 'jobs.bpmn') {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) throw new Error('the e2e run has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function openFixture(name = 'jobs.bpmn') {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

async function state() {
  return vscode.commands.executeCommand('bpmnJobLab.__state');
}

/** Wait until the extension has linted exactly the document's current version. */
async function linted(doc) {
  await waitFor(async () => {
    const s = await state();
    return s && s.lintedVersions[doc.uri.toString()] === doc.version;
  }, `lint of ${path.basename(doc.uri.path)} v${doc.version}`);
}

const ruleId = d => (typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code));

function ourDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === SOURCE);
}

/** The range of `needle` (the n-th occurrence of `context`, then `needle` inside it) in `doc`. */
function rangeOf(doc, context, needle = context, occurrence = 0) {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(context, at + 1);
    if (at < 0) throw new Error(`fixture lacks ${JSON.stringify(context)}`);
  }
  const inner = context.indexOf(needle);
  if (inner < 0) throw new Error(`${JSON.stringify(needle)} is not inside ${JSON.stringify(context)}`);
  const start = at + inner;
  return new vscode.Range(doc.positionAt(start), doc.positionAt(start + needle.length));
}

/** Put the document and the file on disk back to the pristine fixture. */
async function restore(doc, name = 'jobs.bpmn') {
  const text = pristineText(name);
  if (doc.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('restore edit was not applied');
  }
  if (doc.isDirty) await doc.save();
  if (fs.readFileSync(doc.uri.fsPath, 'utf8') !== text) fs.writeFileSync(doc.uri.fsPath, text);
  await linted(doc);
}

const hoverText = hovers => hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : c.value))).join('\n');

module.exports = { EXTENSION_ID, SOURCE, waitFor, fixtureUri, openFixture, state, linted, ruleId, ourDiagnostics, rangeOf, restore, pristineText, hoverText };
