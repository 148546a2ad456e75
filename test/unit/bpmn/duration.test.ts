import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addDuration, durationToMillis, getDateAfter, javaxDurationFromMillis, parseDurationHelper, parseJavaxDuration,
} from '../../../src/bpmn/duration';

const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
const jan31 = Date.UTC(2026, 0, 31, 12); // a month end shows calendar arithmetic
const mar1 = Date.UTC(2026, 2, 1);

const lengths: [string, number, number | null][] = [
  ['PT5M', jan31, 5 * MIN],
  ['PT1.5S', jan31, 1500],
  ['PT.5S', jan31, 500],
  ['PT5.S', jan31, 5000],
  ['PT0.0005S', jan31, 0],
  ['PT1H30M', jan31, 90 * MIN],
  ['P1DT2H', jan31, D + 2 * H],
  ['P2W', jan31, 14 * D],
  ['P4W', jan31, 28 * D],
  // PnW becomes newDuration(n×7 days in ms), decomposed from the epoch: P5W = 1 month 4 days
  ['P5W', jan31, 32 * D],
  ['P5W', mar1, 35 * D],
  ['P1M', jan31, 28 * D],
  ['P1M', mar1, 31 * D],
  ['P1Y', Date.UTC(2024, 1, 29), 365 * D], // Feb 29 + 1 year pins to Feb 28
  ['P0D', jan31, 0],
  ['R5/PT5M', jan31, 5 * MIN],
  ['R/PT1M', jan31, MIN],
  ['R0/PT5M', jan31, 0],
  ['R/2026-01-01T00:00:00Z/PT1H', jan31, H],
  ['R2/2026-01-01T00:00:00Z/PT1H', jan31, null],
  ['R3/PT1H/2026-02-01T00:00:00Z', jan31, 9 * H],
  ['PT1H/2026-02-01T00:00:00Z', jan31, 12 * H],
  ['2026-01-31T00:00:00Z/PT1H', jan31, -11 * H],
  ['2026-01-31T00:00:00Z/2026-02-01T00:00:00Z', jan31, 12 * H],
  ['R5/PT5M/', jan31, 5 * MIN],
];
for (const [text, now, ms] of lengths) {
  test(`DurationHelper(${JSON.stringify(text)}).getDateAfter() − now = ${ms} at ${new Date(now).toISOString()}`, () => {
    const r = durationToMillis(text, now);
    assert.ok(r.ok, r.ok ? "" : r.reason);
    assert.equal(r.ms, ms);
  });
}

const repeats: [string, number][] = [['R5/PT5M', 5], ['R/PT1M', 2147483647], ['R0/PT1M', 0], ['R+3/PT1M', 3]];
for (const [text, times] of repeats) {
  test(`${text} repeats ${times} times`, () => {
    const r = parseDurationHelper(text, jan31);
    assert.ok(r.ok && r.helper.isRepeat && r.helper.times === times);
  });
}

const errors: [string, RegExp][] = [
  ['pt5m', /uppercase 'P'/],
  ['5M', /'P' is missing/],
  ['PT-5M', /Negative/],
  ['-PT5M', /Negative durations/],
  ['PT 5M', /whitespace/],
  ['PT5M ', /whitespace/],
  ['P', /at least one field/],
  ['PT', /'T' must be followed/],
  ['P1DT', /'T' must be followed/],
  ['PT1.5H', /Only seconds may have a fraction/],
  ['P1.5D', /Only seconds may have a fraction/],
  ['P1M1Y', /out of order/],
  ['PT5m', /uppercase/],
  ['Pt5M', /uppercase 'T'/],
  ['P1W2D', /Weeks cannot be combined/],
  ['R5', /needs a duration/],
  ['R', /needs a duration/],
  ['R5x/PT1M', /repeat count/],
  ['R2147483648/PT1M', /repeat count/],
  ['a/b/c/d', /At most three/],
  ['/', /nothing but slashes/],
  ['2026-01-01T00:00:00Z', /needs a duration or an end date/],
  ['2026-13-01T00:00:00Z/PT1H', /Month 13/],
  ['', /neither a duration/],
];
for (const [text, reason] of errors) {
  test(`DurationHelper rejects ${JSON.stringify(text)}`, () => {
    const r = durationToMillis(text, jan31);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.error, `ENGINE-09028 Cannot parse duration '${text}'.`);
    assert.match(r.reason, reason);
    assert.ok(r.cause.length > 0);
  });
}

test('javax Duration parsing keeps unnormalised fields and the sign', () => {
  const r = parseJavaxDuration('-P1Y2M3DT4H5M6.789S');
  assert.ok(r.ok);
  assert.deepEqual(r.duration, { sign: -1, years: 1n, months: 2n, days: 3n, hours: 4n, minutes: 5n, seconds: 6n, millis: 789 });
  const z = parseJavaxDuration('PT0S');
  assert.ok(z.ok && z.duration.sign === 0);
});

test('newDuration(long) decomposes from the epoch', () => {
  assert.deepEqual(javaxDurationFromMillis(35n * BigInt(D)), { sign: 1, years: 0n, months: 1n, days: 4n, hours: 0n, minutes: 0n, seconds: 0n, millis: 0 });
});

test('addDuration adds fields in Calendar order and can negate', () => {
  const r = parseJavaxDuration('P1M1D');
  assert.ok(r.ok);
  assert.equal(addDuration(Date.UTC(2026, 0, 31), r.duration), Date.UTC(2026, 2, 1));
  assert.equal(addDuration(Date.UTC(2026, 2, 1), r.duration, true), Date.UTC(2026, 0, 31));
});

test('getDateAfter: a repetition that has ended gives null', () => {
  const p = parseDurationHelper('R1/2020-01-01T00:00:00Z/PT1H', jan31);
  assert.ok(p.ok);
  assert.equal(getDateAfter(p.helper, jan31), null);
});

test('a start date in the future is the next date of a repetition', () => {
  const p = parseDurationHelper('R/2027-01-01T00:00:00Z/P1D', jan31);
  assert.ok(p.ok);
  assert.equal(getDateAfter(p.helper, jan31), Date.UTC(2027, 0, 1));
});

test('dates with an offset, ordinal and week dates parse; without an offset UTC is assumed', () => {
  const p = parseDurationHelper('2026-01-01T01:00:00+01:00/PT1H', jan31);
  assert.ok(p.ok && p.helper.start === Date.UTC(2026, 0, 1) && !p.helper.zoneAssumed);
  const q = parseDurationHelper('2026-032/PT1H', jan31);
  assert.ok(q.ok && q.helper.start === Date.UTC(2026, 1, 1) && q.helper.zoneAssumed);
  const w = parseDurationHelper('2026-W01-1/PT1H', jan31);
  assert.ok(w.ok && w.helper.start === Date.UTC(2025, 11, 29));
});

test('a third part after a non-repeating duration is ignored, as by the engine', () => {
  const p = parseDurationHelper('PT1H/2026-02-01T00:00:00Z/whatever', jan31);
  assert.ok(p.ok && p.helper.ignoredPart === 'whatever');
});
