// Webview security in a real VS Code (issue #8): a storm of malformed messages through the editor
// session's host-side receive path (what the webview's onDidReceiveMessage calls; reached with the
// hidden `bpmnJobLab.__editorInjectMessage` test command) is logged and dropped: the document and the
// session's state do not change, and the real webview round trip still works afterwards.
// The simulator panel gets its own storm through its real receive path (the same gate, reached with
// the hidden `bpmnJobLab.__simulatorInjectMessage`): all dropped and counted, the run unchanged, and a
// valid `control` step still works afterwards.
// Deterministic: a seeded generator (FUZZ_SEED, FUZZ_RUNS override; default 500 editor messages and
// 300 simulator messages).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { waitFor: sharedWaitFor, fixtureUri } = require('./helpers');

const FIXTURE = path.resolve(__dirname, '../../browser/fixtures/jobs.bpmn');
const VIEW_TYPE = 'bpmnJobLab.editor';
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261122;
const RUNS = process.env.FUZZ_RUNS !== undefined ? Number(process.env.FUZZ_RUNS) : 500;

const waitFor = (fn, what, ms = 20000) => sharedWaitFor(fn, what, ms);

/** mulberry32: a small seeded generator. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID = [
  { type: 'ready' }, { type: 'undo' }, { type: 'redo' }, { type: 'openAsText' },
  { type: 'edit', text: '<x/>', baseVersion: 1 },
  { type: 'imported', version: 1, ok: true, millis: 3, elementCount: 4 },
  { type: 'rendered', version: 1, findingsShown: 1, badgesShown: 1, badgesVisible: true },
  { type: 'markersShown', version: 1, findingsVersion: 1, elementIds: ['Task_ship'] },
  { type: 'revealRange', elementId: 'Task_ship' },
  { type: 'testResult', requestId: 1, ok: true },
];
const BAD_VALUES = [null, -1, 1.5, NaN, 2 ** 60, '', 'x'.repeat(5000), [], {}, true, { a: { b: { c: [] } } }];
const RESERVED = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'extra'];

/** One malformed message: a broken valid one, a wrong type, a non-object, deep nesting or an oversized field. */
function malformed(r) {
  const pick = a => a[Math.floor(r() * a.length)];
  const base = Object.assign({}, pick(VALID));
  const keys = Object.keys(base).filter(k => k !== 'type');
  switch (Math.floor(r() * 8)) {
    case 0: if (keys.length) { delete base[pick(keys)]; return base; } base.extra = 1; return base;
    case 1: if (keys.length) { const k = pick(keys); let v = pick(BAD_VALUES); if (typeof v === typeof base[k]) v = [v]; base[k] = v; return base; } base.type = 'ready '; return base;
    case 2: Object.defineProperty(base, pick(RESERVED), { value: pick(BAD_VALUES), enumerable: true, configurable: true, writable: true }); return base;
    case 3: return JSON.parse(JSON.stringify(base).replace(/^\{/, '{"__proto__":{"polluted":true},'));
    case 4: base.type = pick(['', 'READY', 'init', 'update', '__proto__', 'constructor', 'x'.repeat(200), 7, null, ['ready']]); return base;
    case 5: return pick([null, undefined, 0, 'ready', [], [{ type: 'ready' }], true]);
    case 6: { let v = 'leaf'; const depth = 1000 + Math.floor(r() * 5000); for (let i = 0; i < depth; i++) v = r() < 0.5 ? [v] : { a: v }; base[keys.length ? pick(keys) : 'nested'] = v; return base; }
    default: return { type: 'markersShown', version: 1, findingsVersion: 1, elementIds: new Array(100001).fill('a') };
  }
}

/** A short description of a message for a failure report (deep values are not stringified). */
function describe(raw) {
  if (raw === null || typeof raw !== 'object') return String(raw);
  return `{ ${Object.keys(raw).map(k => { const v = raw[k]; return `${k}: ${typeof v === 'string' ? (v.length > 40 ? `<${v.length} chars>` : JSON.stringify(v)) : Array.isArray(v) ? `[${v.length} items]` : typeof v === 'object' && v ? '{...}' : String(v)}`; }).join(', ')} }`;
}

const editorState = uri => vscode.commands.executeCommand('bpmnJobLab.__editorState', uri.toString());
const inject = (raw, uri) => vscode.commands.executeCommand('bpmnJobLab.__editorInjectMessage', raw, uri.toString());
const docFor = uri => vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
const stable = s => ({ ready: s.ready, documentVersion: s.documentVersion, lastImportedVersion: s.lastImportedVersion, lastError: s.lastError,
  findingsShown: s.findingsShown, badgesShown: s.badgesShown, badgesVisible: s.badgesVisible, editsApplied: s.editsApplied, markedElementIds: s.markedElementIds });

suite('message fuzz: malformed webview messages at the host boundary', () => {
  let uri;

  suiteSetup(async () => {
    await vscode.extensions.getExtension('bpmn-job-lab.bpmn-job-lab').activate();
    uri = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, 'message-fuzz-e2e.bpmn'));
    fs.writeFileSync(uri.fsPath, fs.readFileSync(FIXTURE, 'utf8'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(uri.fsPath, { force: true });
  });

  test(`${RUNS} malformed messages are dropped without a state change; the webview still works afterwards`, async function () {
    this.timeout(120000);
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE);
    const first = await waitFor(async () => {
      const s = await editorState(uri);
      const doc = docFor(uri);
      return s && s.ready && doc && s.lastImportedVersion === doc.version && s.findingsShown > 0 ? s : undefined;
    }, 'the first import with findings drawn');
    // let the webview's own reports settle: the state must be the same twice in a row
    let before = stable(first);
    await waitFor(async () => { const s = stable(await editorState(uri)); const same = JSON.stringify(s) === JSON.stringify(before); before = s; return same; }, 'a settled editor state');
    const doc = docFor(uri);
    const text = doc.getText();
    const dropped0 = (await editorState(uri)).messagesDropped;

    const r = rng(SEED);
    for (let i = 0; i < RUNS; i++) {
      const raw = malformed(r);
      const verdict = await inject(raw, uri);
      if (verdict !== 'dropped') assert.fail(`message ${i} (seed ${SEED}) was not dropped (${verdict}): ${describe(raw)}`);
    }
    const after = await editorState(uri);
    assert.strictEqual(after.messagesDropped - dropped0, RUNS);
    assert.deepStrictEqual(stable(after), before, 'the session state changed');
    assert.strictEqual(doc.getText(), text, 'the document changed');
    assert.strictEqual(doc.isDirty, false);
    assert.strictEqual(({}).polluted, undefined, 'Object.prototype was polluted in the extension host');

    // a valid message still goes through, and the real webview round trip still works
    assert.strictEqual(await inject({ type: 'error', message: 'message-fuzz e2e: a valid message after the storm' }, uri), 'handled');
    const edited = await vscode.commands.executeCommand('bpmnJobLab.__editorTestEdit', 'Task_ship', uri.toString());
    assert.deepStrictEqual(edited, { ok: true });
    await waitFor(() => /<bpmn:serviceTask id="Task_ship"[^>]*camunda:asyncBefore="true"/.test(doc.getText()), 'the diagram edit in the text');
    assert.ok((await editorState(uri)).editsApplied > before.editsApplied);
  });
});

// ---- the simulator panel ---------------------------------------------------------------------------

const SIM_RUNS = process.env.FUZZ_RUNS !== undefined ? Number(process.env.FUZZ_RUNS) : 300;
/** Valid simulator messages that only change the run (no dialogs, no studies, no scenario switch). */
const SIM_VALID = [
  { type: 'ready' }, { type: 'control', action: 'step' }, { type: 'speed', speed: 1000 }, { type: 'runTo', t: 5000 },
  { type: 'rewind', checkpoint: 0 }, { type: 'explain', seq: 1 }, { type: 'node', action: 'crash', node: 'node-1' },
  { type: 'applySettings', seed: 7, settings: { nodeCount: 2, threads: 2, jobExecutorAcquireByPriority: false, jobExecutorPreferTimerJobs: false,
    jobExecutorAcquireByDueDate: false, deploymentAware: [false, false], lockTimeInMillis: 300000, maxJobsPerAcquisition: 3, waitTimeInMillis: 5000,
    maxWait: 60000, backoffTimeInMillis: 0, maxBackoff: 0 } },
];

/** One malformed simulator message: a valid one broken in one place, a wrong type, a non-object, deep nesting, oversized or hostile. */
function malformedSim(r) {
  const pick = a => a[Math.floor(r() * a.length)];
  const base = JSON.parse(JSON.stringify(pick(SIM_VALID)));
  const keys = Object.keys(base).filter(k => k !== 'type');
  switch (Math.floor(r() * 10)) {
    case 0: if (keys.length) { delete base[pick(keys)]; return base; } base.extra = 1; return base;
    case 1: if (keys.length) { const k = pick(keys); let v = pick(BAD_VALUES); if (typeof v === typeof base[k]) v = [v]; base[k] = v; return base; } base.type = 'ready '; return base;
    case 2: Object.defineProperty(base, pick(RESERVED), { value: pick(BAD_VALUES), enumerable: true, configurable: true, writable: true }); return base;
    case 3: return JSON.parse(JSON.stringify(base).replace(/^\{/, '{"__proto__":{"polluted":true},'));
    case 4: base.type = pick(['', 'READY', 'Control', 'init', 'delta', '__proto__', 'constructor', 'x'.repeat(200), 7, null, ['control']]); return base;
    case 5: return pick([null, undefined, 0, 'ready', [], [{ type: 'control', action: 'step' }], true]);
    case 6: { let v = 'leaf'; const depth = 1000 + Math.floor(r() * 5000); for (let i = 0; i < depth; i++) v = r() < 0.5 ? [v] : { a: v }; base[keys.length ? pick(keys) : 'nested'] = v; return base; }
    case 7: return pick([
      { type: 'control', action: 'step', extra: 'x'.repeat(100000) }, { type: 'node', action: 'crash', node: 'n'.repeat(100000) },
      { type: 'runStudy', nodes: Array.from({ length: 100000 }, (_, i) => i + 1) }, { type: 'openScenario', id: '../../../etc/passwd.json' },
      { type: 'export', what: 'everything' }, { type: 'control', action: 'explode' },
    ]);
    case 8: if (base.settings) { const k = pick(Object.keys(base.settings)); base.settings[k] = k === 'deploymentAware' ? [1] : pick([null, -1, 'x', [], 2 ** 60]); return base; }
      base.settings = {}; return base;
    default: // what postMessage cannot deliver, but the gate must survive: throwing getters
      return pick([
        Object.defineProperty({}, 'type', { get() { throw new Error('boom'); }, enumerable: true }),
        Object.defineProperty({ type: 'control' }, 'action', { get() { throw new Error('boom'); }, enumerable: true }),
      ]);
  }
}

const simState = () => vscode.commands.executeCommand('bpmnJobLab.__simulatorState');
const simInject = raw => vscode.commands.executeCommand('bpmnJobLab.__simulatorInjectMessage', raw);
const simStable = s => ({ open: s.open, ready: s.ready, file: s.file, now: s.now, steps: s.steps, done: s.done, running: s.running, events: s.events,
  jobs: s.jobs, traceHash: s.traceHash, messagesPosted: s.messagesPosted, scenario: s.scenario, study: s.study, studyRunning: s.studyRunning });

suite('message fuzz: malformed messages at the simulator panel\'s host boundary', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension('bpmn-job-lab.bpmn-job-lab').activate();
    await vscode.commands.executeCommand('bpmnJobLab.simulateCluster', fixtureUri('jobs.bpmn'));
    await waitFor(async () => { const s = await simState(); return s.open && s.ready && s.scenarios > 1; }, 'the simulator webview ready with its picker', 30000);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test(`${SIM_RUNS} malformed simulator messages are dropped and counted; the run does not change; a valid step still works`, async function () {
    this.timeout(120000);
    // let the webview's own start-up messages settle: the state must be the same twice in a row
    let before = simStable(await simState());
    await waitFor(async () => { const s = simStable(await simState()); const same = JSON.stringify(s) === JSON.stringify(before); before = s; return same; }, 'a settled simulator state');
    const dropped0 = (await simState()).dropped;

    const r = rng(SEED + 1);
    for (let i = 0; i < SIM_RUNS; i++) {
      const raw = malformedSim(r);
      const verdict = await simInject(raw);
      if (verdict !== 'dropped') assert.fail(`simulator message ${i} (seed ${SEED + 1}) was not dropped (${verdict}): ${describe(raw)}`);
    }
    const after = await simState();
    assert.strictEqual(after.dropped - dropped0, SIM_RUNS, 'every malformed message is counted once');
    assert.deepStrictEqual(simStable(after), before, 'the simulator state changed');
    assert.strictEqual(({}).polluted, undefined, 'Object.prototype was polluted in the extension host');

    // a valid step still goes through the same path and moves the run
    assert.strictEqual(await simInject({ type: 'control', action: 'step' }), 'handled');
    const stepped = await waitFor(async () => { const s = await simState(); return s.steps === before.steps + 1 && s; }, 'the step after the storm');
    assert.ok(stepped.events > before.events, 'the step brought trace events');
    assert.ok(stepped.messagesPosted > before.messagesPosted, 'the step\'s delta was posted to the webview');
    assert.strictEqual(stepped.dropped, after.dropped, 'a valid message is not counted as dropped');
  });
});
