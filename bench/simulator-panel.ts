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
    ],
  };
}

if (require.main === module) {
  benchPanel().then(r => { console.log(`## ${r.name}`); for (const l of r.lines) console.log(`  ${l}`); });
}
