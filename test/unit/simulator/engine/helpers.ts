// Shared helpers for the engine tests: BPMN wrapping and a seeded engine.
import { Prng } from '../../../../simulator/random/prng';
import { ProcessEngine, type EngineOptions, type EngineTransaction } from '../../../../simulator/engine';

export function bpmn(body: string, processAttrs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true"${processAttrs ? ' ' + processAttrs : ''}>
${body}
  </bpmn:process>
</bpmn:definitions>`;
}

/** Sequence flows `a->b` written compactly: flows('s->a', 'a->e'). Ids are `f_<src>_<dst>`. */
export function flows(...pairs: string[]): string {
  return pairs.map(p => {
    const [s, t] = p.split('->');
    return `    <bpmn:sequenceFlow id="f_${s}_${t}" sourceRef="${s}" targetRef="${t}"/>`;
  }).join('\n');
}

export function engine(opts: Partial<EngineOptions> = {}, seed = 1): ProcessEngine {
  const prng = new Prng(seed);
  return new ProcessEngine({ profile: '7.24', streams: n => prng.stream(n), ...opts });
}

/** Runs a job to commit at once; throws when it failed. */
export function runJob(e: ProcessEngine, jobId: string, nowMs = 0): EngineTransaction {
  const tx = e.executeJob(jobId, { nowMs, node: 'n1' });
  if (tx.error) throw new Error(`${jobId}: ${tx.error.type}: ${tx.error.message}`);
  const c = e.commit(tx);
  if (!c.ok) throw new Error(`${jobId}: ${c.error.message}`);
  return tx;
}

/** Executes every job (oldest first, due ones only) until none is left or `maxSteps`. */
export function drain(e: ProcessEngine, jobs: string[], nowMs = 0, maxSteps = 100): string[] {
  const executed: string[] = [];
  const pending = [...jobs];
  while (pending.length && maxSteps-- > 0) {
    const id = pending.shift()!;
    const j = e.job(id);
    if (!j) continue;
    if (j.dueDate !== null && j.dueDate > nowMs) continue;
    const tx = runJob(e, id, nowMs);
    executed.push(id);
    pending.push(...tx.createdJobs.map(c => c.id));
  }
  return executed;
}
