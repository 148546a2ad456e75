// A deliberately tiny evaluator for the `${…}` expressions the simulated engine meets in
// `camunda:jobPriority`, `loopCardinality` and timer texts: a variable name, an integer or decimal
// literal, a quoted string, or a chain of `+ - * /` between those (left to right, `* /` first).
// Anything else is "unresolvable" — the engine's behaviour for an unresolvable priority expression
// on a plain engine is priority 0 at that level (camunda-reference.md §4.2). Ours, not JUEL.

export type EvalResult = { ok: true; value: unknown } | { ok: false; error: string };

const TOKEN = /\s*(?:(\d+\.\d+|\d+)|([A-Za-z_][A-Za-z0-9_]*)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([-+*/()]))/y;

/** Evaluates `${…}`/`#{…}` text against variables. A text without `${` is returned as a string. */
export function evaluate(text: string, vars: Record<string, unknown>): EvalResult {
  const t = text.trim();
  const m = /^[$#]\{([\s\S]*)\}$/.exec(t);
  if (!m) return t.includes('${') || t.includes('#{') ? { ok: false, error: `composite expression '${text}'` } : { ok: true, value: text };
  const src = m[1];
  const toks: { num?: number; int?: boolean; id?: string; str?: string; op?: string }[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const r = TOKEN.exec(src);
    if (!r) return { ok: false, error: `cannot evaluate '${text}'` };
    pos = TOKEN.lastIndex;
    if (r[1] !== undefined) toks.push({ num: Number(r[1]), int: !r[1].includes('.') });
    else if (r[2] !== undefined) toks.push({ id: r[2] });
    else if (r[3] !== undefined) toks.push({ str: r[3].slice(1, -1) });
    else toks.push({ op: r[4] });
  }
  let i = 0;
  const fail = (msg: string): never => { throw new Error(msg); };
  const primary = (): unknown => {
    const k = toks[i++];
    if (!k) return fail(`unexpected end of '${text}'`);
    if (k.op === '(') { const v = sum(); if (toks[i++]?.op !== ')') fail(`missing ')' in '${text}'`); return v; }
    if (k.op === '-') { const v = primary(); if (typeof v !== 'number') fail('cannot negate a non-number'); return -(v as number); }
    if (k.num !== undefined) return k.num;
    if (k.str !== undefined) return k.str;
    if (k.id === 'true') return true;
    if (k.id === 'false') return false;
    if (k.id === 'null') return null;
    if (k.id !== undefined) {
      if (!Object.prototype.hasOwnProperty.call(vars, k.id)) fail(`Unknown property used in expression: ${text}. Cannot resolve identifier '${k.id}'`);
      return vars[k.id];
    }
    return fail(`unexpected '${k.op}' in '${text}'`);
  };
  const arith = (a: unknown, b: unknown, op: string): unknown => {
    if (op === '+' && (typeof a === 'string' || typeof b === 'string')) return fail('string concatenation is not supported');
    if (typeof a !== 'number' || typeof b !== 'number') return fail(`cannot apply '${op}' to non-numbers`);
    switch (op) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      default: return b === 0 ? fail('division by zero') : a / b;
    }
  };
  const product = (): unknown => {
    let v = primary();
    while (toks[i]?.op === '*' || toks[i]?.op === '/') { const op = toks[i++].op!; v = arith(v, primary(), op); }
    return v;
  };
  const sum = (): unknown => {
    let v = product();
    while (toks[i]?.op === '+' || toks[i]?.op === '-') { const op = toks[i++].op!; v = arith(v, product(), op); }
    return v;
  };
  try {
    if (!toks.length) return { ok: false, error: `empty expression '${text}'` };
    const v = sum();
    if (i < toks.length) return { ok: false, error: `cannot evaluate '${text}'` };
    return { ok: true, value: v };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
