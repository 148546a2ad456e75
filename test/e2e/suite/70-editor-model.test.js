// Model-based test of the visual BPMN editor in the real VS Code: a seeded random interleaving of
//   text edits (WorkspaceEdit: rename a task, toggle camunda:asyncBefore, change camunda:jobPriority),
//   diagram edits (the webview's modeling API through `bpmnJobLab.__editorTestEdit`),
//   undo, redo, save, revert (`workbench.action.files.revert`) and external changes of the file on
//   disk (written with fs while the document is not dirty),
// checked against a model of the expected state: a linear undo history of semantic states (per
// element: name, asyncBefore, jobPriority). After every step the TextDocument must reach the model's
// state; every ~100 steps and at the end the diagram's own XML (`__editorExportXml`: the webview's
// saveXML, for the document version it shows) must agree with it too, and after the final save the
// file on disk. Comparison is semantic (the set of element ids and their attributes), since bpmn-js
// re-formats the XML. Every wait is on a fact (polling), never a sleep.
//
// env: EDITOR_MODEL_STEPS (default 1000), EDITOR_MODEL_SEED (default 20240807; printed either way).
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const FIXTURE = path.resolve(__dirname, '../../browser/fixtures/jobs.bpmn');
const VIEW_TYPE = 'bpmnJobLab.editor';
const STEPS = Number(process.env.EDITOR_MODEL_STEPS || 1000);
const SEED = Number(process.env.EDITOR_MODEL_SEED || 20240807);
const CHECKPOINT_EVERY = 100;

const TASKS = ['Task_charge', 'Task_ship'];                       // named elements (rename)
const NODES = ['StartEvent_1', 'Task_charge', 'Task_ship', 'EndEvent_1'];  // async / priority
const NAMES = ['Charge card', 'Ship order', 'Pay', 'Send parcel', 'Bill customer', 'Pack items', 'Check stock'];
const PRIORITIES = ['1', '5', '10', '42', ' 7', '${prio}', '-3'];

/** mulberry32: a small seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: n => Math.floor(next() * n), pick: xs => xs[Math.floor(next() * xs.length)] };
}

// ---- semantic view of a BPMN text ----------------------------------------------------------------

const unescapeXml = s => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Start tags with an id: id -> { name, asyncBefore (boolean), jobPriority }. */
function semantic(xml) {
  const out = {};
  for (const m of xml.matchAll(/<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*"[^"]*")*)\s*\/?>/g)) {
    const attrs = {};
    for (const a of m[2].matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) attrs[a[1]] = unescapeXml(a[2]);
    if (attrs.id === undefined) continue;
    if (out[attrs.id]) throw new Error(`duplicate id ${attrs.id}`);
    out[attrs.id] = { name: attrs.name, asyncBefore: attrs['camunda:asyncBefore'] === 'true', jobPriority: attrs['camunda:jobPriority'] };
  }
  return out;
}
const canon = s => JSON.stringify(Object.keys(s).sort().map(k => [k, s[k].name ?? null, s[k].asyncBefore, s[k].jobPriority ?? null]));
function diff(expected, actual) {
  const lines = [];
  for (const id of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = JSON.stringify(expected[id]), a = JSON.stringify(actual[id]);
    if (e !== a) lines.push(`${id}: expected ${e}, got ${a}`);
  }
  return lines.join('\n');
}

// ---- text edits on one start tag --------------------------------------------------------------------

/** The [start, end) offsets of the start tag of element `id` in `text`. */
function startTag(text, id) {
  const m = new RegExp(`<[A-Za-z][\\w:.-]*(?:\\s+[\\w:.-]+\\s*=\\s*"[^"]*")*?\\s+id="${id}"(?:\\s+[\\w:.-]+\\s*=\\s*"[^"]*")*\\s*/?>`).exec(text);
  if (!m) throw new Error(`no start tag for ${id}`);
  return { start: m.index, end: m.index + m[0].length, tag: m[0] };
}

/** The tag with attribute `attr` set to `value` (escaped), or removed when `value` is undefined. */
function setAttr(tag, attr, value) {
  const re = new RegExp(`\\s+${attr.replace(/[.:]/g, '\\$&')}\\s*=\\s*"[^"]*"`);
  const escaped = value === undefined ? undefined : value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  if (re.test(tag)) return tag.replace(re, escaped === undefined ? '' : ` ${attr}="${escaped}"`);
  if (escaped === undefined) return tag;
  return tag.replace(/\s*(\/?>)$/, ` ${attr}="${escaped}"$1`);
}

/** `text` with element `id`'s attribute changed. */
function withAttr(text, id, attr, value) {
  const t = startTag(text, id);
  return text.slice(0, t.start) + setAttr(t.tag, attr, value) + text.slice(t.end);
}

const clone = s => JSON.parse(JSON.stringify(s));

// ---- VS Code side ------------------------------------------------------------------------------------

async function waitFor(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); } catch (e) { last = e; }
    if (last && !(last instanceof Error)) return last;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise(r => setTimeout(r, 10));
  }
}

suite('BPMN editor: model-based interleavings of text, diagram, undo/redo, save, revert, disk', () => {
  let uri, file;

  suiteSetup(async () => {
    await vscode.extensions.getExtension('bpmn-job-lab.bpmn-job-lab').activate();
    file = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'editor-model.bpmn');
    uri = vscode.Uri.file(file);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => {});
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
  });

  test(`${STEPS} random steps keep the file, the document and the diagram in agreement (seed ${SEED})`, async function () {
    this.timeout(Math.max(120000, STEPS * 400));
    console.log(`      editor model: seed ${SEED}, ${STEPS} steps (EDITOR_MODEL_SEED / EDITOR_MODEL_STEPS to change)`);
    const rnd = prng(SEED);
    const t0 = Date.now();
    fs.writeFileSync(file, fs.readFileSync(FIXTURE, 'utf8'));
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const doc = await waitFor(() => vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()), 'the document');
    const exportXml = () => vscode.commands.executeCommand('bpmnJobLab.__editorExportXml', uri.toString());

    // The model: a linear undo history of semantic states, the index of the current one, the saved state.
    let history = [semantic(doc.getText())];
    let at = 0;
    let diskText = doc.getText();
    const trail = [];
    const counts = {};
    const expected = () => history[at];
    const push = s => { history = history.slice(0, at + 1); history.push(s); at++; };

    const fail = (msg) => {
      throw new Error(`${msg}\nseed ${SEED}; last steps:\n  ${trail.slice(-12).join('\n  ')}`);
    };
    const docAgrees = async what => {
      try {
        await waitFor(() => canon(semantic(doc.getText())) === canon(expected()), what);
      } catch (e) {
        fail(`${e.message}\n${diff(expected(), semantic(doc.getText()))}`);
      }
    };
    /** The webview shows the document's current version (its own export says so); returns its XML. */
    const diagramSettled = async what => {
      try {
        return await waitFor(async () => {
          const r = await exportXml();
          return r && r.ok && r.version === doc.version ? r.xml : undefined;
        }, what);
      } catch (e) {
        const r = await exportXml();
        return fail(`${e.message} (document v${doc.version}, webview ${JSON.stringify({ ok: r && r.ok, error: r && r.error, version: r && r.version })})`);
      }
    };
    const checkpoint = async label => {
      await docAgrees(`the document at ${label}`);
      const xml = await diagramSettled(`the diagram at ${label}`);
      const d = semantic(xml);
      if (canon(d) !== canon(expected())) fail(`the diagram disagrees at ${label}:\n${diff(expected(), d)}`);
      if (!doc.isDirty && canon(semantic(fs.readFileSync(file, 'utf8'))) !== canon(expected())) fail(`the file on disk disagrees at ${label}`);
    };
    const applyText = async (newText, label) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), newText);
      if (!await vscode.workspace.applyEdit(edit)) fail(`${label}: applyEdit refused`);
    };

    await diagramSettled('the first import');
    await checkpoint('the start');

    const ops = [
      // [weight, name, run]
      [18, 'text:rename', async () => {
        const id = rnd.pick(TASKS), name = rnd.pick(NAMES);
        const s = clone(expected()); s[id].name = name;
        const cur = doc.getText(), next = withAttr(cur, id, 'name', name);
        if (next === cur) return `${id} already named ${JSON.stringify(name)} (skipped)`;
        push(s);
        await applyText(next, 'rename');
        return `${id} name=${JSON.stringify(name)}`;
      }],
      [16, 'text:async', async () => {
        const id = rnd.pick(NODES);
        const s = clone(expected()); s[id].asyncBefore = !s[id].asyncBefore;
        push(s);
        await applyText(withAttr(doc.getText(), id, 'camunda:asyncBefore', s[id].asyncBefore ? 'true' : undefined), 'toggle async');
        return `${id} asyncBefore=${s[id].asyncBefore}`;
      }],
      [16, 'text:priority', async () => {
        const id = rnd.pick(NODES), p = rnd.next() < 0.15 ? undefined : rnd.pick(PRIORITIES);
        const s = clone(expected()); s[id].jobPriority = p;
        const cur = doc.getText(), next = withAttr(cur, id, 'camunda:jobPriority', p);
        if (next === cur) return `${id} already has jobPriority=${JSON.stringify(p)} (skipped)`;
        push(s);
        await applyText(next, 'priority');
        return `${id} jobPriority=${JSON.stringify(p)}`;
      }],
      [10, 'diagram:async', async () => {
        const id = rnd.pick(NODES);
        await diagramSettled('the diagram before a diagram edit');
        const s = clone(expected()); s[id].asyncBefore = !s[id].asyncBefore;
        push(s);
        const r = await vscode.commands.executeCommand('bpmnJobLab.__editorTestEdit', id, uri.toString());
        if (!r || !r.ok) fail(`__editorTestEdit ${id}: ${JSON.stringify(r)}`);
        return `${id} asyncBefore=${s[id].asyncBefore}`;
      }],
      [14, 'undo', async () => {
        if (at === 0) return 'nothing to undo (skipped)';
        at--;
        await vscode.commands.executeCommand('undo');
        return `-> state ${at}`;
      }],
      [9, 'redo', async () => {
        if (at === history.length - 1) return 'nothing to redo (skipped)';
        at++;
        await vscode.commands.executeCommand('redo');
        return `-> state ${at}`;
      }],
      [8, 'save', async () => {
        if (!await doc.save() && doc.isDirty) fail('save failed');
        diskText = doc.getText();
        return `v${doc.version}`;
      }],
      [4, 'revert', async () => {
        const before = doc.getText();
        await vscode.commands.executeCommand('workbench.action.files.revert');
        // Reverting reloads the file: an undoable edit when the text differs (VS Code's updateModel).
        if (before !== diskText) push(semantic(diskText));
        await waitFor(() => !doc.isDirty && doc.getText() === diskText, 'the reverted text');
        return before !== diskText ? 'reloaded' : 'no change';
      }],
      [5, 'disk', async () => {
        if (doc.isDirty) return 'dirty (skipped)';
        const id = rnd.pick(NODES), p = rnd.pick(PRIORITIES);
        const s = clone(expected()); s[id].jobPriority = p;
        const next = withAttr(doc.getText(), id, 'camunda:jobPriority', p);
        if (next === doc.getText()) return 'no change (skipped)';
        push(s);
        diskText = next;
        fs.writeFileSync(file, next);
        await waitFor(() => doc.getText() === next, 'VS Code to pick up the file written on disk');
        return `${id} jobPriority=${JSON.stringify(p)} written to disk`;
      }],
    ];
    const total = ops.reduce((n, o) => n + o[0], 0);
    const choose = () => {
      let r = rnd.next() * total;
      for (const o of ops) { if ((r -= o[0]) < 0) return o; }
      return ops[ops.length - 1];
    };

    // The custom editor must be the active editor for undo, redo and revert.
    const active = () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab && tab.input instanceof vscode.TabInputCustom && tab.input.uri.toString() === uri.toString();
    };
    await waitFor(active, 'the diagram editor to be the active tab');

    for (let step = 1; step <= STEPS; step++) {
      const [, name, run] = choose();
      const note = await run();
      trail.push(`#${step} ${name} ${note} (doc v${doc.version}, state ${at}/${history.length - 1})`);
      counts[name] = (counts[name] || 0) + 1;
      await docAgrees(`step ${step} (${name})`);
      if (!active()) fail(`step ${step}: the diagram editor is no longer the active tab`);
      if (step % CHECKPOINT_EVERY === 0) await checkpoint(`step ${step}`);
    }

    // The end: save, then disk, document and diagram agree with the model.
    await doc.save();
    assert.ok(!doc.isDirty, 'saved');
    await checkpoint('the end');
    const disk = fs.readFileSync(file, 'utf8');
    assert.strictEqual(disk, doc.getText(), 'the file on disk is the document text');
    assert.strictEqual(canon(semantic(disk)), canon(expected()));
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    console.log(`      editor model: ${STEPS} steps in ${secs} s; ${JSON.stringify(counts)}; history ${history.length}, at ${at}`);
  });
});
