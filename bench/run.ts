/**
 * `npm run bench`: speed and memory figures, each measured side by side with a baseline in the
 * same run and printed as a ratio. No thresholds fail the run; the figures go into the issue notes.
 *   lint      our linter on a generated 5,000-activity BPMN vs bpmn-moddle import + bpmnlint
 *   simulator 100k literal jobs on 8 nodes x 20 threads vs a replay of the exact statements the
 *             simulator ran (target >= 0.8), raw select/lock/delete loops as context, peak memory
 *   editor    import of a generated 1,000-element diagram in the bpmn-js editor webview (Chromium)
 *             vs a plain bpmn-js Viewer in the same page
 *   panel     one simulator-panel step round trip (host step, delta, JSON, webview reducer) at 10k jobs
 *   study     a full scaling sweep (nodes 1..4 x threads 1,5,10,20, 500 jobs) in workers vs in-process,
 *             and the simulator's wall time per simulated job
 * Select sections: `npm run bench -- lint`, `-- simulator`, `-- editor`, `-- panel` or `-- study`.
 */
import { generateBpmn } from './generate';

export interface BenchResult { name: string; lines: string[] }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function timeIt(fn: () => unknown | Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

async function benchLint(): Promise<BenchResult> {
  const { lint } = await import('../src/bpmn/index');
  const text = generateBpmn(5000);
  const mb = Buffer.byteLength(text) / 1e6;
  const ours = await timeIt(() => lint(text, { profile: '7.24' }), 5);
  const findings = lint(text, { profile: '7.24' }).length;
  // Baseline: what a bpmn-io based linter does for the same file.
  const { BpmnModdle } = await import('bpmn-moddle');
  const { default: camundaSchema } = await import('camunda-bpmn-moddle/resources/camunda.json', { with: { type: 'json' } });
  const Linter = (await import('bpmnlint/lib/linter.js')).default;
  const NodeResolver = (await import('bpmnlint/lib/resolver/node-resolver.js')).default;
  const moddle = new BpmnModdle({ camunda: camundaSchema });
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() });
  let baselineFindings = 0;
  const baseline = await timeIt(async () => {
    const { rootElement } = await moddle.fromXML(text);
    const reports = await linter.lint(rootElement);
    baselineFindings = Object.values(reports as Record<string, unknown[]>).reduce((n, r) => n + r.length, 0);
  }, 5);
  return {
    name: 'lint: generated BPMN, 5,000 activities',
    lines: [
      `file size                           ${mb.toFixed(2)} MB`,
      `bpmn-job-lab lint                   ${ours.toFixed(1)} ms (median of 5)  ${findings} findings`,
      `bpmn-moddle fromXML + bpmnlint      ${baseline.toFixed(1)} ms (median of 5)  ${baselineFindings} reports (recommended rules)`,
      `ratio baseline / ours               ${(baseline / ours).toFixed(2)}x  (ours per MB: ${(ours / mb).toFixed(1)} ms)`,
    ],
  };
}

async function main() {
  const wanted = process.argv.slice(2);
  const sections: Record<string, () => Promise<BenchResult>> = {
    lint: benchLint,
    simulator: async () => (await import('./simulator')).benchSimulator(),
    panel: async () => (await import('./simulator-panel')).benchPanel(),
    study: async () => (await import('./study')).benchStudy(),
    editor: async () => (await import('./editor')).benchEditor(),
  };
  for (const [name, fn] of Object.entries(sections)) {
    if (wanted.length && !wanted.includes(name)) continue;
    try {
      const r = await fn();
      console.log(`\n## ${r.name}`);
      for (const l of r.lines) console.log(`  ${l}`);
    } catch (e) {
      console.log(`\n## ${name}: not measured — ${(e as Error).message}`);
      process.exitCode = 1;
    }
  }
}

main();
