/**
 * Java's integer parsing as the engine uses it: `Integer.parseInt` for `camunda:jobPriority`
 * constants and for the `R<n>` count of a retry cycle, `Long.valueOf` for JUEL integer literals,
 * `String.trim` and `String.split` for `failedJobRetryTimeCycle`. Pure: no `vscode`, no DOM.
 *
 * Facts (JDK `java.lang.Integer.parseInt(String, 10)`): no trimming; one optional leading `+` or
 * `-`; then at least one character for which `Character.digit(ch, 10)` is defined. That includes
 * every Unicode decimal digit in the BMP (Arabic-Indic `٣`, fullwidth `３`, …), not only ASCII.
 */

/** `Integer.MIN_VALUE`. */
export const INT_MIN = -2147483648;
/** `Integer.MAX_VALUE`. */
export const INT_MAX = 2147483647;
/** `Long.MIN_VALUE`. */
export const LONG_MIN = -(2n ** 63n);
/** `Long.MAX_VALUE`. */
export const LONG_MAX = 2n ** 63n - 1n;

/** Why `Integer.parseInt` rejected a text. */
export type JavaIntFailure =
  | 'empty'
  | 'whitespace'
  | 'decimal'
  | 'exponent'
  | 'not-a-number'
  | 'out-of-int-range'
  | 'out-of-long-range';

/** Result of {@link parseJavaInt}. `suggestion` is a text that would parse, when one is obvious. */
export type JavaIntResult =
  | { ok: true; value: number; /** True when a digit outside ASCII 0-9 was accepted. */ nonAsciiDigits: boolean }
  | { ok: false; reason: JavaIntFailure; message: string; suggestion?: string };

/** Result of {@link parseJavaLong}. */
export type JavaLongResult =
  | { ok: true; value: bigint }
  | { ok: false; reason: JavaIntFailure; message: string };

/** True when `v` fits a Java `long`. */
export function isInLongRange(v: bigint): boolean {
  return v >= LONG_MIN && v <= LONG_MAX;
}

/** True when `v` fits a Java `int`. */
export function isInIntRange(v: bigint | number): boolean {
  const b = typeof v === 'bigint' ? v : BigInt(v);
  return b >= BigInt(INT_MIN) && b <= BigInt(INT_MAX);
}

/** `String.trim()`: removes leading and trailing chars <= U+0020 (not NBSP or other Unicode spaces). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/**
 * `String.split(regex)` for a single literal separator character, with Java's limit-0 rule:
 * trailing empty strings are removed (a leading empty string is kept), and an input whose every
 * piece is empty yields `[]` — except the empty input itself, which yields `[""]`.
 * Each piece comes with its start offset in `s`.
 */
export function javaSplit(s: string, separator: string): { text: string; start: number }[] {
  if (s.length === 0) return [{ text: '', start: 0 }];
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || s[i] === separator) {
      out.push({ text: s.slice(start, i), start });
      start = i + 1;
    }
  }
  while (out.length > 0 && out[out.length - 1]!.text === '') out.pop();
  return out;
}

const ND = /^\p{Nd}$/u;

/** `Character.digit(ch, 10)` for one UTF-16 code unit: the digit value, or -1. */
export function javaDigit(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (ch.length !== 1 || c >= 0xd800 && c <= 0xdfff || !ND.test(ch)) return -1;
  // Unicode decimal digits come in runs of ten starting at a zero: find the start of the run.
  let first = c;
  while (first > 0 && ND.test(String.fromCharCode(first - 1))) first--;
  return (c - first) % 10;
}

/** Digits of a `[+-]?digits` text as a bigint, or undefined if it is not of that shape. */
function javaDigits(text: string): { value: bigint; nonAscii: boolean } | undefined {
  let i = 0;
  let negative = false;
  if (text[0] === '+' || text[0] === '-') { negative = text[0] === '-'; i = 1; }
  if (i >= text.length) return undefined;
  let value = 0n;
  let nonAscii = false;
  for (; i < text.length; i++) {
    const d = javaDigit(text[i]!);
    if (d < 0) return undefined;
    if (text.charCodeAt(i) > 0x7f) nonAscii = true;
    value = value * 10n + BigInt(d);
  }
  return { value: negative ? -value : value, nonAscii };
}

const DECIMAL = /^[+-]?(?:\d+\.\d*|\.\d+)$/;
const EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;

/** Classifies a text Java rejects as an integer (shared by int and long parsing). */
function classifyFailure(text: string, bits: 32 | 64): { reason: JavaIntFailure; message: string; suggestion?: string } {
  const type = bits === 32 ? 'int' : 'long';
  if (text === '') return { reason: 'empty', message: 'The value is empty.' };
  const trimmed = javaTrim(text);
  if (trimmed !== text) {
    if (trimmed === '') return { reason: 'whitespace', message: 'The value is only whitespace.' };
    const inner = parse(trimmed, bits);
    if (inner.ok) {
      return { reason: 'whitespace', message: 'The value has leading or trailing whitespace; Java does not trim before parsing.', suggestion: trimmed };
    }
    return { reason: 'whitespace', message: `The value has leading or trailing whitespace, and even trimmed: ${inner.message}` };
  }
  if (/\s/.test(text)) {
    const joined = text.replace(/\s+/g, '');
    const inner = parse(joined, bits);
    return {
      reason: 'whitespace',
      message: 'The value has whitespace inside the number.',
      ...(inner.ok ? { suggestion: joined } : {}),
    };
  }
  if (DECIMAL.test(text)) {
    const [intPart, frac = ''] = text.split('.');
    const whole = intPart === '' || intPart === '+' || intPart === '-' ? `${intPart}0` : intPart!;
    const exact = /^0*$/.test(frac);
    const sug = exact ? parse(whole, bits) : undefined;
    return {
      reason: 'decimal',
      message: `A decimal number is not a Java ${type}${exact ? '' : '; the fraction would be lost'}.`,
      ...(sug?.ok ? { suggestion: whole.replace(/^\+/, '') } : {}),
    };
  }
  if (EXPONENT.test(text)) {
    const n = Number(text);
    const sug = Number.isSafeInteger(n) && (bits === 64 || isInIntRange(n)) ? String(n) : undefined;
    return {
      reason: 'exponent',
      message: `Scientific notation is not accepted by Java ${type} parsing.`,
      ...(sug !== undefined ? { suggestion: sug } : {}),
    };
  }
  const digits = javaDigits(text);
  if (digits) {
    if (bits === 32 && isInLongRange(digits.value)) {
      return {
        reason: 'out-of-int-range',
        message: `${text} is outside the int range ${INT_MIN}..${INT_MAX} (it would fit a long, but the engine parses an int).`,
        suggestion: String(digits.value < 0n ? INT_MIN : INT_MAX),
      };
    }
    const [min, max] = bits === 32 ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [LONG_MIN, LONG_MAX];
    return {
      reason: 'out-of-long-range',
      message: `${text} is outside even the long range ${LONG_MIN}..${LONG_MAX}.`,
      suggestion: String(digits.value < 0n ? min : max),
    };
  }
  const hint = /^[+-]?0[xX][0-9a-fA-F]+$/.test(text) ? ' (hexadecimal is not accepted)'
    : /^[+-]{2}/.test(text) ? ' (only one sign is allowed)'
    : /^[+-]$/.test(text) ? ' (a sign without digits)'
    : /[_,']/.test(text) && /\d/.test(text) ? ' (digit separators are not accepted)' : '';
  return { reason: 'not-a-number', message: `'${text}' is not a number${hint}.` };
}

function parse(text: string, bits: 32 | 64): { ok: true; value: bigint; nonAscii: boolean } | { ok: false; message: string } {
  const d = javaDigits(text);
  if (!d) return { ok: false, message: classifyFailure(text, bits).message };
  const fits = bits === 32 ? isInIntRange(d.value) : isInLongRange(d.value);
  return fits ? { ok: true, value: d.value, nonAscii: d.nonAscii } : { ok: false, message: classifyFailure(text, bits).message };
}

/**
 * Java `Integer.parseInt(text)` (radix 10), untrimmed. On failure, says why: empty, whitespace,
 * decimal, exponent, not a number, out of int range (but fits long), out of long range.
 */
export function parseJavaInt(text: string): JavaIntResult {
  const d = javaDigits(text);
  if (d && isInIntRange(d.value)) return { ok: true, value: Number(d.value), nonAsciiDigits: d.nonAscii };
  return { ok: false, ...classifyFailure(text, 32) };
}

/** Java `Long.parseLong(text)` / `Long.valueOf(text)` (radix 10), untrimmed. */
export function parseJavaLong(text: string): JavaLongResult {
  const d = javaDigits(text);
  if (d && isInLongRange(d.value)) return { ok: true, value: d.value };
  const f = classifyFailure(text, 64);
  return { ok: false, reason: f.reason, message: f.message };
}

/** Java `NumberFormatException` message of `Integer.parseInt`/`Long.parseLong` for `text`. */
export function numberFormatMessage(text: string): string {
  return text === '' ? 'For input string: ""' : `For input string: "${text}"`;
}
