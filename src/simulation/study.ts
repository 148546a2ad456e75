/**
 * The simulator panel's side of the scaling study (issue #7): runs `runStudy` (simulator/study) on the
 * scenario the panel shows, and turns its result into the protocol's `StudyView`. PURE of vscode (the
 * panel adds the quick input and the progress notification), so plain-Node tests run it.
 *
 * Cancelling (the AbortSignal) makes runStudy reject; the points finished by then are still shown,
 * compared with each other (`summarise` over what finished) and marked as cancelled.
 */
import { parseStudyLists, runStudy, summarise, StudyOptionError } from '../../simulator/study/sweep';
import type { PointMeasure, StudyPoint, StudyResult } from '../../simulator/study/types';
import type { Scenario } from '../../simulator/scenario/types';
import type { StudyPointView, StudyProfile, StudyView } from '../protocol/simulator';

/** What the quick input proposes (issue #7: nodes 1..4, threads 1,5,10,20, the Camunda executor). */
export const STUDY_DEFAULTS = { nodes: '1..4', threads: '1,5,10,20', profile: 'camunda' as StudyProfile };

export interface PanelStudyOptions { nodes: number[]; threads: number[]; profile: StudyProfile }

/** Checks a typed list (`1..4`, `1,5,10,20`): undefined when fine, else the message to show under the input. */
export function studyListError(which: 'nodes' | 'threads', text: string): string | undefined {
  try {
    parseStudyLists(which === 'nodes' ? text : '1', which === 'threads' ? text : '1');
    return undefined;
  } catch (e) {
    if (e instanceof StudyOptionError) return e.message.replace(/^--/, '');
    throw e;
  }
}

/** Both lists parsed (throws StudyOptionError naming the option, e.g. for too many points). */
export function parseStudyInput(nodes: string, threads: string): { nodes: number[]; threads: number[] } {
  return parseStudyLists(nodes, threads);
}

function pointView(p: StudyPoint): StudyPointView {
  return {
    nodes: p.nodes, threads: p.threads, makespanMs: p.makespanMs, virtualTimeMs: p.virtualTimeMs, throughput: p.throughput,
    acceleration: p.acceleration, idealAcceleration: p.idealAcceleration, efficiency: p.efficiency,
    jobsCompleted: p.jobsCompleted, jobsCreated: p.jobsCreated, lockClashes: p.lockClashes, commitClashes: p.commitClashes,
    clashesPerJob: p.clashesPerJob, idleMs: p.idleMs, backoffMs: p.backoffMs, dbUtilisation: p.dbUtilisation,
    incidents: p.incidents, finished: p.finished, wallMs: p.wallMs,
  };
}

/** The protocol's view of a finished study. */
export function studyView(r: StudyResult, title: string, cancelled = false): StudyView {
  return {
    scenario: title,
    profile: r.profile,
    nodes: [...r.options.nodes],
    threads: [...r.options.threads],
    seed: r.options.seed,
    baselineNodes: r.baselineNodes,
    points: r.points.map(pointView),
    notes: [...r.notes],
    execution: `${r.execution.mode}${r.execution.mode === 'workers' ? `, ${r.execution.parallelism} at once` : ''}`,
    elapsedMs: r.elapsedMs,
    cancelled,
  };
}

export interface PanelStudyControl {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, point: PointMeasure) => void;
  /** Worker script (dist/study-worker.js in the installed extension); runStudy looks beside its own code otherwise. */
  workerPath?: string;
  clock?: () => number;
}

/**
 * Runs the study of `scenario` (the panel's current scenario, quick settings applied) and returns the
 * view for the Study tab. A cancelled study resolves with the points finished so far (cancelled: true).
 */
export async function runPanelStudy(input: { scenario: Scenario; bpmn: Record<string, string>; title: string; file: string },
  opts: PanelStudyOptions, control: PanelStudyControl = {}): Promise<StudyView> {
  const finished: PointMeasure[] = [];
  const clock = control.clock;
  const t0 = clock?.();
  try {
    const r = await runStudy({ scenario: input.scenario, bpmn: input.bpmn, name: input.title, path: input.file },
      { nodes: opts.nodes, threads: opts.threads, profile: opts.profile },
      {
        ...(control.signal ? { signal: control.signal } : {}),
        ...(control.workerPath ? { workerPath: control.workerPath } : {}),
        ...(clock ? { clock } : {}),
        onProgress: (done, total, p) => { finished.push(p); control.onProgress?.(done, total, p); },
      });
    return studyView(r, input.title);
  } catch (e) {
    if (!control.signal?.aborted) throw e;
    const threads = [...new Set(opts.threads)];
    const { baselineNodes, points } = finished.length ? summarise(finished, [], threads) : { baselineNodes: Math.min(...opts.nodes), points: [] as StudyPoint[] };
    const t1 = clock?.();
    return {
      scenario: input.title, profile: opts.profile, nodes: [...new Set(opts.nodes)].sort((a, b) => a - b), threads,
      seed: input.scenario.seed, baselineNodes, points: points.map(pointView),
      notes: [`Cancelled after ${finished.length} point${finished.length === 1 ? '' : 's'}: accelerations compare the finished points only.`],
      execution: 'cancelled', elapsedMs: t0 !== undefined && t1 !== undefined ? Math.round((t1 - t0) * 10) / 10 : null, cancelled: true,
    };
  }
}
