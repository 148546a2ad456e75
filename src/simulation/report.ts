/**
 * The run report: one self-contained HTML file (no scripts, no external resources) with the run's
 * settings, summary, per-node figures and the metric charts drawn as inline SVG. PURE.
 */
import type { Scenario } from '../../simulator/scenario/types';
import type { Summary } from '../../simulator/simulation';
import type { TraceEvent } from '../../simulator/trace';
import { metricSeries, type MetricSeries } from '../protocol/simulator';

const esc = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/** A line chart as an SVG string: x in seconds, one polyline per series. */
export function lineChartSvg(title: string, x: readonly number[], series: { name: string; values: readonly number[] }[], width = 640, height = 200): string {
  const m = { l: 48, r: 12, t: 24, b: 28 };
  const w = width - m.l - m.r, h = height - m.t - m.b;
  const xmax = Math.max(1e-9, x[x.length - 1] ?? 1);
  const ymax = Math.max(1, ...series.flatMap(s => s.values));
  const px = (v: number) => m.l + (v / xmax) * w;
  const py = (v: number) => m.t + h - (v / ymax) * h;
  const lines = series.map((s, i) => {
    const pts = s.values.map((v, j) => `${px(x[j]).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.5" points="${pts}"><title>${esc(s.name)}</title></polyline>`;
  }).join('');
  const legend = series.map((s, i) => `<tspan fill="${PALETTE[i % PALETTE.length]}" dx="${i ? 12 : 0}">■ ${esc(s.name)}</tspan>`).join('');
  const yTicks = [0, ymax / 2, ymax].map(v => `<text x="${m.l - 6}" y="${py(v) + 4}" text-anchor="end">${Math.round(v * 10) / 10}</text><line x1="${m.l}" x2="${m.l + w}" y1="${py(v)}" y2="${py(v)}" stroke="#ddd"/>`).join('');
  const xTicks = [0, xmax / 2, xmax].map(v => `<text x="${px(v)}" y="${m.t + h + 18}" text-anchor="middle">${Math.round(v * 100) / 100} s</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img" aria-label="${esc(title)}">`
    + `<text x="${m.l}" y="14" font-weight="bold">${esc(title)}</text><text x="${width - m.r}" y="14" text-anchor="end">${legend}</text>`
    + yTicks + xTicks + `<rect x="${m.l}" y="${m.t}" width="${w}" height="${h}" fill="none" stroke="#999"/>` + lines + '</svg>';
}

export function chartsSvg(ms: MetricSeries): string[] {
  const nodes = Object.keys(ms.idle);
  return [
    lineChartSvg('Throughput (jobs/s)', ms.x, [{ name: 'completed/s', values: ms.throughput }]),
    lineChartSvg('Clashes per bucket', ms.x, [{ name: 'clashes', values: ms.clashes }]),
    lineChartSvg('Queue depth (rows with retries left)', ms.x, [{ name: 'jobs', values: ms.queueDepth }]),
    lineChartSvg('Idle level per node', ms.x, nodes.map(n => ({ name: n, values: ms.idle[n] }))),
    lineChartSvg('Backoff level per node', ms.x, nodes.map(n => ({ name: n, values: ms.backoff[n] }))),
  ];
}

export function reportHtml(o: { title: string; scenario: Scenario; summary: Summary; trace: readonly TraceEvent[]; traceHash: string }): string {
  const s = o.summary;
  const ms = metricSeries(o.trace, o.scenario.nodes.map(n => n.id), s.virtualTimeMs);
  const rows: [string, unknown][] = [
    ['seed', o.scenario.seed], ['virtual time', `${s.virtualTimeMs} ms`], ['makespan', `${s.makespanMs} ms`], ['jobs created', s.jobsCreated],
    ['jobs completed', s.jobsCompleted], ['executions', s.executions], ['acquisitions', s.acquisitions], ['lock clashes (acquisition)', s.lockClashes],
    ['optimistic-locking failures (commit)', s.executionOptimisticLockingFailures], ['duplicate executions', s.duplicateExecutions],
    ['incidents', s.incidents], ['rejected batches', s.rejectedBatches], ['throughput', `${s.throughputPerSecond} jobs/s`], ['trace SHA-256', o.traceHash],
  ];
  const e = o.scenario.engine;
  const flags = `jobExecutorAcquireByPriority=${e.jobExecutorAcquireByPriority}, jobExecutorPreferTimerJobs=${e.jobExecutorPreferTimerJobs}, jobExecutorAcquireByDueDate=${e.jobExecutorAcquireByDueDate}`;
  const perNode = Object.entries(s.perNode).map(([id, n]) => `<tr><td>${esc(id)}</td><td>${n.acquisitions}</td><td>${n.locked}</td><td>${n.clashes}</td><td>${n.executed}</td><td>${n.completed}</td><td>${n.failed}</td></tr>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>${esc(o.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}figure{margin:8px 0}</style>
</head><body>
<h1>${esc(o.title)}</h1>
<p>Simulated with Job Lab for BPMN. Ordering flags: ${esc(flags)}. Nodes: ${o.scenario.nodes.length}.</p>
<h2>Summary</h2><table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<h2>Per node</h2><table><tr><th>node</th><th>acquisitions</th><th>locked</th><th>clashes</th><th>executed</th><th>completed</th><th>failed</th></tr>${perNode}</table>
<h2>Metrics</h2><p>Bucket: ${ms.bucketMs} ms of virtual time.</p>
${chartsSvg(ms).map(svg => `<figure>${svg}</figure>`).join('\n')}
</body></html>
`;
}
