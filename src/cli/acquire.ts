/**
 * `bpmn-job-lab acquire <snapshot.json> --now <ms|ISO> [--node-config <json>] [--format json|text]`
 * One acquisition against a snapshot of ACT_RU_JOB, as the engine would run it: prints
 * `{selected, locked, batches, sql}` (from `acquireFromSnapshot` in simulator/db).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import * as snapshot from '../../simulator/db/snapshot';
import { CliError, oneOf, parseArgs, type CliIo } from './io';

type AcquireFn = (snapshotJson: string, nowMs: number, nodeConfigJson?: string) => unknown | Promise<unknown>;

/** `--now`: virtual ms, or an ISO 8601 instant (ms since the epoch). */
export function parseNow(v: string | undefined): number {
  if (v === undefined) throw new CliError('--now is required (virtual ms or an ISO 8601 instant)');
  if (/^\d+$/.test(v)) return Number(v);
  const parse = (snapshot as Record<string, unknown>).parseInstant as ((x: unknown, p?: string) => number) | undefined;
  if (parse) {
    try { return parse(v, '--now'); } catch (e) { throw new CliError(`--now: ${(e as Error).message}`); }
  }
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new CliError(`--now must be milliseconds or an ISO 8601 instant (got '${v}')`);
  return ms;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, options } = parseArgs(args, { values: ['now', 'node-config', 'format'] });
  if (positional.length !== 1) throw new CliError('usage: bpmn-job-lab acquire <snapshot.json> --now <ms|ISO> [--node-config <json>] [--format json|text]');
  const format = oneOf('format', options.format, ['json', 'text'] as const, 'json');
  const now = parseNow(options.now);
  const file = positional[0];
  let text: string;
  try { text = readFileSync(isAbsolute(file) ? file : resolve(io.cwd, file), 'utf8'); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read '${file}': ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
  }
  const acquire = (snapshot as Record<string, unknown>).acquireFromSnapshot as AcquireFn | undefined;
  if (typeof acquire !== 'function') throw new CliError('acquire: acquireFromSnapshot is not available in this build', 2);
  let result: unknown;
  try {
    result = await acquire(text, now, options['node-config']);
  } catch (e) {
    const issues = (e as { issues?: { path: string; message: string }[] }).issues;
    if (issues?.length) throw new CliError(issues.map(i => `${file}: ${i.path}: ${i.message}`).join('\n'));
    throw new CliError(`${file}: ${(e as Error).message}`);
  }
  if (format === 'json') { io.stdout(JSON.stringify(result, null, 2) + '\n'); return 0; }
  const r = result as { selected?: unknown[]; locked?: unknown[]; batches?: unknown[][]; sql?: string };
  const ids = (xs: unknown[] | undefined) => (xs ?? []).map(x => (typeof x === 'object' && x !== null && 'ID_' in x ? (x as { ID_: string }).ID_ : String(x))).join(', ');
  io.stdout(`selected: ${ids(r.selected)}\nlocked:   ${ids(r.locked)}\nbatches:  ${(r.batches ?? []).map(b => `[${ids(b)}]`).join(' ')}\n\n${r.sql ?? ''}\n`);
  return 0;
}
