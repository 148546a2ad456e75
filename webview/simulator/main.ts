/**
 * The simulator webview: renders the host's simulation (src/protocol/simulator.ts) — controls,
 * swimlanes on a <canvas> (visible window only, from the state's columnar arrays), the live
 * ACT_RU_JOB table (virtualised), the last acquisition's SQL and the explanation of a selected
 * acquisition, the BPMN diagram with overlays, the event log and uPlot metrics.
 * All state changes go through the pure reducer in state.ts. View state lives in `setState`.
 * `ready` is posted last, when everything listens.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import diagramCss from 'bpmn-js/dist/assets/diagram-js.css';
import bpmnCss from 'bpmn-js/dist/assets/bpmn-js.css';
import ownCss from './styles.css';
import {
  isSimulatorHostMessage, JOB_COLUMNS, metricSeries, type JobColumn, type JobRowView, type QuickSettings, type RestoreInfo, type SimulatorWebviewMessage, type TraceEvent,
} from '../../src/protocol/simulator';
import {
  applyHostMessage, createState, describeEvent, filteredEvents, MARK_CRASH, MARK_DUPLICATE, MARK_LOCK_EXPIRED, MARK_START, orderedLanes,
  Outcome, OUTCOME_NAMES, rowMark, tableRows, visibleBars, activityFigures, noChanges, type ActivityFigures, type Changes, type TableQuery,
} from './state';
import {
  accelerationChart, studyCell, studyProgressText, studyRows, studySummary, throughputChart, toggleSort, STUDY_COLUMNS, type ChartSpec, type StudySort,
} from './study';

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce || app.dataset.nonce || '';

function addStyle(css: string, name: string): void {
  const style = document.createElement('style');
  style.nonce = nonce;
  style.dataset.name = name;
  style.textContent = css;
  document.head.appendChild(style);
}
addStyle(uplotCss, 'uplot');
addStyle(diagramCss, 'diagram-js');
addStyle(bpmnCss, 'bpmn-js');
addStyle(ownCss, 'simulator');

const state = createState();
const post = (m: SimulatorWebviewMessage) => vscode.postMessage(m);

// ---- view state (kept with setState) ------------------------------------------------------------------

interface ViewState {
  tab: number;
  follow: boolean;
  t0: number;
  span: number;
  table: TableQuery;
  logKind: string;
  logText: string;
  selectedSeq: number | null;
  /** Sort of the Study tab's table. */
  studySort?: StudySort;
  /** For the host's panel serializer: what to rebuild after a window reload (see parseRestoreState). */
  restore?: RestoreInfo;
}
const saved = (vscode.getState() ?? {}) as Partial<ViewState>;
const view: ViewState = {
  tab: saved.tab ?? 0, follow: saved.follow ?? true, t0: saved.t0 ?? 0, span: saved.span ?? 2000,
  table: saved.table ?? { sortBy: 'SEQ_', descending: false, filter: '' }, logKind: saved.logKind ?? '', logText: saved.logText ?? '',
  selectedSeq: saved.selectedSeq ?? null, studySort: saved.studySort, restore: saved.restore,
};
let saveQueued = false;
function saveView(): void {
  if (saveQueued) return;
  saveQueued = true;
  queueMicrotask(() => { saveQueued = false; vscode.setState(view); });
}

// ---- DOM helpers --------------------------------------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, text?: string): HTMLElementTagNameMap[K];
function el(tag: string, attrs?: Record<string, string>, text?: string): HTMLElement;
function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function button(label: string, id: string, onClick: () => void, secondary = true): HTMLElement {
  const b = el('vscode-button', { id, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', onClick);
  return b;
}
function textfield(id: string, value: string, size = '8', type = 'text'): HTMLInputElement {
  const t = el('vscode-textfield', { id, value, size, type }) as unknown as HTMLInputElement;
  return t;
}
function checkbox(id: string, label: string, checked: boolean): HTMLInputElement {
  const c = el('vscode-checkbox', { id, label }) as unknown as HTMLInputElement;
  c.checked = checked;
  return c;
}
const fmtT = (ms: number | null) => (ms === null ? '—' : ms < 10_000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 100_000 ? 2 : 1)} s`);

// ---- layout -------------------------------------------------------------------------------------------

const toolbar = el('div', { class: 'toolbar', role: 'toolbar' });
const statusLine = el('span', { class: 'status', id: 'status' });
const speedSelect = el('vscode-single-select', { id: 'speed', title: 'Play speed (virtual time per second)' }) as unknown as HTMLSelectElement;
for (const [v, label] of [['100', '0.1×'], ['1000', '1×'], ['10000', '10×'], ['100000', '100×'], ['0', 'max']]) {
  const o = el('vscode-option', { value: v }, label);
  speedSelect.appendChild(o);
}
const runToField = textfield('run-to', '', '7');
runToField.setAttribute('placeholder', 'ms');
const checkpointSelect = el('vscode-single-select', { id: 'checkpoint', title: 'Checkpoint to rewind to' }) as unknown as HTMLSelectElement;
const playButton = button('Play', 'play', () => post({ type: 'control', action: state.running ? 'pause' : 'play' }), false);
/** The scenario picker: the file the panel was opened on and every shipped example and story (the host lists them). */
const scenarioSelect = el('vscode-single-select', { id: 'scenario-picker', title: 'Scenario to simulate (the run is rebuilt)' }) as unknown as HTMLSelectElement;
let scenarioKey = '';
scenarioSelect.addEventListener('change', () => {
  const id = scenarioSelect.value;
  if (!id || id.startsWith('group:') || id === state.scenario) return;
  post({ type: 'openScenario', id });
});
toolbar.append(
  scenarioSelect,
  button('Scaling study…', 'run-study', () => post({ type: 'runStudy' })),
  el('span', { class: 'sep' }),
  button('Step', 'step', () => post({ type: 'control', action: 'step' }), false),
  button('Next acquisition', 'step-acq', () => post({ type: 'control', action: 'stepAcquisition' })),
  playButton, speedSelect,
  el('span', { class: 'sep' }),
  runToField, button('Run to', 'run-to-go', () => { const t = Number(runToField.value); if (Number.isInteger(t) && t >= 0) post({ type: 'runTo', t }); }),
  button('Reset', 'reset', () => post({ type: 'control', action: 'reset' })),
  checkpointSelect, button('Rewind', 'rewind', () => { const i = Number(checkpointSelect.value); if (Number.isInteger(i)) post({ type: 'rewind', checkpoint: i }); }),
  el('span', { class: 'sep' }),
  button('Export trace', 'export-trace', () => post({ type: 'export', what: 'trace' })),
  button('Report', 'export-report', () => post({ type: 'export', what: 'report' })),
  button('Save scenario', 'export-scenario', () => post({ type: 'export', what: 'scenario' })),
  statusLine,
);
speedSelect.addEventListener('change', () => post({ type: 'speed', speed: Number(speedSelect.value) }));

// Quick settings (rebuild the scenario)
const settingsBox = el('vscode-collapsible', { title: 'Quick settings (rebuild the run)', id: 'settings' });
const settingsForm = el('div', { class: 'settings' });
settingsBox.appendChild(settingsForm);
const f = {
  seed: textfield('seed', '1', '6'), nodeCount: textfield('node-count', '3', '3'), threads: textfield('threads', '3', '3'),
  lock: textfield('lock-time', '300000', '7'), maxJobs: textfield('max-jobs', '3', '3'), wait: textfield('wait', '5000', '6'),
  maxWait: textfield('max-wait', '60000', '6'), backoff: textfield('backoff', '0', '5'), maxBackoff: textfield('max-backoff', '0', '5'),
  byPriority: checkbox('by-priority', 'acquireByPriority', false), preferTimer: checkbox('prefer-timer', 'preferTimerJobs', false),
  byDueDate: checkbox('by-duedate', 'acquireByDueDate', false),
};
const awareBox = el('div', { class: 'aware', id: 'aware' });
function labelled(label: string, input: HTMLElement): HTMLElement {
  const l = el('label', { class: 'field' });
  l.append(el('span', {}, label), input);
  return l;
}
settingsForm.append(
  labelled('seed', f.seed), labelled('nodes', f.nodeCount), labelled('threads', f.threads), labelled('lockTimeInMillis', f.lock),
  labelled('maxJobsPerAcquisition', f.maxJobs), labelled('waitTimeInMillis', f.wait), labelled('maxWait', f.maxWait),
  labelled('backoffTimeInMillis', f.backoff), labelled('maxBackoff', f.maxBackoff), f.byPriority, f.preferTimer, f.byDueDate,
  el('span', { class: 'field-label' }, 'deployment-aware:'), awareBox,
  button('Apply', 'apply-settings', applySettings, false),
);
function applySettings(): void {
  const n = (x: HTMLInputElement) => Number(x.value);
  const nodeCount = n(f.nodeCount);
  const aware = [...awareBox.querySelectorAll('vscode-checkbox')].map(c => (c as unknown as HTMLInputElement).checked);
  const settings: QuickSettings = {
    nodeCount, threads: n(f.threads), jobExecutorAcquireByPriority: f.byPriority.checked, jobExecutorPreferTimerJobs: f.preferTimer.checked,
    jobExecutorAcquireByDueDate: f.byDueDate.checked, deploymentAware: Array.from({ length: nodeCount }, (_, i) => aware[i] ?? aware[aware.length - 1] ?? false),
    lockTimeInMillis: n(f.lock), maxJobsPerAcquisition: n(f.maxJobs), waitTimeInMillis: n(f.wait), maxWait: n(f.maxWait),
    backoffTimeInMillis: n(f.backoff), maxBackoff: n(f.maxBackoff),
  };
  post({ type: 'applySettings', seed: n(f.seed), settings });
}
function fillSettings(): void {
  const s = state.settings;
  if (!s) return;
  f.seed.value = String(state.seed); f.nodeCount.value = String(s.nodeCount); f.threads.value = String(s.threads);
  f.lock.value = String(s.lockTimeInMillis); f.maxJobs.value = String(s.maxJobsPerAcquisition); f.wait.value = String(s.waitTimeInMillis);
  f.maxWait.value = String(s.maxWait); f.backoff.value = String(s.backoffTimeInMillis); f.maxBackoff.value = String(s.maxBackoff);
  f.byPriority.checked = s.jobExecutorAcquireByPriority; f.preferTimer.checked = s.jobExecutorPreferTimerJobs; f.byDueDate.checked = s.jobExecutorAcquireByDueDate;
  awareBox.replaceChildren(...state.nodes.map((node, i) => checkbox(`aware-${i}`, node.id, s.deploymentAware[i] ?? false)));
}

// Swimlanes
const lanesWrap = el('div', { class: 'lanes', id: 'lanes' });
const canvas = el('canvas', { id: 'lanes-canvas', 'aria-label': 'Swimlanes: one lane per node thread and acquisition thread' });
const lanesInfo = el('div', { class: 'lanes-info', id: 'lanes-info' });
const followBox = checkbox('follow', 'follow now', view.follow);
followBox.addEventListener('change', () => { view.follow = followBox.checked; saveView(); drawLanes(); });
const legend = el('div', { class: 'legend' });
for (const [cls, label] of [['completed', 'completed'], ['failed', 'failed'], ['clashed', 'clashed (OptimisticLocking)'], ['ClassNotFound', 'ClassNotFound'], ['dup', 'duplicate after lock expiry'], ['aborted', 'aborted (crash)'], ['running', 'running'], ['tick', 'acquisition']]) {
  const i = el('span', { class: `legend-item ${cls}` });
  i.append(el('i'), document.createTextNode(label));
  legend.appendChild(i);
}
const lanesHead = el('div', { class: 'lanes-head' });
/** Per node: its lifecycle and Crash / Restart (the host's crashNode/restartNode, replayed on rewind). */
const nodeControls = el('div', { class: 'node-controls', id: 'node-controls', role: 'group', 'aria-label': 'Crash or restart a node' });
lanesHead.append(followBox, legend, lanesInfo);
const lanesTop = el('div', { class: 'lanes-top' });
lanesTop.append(lanesHead, nodeControls);
let nodeControlsKey = '';
function renderNodeControls(): void {
  const key = state.nodes.map(n => n.id).join('\u0000');
  if (key !== nodeControlsKey) {
    nodeControlsKey = key;
    nodeControls.replaceChildren(...state.nodes.map(n => {
      const box = el('span', { class: 'node-control', 'data-node': n.id });
      const crash = button('Crash', `crash-${n.id}`, () => post({ type: 'node', action: 'crash', node: n.id }));
      const restart = button('Restart', `restart-${n.id}`, () => post({ type: 'node', action: 'restart', node: n.id }));
      crash.classList.add('crash'); restart.classList.add('restart');
      crash.title = `Crash ${n.id}: its running jobs are aborted, its locks stay until they expire`;
      restart.title = `Restart ${n.id} (a new job executor; it acquires again)`;
      box.append(el('span', { class: 'node-name' }, n.id), el('span', { class: 'node-life' }), crash, restart);
      return box;
    }));
  }
  state.nodes.forEach((n, i) => {
    const box = nodeControls.children[i] as HTMLElement;
    box.dataset.lifecycle = n.lifecycle;
    box.dataset.up = String(n.up);
    box.querySelector('.node-life')!.textContent = n.lifecycle;
    box.classList.toggle('down', !n.up);
    // The node machine: running → crashed (CRASH) → restarting (RESTART) → running; CRASH also while restarting.
    const crashed = n.lifecycle === 'crashed';
    toggleDisabled(box.querySelector('.crash') as HTMLElement, crashed);
    toggleDisabled(box.querySelector('.restart') as HTMLElement, !crashed);
  });
}
function toggleDisabled(b: HTMLElement, disabled: boolean): void {
  if (disabled) b.setAttribute('disabled', ''); else b.removeAttribute('disabled');
}
lanesWrap.append(lanesTop, canvas);

// Tabs
const tabs = el('vscode-tabs', { id: 'tabs', panel: '' }) as HTMLElement & { selectedIndex: number };
const TAB_NAMES = ['Job table', 'Acquisition', 'Diagram', 'Event log', 'Metrics', 'Study'];
const STUDY_TAB = 5;
const panels = TAB_NAMES.map((name, i) => {
  tabs.appendChild(el('vscode-tab-header', { slot: 'header', 'data-tab': String(i) }, name));
  const p = el('vscode-tab-panel', { id: `panel-${i}` });
  tabs.appendChild(p);
  return p;
});
tabs.addEventListener('vsc-tabs-select', ev => {
  view.tab = (ev as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  saveView();
  renderTab();
});

app.append(toolbar, settingsBox, lanesWrap, tabs);

// ---- swimlanes on canvas --------------------------------------------------------------------------------

const LABEL_W = 210, ROW_H = 18, NODE_GAP = 6, AXIS_H = 18;
let dragging: { x: number; t0: number } | null = null;
let hoverBars: number[] = [];
const barsScratch: number[] = [];
/** Number of fill colours for merged bar runs: the outcomes (0..5) plus duplicate. */
const NCOL = 6;
let laneYScratch = new Float64Array(64);
let runScratch = { x0: new Float64Array(64 * NCOL), x1: new Float64Array(64 * NCOL), tickX: new Float64Array(64), tickCol: new Int8Array(64) };
let runHas = new Uint8Array(64 * NCOL);
let laneHas = new Uint8Array(64);
/** Per-lane scratch arrays, grown (never per frame) when lanes are added. */
function laneScratch(n: number): Float64Array {
  if (laneYScratch.length < n) {
    const cap = Math.max(n, laneYScratch.length * 2);
    laneYScratch = new Float64Array(cap);
    runScratch = { x0: new Float64Array(cap * NCOL), x1: new Float64Array(cap * NCOL), tickX: new Float64Array(cap), tickCol: new Int8Array(cap) };
    runHas = new Uint8Array(cap * NCOL);
    laneHas = new Uint8Array(cap);
  }
  return laneYScratch;
}
let laneRows: { lane: number; y: number; label: string; sub: string; node: boolean }[] = [];

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}
function colors() {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  return {
    fg: cssVar('--vscode-foreground', dark ? '#ccc' : '#333'), muted: cssVar('--vscode-descriptionForeground', '#888'),
    grid: cssVar('--vscode-panel-border', dark ? '#333' : '#ddd'), bg: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#fff'),
    outcome: [dark ? '#4fa3ff' : '#1a73e8', dark ? '#3fb950' : '#2e7d32', dark ? '#f85149' : '#d32f2f', dark ? '#d29922' : '#ef6c00', dark ? '#bc8cff' : '#8e24aa', '#888888'],
    dup: dark ? '#ff7b72' : '#b71c1c', tick: dark ? '#8ab4f8' : '#3949ab', clash: dark ? '#ffa657' : '#e65100',
  };
}

function window_(): [number, number] {
  if (view.follow) {
    if (state.now < view.span * 0.8) return [0, Math.max(50, Math.ceil(state.now * 1.25))];
    const end = Math.max(state.now, view.span * 0.1);
    return [Math.max(0, end - view.span * 0.95), Math.max(0, end - view.span * 0.95) + view.span];
  }
  return [view.t0, view.t0 + view.span];
}

function drawLanes(): void {
  const lanes = orderedLanes(state);
  const rows: typeof laneRows = [];
  let y = AXIS_H;
  let lastNode = '';
  for (const l of lanes) {
    if (l.node !== lastNode) {
      if (lastNode) y += NODE_GAP;
      lastNode = l.node;
    }
    const node = state.nodes[state.nodeIndex.get(l.node) ?? -1];
    if (l.thread === null) {
      const acq = node?.acquisition;
      rows.push({ lane: state.laneIndex.get(l.key)!, y, node: true, label: `${l.node} · ${node?.lifecycle ?? '?'}`,
        sub: acq ? `acq: ${acq.state}${acq.idleLevel ? ` idle ${acq.idleLevel}` : ''}${acq.backoffLevel ? ` backoff ${acq.backoffLevel}` : ''}` : 'acq: stopped' });
    } else {
      const th = node?.threads.find(t => t.id === l.thread);
      rows.push({ lane: state.laneIndex.get(l.key)!, y, node: false, label: `  ${l.thread}`, sub: th ? `${th.state}${th.jobId ? ` ${th.jobId}` : ''}` : 'ended' });
    }
    y += ROW_H;
  }
  laneRows = rows;
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(300, lanesWrap.clientWidth - 2);
  const height = Math.max(80, y + 4);
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`; canvas.style.height = `${height}px`;
  }
  const g = canvas.getContext('2d')!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  const c = colors();
  g.fillStyle = c.bg; g.fillRect(0, 0, width, height);
  const [t0, t1] = window_();
  const plotW = width - LABEL_W;
  const X = (t: number) => LABEL_W + ((t - t0) / (t1 - t0)) * plotW;
  // axis
  g.font = '11px ' + cssVar('--vscode-font-family', 'sans-serif');
  g.fillStyle = c.muted; g.strokeStyle = c.grid; g.lineWidth = 1;
  const step = niceStep((t1 - t0) / 8);
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const x = Math.round(X(t)) + 0.5;
    g.beginPath(); g.moveTo(x, AXIS_H - 4); g.lineTo(x, height); g.stroke();
    g.fillText(fmtT(t), x + 2, 12);
  }
  // lane labels and backgrounds
  const laneY = laneScratch(state.lanes.length);
  laneY.fill(-1, 0, state.lanes.length);
  for (const r of rows) {
    laneY[r.lane] = r.y;
    if (r.node) { g.fillStyle = c.grid; g.globalAlpha = 0.35; g.fillRect(0, r.y, width, ROW_H); g.globalAlpha = 1; }
    g.fillStyle = c.fg; g.fillText(r.label, 4, r.y + 13, 110);
    g.fillStyle = c.muted; g.fillText(r.sub, 116, r.y + 13, LABEL_W - 120);
  }
  g.save();
  g.beginPath(); g.rect(LABEL_W, 0, plotW, height); g.clip();
  // bars
  const vis = visibleBars(state, t0, t1, state.now, barsScratch);
  const { start, end, lane, outcome, dup } = state.bars.cols;
  // Bars narrower than 2 px are merged per (lane, outcome colour) while their pixel extents overlap
  // or touch, so a zoomed-out frame issues one rect per pixel run instead of one per bar. Bars of
  // a lane are in time order (index order), so runs stay in order; wider, duplicate and selected
  // bars flush the lane's pending runs first and are drawn exactly as before.
  const nLanes = state.lanes.length;
  const runX0 = runScratch.x0, runX1 = runScratch.x1;
  runHas.fill(0, 0, nLanes * NCOL);
  laneHas.fill(0, 0, nLanes);
  let curFill = -1;
  const setFill = (k: number): void => { if (k !== curFill) { curFill = k; g.fillStyle = k === NCOL ? c.dup : c.outcome[k]; } };
  const flushLane = (l: number): void => {
    const yy = laneY[l];
    for (let k = 0, j = l * NCOL; k < NCOL; k++, j++) {
      if (!runHas[j]) continue;
      runHas[j] = 0;
      setFill(k);
      g.fillRect(runX0[j], yy + 3, runX1[j] - runX0[j], ROW_H - 6);
    }
    laneHas[l] = 0;
  };
  const selSeq = view.selectedSeq;
  const ev = state.bars.cols.ev;
  for (let v = 0, n = vis.length; v < n; v++) {
    const i = vis[v];
    const l = lane[i];
    const yy = laneY[l];
    if (yy < 0) continue;
    const x0 = X(start[i]), x1 = X(Number.isNaN(end[i]) ? state.now : end[i]);
    const w = Math.max(1.5, x1 - x0);
    const selected = selSeq !== null && ev[i] === selSeq;
    if (w < 2 && !dup[i] && !selected) {
      const k = outcome[i];
      const j = l * NCOL + k;
      if (runHas[j] && x0 <= runX1[j] + 0.5) {
        if (x0 + w > runX1[j]) runX1[j] = x0 + w;
      } else {
        if (runHas[j]) { setFill(k); g.fillRect(runX0[j], yy + 3, runX1[j] - runX0[j], ROW_H - 6); }
        runHas[j] = 1; laneHas[l] = 1;
        runX0[j] = x0; runX1[j] = x0 + w;
      }
      continue;
    }
    if (laneHas[l]) flushLane(l);
    setFill(dup[i] ? NCOL : outcome[i]);
    g.fillRect(x0, yy + 3, w, ROW_H - 6);
    if (dup[i]) { g.strokeStyle = c.fg; g.strokeRect(x0 + 0.5, yy + 3.5, w - 1, ROW_H - 7); }
    if (selected) { g.strokeStyle = c.fg; g.lineWidth = 2; g.strokeRect(x0 - 1, yy + 1, w + 2, ROW_H - 2); g.lineWidth = 1; }
  }
  for (let l = 0; l < nLanes; l++) if (laneHas[l]) flushLane(l);
  // acquisition ticks (with a mark for clashes and a count of batches); a tick landing on the same
  // pixel of a lane as the previous one in the same colour is not stroked again
  const tk = state.ticks.cols;
  const tickLastX = runScratch.tickX, tickLastCol = runScratch.tickCol;
  tickLastX.fill(-1, 0, nLanes);
  const labels = (t1 - t0) / plotW < 5;
  let curStroke = -1, curLW = -1;
  for (let i = 0; i < state.ticks.count; i++) {
    const t = tk.t[i];
    if (t < t0 || t > t1) continue;
    const l = tk.lane[i];
    const yy = laneY[l];
    if (yy < 0) continue;
    const x = Math.round(X(t)) + 0.5;
    const col = tk.clashed[i] > 0 ? 1 : 0;
    const sel = tk.ev[i] === selSeq;
    const label = tk.batches[i] > 0 && labels;
    if (!sel && !label && tickLastX[l] === x && tickLastCol[l] === col) continue;
    tickLastX[l] = x; tickLastCol[l] = col;
    if (col !== curStroke) { curStroke = col; g.strokeStyle = col ? c.clash : c.tick; }
    const lw = sel ? 3 : 1.5;
    if (lw !== curLW) { curLW = lw; g.lineWidth = lw; }
    g.beginPath(); g.moveTo(x, yy + 2); g.lineTo(x, yy + ROW_H - 2); g.stroke();
    if (label) { g.fillStyle = c.muted; g.fillText(String(tk.batches[i]), x + 2, yy + 12); }
  }
  g.lineWidth = 1;
  const mk = state.marks.cols;
  for (let i = 0; i < state.marks.count; i++) {
    const t = mk.t[i];
    if (t < t0 || t > t1) continue;
    const yy = laneY[mk.lane[i]];
    if (yy < 0) continue;
    const x = X(t);
    const kind = mk.kind[i];
    g.fillStyle = kind === MARK_CRASH ? c.outcome[Outcome.Failed] : kind === MARK_START ? c.outcome[Outcome.Completed] : kind === MARK_LOCK_EXPIRED ? c.clash : c.dup;
    g.beginPath(); g.moveTo(x, yy + 2); g.lineTo(x + 5, yy + ROW_H / 2); g.lineTo(x, yy + ROW_H - 2); g.fill();
  }
  // now
  g.strokeStyle = c.fg; g.setLineDash([3, 3]);
  const xn = Math.round(X(state.now)) + 0.5;
  g.beginPath(); g.moveTo(xn, AXIS_H - 4); g.lineTo(xn, height); g.stroke();
  g.setLineDash([]);
  g.restore();
  lanesInfo.textContent = `${fmtT(Math.round(t0))} – ${fmtT(Math.round(t1))} · ${vis.length} bars visible of ${state.bars.count}`;
  canvas.dataset.bars = String(state.bars.count);
  canvas.dataset.visibleBars = String(vis.length);
  canvas.dataset.ticks = String(state.ticks.count);
  canvas.dataset.lanes = String(rows.length);
  canvas.dataset.states = rows.map(r => `${r.label.trim()}=${r.sub}`).join('|');
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-3)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

canvas.addEventListener('wheel', ev => {
  ev.preventDefault();
  const [t0] = window_();
  const rect = canvas.getBoundingClientRect();
  const frac = Math.max(0, (ev.clientX - rect.left - LABEL_W) / (rect.width - LABEL_W));
  const at = t0 + frac * view.span;
  const k = ev.deltaY > 0 ? 1.25 : 0.8;
  view.span = Math.min(1e9, Math.max(5, view.span * k));
  view.t0 = Math.max(0, at - frac * view.span);
  if (view.follow && k < 1) { view.follow = false; followBox.checked = false; }
  saveView(); drawLanes();
}, { passive: false });
canvas.addEventListener('mousedown', ev => { dragging = { x: ev.clientX, t0: window_()[0] }; });
window.addEventListener('mouseup', () => { dragging = null; });
canvas.addEventListener('mousemove', ev => {
  if (!dragging) return;
  const rect = canvas.getBoundingClientRect();
  const dt = ((ev.clientX - dragging.x) / (rect.width - LABEL_W)) * view.span;
  if (Math.abs(ev.clientX - dragging.x) > 3) { view.follow = false; followBox.checked = false; }
  view.t0 = Math.max(0, dragging.t0 - dt);
  saveView(); drawLanes();
});
canvas.addEventListener('click', ev => {
  const rect = canvas.getBoundingClientRect();
  const x = ev.clientX - rect.left, y = ev.clientY - rect.top;
  if (x < LABEL_W) return;
  const [t0, t1] = window_();
  const t = t0 + ((x - LABEL_W) / (rect.width - LABEL_W)) * (t1 - t0);
  const row = laneRows.find(r => y >= r.y && y < r.y + ROW_H);
  if (!row) return;
  const tol = ((t1 - t0) / (rect.width - LABEL_W)) * 4;
  if (row.node) {
    let best = -1, bestD = Infinity;
    for (let i = 0; i < state.ticks.count; i++) {
      if (state.ticks.cols.lane[i] !== row.lane) continue;
      const d = Math.abs(state.ticks.cols.t[i] - t);
      if (d < bestD) { bestD = d; best = i; }
    }
    if (best >= 0 && bestD <= tol * 3) selectEvent(state.ticks.cols.ev[best]);
    return;
  }
  hoverBars = visibleBars(state, t - tol, t + tol, state.now).filter(i => state.bars.cols.lane[i] === row.lane);
  if (hoverBars.length) selectEvent(state.bars.cols.ev[hoverBars[0]]);
});

// ---- job table (virtualised) ----------------------------------------------------------------------------

const TABLE_ROW_H = 22;
const tablePanel = panels[0];
const tableFilter = textfield('table-filter', view.table.filter, '30');
tableFilter.setAttribute('placeholder', 'filter: text, or column=value (e.g. lock_owner=node-1)');
const tableCount = el('span', { class: 'muted', id: 'table-count' });
const tableHead = el('div', { class: 'trow thead', role: 'row' });
const tableScroll = el('div', { class: 'tscroll', id: 'table-scroll', role: 'grid' });
const tableSpacer = el('div', { class: 'tspacer' });
const tableBody = el('div', { class: 'tbody' });
tableScroll.append(tableSpacer, tableBody);
const tableTop = el('div', { class: 'row-bar' });
tableTop.append(tableFilter, tableCount);
tablePanel.append(tableTop, tableHead, tableScroll);
for (const col of JOB_COLUMNS) {
  const h = el('div', { class: `tcell c-${col}`, role: 'columnheader', 'data-col': col }, col);
  h.addEventListener('click', () => {
    view.table = { ...view.table, sortBy: col, descending: view.table.sortBy === col ? !view.table.descending : false };
    saveView(); tableMemo = null; renderTable();
  });
  tableHead.appendChild(h);
}
tableFilter.addEventListener('input', () => { view.table = { ...view.table, filter: tableFilter.value }; saveView(); tableMemo = null; renderTable(); });
tableScroll.addEventListener('scroll', () => renderTableWindow());
let tableMemo: { version: number; rows: JobRowView[] } | null = null;
let selectedJob: string | null = null;

function fmtCell(col: JobColumn, v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (col === 'EXCLUSIVE_') return v ? 'true' : 'false';
  return String(v);
}
function renderTable(): void {
  if (!tableMemo || tableMemo.version !== state.jobsVersion) tableMemo = { version: state.jobsVersion, rows: tableRows(state, view.table) };
  for (const h of tableHead.children) {
    const col = (h as HTMLElement).dataset.col;
    h.classList.toggle('sorted', col === view.table.sortBy);
    h.textContent = `${col}${col === view.table.sortBy ? (view.table.descending ? ' ▼' : ' ▲') : ''}`;
  }
  tableCount.textContent = `${tableMemo.rows.length} of ${state.jobs.size} rows`;
  tableSpacer.style.height = `${tableMemo.rows.length * TABLE_ROW_H}px`;
  renderTableWindow();
}
function renderTableWindow(): void {
  if (!tableMemo) return;
  const rows = tableMemo.rows;
  const first = Math.max(0, Math.floor(tableScroll.scrollTop / TABLE_ROW_H) - 5);
  const count = Math.ceil((tableScroll.clientHeight || 400) / TABLE_ROW_H) + 10;
  const frag = document.createDocumentFragment();
  for (let i = first; i < Math.min(rows.length, first + count); i++) {
    const r = rows[i];
    const mark = rowMark(state, r.ID_);
    const tr = el('div', { class: `trow${mark ? ` mark-${mark}` : ''}${r.ID_ === selectedJob ? ' selected-row' : ''}`, role: 'row', 'data-id': r.ID_ });
    tr.style.top = `${i * TABLE_ROW_H}px`;
    for (const col of JOB_COLUMNS) tr.appendChild(el('div', { class: `tcell c-${col}`, role: 'gridcell' }, fmtCell(col, r[col])));
    tr.addEventListener('click', () => { selectedJob = r.ID_; renderTableWindow(); });
    frag.appendChild(tr);
  }
  tableBody.replaceChildren(frag);
}

// ---- acquisition panel ---------------------------------------------------------------------------------

const acqPanel = panels[1];
const acqHead = el('div', { class: 'row-bar' });
const acqTitle = el('span', { id: 'acq-title' });
const explainButton = button('Explain rows', 'explain', () => { const s = explainTarget(); if (s !== null) post({ type: 'explain', seq: s }); });
acqHead.append(acqTitle, explainButton);
const sqlPre = el('pre', { class: 'sql', id: 'acq-sql' });
const paramsPre = el('pre', { class: 'sql params', id: 'acq-params' });
const explainBox = el('div', { id: 'explanation' });
acqPanel.append(acqHead, sqlPre, paramsPre, explainBox);

function explainTarget(): number | null {
  const sel = view.selectedSeq !== null ? state.events.find(e => e.seq === view.selectedSeq) : undefined;
  if (sel?.kind === 'acquisition') return sel.seq;
  return state.lastAcquisition?.seq ?? null;
}
function renderAcquisition(): void {
  const seq = explainTarget();
  const e = seq !== null ? state.events.find(x => x.seq === seq) : undefined;
  if (!e || e.kind !== 'acquisition') { acqTitle.textContent = 'No acquisition yet.'; sqlPre.textContent = ''; paramsPre.textContent = ''; return; }
  acqTitle.textContent = `${e.node} at ${fmtT(e.t)} (event ${e.seq}): selected ${e.selected.length}, locked ${e.locked.length}, clashed ${e.clashed.length}, batches ${e.batches.map(b => `[${b.join(', ')}]`).join(' ') || 'none'}`;
  sqlPre.textContent = e.sql || '(no query: numJobsToAcquire was 0)';
  paramsPre.textContent = e.params.map(String).join('\n');
  const x = state.explanation;
  if (!x || x.seq !== e.seq) { explainBox.replaceChildren(el('p', { class: 'muted' }, 'Press “Explain rows” to see why each row was or was not taken.')); return; }
  const table = el('table', { class: 'explain', id: 'explain-table' });
  const head = el('tr');
  for (const h of ['job', 'taken', 'rank', 'reasons', 'details']) head.appendChild(el('th', {}, h));
  table.appendChild(head);
  for (const r of x.rows) {
    const tr = el('tr', { class: r.taken ? 'taken' : '' });
    tr.append(el('td', {}, r.jobId), el('td', {}, r.taken ? 'yes' : 'no'), el('td', {}, r.rank === null ? '' : String(r.rank)),
      el('td', {}, r.reasons.join(', ')), el('td', {}, r.details.join('; ')));
    table.appendChild(tr);
  }
  explainBox.replaceChildren(el('p', { class: 'muted' }, `Evaluated against ${x.basis}; ORDER BY ${x.orderBy}; LIMIT ${x.limit}.`), table);
}

// ---- diagram (bpmn-js NavigatedViewer, loaded when first shown) ---------------------------------------
//
// The simulated process with one overlay per activity: a pill on the shape's top-left corner with
// the tokens waiting there (job rows no thread is executing), and a strip above the shape with the
// jobs created, running, completed, failed and the incidents — all from the trace, updated per delta.
// bpmn-js takes its colours at construction, so a theme change rebuilds the viewer.

const BADGE_GLYPH: Record<string, string> = { 'b-wait': '●', 'b-created': '+', 'b-running': '▶', 'b-done': '✓', 'b-fail': '✗', 'b-inc': '⚠' };
const diagramPanel = panels[2];
diagramPanel.classList.add('diagram-panel'); // (vscode-tabs replaces the panels' ids)
const diagramNote = el('p', { class: 'muted', id: 'diagram-note' });
const diagramHost = el('div', { class: 'diagram', id: 'diagram' });
const diagramLegend = el('div', { class: 'legend diagram-legend' });
for (const [cls, label] of [['b-wait', 'tokens waiting'], ['b-created', 'jobs created'], ['b-running', 'running'], ['b-done', 'completed'], ['b-fail', 'failures'], ['b-inc', 'incidents']]) {
  const i = el('span', { class: 'legend-item' });
  i.append(el('span', { class: `sim-pill ${cls}` }, BADGE_GLYPH[cls]), document.createTextNode(` ${label}`));
  diagramLegend.appendChild(i);
}
const activityTable = el('table', { class: 'explain', id: 'activity-table' });
const activityWrap = el('div', { class: 'activity-wrap' });
activityWrap.appendChild(activityTable);
diagramPanel.append(diagramNote, diagramLegend, diagramHost, activityWrap);

/** Per-activity figures as a table (always; the only view when the BPMN has no diagram layout). */
function renderActivityTable(figures: ActivityFigures[]): void {
  const head = el('tr');
  for (const h of ['activity', 'tokens waiting', 'jobs created', 'executions', 'running', 'completed', 'failures', 'incidents']) head.appendChild(el('th', {}, h));
  activityTable.replaceChildren(head, ...figures.map(a => {
    const tr = el('tr', { 'data-activity': a.id });
    for (const v of [a.id, a.waiting, a.created, a.jobs, a.running, a.completed, a.failures, a.incidents]) tr.appendChild(el('td', {}, String(v)));
    return tr;
  }));
}

type Viewer = { importXML(xml: string): Promise<unknown>; get(name: string): any; destroy(): void };
let viewer: Viewer | null = null;
let viewerXml: string | null = null;
let viewerTheme = '';
let diagramBusy = false;
let diagramAgain = false;
/** Overlays by activity id: the corner pill and the strip (their elements are updated in place). */
const badges = new Map<string, { wait: HTMLElement; strip: HTMLElement; ids: string[] }>();

function diagramColors() {
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  const fill = cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const stroke = cssVar('--vscode-editor-foreground', dark ? '#d4d4d4' : '#1f1f1f');
  return { defaultFillColor: fill, defaultStrokeColor: stroke, defaultLabelColor: stroke };
}
const themeKey = () => { const c = diagramColors(); return `${document.body.className}|${c.defaultFillColor}|${c.defaultStrokeColor}`; };

function destroyViewer(): void {
  viewer?.destroy();
  viewer = null; viewerXml = null; badges.clear();
  diagramHost.replaceChildren();
}

async function renderDiagram(): Promise<void> {
  if (diagramBusy) { diagramAgain = true; return; }
  diagramBusy = true;
  try {
    do { diagramAgain = false; await renderDiagramOnce(); } while (diagramAgain);
  } finally { diagramBusy = false; }
}

async function renderDiagramOnce(): Promise<void> {
  const figures = activityFigures(state);
  renderActivityTable(figures);
  if (!state.bpmn) { diagramNote.textContent = 'No BPMN deployment in this scenario.'; hideDiagram(); return; }
  if (!/BPMNShape/.test(state.bpmn)) { diagramNote.textContent = 'This BPMN has no diagram layout (no BPMN DI shapes): the figures per activity are listed below.'; hideDiagram(); return; }
  diagramNote.textContent = '';
  diagramHost.classList.remove('hidden'); diagramLegend.classList.remove('hidden');
  if (viewer && viewerTheme !== themeKey()) destroyViewer();
  if (!viewer) {
    const { default: NavigatedViewer } = await import('bpmn-js/lib/NavigatedViewer');
    const colors = diagramColors();
    viewerTheme = themeKey();
    diagramHost.dataset.theme = document.body.className;
    viewer = new NavigatedViewer({ container: diagramHost, bpmnRenderer: colors, textRenderer: { defaultStyle: { fill: colors.defaultLabelColor } } }) as Viewer;
  }
  const v = viewer;
  if (viewerXml !== state.bpmn) {
    viewerXml = state.bpmn;
    badges.clear();
    v.get('overlays').clear();
    try {
      await v.importXML(state.bpmn);
    } catch (e) {
      diagramHost.dataset.error = String((e as Error)?.message ?? e);
      diagramNote.textContent = `The diagram could not be shown: ${diagramHost.dataset.error}`;
      return;
    }
    if (viewer !== v) return; // rebuilt meanwhile (theme change)
    delete diagramHost.dataset.error;
    // The tab panel may not have its size yet right after it was selected.
    for (let i = 0; i < 10 && !diagramHost.clientWidth; i++) await new Promise(r => requestAnimationFrame(r));
    diagramMoved = false;
    fitDiagram(v);
    labelUnnamed(v);
  }
  updateOverlays(v, figures);
  diagramHost.dataset.imported = 'true';
}

function hideDiagram(): void {
  diagramHost.classList.add('hidden'); diagramLegend.classList.add('hidden');
  delete diagramHost.dataset.imported;
}

/** Whether the user panned or zoomed the diagram (then resizes keep the view instead of fitting again). */
let diagramMoved = false;
for (const type of ['wheel', 'mousedown', 'keydown']) diagramHost.addEventListener(type, () => { diagramMoved = true; }, { capture: true, passive: true });
new ResizeObserver(() => {
  if (!viewer || !diagramHost.clientWidth || !diagramHost.clientHeight) return;
  if (diagramMoved) viewer.get('canvas').resized(); else fitDiagram(viewer);
}).observe(diagramHost);

function fitDiagram(v: Viewer): void {
  const canvas = v.get('canvas');
  canvas.resized();
  canvas.zoom('fit-viewport', 'auto');
  // Small processes (three shapes) would be blown up: not beyond 1:1.
  if (canvas.zoom() > 1) canvas.zoom(1, 'auto');
}

/** Tasks without a name show their id (the examples name few of them). */
function labelUnnamed(v: Viewer): void {
  const overlays = v.get('overlays');
  for (const e of v.get('elementRegistry').getAll() as { id: string; type: string; width: number; businessObject: { name?: string } }[]) {
    if (!/Task$/.test(e.type) || e.businessObject.name) continue;
    const label = el('div', { class: 'sim-id-label', 'data-for': e.id }, e.id);
    label.style.width = `${e.width}px`;
    overlays.add(e.id, 'job-lab-id', { position: { top: 30, left: 0 }, html: label });
  }
}

const BADGE_KEYS = [['b-created', 'created', 'jobs created'], ['b-running', 'running', 'executions running now'], ['b-done', 'completed', 'executions completed'],
  ['b-fail', 'failures', 'failures'], ['b-inc', 'incidents', 'incidents']] as const;

function updateOverlays(v: Viewer, figures: ActivityFigures[]): void {
  const overlays = v.get('overlays');
  const registry = v.get('elementRegistry');
  const seen = new Set<string>();
  for (const a of figures) {
    if (!registry.get(a.id)) continue;
    seen.add(a.id);
    let b = badges.get(a.id);
    if (!b) {
      const wait = el('div', { class: 'sim-pill b-wait sim-corner', 'data-activity': a.id, title: 'tokens waiting (job rows no thread is executing)' });
      // Bottom-left corner (clear of the task-type icon, as Cockpit places token counts); the strip above the shape.
      const strip = el('div', { class: 'sim-badge', 'data-activity': a.id });
      b = { wait, strip, ids: [
        overlays.add(a.id, 'job-lab-sim', { position: { bottom: 9, left: -9 }, html: wait }),
        overlays.add(a.id, 'job-lab-sim', { position: { top: -21, left: 0 }, html: strip }),
      ] };
      badges.set(a.id, b);
    }
    b.wait.textContent = `${BADGE_GLYPH['b-wait']}${a.waiting}`;
    b.wait.dataset.waiting = String(a.waiting);
    b.wait.classList.toggle('zero', a.waiting === 0);
    const strip = b.strip;
    for (const [, key] of BADGE_KEYS) strip.dataset[key] = String(a[key]);
    strip.dataset.waiting = String(a.waiting);
    strip.replaceChildren(...BADGE_KEYS.filter(([, key]) => a[key] > 0).map(([cls, key, title]) => el('span', { class: `sim-pill ${cls}`, title }, `${BADGE_GLYPH[cls]}${a[key]}`)));
  }
  for (const [id, b] of badges) if (!seen.has(id)) { for (const o of b.ids) overlays.remove(o); badges.delete(id); }
  diagramHost.dataset.overlays = String(badges.size);
}

// ---- event log (virtualised) --------------------------------------------------------------------------

const LOG_ROW_H = 20;
const logPanel = panels[3];
const KINDS = ['acquisition', 'jobCreated', 'jobStarted', 'jobCompleted', 'jobFailed', 'incident', 'batchRejected', 'nodeCrashed', 'nodeStarted', 'lockExpired', 'duplicateExecution', 'optimisticLockingFailure', 'timeline'];
const logKind = el('vscode-single-select', { id: 'log-kind' }) as unknown as HTMLSelectElement;
logKind.appendChild(el('vscode-option', { value: '' }, 'all kinds'));
for (const k of KINDS) logKind.appendChild(el('vscode-option', { value: k }, k));
const logText = textfield('log-text', view.logText, '24');
logText.setAttribute('placeholder', 'filter text');
const logCount = el('span', { class: 'muted', id: 'log-count' });
const logBar = el('div', { class: 'row-bar' });
logBar.append(logKind, logText, logCount);
const logScroll = el('div', { class: 'lscroll', id: 'log-scroll' });
const logSpacer = el('div', { class: 'tspacer' });
const logBody = el('div', { class: 'tbody' });
logScroll.append(logSpacer, logBody);
logPanel.append(logBar, logScroll);
let logMemo: { events: number; kind: string; text: string; idx: number[] } | null = null;
logKind.addEventListener('change', () => { view.logKind = logKind.value; saveView(); renderLog(); });
logText.addEventListener('input', () => { view.logText = logText.value; saveView(); renderLog(); });
logScroll.addEventListener('scroll', () => renderLogWindow());
function renderLog(): void {
  if (!logMemo || logMemo.events !== state.events.length || logMemo.kind !== view.logKind || logMemo.text !== view.logText) {
    logMemo = { events: state.events.length, kind: view.logKind, text: view.logText, idx: filteredEvents(state, view.logKind ? new Set([view.logKind]) : null, view.logText) };
  }
  logCount.textContent = `${logMemo.idx.length} of ${state.events.length} events`;
  logSpacer.style.height = `${logMemo.idx.length * LOG_ROW_H}px`;
  renderLogWindow();
}
function renderLogWindow(): void {
  if (!logMemo) return;
  const first = Math.max(0, Math.floor(logScroll.scrollTop / LOG_ROW_H) - 5);
  const count = Math.ceil((logScroll.clientHeight || 400) / LOG_ROW_H) + 10;
  const frag = document.createDocumentFragment();
  for (let k = first; k < Math.min(logMemo.idx.length, first + count); k++) {
    const e = state.events[logMemo.idx[k]];
    const row = el('div', { class: `lrow k-${e.kind}${e.seq === view.selectedSeq ? ' selected-row' : ''}`, 'data-seq': String(e.seq) });
    row.style.top = `${k * LOG_ROW_H}px`;
    row.append(el('span', { class: 'lt' }, fmtT(e.t)), el('span', { class: 'lk' }, e.kind), el('span', { class: 'ld' }, describeEvent(e)));
    row.addEventListener('click', () => selectEvent(e.seq));
    frag.appendChild(row);
  }
  logBody.replaceChildren(frag);
}

function selectEvent(seq: number): void {
  view.selectedSeq = seq;
  saveView();
  const e = state.events.find(x => x.seq === seq);
  if (e && 'jobId' in e) selectedJob = (e as { jobId: string }).jobId;
  if (e) {
    const [t0, t1] = window_();
    if (e.t < t0 || e.t > t1) { view.follow = false; followBox.checked = false; view.t0 = Math.max(0, e.t - view.span / 2); }
  }
  if (e?.kind === 'acquisition') post({ type: 'explain', seq });
  drawLanes();
  renderTab();
}

// ---- metrics (uPlot) -------------------------------------------------------------------------------------

const metricsPanel = panels[4];
const chartsBox = el('div', { class: 'charts', id: 'charts' });
metricsPanel.appendChild(chartsBox);
let plots: uPlot[] = [];
let plotsKey = '';
function renderMetrics(): void {
  const nodes = state.nodes.map(n => n.id);
  const ms = metricSeries(state.events, nodes, state.now, 200);
  const c = colors();
  const palette = [c.outcome[0], c.outcome[2], c.outcome[1], c.outcome[3], c.outcome[4], c.tick, c.clash, c.dup];
  const width = Math.max(280, Math.floor((chartsBox.clientWidth || 800) / 2) - 16);
  const specs: { title: string; series: { label: string; values: number[] }[] }[] = [
    { title: 'Throughput (jobs/s)', series: [{ label: 'completed/s', values: ms.throughput }] },
    { title: 'Clashes', series: [{ label: 'clashes', values: ms.clashes }] },
    { title: 'Queue depth (rows with retries left)', series: [{ label: 'jobs', values: ms.queueDepth }] },
    { title: 'Idle / backoff level per node', series: [...nodes.map(n => ({ label: `${n} idle`, values: ms.idle[n] ?? [] })), ...nodes.map(n => ({ label: `${n} backoff`, values: ms.backoff[n] ?? [] }))] },
  ];
  const key = `${nodes.join(',')}|${width}|${document.body.className}`;
  if (key !== plotsKey) {
    for (const p of plots) p.destroy();
    chartsBox.replaceChildren();
    plots = specs.map(s => new uPlot({
      title: s.title, width, height: 180,
      scales: { x: { time: false } },
      axes: [{ stroke: c.muted, grid: { stroke: c.grid } }, { stroke: c.muted, grid: { stroke: c.grid } }],
      series: [{ label: 's' }, ...s.series.map((x, i) => ({ label: x.label, stroke: palette[i % palette.length], width: 1.5 }))],
    }, [ms.x, ...s.series.map(x => x.values)] as uPlot.AlignedData, chartsBox));
    plotsKey = key;
  } else {
    plots.forEach((p, i) => p.setData([ms.x, ...specs[i].series.map(x => x.values)] as uPlot.AlignedData));
  }
  chartsBox.dataset.buckets = String(ms.x.length);
}

// ---- scenario picker ---------------------------------------------------------------------------------------

function renderScenarios(): void {
  const key = JSON.stringify(state.scenarios.map(c => [c.id, c.label]));
  if (key !== scenarioKey) {
    scenarioKey = key;
    const opts: HTMLElement[] = [];
    let group = '';
    for (const c of state.scenarios) {
      if (c.group !== group && c.group !== 'file') {
        // vscode-single-select has no option groups: a disabled heading option stands for one.
        opts.push(el('vscode-option', { value: `group:${c.group}`, disabled: '' }, c.group === 'stories' ? '— Cluster stories —' : c.group === 'scaling' ? '— Scaling studies —' : '— Examples —'));
      }
      group = c.group;
      const label = c.group === 'file' ? `Current file: ${c.label}` : c.story !== undefined ? `Story ${c.story}: ${c.label}` : c.label;
      opts.push(el('vscode-option', { value: c.id, description: c.description, 'data-group': c.group }, label));
    }
    scenarioSelect.replaceChildren(...opts);
  }
  scenarioSelect.value = state.scenario;
  scenarioSelect.dataset.selected = state.scenario;
  scenarioSelect.dataset.count = String(state.scenarios.length);
}

// ---- scaling study (uPlot charts and a table) ---------------------------------------------------------------

/** The Study tab's content (vscode-tab-panel assigns its own ids: tests find the tab through `#study`). */
const studyPanel = el('div', { class: 'study', id: 'study' });
panels[STUDY_TAB].appendChild(studyPanel);
const studyHead = el('div', { class: 'row-bar study-head' });
const studyLine = el('span', { class: 'muted', id: 'study-summary' }, 'No scaling study yet: "Scaling study…" runs the scenario over a grid of node and thread counts.');
studyHead.append(studyLine);
const studyCharts = el('div', { class: 'charts', id: 'study-charts' });
const studyTableWrap = el('div', { class: 'study-table-wrap' });
const studyNotes = el('ul', { class: 'study-notes muted', id: 'study-notes' });
studyPanel.append(studyHead, studyCharts, studyTableWrap, studyNotes);
let studyPlots: uPlot[] = [];
let studyPlotsKey = '';

function studyPlot(spec: ChartSpec, width: number): uPlot {
  const c = colors();
  const palette = [c.outcome[0], c.outcome[1], c.outcome[3], c.outcome[4], c.outcome[2], c.tick, c.clash, c.dup];
  let k = 0;
  const wrap = el('div', { class: 'study-chart', id: `study-chart-${spec.id}`, 'data-series': String(spec.series.length), 'data-points': String(spec.x.length) });
  studyCharts.appendChild(wrap);
  return new uPlot({
    title: spec.title, width, height: 220,
    scales: { x: { time: false } },
    // Ticks at the study's own node / thread counts (whole numbers, no 1.1, 1.2, …).
    axes: [{ label: spec.xLabel, stroke: c.muted, grid: { stroke: c.grid }, splits: () => spec.x }, { label: spec.yLabel, stroke: c.muted, grid: { stroke: c.grid } }],
    series: [{ label: spec.xLabel }, ...spec.series.map(s => ({
      label: s.label, stroke: s.ideal ? c.muted : palette[k++ % palette.length], width: s.ideal ? 1 : 1.75,
      ...(s.ideal ? { dash: [6, 4] } : {}), points: { show: true, size: 5 },
    }))],
  }, [spec.x, ...spec.series.map(s => s.values)] as uPlot.AlignedData, wrap);
}

/** Bumped per study result: charts and table are rebuilt once per result, size, theme or sort (not per redraw). */
let studyShown = 0;
let studyTableKey = '';
const studyChartWidth = () => Math.max(300, Math.floor((studyCharts.clientWidth || 900) / 2) - 16);

function renderStudyCharts(): void {
  const st = state.study;
  const width = studyChartWidth();
  const key = `${studyShown}|${width}|${document.body.className}`;
  if (key === studyPlotsKey) return;
  studyPlotsKey = key;
  for (const p of studyPlots) p.destroy();
  studyPlots = [];
  studyCharts.replaceChildren();
  if (!st || !st.points.length) return;
  studyPlots = [accelerationChart(st), throughputChart(st)].map(spec => studyPlot(spec, width));
}

function renderStudyTable(): void {
  const st = state.study;
  const sort = view.studySort ?? { by: 'threads', descending: false };
  const key = `${studyShown}|${sort.by}|${sort.descending}`;
  if (key === studyTableKey) return;
  studyTableKey = key;
  if (!st) { studyTableWrap.replaceChildren(); return; }
  const table = el('table', { class: 'explain study-table', id: 'study-table' });
  const head = el('tr');
  for (const [col, label] of STUDY_COLUMNS) {
    const th = el('th', { 'data-col': col, class: col === sort.by ? 'sorted' : '' }, label + (col === sort.by ? (sort.descending ? ' ▾' : ' ▴') : ''));
    th.addEventListener('click', () => { view.studySort = toggleSort(sort, col); saveView(); renderStudyTable(); });
    head.appendChild(th);
  }
  table.appendChild(head);
  for (const p of studyRows(st, sort)) {
    const tr = el('tr', { 'data-nodes': String(p.nodes), 'data-threads': String(p.threads), class: p.finished ? '' : 'unfinished' });
    for (const [col] of STUDY_COLUMNS) tr.appendChild(el('td', { 'data-col': col }, studyCell(p, col)));
    table.appendChild(tr);
  }
  studyTableWrap.replaceChildren(table);
}

function renderStudyLine(): void {
  const st = state.study;
  const progress = studyProgressText(state.studyProgress);
  if (progress || st) studyLine.textContent = progress || studySummary(st!);
  studyPanel.dataset.running = String(state.studyProgress !== null);
}

function renderStudy(): void {
  renderStudyLine();
  const st = state.study;
  if (!st) return;
  studyPanel.dataset.points = String(st.points.length);
  studyPanel.dataset.cancelled = String(st.cancelled);
  renderStudyCharts();
  renderStudyTable();
  if (studyNotes.dataset.shown !== String(studyShown)) {
    studyNotes.dataset.shown = String(studyShown);
    studyNotes.replaceChildren(...st.notes.map(n => el('li', {}, n)));
  }
}

// ---- rendering ----------------------------------------------------------------------------------------------

function renderStatus(): void {
  const s = state.summary;
  statusLine.textContent = `t = ${fmtT(state.now)} · steps ${state.steps} · events ${state.events.length} · jobs ${state.jobs.size}`
    + (s ? ` · completed ${s.jobsCompleted} · clashes ${s.lockClashes}` : '') + (state.done ? ' · run over' : '') + (state.status ? ` · ${state.status.message}` : '');
  statusLine.classList.toggle('error', state.status?.level === 'error');
  playButton.textContent = state.running ? 'Pause' : 'Play';
  app.dataset.now = String(state.now);
  app.dataset.steps = String(state.steps);
  app.dataset.events = String(state.events.length);
  app.dataset.jobs = String(state.jobs.size);
  app.dataset.done = String(state.done);
  app.dataset.running = String(state.running);
}
function renderCheckpoints(): void {
  checkpointSelect.replaceChildren(...state.checkpoints.map(cp => el('vscode-option', { value: String(cp.index) }, `#${cp.index} t=${fmtT(cp.t)} (${cp.steps} steps)`)));
}
function renderTab(): void {
  switch (view.tab) {
    case 0: renderTable(); break;
    case 1: renderAcquisition(); break;
    case 2: void renderDiagram(); break;
    case 3: renderLog(); break;
    case 4: renderMetrics(); break;
    case STUDY_TAB: renderStudy(); break;
  }
}

let pending: Changes | null = null;
let frame = 0;
let metricsAt = 0;
function schedule(c: Changes): void {
  if (!pending) pending = c;
  else for (const k of Object.keys(c) as (keyof Changes)[]) pending[k] ||= c[k];
  if (!frame) frame = requestAnimationFrame(flush);
}
function flush(): void {
  frame = 0;
  const c = pending!;
  pending = null;
  if (c.full) { fillSettings(); renderCheckpoints(); speedSelect.value = String(state.speed); tableMemo = null; logMemo = null; }
  if (c.scenarios || c.full) renderScenarios();
  if (c.study && view.tab === STUDY_TAB) renderStudy();
  else if (c.study) renderStudyLine();
  else if (c.checkpoints) renderCheckpoints();
  renderStatus();
  if (c.events || c.nodes || c.full) { drawLanes(); renderNodeControls(); }
  if (view.tab === 4) {
    // Charts are rebuilt from the whole trace: at most 4 times a second.
    const now = performance.now();
    if (c.full || now - metricsAt > 250) { metricsAt = now; renderMetrics(); } else if (c.events) schedule({ ...noneChanged(), events: true });
  } else if (c.full || c.jobs || c.events || c.explanation) renderTab();
}
const noneChanged = noChanges;

window.addEventListener('message', ev => {
  const m = ev.data;
  if (!isSimulatorHostMessage(m)) return;
  schedule(applyHostMessage(state, m));
  if (m.type === 'study') {
    // A finished study is shown at once.
    studyShown++;
    view.tab = STUDY_TAB; saveView();
    tabs.selectedIndex = STUDY_TAB;
  }
  if ((m.type === 'init' || m.type === 'delta') && state.source && state.settings) {
    const r = view.restore;
    if (!r || r.now !== state.now || r.source !== state.source || r.seed !== state.seed || r.settings !== state.settings) {
      view.restore = { source: state.source, seed: state.seed, settings: state.settings, now: state.now };
      saveView();
    }
  }
});
window.addEventListener('resize', () => {
  plotsKey = ''; studyPlotsKey = '';
  if (viewer && view.tab === 2) viewer.get('canvas').resized();
  schedule({ ...noneChanged(), nodes: true, jobs: true });
});
new MutationObserver(() => {
  plotsKey = ''; studyPlotsKey = '';
  // The diagram's colours are fixed at construction: rebuilt on the next render of its tab.
  schedule({ ...noneChanged(), nodes: true, events: view.tab === 2, study: view.tab === STUDY_TAB });
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// Test hook (the browser test reads the reducer's state through it).
(window as unknown as { __sim: unknown }).__sim = { state, view, events: (): TraceEvent[] => state.events, outcomes: OUTCOME_NAMES, markDup: MARK_DUPLICATE };

customElements.whenDefined('vscode-tabs').then(() => { tabs.selectedIndex = view.tab; });
post({ type: 'ready' });
