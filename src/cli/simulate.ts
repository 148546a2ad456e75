/**
 * `bpmn-job-lab simulate <scenario.json | file.bpmn> [--seed N] [--nodes N] [--until ISO-duration] [--format text|json|jsonl]`
 * Runs a simulated cluster of job executors against one job table, with the BPMN process engine
 * behind the jobs. A bare `.bpmn` gets a default cluster: 3 equal nodes with engine defaults and
 * 20 instances of each executable process. `jsonl` streams the trace (one event per line), `json`
 * prints `{trace, summary}`, `text` one readable line per event and a summary table.
 * Bad scenario files: `<file>: <path>: <message>` lines, exit 2.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { parseBpmn } from '../bpmn/model';
import { loadScenario } from '../../simulator/scenario/load';
import { ScenarioValidationError, toMillis, validateScenario } from '../../simulator/scenario/validate';
import type { Scenario, ScenarioInput } from '../../simulator/scenario/types';
import { createSimulation, type Summary } from '../../simulator/simulation';
import type { TraceEvent } from '../../simulator/trace';
import { createEngineHooks } from '../../simulator/engine/hooks';
import type { EngineMetrics } from '../../simulator/engine/types';
import { CliError, oneOf, parseArgs, type CliIo } from './io';

export type SimulateFormat = 'text' | 'json' | 'jsonl';

export interface PreparedRun { scenario: Scenario; bpmn: Record<string, string> }

function readOrFail(abs: string, shown: string): string {
  try { return readFileSync(abs, 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read '${shown}': ${code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
}

function scenarioError(file: string, e: ScenarioValidationError): CliError {
  return new CliError(e.errors.map(x => `${file}: ${x.path || '(root)'}: ${x.message}`).join('\n'));
}

/** A default scenario for a bare BPMN file: 3 equal nodes, engine defaults, 20 instances per executable process. */
export function defaultScenarioFor(bpmnText: string, fileName: string): ScenarioInput {
  const model = parseBpmn(bpmnText);
  if (!model.isBpmn) throw new CliError(`${fileName}: not a BPMN 2.0 file (no bpmn:definitions root)`);
  const keys = model.processes.filter(p => p.isExecutable && p.id).map(p => p.id);
  if (!keys.length) throw new CliError(`${fileName}: no executable process (isExecutable="true")`);
  return {
    seed: 1,
    until: 'PT1H',
    nodes: [{ id: 'node', count: 3 }],
    deployments: [{ id: 'deployment-1', bpmn: fileName }],
    load: keys.map(k => ({ processDefinitionKey: k, instances: 20, intervalMs: 250 })),
  };
}

/** Reads a scenario (or a bare BPMN) and applies the command-line overrides. */
export async function prepare(file: string, cwd: string, overrides: { seed?: number; nodes?: number; until?: number } = {}): Promise<PreparedRun> {
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const text = readOrFail(abs, file);
  let run: PreparedRun;
  try {
    if (/\.(bpmn|bpmn20\.xml)$/i.test(file)) {
      const input = defaultScenarioFor(text, basename(file));
      run = { scenario: validateScenario(input), bpmn: { 'deployment-1': text } };
    } else {
      const loaded = await loadScenario(text, rel => readFileSync(resolve(dirname(abs), rel), 'utf8'));
      run = { scenario: loaded.scenario, bpmn: loaded.bpmn };
    }
  } catch (e) {
    if (e instanceof ScenarioValidationError) throw scenarioError(file, e);
    throw e;
  }
  const s = run.scenario;
  if (overrides.seed !== undefined) s.seed = overrides.seed;
  if (overrides.until !== undefined) s.until = overrides.until;
  if (overrides.nodes !== undefined) {
    const first = s.nodes[0];
    s.nodes = Array.from({ length: overrides.nodes }, (_, i) => ({
      id: `node-${i + 1}`, ...(first?.deployments ? { deployments: [...first.deployments] } : {}),
      config: { ...first!.config, registeredDeployments: [...first!.config.registeredDeployments] },
    }));
  }
  for (const [id, text] of Object.entries(run.bpmn)) {
    const m = parseBpmn(text);
    if (!m.isBpmn) throw new CliError(`${file}: deployments: '${id}' is not a BPMN 2.0 file`);
  }
  return run;
}

export interface RunResult { trace: TraceEvent[]; summary: Summary & { engine: EngineMetrics | null } }

/** Runs a prepared scenario to its end (`until`, or quiescence). */
export async function runPrepared(run: PreparedRun, onTrace?: (e: TraceEvent) => void): Promise<RunResult> {
  const eh = createEngineHooks(run.scenario, run.bpmn);
  const sim = await createSimulation(run.scenario, { hooks: eh.hooks, ...(onTrace ? { onTrace } : {}) });
  try {
    sim.run();
    const engine = eh.engine();
    return { trace: [...sim.trace], summary: { ...sim.summary(), engine: engine ? { ...engine.metrics, jobsCreatedByHandler: { ...engine.metrics.jobsCreatedByHandler } } : null } };
  } finally {
    sim.close();
  }
}

const list = (xs: readonly string[]) => `[${xs.join(',')}]`;

/** One readable line per trace event. */
export function formatEvent(e: TraceEvent): string {
  const t = `t=${e.t}ms`;
  switch (e.kind) {
    case 'acquisition': {
      const parts = [`${t} ${e.node} acquired ${list(e.locked)}`];
      if (e.clashed.length) parts.push(`clashed ${list(e.clashed)}`);
      if (e.batches.length) parts.push(`batches ${e.batches.map(list).join(' ')}`);
      if (e.rejected.length) parts.push(`rejected ${e.rejected.map(list).join(' ')}`);
      parts.push(`wait ${e.waitMs}ms`);
      return parts.join(' ');
    }
    case 'jobCreated':
      return `${t} created ${e.jobId} ${e.activityId ?? '-'} (${e.handlerType}${e.exclusive ? ', exclusive' : ''}, prio ${e.priority}, retries ${e.retries}${e.dueDate !== null ? `, due ${e.dueDate}` : ''})${e.processInstanceId ? ` in ${e.processInstanceId}` : ''}`;
    case 'jobStarted': return `${t} ${e.node}/${e.thread} started ${e.jobId} ${e.activityId ?? '-'}${e.processInstanceId ? ` (${e.processInstanceId})` : ''}`;
    case 'jobCompleted': return `${t} ${e.node}/${e.thread} completed ${e.jobId} (${e.durationMs}ms)`;
    case 'jobFailed': return `${t} ${e.node}/${e.thread} FAILED ${e.jobId}: ${e.error} → retries ${e.retries}${e.dueDate !== null ? `, due ${e.dueDate}` : ''} (${e.strategy})`;
    case 'incident': return `${t} INCIDENT ${e.jobId} at ${e.activityId ?? '-'}: ${e.error}`;
    case 'batchRejected': return `${t} ${e.node} batch rejected ${list(e.jobIds)}`;
    case 'nodeCrashed': return `${t} ${e.node} CRASHED (running ${list(e.runningJobs)}, ${e.lockedJobs} locked)`;
    case 'nodeStarted': return `${t} ${e.node} started`;
    case 'lockExpired': return `${t} lock of ${e.jobId} by ${e.lockOwner} expired`;
    case 'duplicateExecution': return `${t} ${e.jobId} executed twice at once on ${e.nodes.join(', ')}`;
    case 'optimisticLockingFailure': return `${t} ${e.node}/${e.thread} OptimisticLockingException on ${e.jobId}`;
    case 'timeline': return `${t} timeline ${e.action} ${e.detail}`;
  }
}

export function formatSummary(s: RunResult['summary']): string {
  const rows: [string, string | number][] = [
    ['virtual time', `${s.virtualTimeMs} ms`],
    ['makespan', `${s.makespanMs} ms`],
    ['jobs created', s.jobsCreated],
    ['jobs completed', s.jobsCompleted],
    ['executions', s.executions],
    ['acquisitions', s.acquisitions],
    ['lock clashes (acquisition)', s.lockClashes],
    ['optimistic-locking failures (commit)', s.executionOptimisticLockingFailures],
    ['duplicate executions', s.duplicateExecutions],
    ['incidents', s.incidents],
    ['rejected batches', s.rejectedBatches],
  ];
  for (const [err, n] of Object.entries(s.failuresByError).sort()) rows.push([`failed: ${err.length > 60 ? err.slice(0, 57) + '...' : err}`, n]);
  if (s.engine) {
    rows.push(['instances started', s.engine.instancesStarted], ['instances completed', s.engine.instancesCompleted],
      ['side effects (service calls)', s.engine.sideEffects], ['side effects executed twice', s.engine.duplicateSideEffects]);
  }
  const w = Math.max(...rows.map(r => r[0].length));
  let out = 'Summary\n' + rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n') + '\n';
  const nodes = Object.entries(s.perNode).sort(([a], [b]) => a.localeCompare(b));
  if (nodes.length) {
    out += '\n  node        acquisitions  locked  clashes  executed  completed  failed\n';
    for (const [id, n] of nodes) {
      out += `  ${id.padEnd(10)}  ${String(n.acquisitions).padStart(12)}  ${String(n.locked).padStart(6)}  ${String(n.clashes).padStart(7)}  ${String(n.executed).padStart(8)}  ${String(n.completed).padStart(9)}  ${String(n.failed).padStart(6)}\n`;
    }
  }
  return out;
}

function intOption(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw new CliError(`--${name} must be an integer >= ${min} (got '${v}')`);
  return Number(v);
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, options } = parseArgs(args, { values: ['seed', 'nodes', 'until', 'format'] });
  if (positional.length !== 1) throw new CliError('usage: bpmn-job-lab simulate <scenario.json | file.bpmn> [--seed N] [--nodes N] [--until ISO-duration] [--format text|json|jsonl]');
  const format = oneOf<SimulateFormat>('format', options.format, ['text', 'json', 'jsonl'], 'text');
  let until: number | undefined;
  if (options.until !== undefined) {
    until = toMillis(/^\d+$/.test(options.until) ? Number(options.until) : options.until);
    if (until === undefined) throw new CliError(`--until must be an ISO 8601 duration like PT200S or milliseconds (got '${options.until}')`);
  }
  const prepared = await prepare(positional[0], io.cwd, { seed: intOption('seed', options.seed, -2147483648), nodes: intOption('nodes', options.nodes, 1), until });
  if (format === 'jsonl') {
    await runPrepared(prepared, e => io.stdout(JSON.stringify(e) + '\n'));
    return 0;
  }
  const res = await runPrepared(prepared);
  if (format === 'json') {
    io.stdout(JSON.stringify({ trace: res.trace, summary: res.summary }, null, 2) + '\n');
    return 0;
  }
  for (const e of res.trace) io.stdout(formatEvent(e) + '\n');
  io.stdout('\n' + formatSummary(res.summary));
  return 0;
}
