/**
 * `camunda:jobPriority` as the engine reads it (camunda-reference.md §4.2-4.3):
 * `BpmnParse.parsePriority` (expression if the trimmed text starts with `${` or `#{`, otherwise
 * untrimmed `Integer.parseInt`), a light JUEL well-formedness check (the expression is parsed at
 * deployment), and `DefaultPriorityProvider`'s rules for the type of an expression's result.
 * Pure: no `vscode`, no DOM.
 */
import { parseJavaInt, parseJavaLong, type JavaIntFailure } from './javaInt';

/** Why a `jobPriority` text fails the deployment. */
export type JobPriorityInvalidReason = JavaIntFailure | 'malformed-expression';

/** What the engine makes of a `camunda:jobPriority` text. */
export type JobPriorityValue =
  | { kind: 'constant'; value: number }
  | {
      kind: 'expression';
      expression: string;
      language: '${' | '#{';
      /**
       * True when text surrounds the `${…}` (including whitespace). The engine does not trim: JUEL
       * builds a composite expression whose value is a String, so every job creation fails with
       * "Priority value is not an Integer".
       */
      composite: boolean;
    }
  | {
      kind: 'invalid';
      reason: JobPriorityInvalidReason;
      /** Human explanation of the failure. */
      message: string;
      /** A replacement text that would deploy (trimmed, clamped, integral), when obvious. */
      suggestion?: string;
      /** The error the engine reports at deployment. */
      engineError: string;
      /** For malformed expressions: offset of the problem in the raw text. */
      offset?: number;
    };

/** `StringUtil.isExpression`: `text.trim()` starts with `${` or `#{` (Java trim: chars <= U+0020). */
export function isExpression(text: string): boolean {
  const t = text.replace(/^[\u0000-\u0020]+/, '');
  return t.startsWith('${') || t.startsWith('#{');
}

/** The deployment error of an invalid constant (BpmnParse.parsePriority). */
export function jobPriorityEngineError(value: string): string {
  return `Value '${value}' for attribute 'jobPriority' is not a valid number`;
}

/**
 * Parses `camunda:jobPriority` like `BpmnParse.parsePriority`: expression when the trimmed text
 * starts with `${`/`#{` (checked for well-formedness like JUEL at deployment), otherwise a Java
 * `Integer.parseInt` of the untrimmed text.
 */
export function parseJobPriority(raw: string): JobPriorityValue {
  if (isExpression(raw)) {
    const check = checkElExpression(raw);
    if (!check.ok) {
      return {
        kind: 'invalid', reason: 'malformed-expression', message: check.message,
        engineError: check.engineError, offset: check.offset,
      };
    }
    return { kind: 'expression', expression: raw, language: check.language, composite: check.composite };
  }
  const r = parseJavaInt(raw);
  if (r.ok) return { kind: 'constant', value: r.value };
  return {
    kind: 'invalid', reason: r.reason, message: r.message,
    ...(r.suggestion !== undefined ? { suggestion: r.suggestion } : {}),
    engineError: jobPriorityEngineError(raw),
  };
}

// ---------------------------------------------------------------------------------------------
// Light JUEL check (camunda juel Scanner/Parser): eval blocks closed, non-empty, not mixing `${`
// and `#{`, no invalid characters, strings terminated, brackets balanced, integer literals within
// long range (Parser.parseInteger uses Long.valueOf, so even `-9223372036854775808` fails: the
// minus is a separate unary operator).

/** Result of {@link checkElExpression}. */
export type ElCheck =
  | { ok: true; language: '${' | '#{'; composite: boolean }
  | { ok: false; message: string; engineError: string; offset: number };

/**
 * Checks the shape of an EL text the way JUEL's scanner and the parts of its parser we model
 * would. `engineError` follows JUEL's "Error parsing '<expr>': …" form; its detail is exact for
 * integer literals and scanner errors, and approximate for other syntax errors.
 */
export function checkElExpression(text: string): ElCheck {
  const fail = (offset: number, message: string, detail: string): ElCheck =>
    ({ ok: false, offset, message, engineError: `Error parsing '${text}': ${detail}` });
  let i = 0;
  let first: '${' | '#{' | undefined;
  let hasText = false;
  const n = text.length;
  while (i < n) {
    // text segment (backslash escapes `${`/`#{`)
    const textStart = i;
    while (i < n) {
      const c = text[i];
      if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '#') && text[i + 2] === '{') { i += 3; continue; }
      if ((c === '$' || c === '#') && text[i + 1] === '{') break;
      i++;
    }
    if (i > textStart) hasText = true;
    if (i >= n) break;
    const start = text.slice(i, i + 2) as '${' | '#{';
    if (first === undefined) first = start;
    else if (start !== first) {
      return fail(i, `Cannot mix '${first}' and '${start}' in one expression.`,
        `syntax error at position ${i}, encountered '${start}', expected '${first}'`);
    }
    const evalStart = i;
    i += 2;
    let tokens = 0;
    const brackets: string[] = [];
    let closed = false;
    while (i < n) {
      const c = text[i]!;
      if (/\s/.test(c)) { i++; continue; }
      if (c === '}') {
        if (brackets.length > 0) {
          return fail(i, `Unbalanced '${brackets[brackets.length - 1]}' before '}'.`,
            `syntax error at position ${i}, encountered '}', expected '${brackets[brackets.length - 1] === '(' ? ')' : ']'}'`);
        }
        if (tokens === 0) {
          return fail(i, 'The expression body is empty.', `syntax error at position ${i}, encountered '}', expected <expression>`);
        }
        closed = true;
        i++;
        break;
      }
      tokens++;
      if (c === '"' || c === "'") {
        let j = i + 1;
        let terminated = false;
        while (j < n) {
          const d = text[j++];
          if (d === '\\') {
            if (j === n) break;
            const e = text[j++];
            if (e !== '\\' && e !== c) {
              return fail(i, `Invalid escape sequence \\${e} in a string literal.`,
                `lexical error at position ${i}, encountered invalid escape sequence \\${e}, expected \\${c} or \\\\`);
            }
          } else if (d === c) { terminated = true; break; }
        }
        if (!terminated) {
          return fail(i, 'Unterminated string literal.', `lexical error at position ${i}, encountered unterminated string, expected ${c}`);
        }
        i = j;
        continue;
      }
      if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
        const m = /^[0-9]*(\.[0-9]*)?([eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
        const image = m[0];
        if (m[1] === undefined && m[2] === undefined && !parseJavaLong(image).ok) {
          return fail(i, `The integer literal ${image} is outside the long range; JUEL reads integer literals with Long.valueOf.`,
            `syntax error at position ${i}, encountered '${image}', expected <INTEGER>`);
        }
        i += image.length;
        continue;
      }
      if (c === '(' || c === '[') { brackets.push(c); i++; continue; }
      if (c === ')' || c === ']') {
        const want = c === ')' ? '(' : '[';
        if (brackets.pop() !== want) {
          return fail(i, `Unbalanced '${c}'.`, `syntax error at position ${i}, encountered '${c}', expected <expression>`);
        }
        i++;
        continue;
      }
      const two = text.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) { i += 2; continue; }
      if ('*/%+-?:.,!<>'.includes(c)) { i++; continue; }
      if (/[\p{L}_$\p{Sc}\p{Pc}]/u.test(c)) {
        i++;
        while (i < n && /[\p{L}\p{N}_$\p{Sc}\p{Pc}]/u.test(text[i]!)) i++;
        continue;
      }
      return fail(i, `Invalid character '${c}' inside the expression.`,
        `lexical error at position ${i}, encountered invalid character '${c}', expected expression token`);
    }
    if (!closed) {
      return fail(evalStart, `The expression starting at '${start}' has no closing '}'.`,
        `syntax error at position ${n}, encountered <EOF>, expected '}'`);
    }
  }
  if (first === undefined) {
    // isExpression said yes, so this cannot happen for callers that checked it first.
    return fail(0, 'No ${…} or #{…} found.', 'no expression');
  }
  return { ok: true, language: first, composite: hasText };
}

// ---------------------------------------------------------------------------------------------
// DefaultPriorityProvider.evaluateValueProvider: the type rules for an expression's result.

/** Java boxed types an EL expression can yield, as far as the priority rules care. */
export type JavaNumberType = 'Byte' | 'Short' | 'Integer' | 'Long' | 'Float' | 'Double' | 'BigInteger' | 'BigDecimal';

/**
 * A value tagged with its Java type, for the simulator. Untagged JS values are read as JUEL would
 * produce them: an integral `number` or in-range `bigint` is a `Long` (JUEL integer literals and
 * integer arithmetic), another `number` a `Double`, a larger `bigint` a `BigInteger`, a `string` a
 * `String`, a `boolean` a `Boolean`, `null`/`undefined` null.
 */
export type JavaValue =
  | { javaType: JavaNumberType; value: number | bigint }
  | { javaType: 'String'; value: string }
  | { javaType: 'Boolean'; value: boolean }
  | { javaType: 'null' };

/** Result of {@link evaluatePriorityResult}: a priority (`long`) or the engine's error. */
export type PriorityResult =
  | { ok: true; priority: number }
  | { ok: false; error: string };

/** `DefaultPriorityProvider.DEFAULT_PRIORITY_ON_RESOLUTION_FAILURE`: used when evaluation throws on a plain engine. */
export const DEFAULT_PRIORITY_ON_RESOLUTION_FAILURE = 0;
/** `DefaultPriorityProvider.DEFAULT_PRIORITY`: no level has a priority. */
export const DEFAULT_PRIORITY = 0;

function toJavaValue(value: unknown): JavaValue {
  if (value === null || value === undefined) return { javaType: 'null' };
  if (typeof value === 'object' && 'javaType' in (value as object)) return value as JavaValue;
  if (typeof value === 'string') return { javaType: 'String', value };
  if (typeof value === 'boolean') return { javaType: 'Boolean', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { javaType: 'Long', value } : { javaType: 'Double', value };
  if (typeof value === 'bigint') {
    return value >= -(2n ** 63n) && value < 2n ** 63n ? { javaType: 'Long', value } : { javaType: 'BigInteger', value };
  }
  return { javaType: 'String', value: String(value) };
}

/**
 * The engine's rules for the value of a priority expression: `Short`, `Integer`, `Long` → the
 * priority (`longValue()`); not a `Number` → "Priority value is not an Integer"; another `Number`
 * type → "Priority value must be either Short, Integer, or Long". With `context` (e.g.
 * `Job act/async-continuation instantiated in context of Execution[…]`) the message is prefixed
 * `"<context>: "` as the engine does. Priorities beyond ±2^53 lose precision in a JS number.
 */
export function evaluatePriorityResult(value: unknown, context?: string): PriorityResult {
  const v = toJavaValue(value);
  const prefix = context ? `${context}: ` : '';
  switch (v.javaType) {
    case 'Short': case 'Integer': case 'Long':
      return { ok: true, priority: Number(v.value) };
    case 'Byte': case 'Float': case 'Double': case 'BigInteger': case 'BigDecimal':
      return { ok: false, error: `${prefix}Priority value must be either Short, Integer, or Long` };
    default:
      return { ok: false, error: `${prefix}Priority value is not an Integer` };
  }
}
