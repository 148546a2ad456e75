/**
 * The scaling study's outputs (issue #7), PURE apart from reading uPlot's files when running from the
 * sources: a text table with one verdict line per thread count, CSV (one row per point), and a
 * self-contained HTML report whose two charts (acceleration vs the ideal line, throughput vs threads)
 * are drawn by uPlot, inlined with its CSS. `studyCharts` gives the charts' data for the panel too.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { StudyPoint, StudyResult } from '../../simulator/study/types';
import { escapeHtmlAttr } from '../webviewPage';
import { accelerationChart, throughputChart, type ChartSpec } from '../protocol/studyCharts';

// ---- chart data -------------------------------------------------------------------------------------

export type StudyChart = ChartSpec;

/** The two charts of the study, the same data the panel's Study tab draws (src/protocol/studyCharts.ts). */
export function studyCharts(r: StudyResult): { acceleration: StudyChart; throughput: StudyChart } {
  const grid = { nodes: r.options.nodes, threads: r.options.threads, baselineNodes: r.baselineNodes, points: r.points };
  return { acceleration: accelerationChart(grid), throughput: throughputChart(grid) };
}

// ---- text ----------------------------------------------------------------------------------------------

const fx = (x: number | null, d = 2) => x === null ? '-' : x.toFixed(d);
const pct = (x: number | null) => x === null ? '-' : `${Math.round(x * 100)}%`;

/** One sentence per thread count: the best acceleration, where adding nodes stops paying, clashes. */
export function studyVerdicts(r: StudyResult): string[] {
  const out: string[] = [];
  for (const t of r.options.threads) {
    const pts = r.points.filter(p => p.threads === t).sort((a, b) => a.nodes - b.nodes);
    const withAcc = pts.filter(p => p.acceleration !== null);
    if (!withAcc.length) { out.push(`threads ${t}: no job completed, nothing to compare`); continue; }
    const best = withAcc.reduce((b, p) => (p.acceleration! > b.acceleration! + 1e-9 ? p : b));
    const knee = withAcc.find(p => p.acceleration! >= 0.95 * best.acceleration!)!;
    const first = pts[0], last = pts[pts.length - 1];
    let s = `threads ${t}: best ${fx(best.acceleration)}× at ${best.nodes} node${best.nodes === 1 ? '' : 's'} (ideal ${fx(best.idealAcceleration, 0)}×, efficiency ${pct(best.efficiency)})`;
    if (knee.nodes < best.nodes) s += `; ${knee.nodes} node${knee.nodes === 1 ? ' already reaches' : 's already reach'} 95% of that`;
    s += `; clashes/job ${fx(first.clashesPerJob)} → ${fx(last.clashesPerJob)}`;
    const cut = pts.filter(p => !p.finished).length;
    if (cut) s += `; ${cut} point${cut === 1 ? '' : 's'} did not finish before 'until'`;
    out.push(s);
  }
  return out;
}

/** A table (one row per point) with a verdict line per thread count and the model notes. */
export function studyText(r: StudyResult): string {
  const head = ['threads', 'nodes', 'makespan ms', 'jobs/s', 'accel', 'ideal', 'effic', 'clash/job', 'idle ms', 'backoff ms', 'DB util', 'incid', 'done'];
  const rows = r.points.map(p => [
    String(p.threads), String(p.nodes), String(p.makespanMs), fx(p.throughput), fx(p.acceleration), fx(p.idealAcceleration), pct(p.efficiency),
    fx(p.clashesPerJob), String(Math.round(p.idleMs)), String(Math.round(p.backoffMs)), pct(p.dbUtilisation), String(p.incidents),
    `${p.jobsCompleted}/${p.jobsCreated}${p.finished ? '' : ' cut'}`,
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((c, i) => i === cells.length - 1 ? c : c.padStart(w[i])).join('  ').trimEnd();
  const lines = [
    `Scaling study: ${r.scenario.name} (profile ${r.profile}, seed ${r.options.seed}${r.options.until !== null ? `, until ${r.options.until} ms` : ''})`,
    '',
    line(head),
    ...rows.map(line),
    '',
    ...studyVerdicts(r).map(v => `  ${v}`),
    '',
    `  idle/backoff ms: mean per node; accel: makespan at ${r.baselineNodes} node${r.baselineNodes === 1 ? '' : 's'} ÷ this makespan, same threads; done: jobs completed/created ('cut': stopped by 'until').`,
    ...r.notes.map(n => `  note: ${n}`),
    `  ran ${r.points.length} points ${r.execution.mode === 'workers' ? `in ${r.execution.parallelism} worker threads` : 'in-process'}${r.elapsedMs !== null ? ` in ${(r.elapsedMs / 1000).toFixed(2)} s` : ''}`,
  ];
  return lines.join('\n') + '\n';
}

// ---- CSV -----------------------------------------------------------------------------------------------

export const STUDY_CSV_COLUMNS = [
  'nodes', 'threads', 'makespanMs', 'throughput', 'acceleration', 'idealAcceleration', 'efficiency', 'jobsCompleted', 'jobsCreated',
  'lockClashes', 'clashesPerJob', 'commitClashes', 'idleMs', 'backoffMs', 'dbUtilisation', 'dbWaitMs', 'incidents', 'finished',
  'virtualTimeMs', 'steps', 'wallMs',
] as const satisfies readonly (keyof StudyPoint)[];

/** RFC 4180 CSV: a header and one row per point; empty cells for null. */
export function studyCsv(r: StudyResult): string {
  const cell = (v: unknown) => v === null || v === undefined ? '' : String(v);
  return [STUDY_CSV_COLUMNS.join(','), ...r.points.map(p => STUDY_CSV_COLUMNS.map(c => cell(p[c])).join(','))].join('\r\n') + '\r\n';
}

// ---- HTML ----------------------------------------------------------------------------------------------

declare const __JOBLAB_UPLOT_JS__: string | undefined;
declare const __JOBLAB_UPLOT_CSS__: string | undefined;

/**
 * uPlot's browser build and CSS. The bundles get them at build time (esbuild.mjs `define`, so the
 * packaged CLI and extension need no node_modules); the TypeScript sources read them from node_modules.
 */
export function uplotAssets(): { js: string; css: string } {
  if (typeof __JOBLAB_UPLOT_JS__ === 'string' && typeof __JOBLAB_UPLOT_CSS__ === 'string') return { js: __JOBLAB_UPLOT_JS__, css: __JOBLAB_UPLOT_CSS__ };
  const req = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'x.js'));
  const dir = join(req.resolve('uplot/package.json'), '..', 'dist');
  return { js: readFileSync(join(dir, 'uPlot.iife.min.js'), 'utf8'), css: readFileSync(join(dir, 'uPlot.min.css'), 'utf8') };
}

const esc = (s: unknown) => escapeHtmlAttr(String(s));
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
/** JSON that is safe inside <script>: no `</script>`, no `<!--`. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

// Draws the two charts from the JSON block; runs with uPlot's global `uPlot` from the inline build.
const DRAW = `(function () {
  var data = JSON.parse(document.getElementById('study-charts').textContent);
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  ['acceleration', 'throughput'].forEach(function (key) {
    var c = data[key];
    var box = document.getElementById('chart-' + key);
    var k = 0;
    new uPlot({
      title: c.title, width: 760, height: 320,
      scales: { x: { time: false } },
      axes: [{ label: c.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: c.yLabel }],
      series: [{ label: c.xLabel }].concat(c.series.map(function (s) {
        return s.ideal ? { label: s.label, stroke: '#888', width: 1.5, dash: [6, 4], points: { show: false } }
                        : { label: s.label, stroke: palette[k++ % palette.length], width: 2 };
      }))
    }, [c.x].concat(c.series.map(function (s) { return s.values; })), box);
  });
})();`;

/** The self-contained report: settings, charts (uPlot, inline), the table, verdicts and notes. No external resources. */
export function studyHtml(r: StudyResult, assets: { js: string; css: string } = uplotAssets()): string {
  const charts = studyCharts(r);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src ${sha256(assets.js)} ${sha256(DRAW)}`;
  const cols: [string, (p: StudyPoint) => unknown][] = [
    ['threads', p => p.threads], ['nodes', p => p.nodes], ['makespan ms', p => p.makespanMs], ['jobs/s', p => fx(p.throughput)],
    ['acceleration', p => fx(p.acceleration)], ['ideal', p => fx(p.idealAcceleration)], ['efficiency', p => pct(p.efficiency)],
    ['clashes/job', p => fx(p.clashesPerJob)], ['commit clashes', p => p.commitClashes], ['idle ms (mean/node)', p => Math.round(p.idleMs)],
    ['backoff ms (mean/node)', p => Math.round(p.backoffMs)], ['DB utilisation', p => pct(p.dbUtilisation)], ['incidents', p => p.incidents],
    ['jobs completed/created', p => `${p.jobsCompleted}/${p.jobsCreated}${p.finished ? '' : ' (cut by until)'}`],
  ];
  const title = `Scaling study: ${r.scenario.name}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<style>${assets.css}</style>
<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{text-align:left}figure{margin:12px 0}</style>
</head><body>
<h1>${esc(title)}</h1>
<p>Simulated with Job Lab for BPMN. Profile ${esc(r.profile)}, seed ${esc(r.options.seed)}${r.options.until !== null ? `, until ${esc(r.options.until)} ms` : ''}; nodes ${esc(r.options.nodes.join(', '))}; threads per node ${esc(r.options.threads.join(', '))}.</p>
<h2>Charts</h2>
<figure id="chart-acceleration"></figure>
<figure id="chart-throughput"></figure>
<noscript><p>The charts need JavaScript; the table below has every figure.</p></noscript>
<h2>Verdict</h2><ul>${studyVerdicts(r).map(v => `<li>${esc(v)}</li>`).join('')}</ul>
<h2>Points</h2>
<table><tr>${cols.map(([h]) => `<th>${esc(h)}</th>`).join('')}</tr>
${r.points.map(p => `<tr>${cols.map(([, f]) => `<td>${esc(f(p))}</td>`).join('')}</tr>`).join('\n')}</table>
<h2>Model notes</h2><ul>${r.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>
<p>${r.points.length} points ran ${r.execution.mode === 'workers' ? `in ${r.execution.parallelism} worker threads` : 'in-process'}${r.elapsedMs !== null ? ` in ${(r.elapsedMs / 1000).toFixed(2)} s` : ''}.</p>
<script type="application/json" id="study-charts">${scriptJson(charts)}</script>
<script type="application/json" id="study-result">${scriptJson(r)}</script>
<script>${assets.js}</script>
<script>${DRAW}</script>
</body></html>
`;
}
