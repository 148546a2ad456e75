/**
 * `bpmn-job-lab explain <file> [--element ID] [--engine 7.24|legacy] [--format json|text]`: the
 * jobs each element creates, with the priority chain and the retry behaviour.
 * `bpmn-job-lab explain-value jobPriority|failedJobRetryTimeCycle "<value>" [--engine …] [--format …]`:
 * what the engine makes of one attribute text.
 * Exit 0 on success, 2 on usage or I/O errors (a message naming the file, no stack trace).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { explainElements, type EngineProfile, type ExplainedElement } from '../bpmn/index';
import { explainValue, type ExplainAttribute, type ExplainValueResult } from '../bpmn/explainValue';
import { parseBpmn } from '../bpmn/model';
import { formatDurationMs } from '../bpmn/retryCycle';
import { CliError, oneOf, parseArgs, type CliIo } from './io';

async function guarded(name: string, io: CliIo, body: () => number): Promise<number> {
  try {
    return body();
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`bpmn-job-lab ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

function readText(file: string, cwd: string): string {
  try {
    return readFileSync(isAbsolute(file) ? file : resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CliError(`cannot read '${file}': ${why}`);
  }
}

export function formatExplainText(elements: ExplainedElement[]): string {
  if (!elements.length) return 'No element here creates a job.\n';
  const lines: string[] = [];
  for (const e of elements) {
    lines.push(`${e.elementId} (${e.elementType}${e.name ? `, "${e.name}"` : ''})`);
    for (const j of e.jobs) {
      lines.push(`  ${j.kind} job of ${j.activityId}: handler ${j.handlerType}, type ${j.jobType}, exclusive ${j.exclusive ? 'yes' : 'no'}`);
      const deciding = j.priority.chain.find(l => l.level === j.priority.source);
      const value = j.priority.value !== null ? String(j.priority.value) : j.priority.expression ?? deciding?.note ?? 'unknown';
      const chain = j.priority.chain.map(l => `${l.level}: ${l.value ?? l.expression ?? '—'}`).join(' › ');
      lines.push(`    priority ${value} from ${j.priority.source}   [${chain}]`);
      const r = j.retries;
      const after = !r.intervalsMs.length ? '' : r.intervalsMs.every(ms => ms === 0) ? '; retried at once after each failure'
        : `; retried after ${r.intervalsMs.map(ms => (ms === 0 ? 'no delay' : formatDurationMs(ms))).join(', ')}`;
      lines.push(`    retries ${r.created} at creation, ${r.intervalsMs.length + 1} executions, ${r.strategy} strategy${after}, then an incident${r.note ? ` (${r.note})` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}

export async function run(args: string[], io: CliIo): Promise<number> {
  return guarded('explain', io, () => {
    const { positional, options } = parseArgs(args, { values: ['element', 'engine', 'format'] });
    const profile: EngineProfile = oneOf('engine', options.engine, ['7.24', 'legacy'] as const, '7.24');
    const format = oneOf('format', options.format, ['text', 'json'] as const, 'text');
    if (positional.length !== 1) throw new CliError('usage: bpmn-job-lab explain <file> [--element ID] [--engine 7.24|legacy] [--format json|text]');
    const file = positional[0];
    const text = readText(file, io.cwd);
    const id = options.element;
    if (id !== undefined && !parseBpmn(text).byId.has(id)) throw new CliError(`no flow node with id '${id}' in '${file}'`);
    const elements = explainElements(text, { profile }, id);
    io.stdout(format === 'json' ? JSON.stringify(elements, null, 2) + '\n' : formatExplainText(elements));
    return 0;
  });
}

export function formatExplainValueText(r: ExplainValueResult): string {
  const lines = [
    `${r.attribute} = ${JSON.stringify(r.input)} (engine ${r.profile})`,
    `  ${r.valid ? 'valid' : 'not valid'}; ${r.deploys ? 'deploys' : 'fails the deployment'}; kind: ${r.kind}`,
  ];
  if (r.value !== undefined) lines.push(`  value: ${r.value}`);
  if (r.retries !== undefined) lines.push(`  retries at job creation: ${r.retries}`);
  if (r.executions !== undefined) lines.push(`  executions until the incident: ${r.executions}`);
  for (const s of r.schedule ?? []) {
    const wait = s.outcome === 'incident' ? 'incident' : s.intervalMs === null ? 'retry at once' : `retry after ${formatDurationMs(s.intervalMs)}`;
    lines.push(`    failure ${s.execution}: retries ${s.retriesBefore} → ${s.retriesAfter}, ${wait}${s.interval ? ` (${s.interval})` : ''}${s.strategy === 'fallback' ? ' [falls back to the standard strategy]' : ''}`);
  }
  if (r.error) lines.push(`  engine: ${r.error}`);
  if (r.message) lines.push(`  ${r.message}`);
  if (r.suggestion !== undefined) lines.push(`  suggestion: ${r.suggestion}`);
  for (const w of r.warnings ?? []) lines.push(`  note: ${w}`);
  return lines.join('\n') + '\n';
}

export async function runExplainValue(args: string[], io: CliIo): Promise<number> {
  return guarded('explain-value', io, () => {
    const { positional, options } = parseArgs(args, { values: ['engine', 'format'] });
    const profile: EngineProfile = oneOf('engine', options.engine, ['7.24', 'legacy'] as const, '7.24');
    const format = oneOf('format', options.format, ['text', 'json'] as const, 'text');
    if (positional.length !== 2) {
      throw new CliError('usage: bpmn-job-lab explain-value jobPriority|failedJobRetryTimeCycle "<value>" [--engine 7.24|legacy] [--format json|text]');
    }
    const attribute = positional[0] as ExplainAttribute;
    if (attribute !== 'jobPriority' && attribute !== 'failedJobRetryTimeCycle') {
      throw new CliError(`the attribute must be jobPriority or failedJobRetryTimeCycle (got '${positional[0]}')`);
    }
    const result = explainValue(attribute, positional[1], profile);
    io.stdout(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatExplainValueText(result));
    return 0;
  });
}
