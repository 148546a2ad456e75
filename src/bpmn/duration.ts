/**
 * ISO 8601 durations and repetitions as Camunda's `DurationHelper` reads them
 * (camunda-reference.md §5.3): `R<n>/…`, bare `R/…`, start/end dates, `PnW`, and everything else
 * through `javax.xml.datatype.Duration` (the JDK's Xerces `DurationImpl`), added to a
 * `GregorianCalendar` field by field. Virtual times are integer epoch milliseconds.
 *
 * Assumption: the engine's JVM runs in UTC. (The engine uses the JVM default time zone for dates
 * without an offset and for calendar arithmetic; days and months across DST differ elsewhere.)
 * Pure: no `vscode`, no DOM, no clock — callers pass `now`.
 */
import { INT_MAX, javaSplit, numberFormatMessage, parseJavaInt, parseJavaLong } from './javaInt';

/** A `javax.xml.datatype.Duration`: a sign and unnormalised fields. */
export interface JavaxDuration {
  /** `signum()`: 0 when every field is zero. */
  sign: -1 | 0 | 1;
  years: bigint;
  months: bigint;
  days: bigint;
  hours: bigint;
  minutes: bigint;
  /** Whole seconds. */
  seconds: bigint;
  /** The fraction of a second in whole milliseconds (finer digits are ignored by `addTo`). */
  millis: number;
}

/** A parsed `DurationHelper`: what the engine keeps after its constructor ran. */
export interface DurationHelper {
  text: string;
  /** The text started with `R`. */
  isRepeat: boolean;
  /** `R<n>` → n; bare `R` → `Integer.MAX_VALUE`; 0 when not repeating. */
  times: number;
  /** Start instant (ms): given, or `now` when neither start nor end is given. */
  start: number | null;
  end: number | null;
  period: JavaxDuration | null;
  /** A third part that the engine silently ignores (non-repeating `P…/date/x` or `date/P…/x`). */
  ignoredPart?: string;
  /** A date without an offset was read in the JVM zone, assumed UTC here. */
  zoneAssumed?: boolean;
}

/** Why `new DurationHelper(text)` throws. */
export interface DurationError {
  /** Engine-style message: `ENGINE-09028 Cannot parse duration '<s>'.` */
  error: string;
  /** Precise human reason. */
  reason: string;
  /** The Java exception the engine actually throws (best effort; ENGINE-09028 only for part-count errors). */
  cause: string;
  /** Offset of the problem within `text`, when known. */
  offset?: number;
}

export type DurationParse = { ok: true; helper: DurationHelper } | ({ ok: false } & DurationError);

/** `ENGINE-09028 Cannot parse duration '<s>'.` */
export function cannotParseDuration(text: string): string {
  return `ENGINE-09028 Cannot parse duration '${text}'.`;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_WEEK = 7 * MS_PER_DAY;

// ---------------------------------------------------------------------------------------------
// javax.xml.datatype.Duration lexical parsing (DurationImpl(String)).

type XercesParse = { ok: true; duration: JavaxDuration } | { ok: false; reason: string; offset: number; cause: string };

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isDigitOrPeriod = (c: string | undefined) => isDigit(c) || c === '.';

/**
 * `DatatypeFactory.newDuration(String)` as the JDK implements it: optional `-`, `P`, up to three
 * date chunks (digits then a designator), optional `T` with up to three time chunks, designators
 * in `YMD` / `HMS` order. Only seconds may carry a fraction (`PT1.5S`, also `PT.5S` and `PT5.S`);
 * a fraction elsewhere (`PT1.5H`, `P1.5D`) throws.
 */
export function parseJavaxDuration(s: string): XercesParse {
  const bad = (offset: number, reason: string, cause = `java.lang.IllegalArgumentException: ${s}`): XercesParse =>
    ({ ok: false, reason, offset, cause });
  let idx = 0;
  const len = s.length;
  let positive = true;
  if (idx < len && s[idx] === '-') { idx++; positive = false; }
  if (idx < len && s[idx++] !== 'P') return bad(idx - 1, `A duration must start with 'P' (found '${s[idx - 1]}').`);
  const piece = (): { text: string; at: number } | string => {
    const at = idx;
    while (idx < len && isDigitOrPeriod(s[idx])) idx++;
    if (idx === len) return `The number at position ${at} has no designator after it (Y, M, D, H, M or S).`;
    idx++;
    return { text: s.slice(at, idx), at };
  };
  const dateParts: { text: string; at: number }[] = [];
  while (idx < len && isDigit(s[idx]) && dateParts.length < 3) {
    const p = piece();
    if (typeof p === 'string') return bad(idx, p);
    dateParts.push(p);
  }
  let timeRequired = false;
  if (idx < len) {
    const c = s[idx++];
    if (c === 'T') timeRequired = true;
    else {
      const at = idx - 1;
      const why = c === 't' ? "The time separator must be an uppercase 'T'."
        : /\s/.test(c!) ? 'A duration cannot contain whitespace.'
        : c === '-' || c === '+' ? 'Signs are not allowed inside a duration (only one leading \'-\', which the engine does not accept either).'
        : /[a-z]/.test(c!) ? `Designators must be uppercase (found '${c}').`
        : isDigit(c) ? 'Too many date fields: at most one each of Y, M and D, in that order.'
        : `Unexpected '${c}' (expected a number, a date designator or 'T').`;
      return bad(at, why);
    }
  }
  const timeParts: { text: string; at: number }[] = [];
  while (idx < len && isDigitOrPeriod(s[idx]) && timeParts.length < 3) {
    const p = piece();
    if (typeof p === 'string') return bad(idx, p);
    timeParts.push(p);
  }
  if (timeRequired && timeParts.length === 0) {
    const c = s[idx];
    return bad(idx, c === undefined ? "'T' must be followed by hours, minutes or seconds."
      : c === '-' ? 'Negative values are not allowed inside a duration.'
      : /\s/.test(c) ? 'A duration cannot contain whitespace.'
      : `'T' must be followed by a number (found '${c}').`);
  }
  if (idx !== len) {
    const c = s[idx]!;
    return bad(idx, /\s/.test(c) ? 'A duration cannot contain whitespace.'
      : /[a-z]/.test(c) ? `Designators must be uppercase (found '${c}').`
      : `Unexpected '${c}' at position ${idx}.`);
  }
  if (dateParts.length === 0 && timeParts.length === 0) return bad(idx, "A duration needs at least one field after 'P' (e.g. PT5M).");
  const organize = (parts: { text: string; at: number }[], tokens: string) => {
    const out: ({ text: string; at: number } | undefined)[] = [undefined, undefined, undefined];
    let k = tokens.length;
    for (let i = parts.length - 1; i >= 0; i--) {
      const p = parts[i]!;
      const designator = p.text[p.text.length - 1]!;
      const nidx = k - 1 < 0 ? -1 : tokens.lastIndexOf(designator, k - 1);
      if (nidx === -1) {
        const known = tokens.includes(designator);
        const where = tokens === 'YMD' ? 'before T' : 'after T';
        return {
          error: known ? `Designator '${designator}' is repeated or out of order (${tokens.split('').join(', ')} ${where}).`
            : /[a-z]/.test(designator) ? `Designators must be uppercase (found '${designator}').`
            : designator === 'W' ? "Weeks cannot be combined with other fields (only 'PnW' alone is accepted)."
            : `'${designator}' is not a designator ${where} (${tokens.split('').join(', ')} allowed).`,
          at: p.at + p.text.length - 1,
        };
      }
      k = nidx;
      out[k] = p;
    }
    return { out };
  };
  const d = organize(dateParts, 'YMD');
  if ('error' in d) return bad(d.at!, d.error!);
  const t = organize(timeParts, 'HMS');
  if ('error' in t) return bad(t.at!, t.error!);
  const int = (p: { text: string; at: number } | undefined, unit: string): bigint | string => {
    if (!p) return 0n;
    const digits = p.text.slice(0, -1);
    if (!/^\d+$/.test(digits)) {
      return digits.includes('.') ? `Only seconds may have a fraction (${digits} ${unit}).` : `'${digits}' is not a number.`;
    }
    return BigInt(digits);
  };
  const fields: bigint[] = [];
  const units = ['years', 'months', 'days', 'hours', 'minutes'];
  const all = [d.out[0], d.out[1], d.out[2], t.out[0], t.out[1]];
  for (let i = 0; i < 5; i++) {
    const v = int(all[i], units[i]!);
    if (typeof v === 'string') return bad(all[i]!.at, v, 'java.lang.NumberFormatException');
    fields.push(v);
  }
  let seconds = 0n;
  let millis = 0;
  const sp = t.out[2];
  if (sp) {
    const num = sp.text.slice(0, -1);
    const m = /^(\d*)(?:\.(\d*))?$/.exec(num);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return bad(sp.at, `'${num}' is not a number of seconds.`, 'java.lang.NumberFormatException');
    seconds = BigInt(m[1] || '0');
    millis = Number(((m[2] ?? '') + '000').slice(0, 3));
  }
  const zero = fields.every(f => f === 0n) && seconds === 0n && millis === 0 && !(sp && /[1-9]/.test(sp.text.slice(0, -1)));
  const sign: -1 | 0 | 1 = zero ? 0 : positive ? 1 : -1;
  return {
    ok: true,
    duration: { sign, years: fields[0]!, months: fields[1]!, days: fields[2]!, hours: fields[3]!, minutes: fields[4]!, seconds, millis },
  };
}

/** `DatatypeFactory.newDuration(long ms)`: the offset from the epoch, decomposed on a UTC calendar. */
export function javaxDurationFromMillis(ms: bigint): JavaxDuration {
  let l = ms;
  const sign: -1 | 0 | 1 = l > 0n ? 1 : l < 0n ? -1 : 0;
  if (l < 0n) l = l === -(2n ** 63n) ? -(l + 1n) : -l;
  const days = l / BigInt(MS_PER_DAY);
  const tod = Number(l % BigInt(MS_PER_DAY));
  const { y, m, d } = civilFromDays(Number(days));
  return {
    sign,
    years: BigInt(y - 1970), months: BigInt(m - 1), days: BigInt(d - 1),
    hours: BigInt(Math.floor(tod / 3_600_000)), minutes: BigInt(Math.floor(tod / 60_000) % 60),
    seconds: BigInt(Math.floor(tod / 1000) % 60), millis: tod % 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (proleptic Gregorian, UTC).

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** `Calendar.add(MONTH, n)` on a UTC instant: month arithmetic, day of month pinned to the month's length. */
function addMonths(ms: number, n: number): number {
  if (n === 0) return ms;
  const days = Math.floor(ms / MS_PER_DAY);
  const tod = ms - days * MS_PER_DAY;
  const { y, m, d } = civilFromDays(days);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm))) * MS_PER_DAY + tod;
}

/** `BigInteger.intValue()`: the low 32 bits. */
const intValue = (v: bigint): number => Number(BigInt.asIntN(32, v));

/**
 * `Duration.addTo(Calendar)` on a UTC instant (`negate` for `period.negate()`): adds YEAR, MONTH,
 * DAY_OF_MONTH, HOUR, MINUTE, SECOND then MILLISECOND, each as a Java `int` (fields beyond the int
 * range wrap, as in the JDK).
 */
export function addDuration(ms: number, d: JavaxDuration, negate = false): number {
  const s = (negate ? -d.sign : d.sign) as number;
  if (s === 0) return ms;
  const f = (v: bigint) => Math.imul(intValue(v), s);
  let t = addMonths(ms, f(d.years) * 12);
  t = addMonths(t, f(d.months));
  t += f(d.days) * MS_PER_DAY;
  t += f(d.hours) * 3_600_000;
  t += f(d.minutes) * 60_000;
  t += f(d.seconds) * 1000;
  t += d.millis * s;
  return t;
}

// ---------------------------------------------------------------------------------------------
// Dates (joda ISODateTimeFormat.dateTimeParser()).

const DATE_RE = new RegExp(
  '^(?:([+-]?\\d{1,9})(?:-(?:(\\d{1,2})(?:-(\\d{1,2}))?|(\\d{3})|W(\\d{1,2})(?:-(\\d))?))?)?' +
  '(?:T(?:(\\d{1,2})(?:[.,](\\d+)|:(\\d{1,2})(?:[.,](\\d+)|:(\\d{1,2})(?:[.,](\\d+))?)?)?)?' +
  '(Z|[+-]\\d{1,2}(?::?\\d{2})?)?)?$');

/** Parses an ISO date-time like joda's `dateTimeParser()`; returns epoch ms or a reason. */
export function parseIsoDateTime(text: string): { ok: true; ms: number; zoneAssumed: boolean } | { ok: false; reason: string } {
  const m = DATE_RE.exec(text);
  const dateGiven = m?.[1] !== undefined;
  const timeGiven = m?.[7] !== undefined;
  if (!m || text === '' || (!dateGiven && !text.startsWith('T'))) {
    return { ok: false, reason: `'${text}' is neither a duration (starting with 'P') nor an ISO 8601 date-time.` };
  }
  const year = dateGiven ? Number(m[1]) : 1970;
  let days: number;
  if (m[4] !== undefined) {
    const doy = Number(m[4]);
    const len = daysInMonth(year, 2) === 29 ? 366 : 365;
    if (doy < 1 || doy > len) return { ok: false, reason: `Day of year ${doy} is out of range in '${text}'.` };
    days = daysFromCivil(year, 1, 1) + doy - 1;
  } else if (m[5] !== undefined) {
    const week = Number(m[5]);
    const dow = m[6] !== undefined ? Number(m[6]) : 1;
    if (week < 1 || week > 53 || dow < 1 || dow > 7) return { ok: false, reason: `Week date out of range in '${text}'.` };
    const jan4 = daysFromCivil(year, 1, 4);
    const jan4Dow = ((jan4 % 7) + 7 + 3) % 7 + 1; // 1970-01-01 was a Thursday
    days = jan4 - (jan4Dow - 1) + (week - 1) * 7 + (dow - 1);
  } else {
    const month = m[2] !== undefined ? Number(m[2]) : 1;
    const day = m[3] !== undefined ? Number(m[3]) : 1;
    if (month < 1 || month > 12) return { ok: false, reason: `Month ${month} is out of range in '${text}'.` };
    if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: `Day ${day} is out of range for month ${month} in '${text}'.` };
    days = daysFromCivil(year, month, day);
  }
  let tod = 0;
  if (timeGiven) {
    const h = Number(m[7]);
    const mi = m[9] !== undefined ? Number(m[9]) : 0;
    const sec = m[11] !== undefined ? Number(m[11]) : 0;
    if (h > 23 || mi > 59 || sec > 59) return { ok: false, reason: `Time of day out of range in '${text}'.` };
    const frac = (digits: string | undefined, unitMs: number) => digits ? Math.floor(Number(`0.${digits}`) * unitMs) : 0;
    tod = h * 3_600_000 + mi * 60_000 + sec * 1000 + frac(m[8], 3_600_000) + frac(m[10], 60_000) + frac(m[12], 1000);
  }
  let offset = 0;
  const z = m[13];
  if (z && z !== 'Z') {
    const om = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(z)!;
    const oh = Number(om[2]);
    const omin = om[3] !== undefined ? Number(om[3]) : 0;
    if (oh > 23 || omin > 59) return { ok: false, reason: `Zone offset out of range in '${text}'.` };
    offset = (om[1] === '-' ? -1 : 1) * (oh * 60 + omin) * 60_000;
  }
  return { ok: true, ms: days * MS_PER_DAY + tod - offset, zoneAssumed: z === undefined };
}

// ---------------------------------------------------------------------------------------------
// DurationHelper.

const PNW = /^P[0-9]+W$/;

/** A hint for a part that was read as a date because it does not start with 'P'. */
function durationHint(text: string): string {
  if (/^-P/.test(text)) return ' Negative durations are not accepted: a part not starting with \'P\' is read as a date.';
  if (/^p/.test(text)) return ` Durations must start with an uppercase 'P' (did you mean '${text.toUpperCase()}'?).`;
  if (/^\d+(?:\.\d+)?[hs]$/i.test(text)) return ` The 'P' is missing (did you mean 'PT${text.toUpperCase()}'?).`;
  if (/^\d+m$/i.test(text)) return ` The 'P' is missing (did you mean 'PT${text.toUpperCase()}' for minutes or 'P${text.toUpperCase()}' for months?).`;
  if (/^\d+[ywd]$/i.test(text)) return ` The 'P' is missing (did you mean 'P${text.toUpperCase()}'?).`;
  if (/^t\d/i.test(text)) return ` The 'P' is missing (did you mean 'P${text.toUpperCase()}'?).`;
  if (/\s/.test(text)) return ' Whitespace is not allowed.';
  return '';
}

function parsePeriod(text: string): { ok: true; period: JavaxDuration } | { ok: false; reason: string; offset: number; cause: string } {
  if (PNW.test(text)) {
    // Long.parseLong(weeks) * MS_PER_WEEK (long arithmetic, wraps), then newDuration(long).
    const weeks = parseJavaLong(text.slice(1, -1));
    if (!weeks.ok) {
      return { ok: false, reason: `${text.slice(1, -1)} weeks is outside the long range.`, offset: 1, cause: `java.lang.NumberFormatException: ${numberFormatMessage(text.slice(1, -1))}` };
    }
    return { ok: true, period: javaxDurationFromMillis(BigInt.asIntN(64, weeks.value * BigInt(MS_PER_WEEK))) };
  }
  const r = parseJavaxDuration(text);
  if (!r.ok) return r;
  return { ok: true, period: r.duration };
}

/**
 * `new DurationHelper(text)` at instant `now`: splits on `/` (Java split: trailing empties
 * dropped), more than three parts or none → ENGINE-09028; `R<n>` → `Integer.parseInt(n)`, bare
 * `R` → `Integer.MAX_VALUE`; a part starting with `P` is a duration (`PnW` as n×7 days, else
 * javax Duration), anything else a joda ISO date. Without start and end, start = `now`.
 */
export function parseDurationHelper(text: string, now: number): DurationParse {
  const fail = (reason: string, cause: string, offset?: number): DurationParse =>
    ({ ok: false, error: cannotParseDuration(text), reason, cause, ...(offset !== undefined ? { offset } : {}) });
  let parts = javaSplit(text, '/');
  if (parts.length > 3 || parts.length === 0) {
    return fail(parts.length === 0 ? 'There is nothing but slashes.' : `At most three '/'-separated parts are allowed (found ${parts.length}).`,
      cannotParseDuration(text));
  }
  let isRepeat = false;
  let times = 0;
  const first = parts[0]!;
  if (first.text.startsWith('R')) {
    isRepeat = true;
    if (first.text.length === 1) times = INT_MAX;
    else {
      const n = parseJavaInt(first.text.slice(1));
      if (!n.ok) {
        return fail(`The repeat count after 'R' must be an int: ${n.message}`,
          `java.lang.NumberFormatException: ${numberFormatMessage(first.text.slice(1))}`, first.start + 1);
      }
      times = n.value;
    }
    parts = parts.slice(1);
    if (parts.length === 0) {
      return fail(`'${first.text}' needs a duration after it, e.g. ${first.text}/PT5M.`,
        'java.lang.IndexOutOfBoundsException: Index 0 out of bounds for length 0', text.length);
    }
  }
  let start: number | null = null;
  let end: number | null = null;
  let period: JavaxDuration | null = null;
  let zoneAssumed = false;
  const date = (p: { text: string; start: number }): number | DurationParse => {
    const r = parseIsoDateTime(p.text);
    if (!r.ok) {
      return fail(r.reason + durationHint(p.text), `java.lang.IllegalArgumentException: Invalid format: "${p.text}"`, p.start);
    }
    if (r.zoneAssumed) zoneAssumed = true;
    return r.ms;
  };
  const periodOf = (p: { text: string; start: number }): JavaxDuration | DurationParse => {
    const r = parsePeriod(p.text);
    if (!r.ok) return fail(r.reason, r.cause, p.start + r.offset);
    return r.period;
  };
  let used = 1;
  const p0 = parts[0]!;
  if (p0.text.startsWith('P')) {
    const per = periodOf(p0);
    if ('ok' in per) return per;
    period = per;
    if (parts.length > 1) {
      const e = date(parts[1]!);
      if (typeof e !== 'number') return e;
      end = e;
      used = 2;
    }
  } else {
    const s = date(p0);
    if (typeof s !== 'number') return s;
    start = s;
    const p1 = parts[1];
    if (!p1) {
      return fail(`A start date needs a duration or an end date after it, e.g. ${p0.text}/PT1H.`,
        'java.lang.ArrayIndexOutOfBoundsException: Index 1 out of bounds for length 1', text.length);
    }
    used = 2;
    if (p1.text.startsWith('P')) {
      const per = periodOf(p1);
      if ('ok' in per) return per;
      period = per;
    } else {
      const e = date(p1);
      if (typeof e !== 'number') return e;
      end = e;
      period = javaxDurationFromMillis(BigInt(end - start));
    }
  }
  if (start === null && end === null) start = now;
  const helper: DurationHelper = { text, isRepeat, times, start, end, period };
  if (parts.length > used) helper.ignoredPart = parts[used]!.text;
  if (zoneAssumed) helper.zoneAssumed = true;
  return { ok: true, helper };
}

/** Upper bound on calendar steps when a repetition cannot be computed in closed form. */
const MAX_CALENDAR_STEPS = 1_000_000;

function hasCalendarFields(d: JavaxDuration): boolean {
  return d.years !== 0n || d.months !== 0n;
}

/** Fixed length of a duration without years and months (as addTo would apply it). */
function fixedLength(d: JavaxDuration): number {
  return addDuration(0, d);
}

/**
 * `DurationHelper.getDateAfter()` at instant `now` (camunda-reference.md §5.3). Repeating: the
 * first `start + k·period` strictly after `now` (at most `times` steps), `null` if that is still
 * before `now`; with only an end date, walks back from the end. Non-repeating: `end` if given,
 * else `start + period`.
 */
export function getDateAfter(helper: DurationHelper, now: number): number | null {
  const period = helper.period!;
  if (!helper.isRepeat) {
    if (helper.end !== null) return helper.end;
    return addDuration(helper.start!, period);
  }
  const times = helper.times;
  if (helper.start !== null) {
    let cur = helper.start;
    if (!hasCalendarFields(period)) {
      const step = fixedLength(period);
      let k = 0;
      if (cur <= now) k = step > 0 ? Math.min(times, Math.floor((now - cur) / step) + 1) : times;
      cur += Math.max(0, k) * step;
    } else if (period.sign < 0) {
      // walks backwards: once at or before now it never gets after now again
      if (cur <= now && times > 0) return null;
    } else {
      for (let i = 0; i < times && !(cur > now) && i < MAX_CALENDAR_STEPS; i++) cur = addDuration(cur, period);
    }
    return cur < now ? null : cur;
  }
  // only an end date: walk back from the end while still after now
  const end = helper.end!;
  let next = end;
  if (!hasCalendarFields(period)) {
    const step = fixedLength(period);
    if (times > 0 && end - step > now) {
      // iterations j = 1..k with end − j·step > now
      const k = step > 0 ? Math.min(times, Math.ceil((end - now) / step) - 1) : times;
      next = end - k * step;
    }
  } else {
    let cur = addDuration(end, period, true);
    for (let i = 0; i < times && cur > now && i < MAX_CALENDAR_STEPS; i++) {
      next = cur;
      cur = addDuration(cur, period, true);
    }
  }
  return next < now ? null : next;
}

/** Result of {@link durationToMillis}. */
export type DurationMillis =
  | { ok: true; /** `getDateAfter() − now`; null when the engine's due date would be null. */ ms: number | null; helper: DurationHelper }
  | ({ ok: false } & DurationError);

/**
 * How long after `now` the engine's `new DurationHelper(text).getDateAfter()` lies — the delay
 * a retry interval adds to `DUEDATE_`. Calendar months and years are counted from `now` (UTC).
 */
export function durationToMillis(text: string, now: number): DurationMillis {
  const p = parseDurationHelper(text, now);
  if (!p.ok) return p;
  const at = getDateAfter(p.helper, now);
  return { ok: true, ms: at === null ? null : at - now, helper: p.helper };
}
