// Shared helpers for the cluster stories (examples/stories/*.json, docs/scenarios/*.md): run a
// story once per process, compare its golden trace (test/golden/stories/<name>.jsonl, regenerated
// with UPDATE_GOLDEN=1), and derive the facts each story tells from the trace and the summary.
// Nothing here knows the expected numbers; the tests assert qualitative facts on top of these.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepare, runPrepared, type PreparedRun, type RunResult } from '../../../src/cli/simulate';
import { toJsonl, type TraceEvent } from '../../../simulator/trace';
import { parseBpmn } from '../../../src/bpmn/model';

export const root = resolve(__dirname, '../../..');

export type Ev<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;
export interface Story { name: string; prepared: PreparedRun; result: RunResult }

const cache = new Map<string, Promise<Story>>();

/** Runs examples/stories/<name>.json (once per process); `edit` changes the prepared scenario first (not cached). */
export function story(name: string, edit?: (p: PreparedRun) => void): Promise<Story> {
  const go = async (): Promise<Story> => {
    const prepared = await prepare(`examples/stories/${name}.json`, root);
    edit?.(prepared);
    return { name, prepared, result: await runPrepared(prepared) };
  };
  if (edit) return go();
  if (!cache.has(name)) cache.set(name, go());
  return cache.get(name)!;
}

/** Byte-for-byte comparison with test/golden/stories/<name>.jsonl. */
export function assertGolden(s: Story): void {
  const jsonl = toJsonl(s.result.trace);
  const dir = join(root, 'test/golden/stories');
  const file = join(dir, `${s.name}.jsonl`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, jsonl);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`${file} did not exist: written; run again`);
    return;
  }
  assert.equal(jsonl, readFileSync(file, 'utf8'), `${s.name}: trace differs from test/golden/stories/${s.name}.jsonl (UPDATE_GOLDEN=1 to accept)`);
}

export function events<K extends TraceEvent['kind']>(s: Story, kind: K): Ev<K>[] {
  return s.result.trace.filter(e => e.kind === kind) as Ev<K>[];
}

export const isCnfe = (error: string) => /ClassNotFoundException/.test(error);

/** ClassNotFoundException failures per node. */
export function cnfeByNode(s: Story): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events(s, 'jobFailed')) if (isCnfe(e.error)) out[e.node] = (out[e.node] ?? 0) + 1;
  return out;
}

/** Failed start requests (load balancer) per node ('(none)': no node was up). */
export function failedStartsByNode(s: Story, match: (error: string) => boolean = () => true): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events(s, 'startFailed')) if (match(e.error)) out[e.node ?? '(none)'] = (out[e.node ?? '(none)'] ?? 0) + 1;
  return out;
}

/** Successful start requests (load balancer) per node. */
export function startsByNode(s: Story): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events(s, 'processStarted')) out[e.node] = (out[e.node] ?? 0) + 1;
  return out;
}

export const total = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/** Activity id → deployment id, from the story's BPMN (each activity id belongs to one deployment here). */
export function activityDeployments(p: PreparedRun): Map<string, string> {
  const m = new Map<string, string>();
  for (const [dep, text] of Object.entries(p.bpmn)) for (const proc of parseBpmn(text).processes) for (const n of proc.flowNodes) if (n.id) m.set(n.id, dep);
  return m;
}

export interface NodeReport {
  node: string;
  /** Deployments whose classes the node has ('*' = all). */
  canRun: string[];
  deploymentAware: boolean;
  registered: string[];
  /** Jobs executed, by deployment ('(none)' = no deployment id). */
  executedByDeployment: Record<string, number>;
  /** Deployment-aware only: deployments with jobs in this run that the node does not register, and how many jobs they had. */
  refused: Record<string, number>;
  /** Failed executions on this node: job id and error. */
  failed: { jobId: string; error: string; retriesLeft: number }[];
}

/** Story 1's per-node table: what each node can run, what it ran, refused and failed. */
export function nodeReports(s: Story): NodeReport[] {
  const dep = activityDeployments(s.prepared);
  const literal = new Map(s.prepared.scenario.jobs.map(j => [j.ID_, j.DEPLOYMENT_ID_ ?? null]));
  const created = events(s, 'jobCreated');
  const deploymentOf = (jobId: string, activityId: string | null) =>
    literal.has(jobId) ? literal.get(jobId) ?? '(none)' : (activityId && dep.get(activityId)) || '(none)';
  const jobsPerDeployment: Record<string, number> = {};
  for (const c of created) { const d = deploymentOf(c.jobId, c.activityId); jobsPerDeployment[d] = (jobsPerDeployment[d] ?? 0) + 1; }
  return s.prepared.scenario.nodes.map(n => {
    const executedByDeployment: Record<string, number> = {};
    for (const e of events(s, 'jobStarted')) if (e.node === n.id) {
      const d = deploymentOf(e.jobId, e.activityId);
      executedByDeployment[d] = (executedByDeployment[d] ?? 0) + 1;
    }
    const refused: Record<string, number> = {};
    if (n.config.jobExecutorDeploymentAware) {
      for (const [d, count] of Object.entries(jobsPerDeployment)) if (d !== '(none)' && !n.config.registeredDeployments.includes(d)) refused[d] = count;
    }
    return {
      node: n.id, canRun: n.deployments ?? ['*'], deploymentAware: n.config.jobExecutorDeploymentAware, registered: [...n.config.registeredDeployments],
      executedByDeployment, refused,
      failed: events(s, 'jobFailed').filter(e => e.node === n.id).map(e => ({ jobId: e.jobId, error: e.error, retriesLeft: e.retries })),
    };
  });
}

/** Execution intervals of every job run: start (jobStarted) to its end on the same thread (completed, failed, or commit clash). */
export interface Run { jobId: string; node: string; thread: string; start: number; end: number | null }
export function runs(s: Story): Run[] {
  const open = new Map<string, Run>();
  const out: Run[] = [];
  for (const e of s.result.trace) {
    if (e.kind === 'jobStarted') { const r: Run = { jobId: e.jobId, node: e.node, thread: e.thread, start: e.t, end: null }; open.set(`${e.node}/${e.thread}`, r); out.push(r); }
    else if (e.kind === 'jobCompleted' || e.kind === 'jobFailed' || e.kind === 'optimisticLockingFailure') {
      const r = open.get(`${e.node}/${e.thread}`);
      if (r && r.jobId === e.jobId && r.end === null) { r.end = e.t; open.delete(`${e.node}/${e.thread}`); }
    } else if (e.kind === 'nodeCrashed') {
      for (const [k, r] of open) if (r.node === e.node) { r.end = e.t; open.delete(k); }
    }
  }
  return out;
}

/** Every moment a job started while another run of the same job was still open (computed from the runs, independently of the simulator's own flag). */
export function overlappingStarts(s: Story): { jobId: string; t: number; nodes: string[] }[] {
  const rs = runs(s);
  const out: { jobId: string; t: number; nodes: string[] }[] = [];
  for (const r of rs) {
    const others = rs.filter(o => o !== r && o.jobId === r.jobId && o.start <= r.start && (o.end === null || o.end > r.start) && rs.indexOf(o) < rs.indexOf(r));
    if (others.length) out.push({ jobId: r.jobId, t: r.start, nodes: [...others.map(o => o.node), r.node] });
  }
  return out;
}

export interface Stall {
  jobId: string; lockExpTime: number; restartedAt: number | null; restartedOn: string | null; stallMs: number | null;
  /** Alive-signal model only (engine.recovery, ours): when a survivor cleared the job's lock (jobsRestored), else null. */
  restoredAt: number | null;
}
export interface CrashReport { node: string; crashAt: number; lockTimeInMillis: number; stranded: Stall[] }

/**
 * A crash and its stall: the jobs the crashed node held locked (acquired, not finished) at the
 * crash, when their lock expired (lockExpired event) and when another node started them again.
 */
export function crashReport(s: Story): CrashReport {
  const crash = events(s, 'nodeCrashed')[0];
  assert.ok(crash, `${s.name}: no crash`);
  const held = new Set<string>();
  for (const e of s.result.trace) {
    if (e.t > crash.t || e.seq > crash.seq) break;
    if (e.kind === 'acquisition' && e.node === crash.node) for (const id of e.locked) held.add(id);
    if ((e.kind === 'jobCompleted' || e.kind === 'incident') && held.has(e.jobId)) held.delete(e.jobId);
  }
  const after = s.result.trace.filter(e => e.seq > crash.seq);
  const stranded = [...held].sort().map(jobId => {
    const exp = after.find(e => e.kind === 'lockExpired' && e.jobId === jobId && e.lockOwner === crash.node) as Ev<'lockExpired'> | undefined;
    const again = after.find(e => e.kind === 'jobStarted' && e.jobId === jobId) as Ev<'jobStarted'> | undefined;
    const restored = after.find(e => e.kind === 'jobsRestored' && e.node === crash.node && e.jobIds.includes(jobId));
    return { jobId, lockExpTime: exp?.lockExpTime ?? NaN, restartedAt: again?.t ?? null, restartedOn: again?.node ?? null, stallMs: again ? again.t - crash.t : null, restoredAt: restored?.t ?? null };
  });
  const spec = s.prepared.scenario.nodes.find(n => n.id === crash.node)!;
  return { node: crash.node, crashAt: crash.t, lockTimeInMillis: spec.config.lockTimeInMillis, stranded };
}

/** The order in which jobs started: "<activityId>:<jobId>". */
export function startOrder(s: Story): string[] {
  return events(s, 'jobStarted').map(e => `${e.activityId}:${e.jobId}`);
}
