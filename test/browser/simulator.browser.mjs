// Real-browser test of the simulator webview (dist/webview-simulator.js) in Debian Chromium via
// playwright-core, fed with real messages from the host-side controller running
// examples/lock-clash-nodes.json. Run through scripts/test-browser.mjs; the last line is
// `browser: N passed, N failed`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { chromium } from 'playwright-core';
import { startServer } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const SHOTS = join(ROOT, 'test-results', 'browser');
const { simulatorHtml } = await tsImport('../../src/simulation/html.ts', import.meta.url);
const { SimulationController } = await tsImport('../../src/simulation/controller.ts', import.meta.url);
const { runSourceFromFile } = await tsImport('../../src/simulation/fromFile.ts', import.meta.url);
const { validateSimulatorMessage, parseRestoreState } = await tsImport('../../src/protocol/simulator.ts', import.meta.url);
const { listExamples, scenarioChoices } = await tsImport('../../src/simulation/examples.ts', import.meta.url);
const { runPanelStudy } = await tsImport('../../src/simulation/study.ts', import.meta.url);

const results = [];
async function test(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`  ✘ ${name}\n    ${String(err && err.stack || err).split('\n').slice(0, 6).join('\n    ')}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }
function eq(a, b, msg) { if (a !== b) throw new Error(`${msg}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`); }

// The harness serves its page through the function it is given: ours, pointed at the simulator bundle.
const server = await startServer({
  root: ROOT,
  editorHtml: o => simulatorHtml({ ...o, scriptUri: o.scriptUri.replace('webview-editor.js', 'webview-simulator.js') }),
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
const pageErrors = [];
const foreignRequests = [];
page.on('pageerror', e => pageErrors.push(String(e)));
page.on('console', m => { if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) pageErrors.push(`console: ${m.text()}`); });
page.on('response', r => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) pageErrors.push(`HTTP ${r.status()} ${r.url()}`); });
page.on('request', r => { if (!r.url().startsWith(server.origin) && !r.url().startsWith('data:')) foreignRequests.push(r.url()); });

const posted = () => page.evaluate(() => window.__posted);
const clearPosted = () => page.evaluate(() => { window.__posted.length = 0; });
const send = msg => page.evaluate(m => window.postMessage(m, '*'), JSON.parse(JSON.stringify(msg)));
async function waitPosted(pred, what, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const hit = (await posted()).find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; posted: ${JSON.stringify((await posted()).map(m => m.type))}`);
    await page.waitForTimeout(25);
  }
}
const appData = () => page.evaluate(() => ({ ...document.getElementById('app').dataset }));
const canvasData = () => page.evaluate(() => ({ ...document.getElementById('lanes-canvas').dataset }));
async function waitApp(pred, what) {
  const end = Date.now() + 10000;
  for (;;) {
    const d = await appData();
    if (pred(d)) return d;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(d)}`);
    await page.waitForTimeout(25);
  }
}

mkdirSync(SHOTS, { recursive: true });
console.log('browser: simulator webview');
const controller = await SimulationController.create(await runSourceFromFile(join(ROOT, 'examples/lock-clash-nodes.json')));

await test('loads under the strict CSP and posts ready last; the host answers with init', async () => {
  await page.goto(`${server.origin}/?theme=light`);
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(`${server.origin}/?theme=light`);
  await waitPosted(m => m.type === 'ready', 'ready');
  const msgs = await posted();
  eq(msgs[msgs.length - 1].type, 'ready', 'last message');
  for (const m of msgs) assert(validateSimulatorMessage(m).ok, `invalid message ${JSON.stringify(m)}`);
  const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert(/default-src 'none'/.test(csp) && !/unsafe/.test(csp), `CSP: ${csp}`);
  await send({ type: 'init', state: controller.fullState() });
  await waitApp(d => d.events === String(controller.trace.length), 'init applied');
});

await test('10 steps: status, lanes and the job table follow the trace', async () => {
  for (let i = 0; i < 10; i++) {
    const before = controller.trace.length;
    const delta = controller.step();
    assert(delta.events.length > 0, `step ${i} brought no event`);
    await send({ type: 'delta', delta });
    await waitApp(d => d.events === String(controller.trace.length), `step ${i}`);
    assert(controller.trace.length > before, 'trace grew');
  }
  const rows = controller.allRows();
  const d = await appData();
  eq(d.jobs, String(rows.length), 'jobs in the table');
  eq(d.now, String(controller.now), 'virtual time');
  const shown = await page.locator('#table-scroll .trow').count();
  assert(shown === Math.min(rows.length, shown) && shown > 0, `rendered rows ${shown}`);
  const firstId = await page.locator('#table-scroll .trow').first().getAttribute('data-id');
  eq(firstId, rows[0].ID_, 'first row in database order');
  // Drive on to the first clash and check lanes against the trace.
  for (let i = 0; i < 40 && !controller.trace.some(e => e.kind === 'acquisition' && e.clashed.length); i++) await send({ type: 'delta', delta: controller.step() });
  await waitApp(dd => dd.events === String(controller.trace.length), 'caught up');
  const started = controller.trace.filter(e => e.kind === 'jobStarted').length;
  const acqs = controller.trace.filter(e => e.kind === 'acquisition').length;
  await page.waitForFunction(([b, t]) => { const c = document.getElementById('lanes-canvas').dataset; return c.bars === String(b) && c.ticks === String(t); }, [started, acqs]);
  const cd = await canvasData();
  eq(cd.lanes, String(3 + new Set(controller.trace.filter(e => e.kind === 'jobStarted').map(e => e.thread)).size), 'lanes: one acquisition lane per node + threads that ran');
  const snap = controller.fullState().nodes;
  for (const n of snap) assert(cd.states.includes(`${n.id} · ${n.lifecycle}=acq: ${n.acquisition.state}`), `state of ${n.id} in ${cd.states}`);
  // Rows of the last acquisition are highlighted as clashed (if still in the table).
  const last = [...controller.trace].reverse().find(e => e.kind === 'acquisition');
  const clashedInTable = last.clashed.filter(id => rows.some(r => r.ID_ === id) || controller.allRows().some(r => r.ID_ === id));
  if (clashedInTable.length) {
    await page.waitForFunction(id => !!document.querySelector(`#table-scroll .trow.mark-clashed[data-id="${id}"]`), clashedInTable[0]);
  }
});

await test('controls post validated messages; the acquisition tab shows the SQL and the explanation', async () => {
  await clearPosted();
  await page.click('#step');
  await page.click('#step-acq');
  const msgs = await waitPosted(m => m.type === 'control' && m.action === 'stepAcquisition', 'stepAcquisition');
  assert(msgs, 'posted');
  for (const m of await posted()) assert(validateSimulatorMessage(m).ok, `invalid ${JSON.stringify(m)}`);
  await page.click('[data-tab="1"]');
  await page.waitForFunction(() => /SELECT RES\.ID_/.test(document.getElementById('acq-sql').textContent));
  const last = [...controller.trace].reverse().find(e => e.kind === 'acquisition' && e.clashed.length) ?? [...controller.trace].reverse().find(e => e.kind === 'acquisition');
  await clearPosted();
  await page.click('#explain');
  const req = await waitPosted(m => m.type === 'explain', 'explain request');
  const x = await controller.explain(req.seq);
  await send({ type: 'explanation', explanation: x });
  await page.waitForSelector('#explain-table');
  const n = await page.locator('#explain-table tr').count();
  eq(n, x.rows.length + 1, 'explanation rows');
  void last;
});

await test('crash and restart buttons per node: the crash shows in the lane state, the controls and the trace', async () => {
  // A run of its own (the restart runs on to when the node is up again); the main run is shown again after.
  const crashRun = await SimulationController.create(await runSourceFromFile(join(ROOT, 'examples/lock-clash-nodes.json')));
  try {
    await send({ type: 'init', state: crashRun.fullState() });
    for (let i = 0; i < 10; i++) await send({ type: 'delta', delta: crashRun.step() });
    await waitApp(d => d.events === String(crashRun.trace.length), '10 steps of the crash run');
    const nodeBox = id => page.evaluate(n => { const b = document.querySelector(`.node-control[data-node="${n}"]`); return b && { ...b.dataset, crash: b.querySelector('.crash').hasAttribute('disabled'), restart: b.querySelector('.restart').hasAttribute('disabled') }; }, id);
    eq(await page.locator('#node-controls .node-control').count(), 3, 'one control group per node');
    const before = await nodeBox('node-2');
    eq(before.lifecycle, 'running', 'node-2 lifecycle before');
    assert(!before.crash && before.restart, `crash enabled, restart disabled: ${JSON.stringify(before)}`);
    await clearPosted();
    await page.click('#crash-node-2');
    const req = await waitPosted(m => m.type === 'node', 'crash request');
    eq(JSON.stringify(req), JSON.stringify({ type: 'node', action: 'crash', node: 'node-2' }), 'posted message');
    assert(validateSimulatorMessage(req).ok, 'valid');
    await send({ type: 'delta', delta: crashRun.crashNode(req.node) });
    await waitApp(d => d.events === String(crashRun.trace.length), 'crash delta');
    const crash = crashRun.trace[crashRun.trace.length - 1];
    eq(crash.kind, 'nodeCrashed', 'last trace event');
    eq(crash.node, 'node-2', 'crashed node in the trace');
    await page.waitForFunction(() => document.getElementById('lanes-canvas').dataset.states.includes('node-2 · crashed=acq: stopped'));
    const after = await nodeBox('node-2');
    eq(after.lifecycle, 'crashed', 'node-2 lifecycle after');
    assert(after.crash && !after.restart, `crash disabled, restart enabled: ${JSON.stringify(after)}`);
    const webTrace = await page.evaluate(() => window.__sim.events().filter(e => e.kind === 'nodeCrashed').map(e => e.seq));
    eq(JSON.stringify(webTrace), JSON.stringify([crash.seq]), 'nodeCrashed in the webview trace');
    await page.click('[data-tab="3"]');
    await page.waitForSelector(`#log-scroll .lrow.k-nodeCrashed[data-seq="${crash.seq}"]`, { state: 'attached' });
    // Restart: restarting, then running again once its nodeStarted event is reached.
    await clearPosted();
    await page.click('#restart-node-2');
    const r2 = await waitPosted(m => m.type === 'node' && m.action === 'restart', 'restart request');
    await send({ type: 'delta', delta: crashRun.restartNode(r2.node) });
    await page.waitForFunction(() => document.querySelector('.node-control[data-node="node-2"]').dataset.lifecycle === 'restarting');
    await send({ type: 'delta', delta: crashRun.runTo(crashRun.now + crashRun.currentScenario.engine.nodeRestartMs) });
    assert(crashRun.trace.some(e => e.kind === 'nodeStarted' && e.node === 'node-2' && e.seq > crash.seq), 'node-2 started again');
    await waitApp(d => d.events === String(crashRun.trace.length), 'caught up after restart');
    await page.waitForFunction(() => document.querySelector('.node-control[data-node="node-2"]').dataset.lifecycle === 'running');
    await page.click('[data-tab="0"]');
  } finally {
    crashRun.close();
  }
  await send({ type: 'init', state: controller.fullState() });
  await waitApp(d => d.events === String(controller.trace.length) && d.now === String(controller.now), 'main run shown again');
});

await test('malformed posts are rejected by the host validator', async () => {
  for (const bad of [{ type: 'control', action: 'rm -rf' }, { type: 'runTo', t: -5 }, { type: 'bogus' }]) assert(!validateSimulatorMessage(bad).ok, JSON.stringify(bad));
});

async function shot(theme) {
  await page.evaluate(t => window.__setTheme(t), theme);
  await page.click('[data-tab="0"]');
  await page.waitForTimeout(300);
  const file = join(SHOTS, `simulator-${theme}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

await test('screenshots, light and dark (after running to the end, diagram tab too)', async () => {
  // Part-way through so bars, ticks and rows are all on screen.
  await send({ type: 'delta', delta: controller.runTo(60) });
  await waitApp(d => d.events === String(controller.trace.length), 'runTo 60');
  await shot('light');
  await shot('dark');
  await page.click('[data-tab="2"]');
  // The figures per activity are listed under the diagram as well.
  await page.waitForSelector('#activity-table tr[data-activity="doWork"]');
  await page.waitForSelector('#diagram[data-imported="true"] [data-element-id="doWork"]');
  const execs = await page.locator('#activity-table tr[data-activity="doWork"] td').nth(3).textContent();
  eq(execs, String(controller.trace.filter(e => e.kind === 'jobStarted' && e.activityId === 'doWork').length), 'executions of doWork');
  await send({ type: 'delta', delta: controller.runTo(1e9) });
  await waitApp(d => d.done === 'true', 'done');
  await page.click('[data-tab="4"]');
  await page.waitForSelector('#charts .uplot');
  await page.screenshot({ path: join(SHOTS, 'simulator-metrics-dark.png') });
  await page.evaluate(() => window.__setTheme('light'));
  await page.click('[data-tab="3"]');
  await page.waitForSelector('#log-scroll .lrow');
  await page.screenshot({ path: join(SHOTS, 'simulator-log-light.png') });
});

/** What the diagram overlays should say per activity, computed from the host's trace and job table. */
function expectedFigures(c) {
  const act = new Map(), fig = new Map(), open = new Map();
  const get = id => { let f = fig.get(id); if (!f) fig.set(id, f = { created: 0, jobs: 0, running: 0, completed: 0, failures: 0, incidents: 0, waiting: 0 }); return f; };
  for (const e of c.trace) {
    if (e.kind === 'jobCreated') { act.set(e.jobId, e.activityId); if (e.activityId) get(e.activityId).created++; }
    if (e.kind === 'jobStarted' && e.activityId) { get(e.activityId).jobs++; open.set(`${e.node}/${e.thread}/${e.jobId}`, e.jobId); }
    if (['jobCompleted', 'jobFailed', 'optimisticLockingFailure'].includes(e.kind)) open.delete(`${e.node}/${e.thread}/${e.jobId}`);
    if (e.kind === 'nodeCrashed') for (const k of [...open.keys()]) if (k.startsWith(`${e.node}/`)) open.delete(k);
    if (e.kind === 'jobCompleted' && act.get(e.jobId)) get(act.get(e.jobId)).completed++;
    if (e.kind === 'jobFailed' && act.get(e.jobId)) get(act.get(e.jobId)).failures++;
    if (e.kind === 'incident' && e.activityId) get(e.activityId).incidents++;
  }
  const running = new Set(open.values());
  for (const j of running) if (act.get(j)) get(act.get(j)).running++;
  for (const r of c.allRows()) if (r.ACT_ID_ && (r.RETRIES_ ?? 0) > 0 && !running.has(r.ID_)) get(r.ACT_ID_).waiting++;
  return fig;
}
async function checkOverlays(c, what) {
  const want = expectedFigures(c);
  assert(want.size > 0, 'some activity has figures');
  await page.waitForFunction(n => document.getElementById('diagram').dataset.overlays === String(n), want.size);
  const got = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#diagram .sim-badge')].map(b => [b.dataset.activity, { ...b.dataset }])));
  for (const [id, f] of want) {
    assert(got[id], `${what}: overlay of ${id} (have ${Object.keys(got)})`);
    for (const k of ['created', 'running', 'completed', 'failures', 'incidents', 'waiting']) eq(got[id][k], String(f[k]), `${what}: ${k} of ${id}`);
  }
  return want;
}

await test('diagram tab: the order process renders; overlays match the trace after N steps and follow the run', async () => {
  const order = await SimulationController.create(await runSourceFromFile(join(ROOT, 'examples/order-cluster.json')));
  try {
    await page.evaluate(() => window.__setTheme('light'));
    await send({ type: 'init', state: order.fullState() });
    await waitApp(d => d.events === String(order.trace.length), 'init of order-cluster');
    await page.click('[data-tab="2"]');
    await page.waitForSelector('#diagram[data-imported="true"]');
    for (const id of ['orderReceived', 'checkCredit', 'fork', 'reserveStock', 'chargeCard', 'join', 'waitForPickup', 'ship', 'orderDone']) {
      assert(await page.locator(`#diagram svg [data-element-id="${id}"]`).count() > 0, `shape ${id} in the svg`);
    }
    assert(await page.locator('#diagram svg [data-element-id="f5"]').count() > 0, 'sequence flow in the svg');
    // N steps, then the overlays against the trace.
    for (let i = 0; i < 40; i++) await send({ type: 'delta', delta: order.step() });
    await waitApp(d => d.events === String(order.trace.length), '40 steps');
    const at40 = await checkOverlays(order, 'after 40 steps');
    assert([...at40.values()].some(f => f.completed > 0), 'some jobs completed after 40 steps');
    // Further on (past the 30 s timer, into shipping and its failures): the same overlays, updated.
    await send({ type: 'delta', delta: order.runTo(45_000) });
    await waitApp(d => d.events === String(order.trace.length), 'runTo 45 s');
    const at45 = await checkOverlays(order, 'at 45 s');
    assert((at45.get('ship')?.created ?? 0) > 0 && at45.get('waitForPickup')?.completed > 0, 'timer fired and ship jobs exist');
    // Completed jobs per activity, read off the visible pills as well.
    const pill = await page.locator('#diagram .sim-badge[data-activity="checkCredit"] .b-done').textContent();
    eq(pill.replace(/\D/g, ''), String(at45.get('checkCredit').completed), 'completed pill of checkCredit');
    await page.screenshot({ path: join(SHOTS, 'simulator-diagram-light.png') });
    await page.evaluate(() => window.__setTheme('dark'));
    await page.waitForFunction(() => document.getElementById('diagram').dataset.theme?.includes('vscode-dark') && document.getElementById('diagram').dataset.imported === 'true');
    await checkOverlays(order, 'dark, rebuilt viewer');
    await page.screenshot({ path: join(SHOTS, 'simulator-diagram-dark.png') });
    // A BPMN without DI: the panel says so and keeps the table of figures.
    const st = order.fullState();
    st.bpmn = st.bpmn.replace(/<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '');
    await send({ type: 'init', state: st });
    await page.waitForFunction(() => /no diagram layout/.test(document.getElementById('diagram-note').textContent));
    const execs = await page.locator('#activity-table tr[data-activity="ship"] td').nth(3).textContent();
    eq(execs, String(order.trace.filter(e => e.kind === 'jobStarted' && e.activityId === 'ship').length), 'executions of ship in the table');
  } finally {
    order.close();
    await page.evaluate(() => window.__setTheme('light'));
  }
});

await test('view state survives a reload (setState), and ready brings a full state again', async () => {
  await send({ type: 'init', state: controller.fullState() });
  await waitApp(d => d.events === String(controller.trace.length) && d.now === String(controller.now), 'main run shown before the reload');
  await page.click('[data-tab="1"]');
  await page.reload();
  await waitPosted(m => m.type === 'ready', 'ready after reload');
  const st = await page.evaluate(() => JSON.parse(sessionStorage.getItem('vscodeState')));
  eq(st.tab, 1, 'tab kept');
  // What the panel serializer gets after a window reload: the run to rebuild, at the time shown.
  const info = parseRestoreState(st);
  assert(info, `restore state parses: ${JSON.stringify(st.restore)}`);
  eq(info.source, controller.source.file, 'restore: source');
  eq(info.seed, controller.currentScenario.seed, 'restore: seed');
  eq(info.now, controller.now, 'restore: now');
  eq(JSON.stringify(info.settings), JSON.stringify(controller.settings), 'restore: settings');
  await send({ type: 'init', state: controller.fullState() });
  await waitApp(d => d.events === String(controller.trace.length), 'init after reload');
});

await test('scenario picker: lists the current file, the examples and the stories; choosing a story posts openScenario', async () => {
  const examples = await listExamples(ROOT);
  const items = scenarioChoices(controller.source.file, examples);
  await send({ type: 'scenarios', items, selected: 'examples/lock-clash-nodes.json' });
  await page.waitForFunction(n => document.getElementById('scenario-picker').dataset.count === String(n), items.length);
  const opts = await page.evaluate(() => [...document.querySelectorAll('#scenario-picker vscode-option')].map(o => ({ value: o.getAttribute('value'), text: o.textContent, disabled: o.hasAttribute('disabled'), description: o.getAttribute('description') })));
  // One entry per choice plus a disabled heading per group of examples.
  eq(opts.filter(o => !o.disabled).length, items.length, 'selectable options');
  eq(JSON.stringify(opts.filter(o => o.disabled).map(o => o.text)), JSON.stringify(['— Examples —', '— Cluster stories —', '— Scaling studies —']), 'group headings');
  eq(opts[0].text, `Current file: ${controller.source.title}`, 'the current file first');
  const story = examples.find(e => e.id === 'examples/stories/3-node-crash-lock-30s.json');
  const storyOpt = opts.find(o => o.value === story.id);
  eq(storyOpt.text, 'Story 3: 3-node-crash-lock-30s', 'story label');
  eq(storyOpt.description, story.description, 'story description');
  eq(await page.evaluate(() => document.getElementById('scenario-picker').value), 'examples/lock-clash-nodes.json', 'selected entry');
  // Choose the story in the dropdown, as a person would.
  await clearPosted();
  await page.click('#scenario-picker');
  await page.click('#scenario-picker li[role="option"]:has-text("Story 3: 3-node-crash-lock-30s")');
  const req = await waitPosted(m => m.type === 'openScenario', 'openScenario');
  eq(JSON.stringify(req), JSON.stringify({ type: 'openScenario', id: story.id }), 'posted message');
  assert(validateSimulatorMessage(req).ok, 'valid openScenario');
  // The host rebuilds the run on the story and confirms the selection: the panel shows the new run.
  const storyRun = await SimulationController.create(await runSourceFromFile(story.file));
  try {
    await send({ type: 'init', state: storyRun.fullState() });
    await send({ type: 'scenarios', items, selected: story.id });
    await page.waitForFunction(id => document.getElementById('scenario-picker').dataset.selected === id, story.id);
    await send({ type: 'delta', delta: storyRun.runTo(3000) });
    await waitApp(d => d.events === String(storyRun.trace.length), 'story run shown');
    eq(await page.evaluate(() => document.getElementById('scenario-picker').value), story.id, 'picker shows the story');
    await page.screenshot({ path: join(SHOTS, 'simulator-story-picker-light.png') });
    // Choosing the current file again posts its id.
    await clearPosted();
    await page.click('#scenario-picker');
    await page.click(`#scenario-picker li[role="option"]:has-text("Current file: ${controller.source.title}")`);
    eq((await waitPosted(m => m.type === 'openScenario', 'openScenario file')).id, 'file', 'current file id');
  } finally {
    storyRun.close();
  }
  await send({ type: 'init', state: controller.fullState() });
  await send({ type: 'scenarios', items, selected: 'file' });
  await waitApp(d => d.events === String(controller.trace.length), 'main run shown again');
});

await test('scaling study: the button posts runStudy; progress, then the Study tab with two uPlot charts and the table', async () => {
  await clearPosted();
  await page.click('#run-study');
  const req = await waitPosted(m => m.type === 'runStudy', 'runStudy');
  eq(JSON.stringify(req), JSON.stringify({ type: 'runStudy' }), 'posted message');
  assert(validateSimulatorMessage(req).ok, 'valid runStudy');
  await send({ type: 'studyProgress', done: 1, total: 4 });
  await page.waitForFunction(() => /Study running: 1 of 4 points/.test(document.getElementById('study-summary').textContent));
  // A real study (2 × 2 points, workers) of the scenario shown, posted as the host posts it.
  const src = await runSourceFromFile(join(ROOT, 'examples/lock-clash-nodes.json'));
  const study = await runPanelStudy({ scenario: src.prepared.scenario, bpmn: src.prepared.bpmn, title: src.title, file: src.file }, { nodes: [1, 2], threads: [1, 2], profile: 'camunda' });
  eq(study.points.length, 4, 'points run');
  await send({ type: 'study', study });
  await page.waitForSelector('#study-chart-acceleration .uplot');
  await page.waitForSelector('#study-chart-throughput .uplot');
  eq(await page.evaluate(() => document.getElementById('tabs').selectedIndex), 5, 'the Study tab is shown');
  const panel = await page.evaluate(() => ({ ...document.getElementById('study').dataset }));
  eq(panel.points, '4', 'points in the panel');
  eq(panel.running, 'false', 'progress over');
  const charts = await page.evaluate(() => [...document.querySelectorAll('#study-charts .study-chart')].map(c => ({
    id: c.id, series: c.dataset.series, points: c.dataset.points, title: c.querySelector('.u-title')?.textContent,
    legend: [...c.querySelectorAll('.u-legend .u-series .u-label')].map(l => l.textContent),
    drawn: (() => { const cv = c.querySelector('canvas'); const g = cv.getContext('2d'); const d = g.getImageData(0, 0, cv.width, cv.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })(),
  })));
  eq(JSON.stringify(charts.map(c => [c.id, c.series, c.points])), JSON.stringify([['study-chart-acceleration', '3', '2'], ['study-chart-throughput', '2', '2']]), 'chart shapes');
  eq(charts[0].title, 'Acceleration vs ideal (by nodes)', 'acceleration chart title');
  for (const l of ['1 thread', '2 threads', 'ideal']) assert(charts[0].legend.includes(l), `legend ${l} in ${charts[0].legend}`);
  for (const l of ['1 node', '2 nodes']) assert(charts[1].legend.includes(l), `legend ${l} in ${charts[1].legend}`);
  assert(charts.every(c => c.drawn > 500), `lines drawn on the canvases: ${charts.map(c => c.drawn)}`);
  // The table: one row per point, the same numbers; a header click sorts.
  const rows = await page.evaluate(() => [...document.querySelectorAll('#study-table tr[data-nodes]')].map(r => `${r.dataset.nodes}x${r.dataset.threads}:${r.querySelector('td[data-col="completed"], td[data-col="jobsCompleted"]').textContent}`));
  eq(JSON.stringify(rows), JSON.stringify(study.points.map(p => `${p.nodes}x${p.threads}:${p.jobsCompleted}`)), 'table rows');
  await page.click('#study-table th[data-col="makespanMs"]');
  await page.click('#study-table th[data-col="makespanMs"]');
  const sorted = await page.evaluate(() => [...document.querySelectorAll('#study-table tr[data-nodes]')].map(r => `${r.dataset.nodes}x${r.dataset.threads}`));
  eq(JSON.stringify(sorted), JSON.stringify([...study.points].sort((a, b) => b.makespanMs - a.makespanMs).map(p => `${p.nodes}x${p.threads}`)), 'sorted by makespan, descending');
  assert(/best throughput/.test(await page.textContent('#study-summary')), 'summary line');
  await page.screenshot({ path: join(SHOTS, 'simulator-study-light.png') });
  await page.evaluate(() => window.__setTheme('dark'));
  await page.waitForTimeout(300);
  await page.waitForSelector('#study-chart-acceleration .uplot');
  await page.screenshot({ path: join(SHOTS, 'simulator-study-dark.png') });
  await page.evaluate(() => window.__setTheme('light'));
  // The view state keeps the sort; the study stays across a rebuild of the run (init).
  await send({ type: 'init', state: controller.fullState() });
  await page.waitForSelector('#study-chart-throughput .uplot');
  eq(await page.locator('#study-table tr[data-nodes]').count(), 4, 'table kept across init');
  await page.click('[data-tab="0"]');
});

await test('no page errors, no CSP violations, nothing fetched from elsewhere', async () => {
  const v = await page.evaluate(() => window.__cspViolations);
  eq(JSON.stringify(v), '[]', 'CSP violations');
  eq(JSON.stringify(pageErrors), '[]', 'page errors');
  eq(JSON.stringify(foreignRequests), '[]', 'foreign requests');
});

controller.close();
await browser.close();
await server.close();
const passed = results.filter(r => r.ok).length;
console.log(`browser: ${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
