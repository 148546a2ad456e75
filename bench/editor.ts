/**
 * BPMN editor webview: import of a generated diagram with ≥ 1,000 diagram elements (BPMN DI shapes
 * and edges) in the real editor bundle (dist/webview-editor.js: bpmn-js Modeler, Camunda properties
 * panel, finding markers, job badges) in Debian Chromium through playwright-core, served by the
 * browser test's harness (test/browser/harness.mjs: the extension's own HTML and CSP, a stubbed
 * acquireVsCodeApi). Baseline, side by side in the same page: a plain bpmn-js `Viewer` (no
 * properties panel, no overlays, its own bundle) importing the same XML. Target: < 1 s.
 *
 * Each round imports the small fixture first and then the big diagram, in the editor (through the
 * host protocol: `update` → `imported` → `rendered`) and in the Viewer, alternately, so machine
 * noise hits both. The first import is a fresh webview's `init` (cold JIT). Times are measured inside
 * the page with performance.now(): `import` = bpmn-js importXML (same measure for both);
 * `to markers drawn` = from the host message until the webview posted `rendered` (import + findings
 * markers + badges + properties-panel errors).
 *
 * Run alone: `npx tsx bench/editor.ts`; from bench/run.ts as section `editor`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { generateBpmn } from './generate';
import { editorHtml } from '../src/editor/html';

export interface BenchResult { name: string; lines: string[] }

// The functions passed to page.evaluate run in the browser; the project compiles without the DOM
// lib, so these two are declared here (module scope only).
declare const window: any;
declare const document: any;

const ROOT = join(__dirname, '..');
/** Tasks of the generated diagram: n tasks + start + end = n + 2 shapes and n + 1 edges in the DI. */
const TASKS = 500;
const RUNS = 7;
const TARGET_MS = 1000;
const VIEWER_PATH = '/dist/__bench-viewer.js';

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const label = (s: string) => s.padEnd(37);

/** Newest modification time under `dir` (files only). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** `node esbuild.mjs` when dist/webview-editor.js is missing or older than its sources. */
function ensureBundle(): string {
  const bundle = join(ROOT, 'dist/webview-editor.js');
  const sources = Math.max(newest(join(ROOT, 'webview/editor')), statSync(join(ROOT, 'src/protocol/editor.ts')).mtimeMs);
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return 'up to date';
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('node esbuild.mjs failed');
  return 'rebuilt';
}

/** The baseline's bundle: bpmn-js's plain Viewer exposed as window.__BenchViewer. */
async function viewerBundle(): Promise<string> {
  const out = await esbuild.build({
    stdin: { contents: `import Viewer from 'bpmn-js/lib/Viewer'; window.__BenchViewer = Viewer;`, resolveDir: ROOT, loader: 'js' },
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

/** Webview messages the stub recorded (window.__posted). */
type Posted = { type: string; version?: number; ok?: boolean; millis?: number; elementCount?: number; error?: { message: string } };

async function waitPosted(page: Page, pred: (m: Posted) => boolean, what: string, ms = 60_000): Promise<Posted> {
  const end = Date.now() + ms;
  for (;;) {
    const hit = (await page.evaluate(() => (window as any).__posted as Posted[])).find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(20);
  }
}

/**
 * Sends one host message to the editor webview and waits inside the page for its `imported` and
 * `rendered` of `version`; returns the webview's own import time and the time until `rendered`.
 */
function editorImport(page: Page, msg: Record<string, unknown>): Promise<{ millis: number; toRendered: number; elementCount: number; ok: boolean; error?: string }> {
  return page.evaluate(m => new Promise((resolve, reject) => {
    const w = window as any;
    w.__posted.length = 0;
    const t0 = performance.now();
    const end = t0 + 60_000;
    const poll = () => {
      const imp = w.__posted.find((p: any) => p.type === 'imported' && p.version === m.version);
      const ren = imp && w.__posted.find((p: any) => p.type === 'rendered' && p.version === m.version);
      if (ren) {
        resolve({ millis: imp.millis, toRendered: performance.now() - t0, elementCount: imp.elementCount, ok: imp.ok, error: imp.error?.message });
        return;
      }
      if (performance.now() > end) { reject(new Error(`no imported/rendered for version ${m.version}`)); return; }
      setTimeout(poll, 1);
    };
    window.postMessage(m, '*');
    setTimeout(poll, 0);
  }), msg);
}

/** Imports `xml` into the page's plain Viewer (created on first use, next to the editor's canvas, same size). */
function viewerImport(page: Page, xml: string): Promise<{ millis: number; elementCount: number }> {
  return page.evaluate(async x => {
    const w = window as any;
    if (!w.__benchViewer) {
      const box = document.createElement('div');
      const r = document.getElementById('canvas').getBoundingClientRect();
      // CSSOM (not a style attribute): allowed by the webview's CSP.
      Object.assign(box.style, { position: 'fixed', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px`, zIndex: '50', background: 'white' });
      document.body.appendChild(box);
      w.__benchViewer = new w.__BenchViewer({ container: box });
    }
    const t0 = performance.now();
    await w.__benchViewer.importXML(x);
    const millis = performance.now() - t0;
    return { millis, elementCount: w.__benchViewer.get('elementRegistry').getAll().length };
  }, xml);
}

export async function benchEditor(): Promise<BenchResult> {
  const build = ensureBundle();
  const big = generateBpmn(TASKS);
  const small = readFileSync(join(ROOT, 'test/browser/fixtures/jobs.bpmn'), 'utf8');
  const diElements = (big.match(/<bpmndi:BPMN(Shape|Edge) /g) ?? []).length;
  if (diElements < 1000) throw new Error(`the generated diagram has only ${diElements} DI elements`);
  // The host side of the editor: the same analysis the provider posts with `init`.
  const { domainAnalyzer } = await import('../src/editor/analysis');
  const analysis = domainAnalyzer().analyze(big, { profile: '7.24' });
  const viewerJs = await viewerBundle();

  const harness = await import(pathToFileURL(join(ROOT, 'test/browser/harness.mjs')).href) as {
    startServer(o: { root: string; editorHtml: typeof editorHtml }): Promise<{ origin: string; close(): Promise<void> }>;
  };
  const server = await harness.startServer({ root: ROOT, editorHtml });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(String(e)));
    // tsx (esbuild keepNames) wraps named functions in the evaluate callbacks with `__name(...)`.
    await page.addInitScript('window.__name = function (f) { return f; };');
    await page.route(`${server.origin}${VIEWER_PATH}`, r => r.fulfill({ status: 200, contentType: 'text/javascript', body: viewerJs }));
    await page.goto(`${server.origin}/?theme=light`);
    await waitPosted(page, m => m.type === 'ready', 'ready');
    // The Viewer's bundle goes in with the page's own nonce: the real CSP stays in force.
    await page.evaluate(src => new Promise<void>((resolve, reject) => {
      const s = document.createElement('script');
      s.nonce = document.querySelector('script[nonce]').nonce;
      s.src = src;
      s.onload = () => resolve();
      s.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.appendChild(s);
    }), `${server.origin}${VIEWER_PATH}`);

    // First (cold) imports: a fresh webview's init, then a fresh Viewer.
    const first = await editorImport(page, { type: 'init', text: big, version: 1, findings: analysis.findings, badges: analysis.badges, theme: 'light' });
    if (!first.ok) throw new Error(`editor import failed: ${first.error}`);
    const viewerFirst = await viewerImport(page, big);

    const ed: number[] = [], edRendered: number[] = [], vw: number[] = [];
    let version = 2;
    for (let i = 0; i < RUNS; i++) {
      await editorImport(page, { type: 'update', text: small, version: version++ });
      const e = await editorImport(page, { type: 'update', text: big, version: version++ });
      if (!e.ok) throw new Error(`editor import failed: ${e.error}`);
      ed.push(e.millis); edRendered.push(e.toRendered);
      await viewerImport(page, small);
      vw.push((await viewerImport(page, big)).millis);
    }
    const markers = await page.evaluate(() => document.querySelectorAll('.jl-marker').length);
    const badges = await page.evaluate(() => document.querySelectorAll('.jl-badge').length);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

    const [edMed, vwMed] = [median(ed), median(vw)];
    const best = Math.min(...ed);
    return {
      name: `editor: import of a generated diagram with ${diElements.toLocaleString('en')} DI elements (${TASKS} tasks) in the bpmn-js editor webview (Chromium) vs a plain bpmn-js Viewer in the same page`,
      lines: [
        `${label('diagram')}${(big.length / 1e3).toFixed(0)} kB, ${diElements} DI shapes + edges, ${first.elementCount} diagram elements in the editor (${viewerFirst.elementCount} in the Viewer), ${analysis.findings.length} findings, ${analysis.badges.length} badges (${markers} markers, ${badges} badges drawn)`,
        `${label('editor first import (fresh webview)')}${fmt(first.millis)} import, ${fmt(first.toRendered)} to markers drawn   target < ${TARGET_MS} ms: ${first.millis < TARGET_MS ? 'met' : 'MISSED'}`,
        `${label(`editor import, ${RUNS} runs`)}median ${fmt(edMed)}, best ${fmt(best)} (${ed.map(t => t.toFixed(0)).join(', ')})   target < ${TARGET_MS} ms: ${edMed < TARGET_MS ? 'met' : 'MISSED'}`,
        `${label('editor import to markers drawn')}median ${fmt(median(edRendered))}, best ${fmt(Math.min(...edRendered))}`,
        `${label('plain Viewer first import')}${fmt(viewerFirst.millis)}`,
        `${label(`plain Viewer import, ${RUNS} runs`)}median ${fmt(vwMed)}, best ${fmt(Math.min(...vw))} (${vw.map(t => t.toFixed(0)).join(', ')})`,
        `${label('ratio editor / Viewer')}median ${(edMed / vwMed).toFixed(2)}x, best ${(best / Math.min(...vw)).toFixed(2)}x, first ${(first.millis / viewerFirst.millis).toFixed(2)}x`,
        `${label('webview bundle')}${build}`,
      ],
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (require.main === module) {
  benchEditor().then(
    r => { console.log(`## ${r.name}`); for (const l of r.lines) console.log(`  ${l}`); },
    e => { console.error(e); process.exitCode = 1; },
  );
}
