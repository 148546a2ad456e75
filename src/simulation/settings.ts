/**
 * Quick settings ⇄ scenario: read the panel's quick settings off a validated scenario, apply them
 * to make a new one, and write a scenario back as JSON (`Save as scenario…`). PURE.
 */
import type { Scenario, NodeSpec } from '../../simulator/scenario/types';
import type { QuickSettings } from '../protocol/simulator';

export function settingsOf(s: Scenario): QuickSettings {
  const c = s.nodes[0]?.config;
  return {
    nodeCount: s.nodes.length,
    threads: c?.threads ?? c?.corePoolSize ?? 3,
    jobExecutorAcquireByPriority: s.engine.jobExecutorAcquireByPriority,
    jobExecutorPreferTimerJobs: s.engine.jobExecutorPreferTimerJobs,
    jobExecutorAcquireByDueDate: s.engine.jobExecutorAcquireByDueDate,
    deploymentAware: s.nodes.map(n => n.config.jobExecutorDeploymentAware),
    lockTimeInMillis: c?.lockTimeInMillis ?? 300000,
    maxJobsPerAcquisition: c?.maxJobsPerAcquisition ?? 3,
    waitTimeInMillis: c?.waitTimeInMillis ?? 5000,
    maxWait: c?.maxWait ?? 60000,
    backoffTimeInMillis: c?.backoffTimeInMillis ?? 0,
    maxBackoff: c?.maxBackoff ?? 0,
  };
}

function uniqueId(taken: Set<string>, n: number): string {
  let id = `node-${n}`;
  for (let k = n; taken.has(id); k++) id = `node-${k + 1}`;
  return id;
}

/**
 * A new scenario: `base` with the quick settings applied to every node. Existing nodes keep their
 * ids and classes; extra nodes copy the last one. Threads set the pool's core size (the maximum
 * grows with it); switching a node to deployment-aware with no registrations registers the
 * deployments whose classes it has (all, when it has every class).
 */
export function applySettings(base: Scenario, q: QuickSettings, seed: number): Scenario {
  const s: Scenario = structuredClone(base);
  s.seed = seed;
  s.engine.jobExecutorAcquireByPriority = q.jobExecutorAcquireByPriority;
  s.engine.jobExecutorPreferTimerJobs = q.jobExecutorPreferTimerJobs;
  s.engine.jobExecutorAcquireByDueDate = q.jobExecutorAcquireByDueDate;
  const nodes: NodeSpec[] = s.nodes.slice(0, q.nodeCount);
  const taken = new Set(nodes.map(n => n.id));
  while (nodes.length < q.nodeCount) {
    const last = structuredClone(s.nodes[s.nodes.length - 1]);
    last.id = uniqueId(taken, nodes.length + 1);
    taken.add(last.id);
    nodes.push(last);
  }
  nodes.forEach((n, i) => {
    const c = n.config;
    const oldThreads = c.threads ?? c.corePoolSize;
    if (q.threads !== oldThreads) {
      c.corePoolSize = q.threads;
      c.maxPoolSize = Math.max(c.maxPoolSize, q.threads);
      if (c.threads !== undefined) c.threads = q.threads;
    }
    c.lockTimeInMillis = q.lockTimeInMillis;
    c.maxJobsPerAcquisition = q.maxJobsPerAcquisition;
    c.waitTimeInMillis = q.waitTimeInMillis;
    c.maxWait = q.maxWait;
    c.backoffTimeInMillis = q.backoffTimeInMillis;
    c.maxBackoff = q.maxBackoff;
    const aware = q.deploymentAware[i] ?? false;
    if (aware && !c.jobExecutorDeploymentAware && c.registeredDeployments.length === 0) {
      c.registeredDeployments = [...(n.deployments ?? s.deployments.map(d => d.id))];
    }
    c.jobExecutorDeploymentAware = aware;
  });
  s.nodes = nodes;
  return s;
}

/** The scenario as a file (the validated, normalised form is itself a valid scenario input). */
export function scenarioToJson(s: Scenario, description?: string): string {
  const out: Record<string, unknown> = {};
  if (description) out.description = description;
  out.seed = s.seed;
  if (s.until !== null) out.until = s.until;
  out.engine = s.engine;
  out.nodes = s.nodes.map(n => ({ id: n.id, ...(n.deployments ? { deployments: n.deployments } : {}), config: n.config }));
  if (s.deployments.length) out.deployments = s.deployments;
  if (s.load.length) out.load = s.load;
  if (Object.keys(s.activities).length) out.activities = s.activities;
  if (s.jobs.length) out.jobs = s.jobs;
  if (s.timeline.length) out.timeline = s.timeline;
  out.limits = s.limits;
  return JSON.stringify(out, (_k, v) => typeof v === 'bigint' ? Number(v) : v, 2) + '\n';
}
