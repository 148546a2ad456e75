/**
 * The Study tab's derived views of a scaling study result (issue #7). PURE: no DOM, no vscode API —
 * plain-Node unit tests run it. main.ts turns the chart specs into uPlot charts and the rows into
 * the table; the reducer (state.ts) keeps the result itself.
 *
 * The chart data comes from src/protocol/studyCharts.ts, shared with the CLI's HTML report.
 */
import type { StudyPointView, StudyView } from '../../src/protocol/simulator';

export { accelerationChart, throughputChart, type ChartSeries, type ChartSpec } from '../../src/protocol/studyCharts';

/** The table's columns: key, header, and how a value is written. */
export const STUDY_COLUMNS = [
  ['nodes', 'nodes'], ['threads', 'threads'], ['makespanMs', 'makespan'], ['throughput', 'jobs/s'], ['acceleration', 'accel.'],
  ['idealAcceleration', 'ideal'], ['efficiency', 'efficiency'], ['jobsCompleted', 'completed'], ['jobsCreated', 'created'],
  ['lockClashes', 'clashes'], ['clashesPerJob', 'clashes/job'], ['idleMs', 'idle (mean)'], ['backoffMs', 'backoff (mean)'],
  ['dbUtilisation', 'DB busy'], ['incidents', 'incidents'], ['wallMs', 'wall'],
] as const satisfies readonly (readonly [keyof StudyPointView, string])[];
export type StudyColumn = typeof STUDY_COLUMNS[number][0];

const fixed = (x: number, d: number) => (Number.isInteger(x) ? String(x) : x.toFixed(d));
const ms = (x: number) => (x < 10_000 ? `${fixed(x, 1)} ms` : `${(x / 1000).toFixed(x < 100_000 ? 2 : 1)} s`);

/** One cell as shown (null → '—'; ms with a unit; fractions as %). */
export function studyCell(p: StudyPointView, col: StudyColumn): string {
  const v = p[col];
  if (v === null || v === undefined) return '—';
  switch (col) {
    case 'makespanMs': case 'idleMs': case 'backoffMs': case 'wallMs': return ms(v as number);
    case 'efficiency': case 'dbUtilisation': return `${((v as number) * 100).toFixed(1)}%`;
    case 'throughput': case 'acceleration': case 'idealAcceleration': return fixed(v as number, 2);
    case 'clashesPerJob': return fixed(v as number, 3);
    default: return String(v);
  }
}

export interface StudySort { by: StudyColumn; descending: boolean }

/** The points to list, sorted (nulls first; ties by threads, then nodes). */
export function studyRows(st: StudyView, sort: StudySort = { by: 'threads', descending: false }): StudyPointView[] {
  const dir = sort.descending ? -1 : 1;
  const val = (p: StudyPointView) => p[sort.by];
  return [...st.points].sort((a, b) => {
    const x = val(a), y = val(b);
    const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : (x as number) - (y as number);
    return dir * c || a.threads - b.threads || a.nodes - b.nodes;
  });
}

/** Clicking a header: sort by it, or flip the direction when it already sorts. */
export function toggleSort(sort: StudySort, by: StudyColumn): StudySort {
  return sort.by === by ? { by, descending: !sort.descending } : { by, descending: false };
}

/** A one-line summary: the scenario, grid, best throughput and the best efficiency beyond the baseline. */
export function studySummary(st: StudyView): string {
  const grid = `${st.nodes.length} node count${st.nodes.length === 1 ? '' : 's'} × ${st.threads.length} thread count${st.threads.length === 1 ? '' : 's'}`;
  const head = `${st.scenario} · ${st.profile} · seed ${st.seed} · ${grid} · ${st.points.length} point${st.points.length === 1 ? '' : 's'}${st.cancelled ? ' (cancelled)' : ''}`;
  if (!st.points.length) return head;
  const best = st.points.reduce((a, b) => (b.throughput > a.throughput ? b : a));
  const parts = [head, `best throughput ${fixed(best.throughput, 2)} jobs/s at ${best.nodes} × ${best.threads}`];
  const scaled = st.points.filter(p => p.nodes > st.baselineNodes && p.efficiency !== null);
  if (scaled.length) {
    const top = scaled.reduce((a, b) => ((b.efficiency ?? 0) > (a.efficiency ?? 0) ? b : a));
    parts.push(`best efficiency ${((top.efficiency ?? 0) * 100).toFixed(0)}% at ${top.nodes} × ${top.threads}`);
  }
  if (st.elapsedMs !== null) parts.push(`${ms(st.elapsedMs)} wall (${st.execution})`);
  return parts.join(' · ');
}

/** The progress line while a study runs. */
export function studyProgressText(p: { done: number; total: number } | null): string {
  return p ? `Study running: ${p.done} of ${p.total} points` : '';
}
