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
import { parseBpmn, type BpmnModel, type FlowNode } from '../bpmn/model';
import { jobDeclarations } from '../bpmn/jobs';
import { loadScenario } from '../../simulator/scenario/load';
import { ScenarioValidationError, SIZE_LIMITS, toMillis, validateScenario } from '../../simulator/scenario/validate';
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

/** The scenario size limits (checked by the validator, so every caller has them); `--nodes` obeys them too. */
export { SIZE_LIMITS };

/**
 * A cycle of sequence flows that the engine would follow for ever in one transaction: every node on
 * it passes the token on at once (no job, no external wait, no join) and leaves it on the cycle for
 * certain (a choice gateway counts only when just one outgoing flow has a positive weight). The
 * simulator's engine would stop such a run only after limits.maxTransactionSteps operations (the
 * real engine dies with a StackOverflowError); the CLI refuses it before the run, naming the file.
 * Returns the node ids of the cycle, first repeated last.
 */
export function endlessLoop(model: BpmnModel, activities: Record<string, { weights?: unknown }> = {}): { process: string; path: string[] } | undefined {
  const weight = (gw: FlowNode, flowId: string): number | undefined => {
    const g = activities[gw.id]?.weights;
    if (g && typeof g === 'object' && typeof (g as Record<string, unknown>)[flowId] === 'number') return (g as Record<string, number>)[flowId];
    const f = activities[flowId]?.weights;
    return typeof f === 'number' ? f : undefined;
  };
  const passThrough = (n: FlowNode): boolean => {
    if (n.multiInstance || jobDeclarations(n).length) return false;
    if (['userTask', 'receiveTask', 'intermediateCatchEvent', 'endEvent', 'eventBasedGateway', 'subProcess', 'transaction', 'adHocSubProcess', 'boundaryEvent'].includes(n.type)) return false;
    if ((n.type === 'parallelGateway' || n.type === 'inclusiveGateway') && n.incoming.length > 1) return false;
    return true;
  };
  const next = (n: FlowNode): string[] => {
    const flows = n.outgoing;
    if (flows.length <= 1 || !['exclusiveGateway', 'complexGateway', 'inclusiveGateway'].includes(n.type)) return flows.map(f => f.targetRef);
    const ws = flows.map(f => weight(n, f.id));
    const positive = flows.filter((_, i) => (ws[i] ?? 1) > 0);
    if (positive.length === 1) return [positive[0].targetRef];
    if (n.type === 'inclusiveGateway') return flows.filter((_, i) => (ws[i] ?? 0) >= 1).map(f => f.targetRef);
    return [];
  };
  for (const p of model.processes) {
    const nodes = new Map(p.flowNodes.filter(passThrough).map(n => [n.id, n]));
    const state = new Map<string, 1 | 2>(); // 1 on the DFS path, 2 done
    for (const startId of nodes.keys()) {
      if (state.has(startId)) continue;
      const path: string[] = [];
      const stack: { id: string; succ: string[]; i: number }[] = [];
      const push = (id: string) => { state.set(id, 1); path.push(id); stack.push({ id, succ: next(nodes.get(id)!).filter(t => nodes.has(t)), i: 0 }); };
      push(startId);
      while (stack.length) {
        const top = stack[stack.length - 1];
        if (top.i >= top.succ.length) { state.set(top.id, 2); stack.pop(); path.pop(); continue; }
        const t = top.succ[top.i++];
        const st = state.get(t);
        if (st === 1) return { process: p.id, path: [...path.slice(path.indexOf(t)), t] };
        if (st === undefined) push(t);
      }
    }
  }
  return undefined;
}

function loopError(where: string, model: BpmnModel, activities: Record<string, { weights?: unknown }>): CliError | undefined {
  const loop = endlessLoop(model, activities);
  if (!loop) return undefined;
  return new CliError(`${where}: process '${loop.process}': the sequence flows ${loop.path.join(' → ')} loop without a wait state; ` +
    'the engine would run this loop in one transaction for ever (a real engine ends with a StackOverflowError). ' +
    'Make one of these elements asynchronous (camunda:asyncBefore="true") or give the loop an exit.');
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
    const i = s.deployments.findIndex(d => d.id === id);
    const err = loopError(i >= 0 && s.deployments === run.scenario.deployments && !/\.(bpmn|bpmn20\.xml)$/i.test(file) ? `${file}: deployments[${i}].bpmn (${s.deployments[i].bpmn})` : file, m, s.activities as Record<string, { weights?: unknown }>);
    if (err) throw err;
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
    case 'jobDeleted': return `${t} deleted ${e.jobId} ${e.activityId ?? '-'}: ${e.reason}`;
    case 'jobFailed': return `${t} ${e.node}/${e.thread} FAILED ${e.jobId}: ${e.error} → retries ${e.retries}${e.dueDate !== null ? `, due ${e.dueDate}` : ''} (${e.strategy})`;
    case 'incident': return `${t} INCIDENT ${e.jobId} at ${e.activityId ?? '-'}: ${e.error}`;
    case 'batchRejected': return `${t} ${e.node} batch rejected ${list(e.jobIds)}`;
    case 'nodeCrashed': return `${t} ${e.node} CRASHED (running ${list(e.runningJobs)}, ${e.lockedJobs} locked)`;
    case 'nodeStarted': return `${t} ${e.node} started`;
    case 'lockExpired': return `${t} lock of ${e.jobId} by ${e.lockOwner} expired`;
    case 'duplicateExecution': return `${t} ${e.jobId} executed twice at once on ${e.nodes.join(', ')}`;
    case 'optimisticLockingFailure': return `${t} ${e.node}/${e.thread} OptimisticLockingException on ${e.jobId}`;
    case 'timeline': return `${t} timeline ${e.action} ${e.detail}`;
    case 'processStarted': return `${t} ${e.node} started instance ${e.processInstanceId} of ${e.processDefinitionKey}`;
    case 'startFailed': return `${t} ${e.node ?? '(no node)'} START FAILED ${e.processDefinitionKey}: ${e.error}`;
    case 'nodeSupposedDead': return `${t} ${e.by} declared ${e.node} DEAD (no alive signal since ${e.lastAliveAt}ms; alive-signal model, ours)`;
    case 'jobsRestored': return `${t} ${e.by} restored ${e.node}'s jobs ${list(e.jobIds)} (locks cleared; alive-signal model, ours)`;
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
  for (const [err, n] of Object.entries(s.startsFailedByError).sort()) rows.push([`start failed: ${err.length > 60 ? err.slice(0, 57) + '...' : err}`, n]);
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
  const starts = Object.entries(s.startsByNode).sort(([a], [b]) => a.localeCompare(b));
  if (starts.length) {
    out += '\n  node        starts  start failures\n';
    for (const [id, n] of starts) out += `  ${id.padEnd(10)}  ${String(n.started).padStart(6)}  ${String(n.failed).padStart(14)}\n`;
  }
  return out;
}

function intOption(name: string, v: string | undefined, min: number, max = Infinity): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`--${name} must be an integer >= ${min}${max < Infinity ? ` and <= ${max}` : ''} (got '${v}')`);
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
  const prepared = await prepare(positional[0], io.cwd, { seed: intOption('seed', options.seed, -2147483648), nodes: intOption('nodes', options.nodes, 1, SIZE_LIMITS.nodes), until });
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
