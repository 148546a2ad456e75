/**
 * The scaling study's two charts as data (issue #7), shared by the simulator panel's Study tab and
 * the CLI's HTML report so both draw the same lines. PURE: no DOM, no vscode API.
 *
 * - Acceleration vs ideal: x = node count, one line per thread count (acceleration against the
 *   baseline cluster at the same threads) and the ideal linear line.
 * - Throughput vs threads: x = threads per node, one line per node count.
 * A point missing from the grid (a cancelled study) is a gap (null), as uPlot draws it.
 */

export interface ChartSeries { label: string; values: (number | null)[]; ideal?: boolean }
export interface ChartSpec { id: string; title: string; xLabel: string; yLabel: string; x: number[]; series: ChartSeries[] }

/** What the charts need of a study: the grid asked for and the measured points. */
export interface StudyGrid {
  nodes: readonly number[];
  threads: readonly number[];
  /** Node count the accelerations are relative to. */
  baselineNodes: number;
  points: readonly { nodes: number; threads: number; acceleration: number | null; throughput: number }[];
}

type GridPoint = StudyGrid['points'][number];

const ascending = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

function pointAt(st: StudyGrid): (nodes: number, threads: number) => GridPoint | undefined {
  const m = new Map(st.points.map(p => [`${p.nodes}x${p.threads}`, p]));
  return (n, t) => m.get(`${n}x${t}`);
}

/** Thread counts in the study's order (as asked), then any the points add. */
function threadValues(st: StudyGrid): number[] {
  return [...new Set([...st.threads, ...st.points.map(p => p.threads)])];
}

export function accelerationChart(st: StudyGrid): ChartSpec {
  const x = ascending([...st.nodes, ...st.points.map(p => p.nodes)]);
  const at = pointAt(st);
  const base = st.baselineNodes > 0 ? st.baselineNodes : (x[0] ?? 1);
  return {
    id: 'acceleration',
    title: 'Acceleration vs ideal (by nodes)',
    xLabel: 'nodes',
    yLabel: 'acceleration',
    x,
    series: [
      ...threadValues(st).map(t => ({ label: `${t} thread${t === 1 ? '' : 's'}`, values: x.map(n => at(n, t)?.acceleration ?? null) })),
      { label: 'ideal', values: x.map(n => n / base), ideal: true },
    ],
  };
}

export function throughputChart(st: StudyGrid): ChartSpec {
  const x = ascending([...st.threads, ...st.points.map(p => p.threads)]);
  const at = pointAt(st);
  const nodes = ascending([...st.nodes, ...st.points.map(p => p.nodes)]);
  return {
    id: 'throughput',
    title: 'Throughput vs threads (jobs/s, by node count)',
    xLabel: 'threads per node',
    yLabel: 'jobs/s',
    x,
    series: nodes.map(n => ({ label: `${n} node${n === 1 ? '' : 's'}`, values: x.map(t => at(n, t)?.throughput ?? null) })),
  };
}
