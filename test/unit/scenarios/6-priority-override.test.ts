// Story 6: runtime priority override (docs/scenarios/6-priority-override.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertGolden, events, startOrder, story, type Story } from './storyKit';

const CASCADE = '6-priority-override-cascade';
const NO_CASCADE = '6-priority-override-no-cascade';
const FLAG_OFF = '6-priority-override-flag-off';
const withoutOverride = (name: string) => story(name, p => { p.scenario.timeline = []; });

const at = (s: Story, action: string) => events(s, 'timeline').find(e => e.action === action)!.t;
/** Reminder jobs created before the override, during it, and after the clear. */
function reminders(s: Story) {
  const set = at(s, 'setOverridingJobPriority'), clear = at(s, 'clearOverridingJobPriority');
  const r = events(s, 'jobCreated').filter(e => e.activityId === 'sendReminder');
  return { before: r.filter(e => e.t < set), during: r.filter(e => e.t >= set && e.t < clear), after: r.filter(e => e.t >= clear) };
}
const startedAt = (s: Story) => new Map(events(s, 'jobStarted').map(e => [e.jobId, e.t]));
const lastBulkStart = (s: Story) => Math.max(...events(s, 'jobStarted').filter(e => e.activityId === 'bulkImport').map(e => e.t));

test('acquireByPriority on, override WITH cascade: the waiting reminders jump ahead of the bulk; reminders created after the clear do not', async () => {
  const s = await story(CASCADE);
  assert.notDeepEqual(startOrder(s), startOrder(await withoutOverride(CASCADE)), 'the acquisition order changed');
  const r = reminders(s), started = startedAt(s), lastBulk = lastBulkStart(s);
  assert.ok(r.before.every(e => started.get(e.jobId)! < lastBulk), 'existing reminders (cascaded to 50) ran before the remaining bulk');
  assert.ok(r.during.every(e => e.priority === 50 && started.get(e.jobId)! < lastBulk), 'new reminders under the override: 50, ahead');
  assert.ok(r.after.every(e => e.priority === 5 && started.get(e.jobId)! > lastBulk), 'after the clear: 5, behind the bulk');
});

test('acquireByPriority on, override WITHOUT cascade: existing reminders keep their place; only new ones jump ahead', async () => {
  const s = await story(NO_CASCADE);
  assert.notDeepEqual(startOrder(s), startOrder(await withoutOverride(NO_CASCADE)));
  const r = reminders(s), started = startedAt(s), lastBulk = lastBulkStart(s);
  assert.ok(r.before.every(e => started.get(e.jobId)! > lastBulk), 'existing reminders still wait behind every bulk job');
  assert.ok(r.during.every(e => e.priority === 50 && started.get(e.jobId)! < lastBulk));
  assert.ok(r.after.every(e => e.priority === 5 && started.get(e.jobId)! > lastBulk));
});

test('acquireByPriority off: the override changes PRIORITY_ but not the order', async () => {
  const s = await story(FLAG_OFF);
  assert.deepEqual(startOrder(s), startOrder(await withoutOverride(FLAG_OFF)), 'identical acquisition order');
  assert.ok(reminders(s).during.every(e => e.priority === 50), 'the priority was written all the same');
});

test('golden traces: story 6', async () => {
  for (const n of [CASCADE, NO_CASCADE, FLAG_OFF]) assertGolden(await story(n));
});
