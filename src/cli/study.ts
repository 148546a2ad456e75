/**
 * `bpmn-job-lab study <scenario.json | file.bpmn> [--nodes 1..8] [--threads 1,5,10,20] [--profile camunda|jbpm3]
 *   [--seed N] [--until ISO-duration] [--parallelism N] [--in-process] [--progress] [--format text|json|csv|html]`
 * The scaling study (issue #7): runs the scenario once per (nodes, threads) point, in worker threads
 * when more than one CPU is available, and reports makespan, throughput, acceleration against one node
 * and the ideal linear line, clashes per job, idle/backoff time and DB utilisation per point.
 * A bare `.bpmn` gets simulate's default scenario (its node spec is then copied per point).
 * stdout carries only the report; progress goes to stderr (a bar on a terminal, lines with --progress).
 */
import { toMillis } from '../../simulator/scenario/validate';
import { parseStudyLists, runStudy, StudyOptionError } from '../../simulator/study/sweep';
import type { StudyProfile } from '../../simulator/study/types';
import { studyCsv, studyHtml, studyText } from '../simulation/studyReport';
import { CliError, oneOf, parseArgs, type CliIo } from './io';
import { prepare } from './simulate';
import { basename } from 'node:path';

export type StudyFormat = 'text' | 'json' | 'csv' | 'html';

/**
 * Below this many jobs over all points (literal rows + process starts) the CLI runs the study in
 * its own thread: at ~100 µs per simulated job that is ~2 s, about what starting workers costs
 * back on two cores (npm run bench -- study).
 */
export const MIN_WORK_FOR_WORKERS = 20_000;

export const STUDY_USAGE = 'usage: bpmn-job-lab study <scenario.json | file.bpmn> [--nodes 1..8] [--threads 1,5,10,20] [--profile camunda|jbpm3] [--seed N] [--until ISO-duration] [--parallelism N] [--in-process] [--progress] [--format text|json|csv|html]';

function intOption(name: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`--${name} must be an integer >= ${min} and <= ${max} (got '${v}')`);
  return Number(v);
}

/** A progress bar on a terminal (`\r`, one line), plain lines otherwise. */
export function progressWriter(write: (s: string) => void, tty: boolean): { update(done: number, total: number, label: string): void; end(): void } {
  let shown = false;
  return {
    update(done, total, label) {
      if (tty) {
        const width = 24, full = Math.round(width * done / total);
        write(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} points  ${label}`.padEnd(72));
        shown = true;
      } else {
        write(`study: ${done}/${total} points (${label})\n`);
      }
    },
    end() { if (shown) write('\n'); },
  };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { positional, options, flags } = parseArgs(args, { values: ['nodes', 'threads', 'profile', 'seed', 'until', 'format', 'parallelism'], flags: ['progress', 'in-process'] });
  if (positional.length !== 1) throw new CliError(STUDY_USAGE);
  const format = oneOf<StudyFormat>('format', options.format, ['text', 'json', 'csv', 'html'], 'text');
  const profile = options.profile === undefined ? undefined : oneOf<StudyProfile>('profile', options.profile, ['camunda', 'jbpm3'], 'camunda');
  let lists: { nodes: number[]; threads: number[] };
  try {
    lists = parseStudyLists(options.nodes ?? '1..8', options.threads ?? '1,5,10,20');
  } catch (e) {
    if (e instanceof StudyOptionError) throw new CliError(e.message);
    throw e;
  }
  let until: number | undefined;
  if (options.until !== undefined) {
    until = toMillis(/^\d+$/.test(options.until) ? Number(options.until) : options.until);
    if (until === undefined) throw new CliError(`--until must be an ISO 8601 duration like PT200S or milliseconds (got '${options.until}')`);
  }
  const seed = intOption('seed', options.seed, -2147483648, 2147483647);
  const parallelism = intOption('parallelism', options.parallelism, 1, 256);

  const file = positional[0];
  const prepared = await prepare(file, io.cwd);
  const tty = process.stderr.isTTY === true && !flags.has('progress');
  const progress = tty || flags.has('progress') ? progressWriter(s => io.stderr(s), tty) : undefined;
  let result;
  try {
    result = await runStudy({ ...prepared, name: basename(file), path: file },
      { ...lists, ...(profile ? { profile } : {}), ...(seed !== undefined ? { seed } : {}), ...(until !== undefined ? { until } : {}) },
      {
        ...(parallelism !== undefined ? { parallelism } : {}),
        inProcess: flags.has('in-process'),
        clock: () => performance.now(),
        // workers only where they help: a small sweep finishes sooner than workers start (bench: study)
        minWorkForWorkers: MIN_WORK_FOR_WORKERS,
        onProgress: (done, total, p) => progress?.update(done, total, `nodes=${p.nodes} threads=${p.threads}`),
      });
  } finally {
    progress?.end();
  }
  switch (format) {
    case 'json': io.stdout(JSON.stringify(result, null, 2) + '\n'); break;
    case 'csv': io.stdout(studyCsv(result)); break;
    case 'html': io.stdout(studyHtml(result)); break;
    default: io.stdout(studyText(result));
  }
  return 0;
}
