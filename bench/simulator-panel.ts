/**
 * Simulator panel: one step round trip with 10,000 jobs in ACT_RU_JOB — the host controller steps
 * to the next trace event and builds its delta, the message is serialised (as postMessage would)
 * and parsed, and the webview's pure reducer applies it. Target: ≤ 16 ms (one frame).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateScenario } from '../simulator/scenario/validate';
import { SimulationController } from '../src/simulation/controller';
import { applyHostMessage, createState, tableRows } from '../webview/simulator/state';
import type { SimulatorHostMessage } from '../src/protocol/simulator';

import { simulatorHtml } from '../src/simulation/html';

export interface BenchResult { name: string; lines: string[] }

const JOBS = 10_000;

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
function pct(xs: number[], p: number): number { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; }
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function benchPanel(): Promise<BenchResult> {
  const root = join(__dirname, '..');
  const scenario = validateScenario({
    seed: 1, nodes: [{ id: 'node', count: 3 }], deployments: [{ id: 'work-v1', bpmn: 'prioritized-work.bpmn' }],
    load: [{ processDefinitionKey: 'work', instances: JOBS, intervalMs: 0, variables: { priority: 0 } }],
  });
  const bpmn = { 'work-v1': readFileSync(join(root, 'examples/prioritized-work.bpmn'), 'utf8') };
  const c = await SimulationController.create({ title: 'bench', file: join(root, 'examples/bench.json'), prepared: { scenario, bpmn } }, { checkpointEvery: 1e9 });
  const state = createState();
  // Fill the table: step until every instance has created its job.
  let t0 = process.hrtime.bigint();
  while (c.summary().jobsCreated < JOBS) c.stepMany(5000);
  const fillMs = ms(t0);
  t0 = process.hrtime.bigint();
  const init = JSON.stringify({ type: 'init', state: c.fullState() } satisfies SimulatorHostMessage);
  applyHostMessage(state, JSON.parse(init));
  const initMs = ms(t0);
  const rows = state.jobs.size;
  const times: number[] = [], hostTimes: number[] = [], bytes: number[] = [];
  for (let i = 0; i < 200 && !c.done; i++) {
    const s0 = process.hrtime.bigint();
    const delta = c.step();
    hostTimes.push(ms(s0));
    const text = JSON.stringify({ type: 'delta', delta } satisfies SimulatorHostMessage);
    applyHostMessage(state, JSON.parse(text));
    times.push(ms(s0));
    bytes.push(text.length);
  }
  t0 = process.hrtime.bigint();
  const sorted = tableRows(state, { sortBy: 'LOCK_EXP_TIME_', descending: true, filter: 'node-2' });
  const tableMs = ms(t0);
  c.close();
  const lanes = await benchLanes100k(root).catch(e => [`swimlanes at 100k events (browser)      not measured: ${String((e as Error)?.message ?? e).split('\n')[0]}`]);
  const m = median(times);
  return {
    name: `simulator panel: step round trip with ${rows.toLocaleString('en')} jobs in ACT_RU_JOB`,
    lines: [
      `step → delta → JSON → reducer      median ${m.toFixed(2)} ms, p95 ${pct(times, 0.95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms (${times.length} steps)  target ≤ 16 ms: ${m <= 16 ? 'met' : 'MISSED'}`,
      `of which host step + delta         median ${median(hostTimes).toFixed(2)} ms`,
      `delta message size                 median ${median(bytes)} bytes`,
      `full state (init) round trip       ${initMs.toFixed(1)} ms, ${(init.length / 1e6).toFixed(2)} MB`,
      `table view (filter + sort) 10k     ${tableMs.toFixed(1)} ms (${sorted.length} rows shown)`,
      `filling the table (${JOBS} jobs)    ${fillMs.toFixed(0)} ms`,
      ...lanes,
    ],
  };
}

/**
 * Swimlanes at ≥ 100,000 trace events, in a real browser: a real simulation (literal load of
 * LANE_JOBS instances of examples/prioritized-work.bpmn on 3 nodes, seed 1) is stepped until its
 * trace has ≥ 100k events; its full state goes to dist/webview-simulator.js in Debian Chromium
 * (headless, software rendering, via playwright-core and test/browser/harness.mjs with the stubbed
 * acquireVsCodeApi) as the `init` message. Then the lanes are redrawn FRAMES times while zooming
 * (wheel) and panning (drag) the time window through the webview's own event handlers; each frame
 * is timed from dispatching the event to a 1-pixel getImageData of the canvas (which forces the
 * rasterisation of what was drawn). Target: ≤ 16 ms per frame.
 */
const LANE_JOBS = 30_000, LANE_EVENTS = 100_000, FRAMES = 160;

async function benchLanes100k(root: string): Promise<string[]> {
  const scenario = validateScenario({
    seed: 1, nodes: [{ id: 'node', count: 3 }], deployments: [{ id: 'work-v1', bpmn: 'prioritized-work.bpmn' }],
    load: [{ processDefinitionKey: 'work', instances: LANE_JOBS, intervalMs: 0, variables: { priority: 0 } }],
  });
  const bpmn = { 'work-v1': readFileSync(join(root, 'examples/prioritized-work.bpmn'), 'utf8') };
  const c = await SimulationController.create({ title: 'bench lanes', file: join(root, 'examples/bench.json'), prepared: { scenario, bpmn } }, { checkpointEvery: 1e9 });
  let t0 = process.hrtime.bigint();
  while (c.trace.length < LANE_EVENTS && !c.done) c.stepMany(5000);
  const genMs = ms(t0);
  const events = c.trace.length;
  if (events < LANE_EVENTS) throw new Error(`the run ended after ${events} events`);
  const init = JSON.parse(JSON.stringify({ type: 'init', state: c.fullState() } satisfies SimulatorHostMessage));
  const now = c.now;
  c.close();

  const harness = 'test/browser/harness.mjs';
  const { startServer } = await import(join(root, harness)) as { startServer: (o: { root: string; editorHtml: (o: { cspSource: string; nonce: string; scriptUri: string; distUri: string }) => string }) => Promise<{ origin: string; close: () => Promise<void> }> };
  const { chromium } = await import('playwright-core');
  const server = await startServer({ root, editorHtml: o => simulatorHtml({ ...o, scriptUri: o.scriptUri.replace('webview-editor.js', 'webview-simulator.js') }) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(String(e)));
    await page.goto(`${server.origin}/?theme=dark`);
    await page.waitForFunction(() => (globalThis as unknown as { __posted: { type: string }[] }).__posted.some(m => m.type === 'ready'));
    t0 = process.hrtime.bigint();
    await page.evaluate(m => (globalThis as unknown as { postMessage(m: unknown, o: string): void }).postMessage(m, '*'), init);
    await page.waitForFunction(n => (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string> } } }).document.getElementById('app').dataset.events === String(n), events, { timeout: 120_000 });
    const initMs = ms(t0);
    // Plain JS text: tsx's keepNames helpers (__name) do not exist in the page.
    const r = await page.evaluate(`((frames, now) => {
      const sim = window.__sim;
      const canvas = document.getElementById('lanes-canvas');
      const g = canvas.getContext('2d');
      const rect = canvas.getBoundingClientRect();
      sim.view.follow = false; sim.view.t0 = 0; sim.view.span = now; // start with the whole run in view
      const times = [], visible = [], spans = [];
      function frame(fire) {
        const a = performance.now();
        fire();
        g.getImageData(rect.width / 2, 10, 1, 1); // flush the drawing
        times.push(performance.now() - a);
        visible.push(Number(canvas.dataset.visibleBars));
        spans.push(sim.view.span);
      }
      const y = rect.top + 20;
      for (let i = 0; i < frames; i++) {
        const phase = Math.floor(i / 20) % 4; // zoom in, pan, zoom out, pan
        const x = rect.left + 200 + ((i * 37) % Math.max(1, rect.width - 220));
        if (phase === 0 || phase === 2) {
          frame(() => canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: phase === 0 ? -100 : 100, clientX: x, clientY: y, bubbles: true, cancelable: true })));
        } else {
          if (i % 20 === 0) canvas.dispatchEvent(new MouseEvent('mousedown', { clientX: rect.left + 600, clientY: y, bubbles: true }));
          const dx = (phase === 1 ? -1 : 1) * 15 * ((i % 20) + 1);
          frame(() => canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: rect.left + 600 + dx, clientY: y, bubbles: true })));
          if (i % 20 === 19) window.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
        }
      }
      return { times, visible, spans, bars: Number(canvas.dataset.bars), ticks: Number(canvas.dataset.ticks), lanes: Number(canvas.dataset.lanes) };
    })(${FRAMES}, ${now})`) as { times: number[]; visible: number[]; spans: number[]; bars: number; ticks: number; lanes: number };
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const m = median(r.times), p95 = pct(r.times, 0.95);
    return [
      `swimlanes at ${events.toLocaleString('en')} events (Chromium, ${r.lanes} lanes, ${r.bars.toLocaleString('en')} bars, ${r.ticks.toLocaleString('en')} acquisition ticks):`,
      `  redraw while zooming/panning      median ${m.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${Math.max(...r.times).toFixed(2)} ms (${r.times.length} frames)  target ≤ 16 ms: ${p95 <= 16 ? 'met (p95)' : m <= 16 ? 'met (median), p95 not met' : 'not met'}`,
      `  visible bars per frame            ${Math.min(...r.visible)}–${Math.max(...r.visible)} (window ${fmtSpan(Math.min(...r.spans))}–${fmtSpan(Math.max(...r.spans))})`,
      `  init message (${(JSON.stringify(init).length / 1e6).toFixed(1)} MB) to first draw   ${initMs.toFixed(0)} ms`,
      `  generating the run (${LANE_JOBS.toLocaleString('en')} instances, real simulation, t = ${(now / 1000).toFixed(1)} s)   ${genMs.toFixed(0)} ms`,
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
const fmtSpan = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`);

if (require.main === module) {
  benchPanel().then(r => { console.log(`## ${r.name}`); for (const l of r.lines) console.log(`  ${l}`); });
}
