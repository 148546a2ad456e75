// Prints the numbers the story pages (docs/scenarios/*.md) quote: `npx tsx test/unit/scenarios/print-facts.ts`.
import { cnfeByNode, crashReport, events, nodeReports, overlappingStarts, story, total } from './storyKit';

async function main() {
  const brief = async (n: string) => { const s = await story(n); const m = s.result.summary; return { s, line: `${n}: executions ${m.executions}, completed ${m.jobsCompleted}/${m.jobsCreated}, CNFE ${total(cnfeByNode(s))} ${JSON.stringify(cnfeByNode(s))}, incidents ${m.incidents}, OLE ${m.executionOptimisticLockingFailures}, duplicates ${m.duplicateExecutions}, dupSideEffects ${m.engine?.duplicateSideEffects}, instances ${m.engine?.instancesCompleted}/${m.engine?.instancesStarted}, clashes ${m.lockClashes}, perNode ${JSON.stringify(Object.fromEntries(Object.entries(m.perNode).map(([k, v]) => [k, `${v.executed}/${v.completed}/${v.failed}`])))}` }; };
  for (const n of ['1-heterogeneous-cluster', '1-heterogeneous-cluster-aware']) {
    const { s, line } = await brief(n); console.log(line);
    for (const r of nodeReports(s)) console.log('  ', JSON.stringify({ ...r, failed: r.failed.map(f => `${f.jobId}→${f.retriesLeft}`) }));
  }
  for (const n of ['2-rolling-deployment', '2-rolling-deployment-cured', '4-job-longer-than-lock', '5-parallel-join-nonexclusive', '5-parallel-join-exclusive', '8-shared-database-equal-nodes']) console.log((await brief(n)).line);
  console.log('overlaps', JSON.stringify(overlappingStarts(await story('4-job-longer-than-lock'))));
  for (const n of ['3-node-crash-lock-30s', '3-node-crash-lock-120s', '7-alive-signal-crash', '7-alive-signal-crash-alive-signal']) console.log(n, JSON.stringify(crashReport(await story(n))));
  const a = await story('7-alive-signal-crash-alive-signal');
  console.log('alive', JSON.stringify([...events(a, 'nodeSupposedDead'), ...events(a, 'jobsRestored')]), `makespan ${a.result.summary.makespanMs}`);
  for (const n of ['6-priority-override-cascade', '6-priority-override-no-cascade', '6-priority-override-flag-off']) {
    const s = await story(n);
    console.log(n, events(s, 'jobStarted').map(e => `${e.jobId}${e.activityId === 'sendReminder' ? '(R)' : ''}`).join(' '));
  }
}
void main();
