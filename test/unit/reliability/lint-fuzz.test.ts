// Validator fuzzing (issue #8): property-based tests with fast-check over mutations of the real
// BPMN fixtures and over generated job-attribute values. Properties, for every input:
//   * lint() never throws and finishes within a budget of 250 ms + 2 s per MB (a budget, not a benchmark);
//   * every finding's range satisfies 0 <= start <= end <= text.length;
//   * xml-malformed appears exactly once when the XML reader reported errors, else never;
//   * every quick fix has in-range, non-overlapping edits and applying them yields a string.
// Reproducible: a fixed seed by default (printed); FUZZ_SEED overrides it, FUZZ_RUNS sets the runs
// per property (default keeps the whole file well under 20 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { lint, applyEdits, type EngineProfile, type Finding } from '../../../src/bpmn/index';
import { parseXml } from '../../../src/bpmn/xml';
import { generateBpmn } from '../../../bench/generate';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20250807;
const RUNS = process.env.FUZZ_RUNS !== undefined ? Number(process.env.FUZZ_RUNS) : 150;
console.log(`lint-fuzz: fast-check seed ${SEED}, ${RUNS} runs per property (FUZZ_SEED / FUZZ_RUNS override)`);
const params = { seed: SEED, numRuns: RUNS };

const root = join(__dirname, '../../..');
const fixtureFiles = [
  ...readdirSync(join(root, 'test/fixtures/bpmn')).filter(f => f.endsWith('.bpmn')).sort().map(f => join('test/fixtures/bpmn', f)),
  ...readdirSync(join(root, 'examples')).filter(f => f.endsWith('.bpmn')).sort().map(f => join('examples', f)),
  'test/e2e/workspace/jobs.bpmn',
];
const fixtures = fixtureFiles.map(f => ({ name: f, text: readFileSync(join(root, f), 'utf8') }));

/** The budget for linting `text`: 250 ms plus 2 s per MB of UTF-16 text. */
export function budgetMs(text: string): number {
  return 250 + 2000 * (text.length / (1024 * 1024));
}

/** Lints `text` and checks every property; returns the findings. */
function check(text: string, profile: EngineProfile = '7.24', what = ''): Finding[] {
  const t0 = performance.now();
  let findings: Finding[];
  try {
    findings = lint(text, { profile });
  } catch (e) {
    assert.fail(`lint threw on ${what} (${text.length} chars): ${(e as Error).stack}`);
  }
  const ms = performance.now() - t0;
  assert.ok(ms <= budgetMs(text), `lint of ${text.length} chars took ${ms.toFixed(0)} ms > budget ${budgetMs(text).toFixed(0)} ms (${what})`);
  const len = text.length;
  for (const f of findings) {
    assert.ok(Number.isInteger(f.range.start) && Number.isInteger(f.range.end), `${f.code}: non-integer range ${JSON.stringify(f.range)}`);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= len,
      `${f.code}: range ${JSON.stringify(f.range)} outside 0..${len} (${what})`);
    assert.equal(typeof f.message, 'string');
    for (const fix of f.fixes) {
      const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
      for (const e of edits) {
        assert.ok(e.range.start >= 0 && e.range.start <= e.range.end && e.range.end <= len, `${f.code} fix '${fix.title}': edit ${JSON.stringify(e.range)} outside 0..${len}`);
        assert.equal(typeof e.newText, 'string');
      }
      for (let i = 1; i < edits.length; i++) {
        assert.ok(edits[i - 1].range.end <= edits[i].range.start,
          `${f.code} fix '${fix.title}': overlapping edits ${JSON.stringify(edits[i - 1].range)} and ${JSON.stringify(edits[i].range)}`);
      }
      assert.equal(typeof applyEdits(text, fix.edits), 'string');
    }
  }
  const xmlErrors = parseXml(text).errors.length;
  const malformed = findings.filter(f => f.code === 'xml-malformed').length;
  assert.equal(malformed, xmlErrors > 0 ? 1 : 0, `xml-malformed reported ${malformed} times; the XML reader reported ${xmlErrors} errors (${what})`);
  return findings;
}

// ---- arbitraries --------------------------------------------------------------------------------

const fixtureArb = fc.constantFrom(...fixtures);
const profileArb = fc.constantFrom<EngineProfile>('7.24', 'legacy');
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map(c => String.fromCharCode(c));
/** Strings mixing XML syntax, white space, plain text, full Unicode and lone surrogates. */
const nastyString = fc.string({
  unit: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('<', '>', '/', '"', "'", '=', '&', ';', ':', '?', '!', '[', ']', '-', ' ', '\n', '\r', '\t', '$', '{', '}', '#') },
    { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: loneSurrogate },
    { weight: 1, arbitrary: fc.constantFrom('&lt;', '&#x10FFFF;', '&#xD800;', '&#99999999;', '&unknown;', '<!--', '-->', '<![CDATA[', ']]>', '<?', '?>', '</', '/>', '<!DOCTYPE x [', 'xmlns:camunda="', 'camunda:') },
  ),
  maxLength: 40,
});

/** A position in `text` drawn uniformly. */
const positionIn = (text: string) => fc.integer({ min: 0, max: text.length });

/** Offsets of every occurrence of `chars` in `text`. */
function occurrences(text: string, re: RegExp): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(re)) out.push(m.index!);
  return out;
}

type Mutation = (text: string) => fc.Arbitrary<string>;
const mutations: Record<string, Mutation> = {
  truncate: t => positionIn(t).map(i => t.slice(0, i)),
  cutOutRange: t => fc.tuple(positionIn(t), fc.nat({ max: 200 })).map(([i, n]) => t.slice(0, i) + t.slice(i + n)),
  insertNasty: t => fc.tuple(positionIn(t), nastyString).map(([i, s]) => t.slice(0, i) + s + t.slice(i)),
  insertLoneSurrogates: t => fc.array(fc.tuple(positionIn(t), loneSurrogate), { minLength: 1, maxLength: 8 })
    .map(xs => xs.sort((a, b) => b[0] - a[0]).reduce((s, [i, c]) => s.slice(0, i) + c + s.slice(i), t)),
  deleteOrDuplicateSyntax: t => {
    const at = occurrences(t, /["'<>=\/]/g);
    return fc.tuple(fc.constantFrom(...at), fc.boolean()).map(([i, dup]) => dup ? t.slice(0, i + 1) + t[i] + t.slice(i + 1) : t.slice(0, i) + t.slice(i + 1));
  },
  unbalancedTags: t => fc.tuple(positionIn(t), fc.constantFrom('<bpmn:task id="x">', '</bpmn:process>', '</bpmn:definitions>', '<bpmn:subProcess>', '</x:y>', '<a:b', '</', '<bpmn:serviceTask camunda:asyncBefore="true"'))
    .map(([i, s]) => t.slice(0, i) + s + t.slice(i)),
  dropEndTag: t => {
    const at = occurrences(t, /<\/[^>]*>/g);
    return fc.constantFrom(...at).map(i => t.slice(0, i) + t.slice(t.indexOf('>', i) + 1));
  },
  swapTwoLines: t => {
    const lines = t.split('\n');
    return fc.tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: lines.length - 1 })).map(([a, b]) => {
      const c = [...lines]; [c[a], c[b]] = [c[b], c[a]]; return c.join('\n');
    });
  },
  hugeAttributeValue: t => {
    const values = occurrences(t, /="/g).map(i => i + 2);
    return fc.tuple(fc.constantFrom(...values), fc.constantFrom('x', '9', ' ', '${a}', '&amp;', '\uD83D\uDE00', '\uDC00'), fc.integer({ min: 10_000, max: 400_000 }))
      .map(([i, unit, n]) => { const end = t.indexOf('"', i); return t.slice(0, i) + unit.repeat(n) + t.slice(end < 0 ? i : end); });
  },
  replaceAttributeValue: t => {
    const values = occurrences(t, /="/g).map(i => i + 2);
    return fc.tuple(fc.constantFrom(...values), nastyString).map(([i, s]) => { const end = t.indexOf('"', i); return t.slice(0, i) + s + t.slice(end < 0 ? i : end); });
  },
  stackMutations: t => fc.array(fc.constantFrom('insertNasty', 'cutOutRange', 'deleteOrDuplicateSyntax', 'unbalancedTags'), { minLength: 2, maxLength: 5 })
    .chain(names => names.reduce<fc.Arbitrary<string>>((acc, n) => acc.chain(s => (s.length ? mutations[n](s) : fc.constant(s))), fc.constant(t))),
};

for (const [name, mutate] of Object.entries(mutations)) {
  test(`fuzz: ${name} of real fixtures keeps every lint property`, () => {
    fc.assert(fc.property(fixtureArb.chain(f => mutate(f.text).map(text => ({ f: f.name, text }))), profileArb, ({ f, text }, profile) => {
      check(text, profile, `${name} of ${f}`);
    }), params);
  });
}

// ---- truncation at every position class ------------------------------------------------------------

test('truncation at every position of two fixtures, and at every syntax class boundary of all of them', () => {
  for (const name of ['examples/order-process.bpmn', 'test/e2e/workspace/jobs.bpmn']) {
    const text = fixtures.find(f => f.name === name)!.text;
    for (let i = 0; i <= text.length; i++) check(text.slice(0, i), '7.24', `${name} cut at ${i}`);
  }
  // For every fixture: cut just before, at and after each character class the reader switches on.
  const classes = /<\/|<!--|-->|<!\[CDATA\[|\]\]>|<\?|\?>|\/>|[<>"'=:&;\s]/g;
  let cases = 0;
  for (const { name, text } of fixtures) {
    const cuts = new Set<number>();
    for (const i of occurrences(text, classes)) for (const d of [-1, 0, 1, 2]) if (i + d >= 0 && i + d <= text.length) cuts.add(i + d);
    for (const i of cuts) { check(text.slice(0, i), 'legacy', `${name} cut at ${i}`); cases++; }
  }
  assert.ok(cases > 1000);
});

// ---- structural extremes --------------------------------------------------------------------------

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="x"><bpmn:process id="P" isExecutable="true" camunda:jobPriority="1">';
const TAIL = '</bpmn:process></bpmn:definitions>';

function nested(depth: number, attrs: string, closed: boolean, tag = 'bpmn:subProcess'): string {
  const parts: string[] = [HEAD];
  for (let i = 0; i < depth; i++) parts.push(`<${tag} id="s${i}"${attrs}>`);
  if (closed) { for (let i = 0; i < depth; i++) parts.push(`</${tag}>`); parts.push(TAIL); }
  return parts.join('');
}

test('deep nesting: 10,000 nested sub-processes (closed, unclosed, with job attributes, non-BPMN elements)', () => {
  const deep = nested(10_000, ' camunda:asyncBefore="true" camunda:jobPriority="x"', true);
  const findings = check(deep, '7.24', 'deep nesting with job attributes');
  assert.equal(findings.filter(f => f.code === 'job-priority-invalid').length, 10_000);
  check(nested(10_000, '', true), '7.24', 'deep nesting');
  const unclosed = check(nested(10_000, '', false), '7.24', 'deep nesting, never closed');
  assert.equal(unclosed.filter(f => f.code === 'xml-malformed').length, 1);
  check(nested(10_000, ' a="1"', true, 'foo:bar'), '7.24', 'deep nesting of an undeclared prefix');
  check(nested(10_000, '', true, 'bpmn:extensionElements'), '7.24', 'deep nesting of extension elements');
  // a deeper one (100k levels, ~5 MB) stays within the per-MB budget too
  check(nested(100_000, ' camunda:asyncAfter="yes"', true), '7.24', '100k nested');
});

test('a ~10 MB generated file lints within budget, and so do its truncations', () => {
  const big = generateBpmn(18_000);
  assert.ok(big.length > 9_000_000, `generated ${big.length} chars`);
  const findings = check(big, '7.24', '~10 MB generated');
  assert.ok(findings.length > 1000);
  fc.assert(fc.property(fc.integer({ min: 0, max: big.length }), i => { check(big.slice(0, i), '7.24', `10 MB cut at ${i}`); }), { seed: SEED, numRuns: 3 });
});

test('whole documents of random text and of lone surrogates never break lint', () => {
  fc.assert(fc.property(fc.string({ unit: fc.oneof(loneSurrogate, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('<', '>', '"', '/', '=')), maxLength: 400 }), s => {
    check(s, '7.24', 'random text');
    check(HEAD + s + TAIL, '7.24', 'random process body');
  }), params);
  check('', '7.24', 'empty');
  check('\uD800', '7.24', 'one lone surrogate');
  check('<\uDC00/>', '7.24', 'lone surrogate as element name');
  check(`${HEAD}<bpmn:task id="\uD800" camunda:jobPriority="\uDBFF"/>${TAIL}`, '7.24', 'lone surrogates in values');
});

// ---- every job attribute value from generators ---------------------------------------------------

const intText = fc.oneof(
  fc.integer().map(String),
  fc.constantFrom('2147483647', '2147483648', '-2147483648', '-2147483649', '+5', '05', ' 5', '5 ', '5.0', '1e3', '', '-', '+', '0x10', '９', '٣'),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.double().map(String),
);
const isoPart = fc.tuple(fc.constantFrom('', 'P', 'p', 'PT', 'P1DT', '-P', 'PT-'), fc.nat({ max: 100_000 }), fc.constantFrom('', '.5', ',5', '.'), fc.constantFrom('S', 'M', 'H', 'D', 'W', 'Y', 'X', 's', 'm', ''))
  .map(([p, n, f, u]) => `${p}${n}${f}${u}`);
const isoDuration = fc.oneof(
  isoPart,
  fc.tuple(fc.constantFrom('R', 'R0', 'R1', 'R5', 'R2147483647', 'R99999999999', 'R-1', 'r3', 'R/'), isoPart).map(([r, d]) => `${r}/${d}`),
  fc.array(isoPart, { minLength: 1, maxLength: 6 }).chain(ps => fc.constantFrom(',', ', ', ',,', ' , ').map(sep => ps.join(sep))),
  fc.constantFrom('R/P1D', 'PT5M,PT10M,', '2025-01-01T00:00:00Z', 'R3/2025-01-01T00:00:00Z/PT1H', '0 0 * * * ?', 'P1Y2M3W4DT5H6M7.5S'),
);
const expression = fc.oneof(
  fc.tuple(fc.constantFrom('${', '#{', ' ${', '$ {', '${${'), fc.string({ maxLength: 20 }), fc.constantFrom('}', '', '}}', ' }')).map(([a, b, c]) => a + b + c),
  fc.constantFrom('${priority}', '#{bean.priority()}', '${a ? 1 : 2}', '${', '}', '${"}"}'),
);
const attrValue = fc.oneof(intText, isoDuration, expression, nastyString, fc.constantFrom('true', 'false', 'TRUE', ' true', 'yes', '1', ''));
const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const ELEMENTS = ['serviceTask', 'userTask', 'task', 'manualTask', 'exclusiveGateway', 'parallelGateway', 'endEvent', 'intermediateThrowEvent', 'subProcess', 'callActivity', 'startEvent'];
const jobDoc = fc.record({
  process: fc.option(attrValue, { nil: undefined }),
  nodes: fc.array(fc.record({
    type: fc.constantFrom(...ELEMENTS),
    jobPriority: fc.option(attrValue, { nil: undefined }),
    asyncBefore: fc.option(attrValue, { nil: undefined }),
    asyncAfter: fc.option(attrValue, { nil: undefined }),
    async: fc.option(attrValue, { nil: undefined }),
    exclusive: fc.option(attrValue, { nil: undefined }),
    retryAttr: fc.option(attrValue, { nil: undefined }),
    retry: fc.option(fc.tuple(fc.constantFrom('camunda', 'fox', 'activiti'), attrValue), { nil: undefined }),
    timer: fc.option(fc.tuple(fc.constantFrom('timeDuration', 'timeCycle', 'timeDate'), attrValue), { nil: undefined }),
    mi: fc.option(fc.tuple(fc.boolean(), fc.option(attrValue, { nil: undefined }), fc.option(attrValue, { nil: undefined })), { nil: undefined }),
  }), { minLength: 1, maxLength: 8 }),
  escape: fc.boolean(),
  parallelJoin: fc.boolean(),
});

type JobDoc = typeof jobDoc extends fc.Arbitrary<infer T> ? T : never;

function renderJobDoc(d: JobDoc): string {
  const ea = d.escape ? escapeAttr : (s: string) => s;
  const et = d.escape ? escapeText : (s: string) => s;
  const a = (name: string, v: string | undefined) => v === undefined ? '' : ` ${name}="${ea(v)}"`;
  const body: string[] = [];
  d.nodes.forEach((n, i) => {
    const attrs = a('camunda:jobPriority', n.jobPriority) + a('camunda:asyncBefore', n.asyncBefore) + a('camunda:asyncAfter', n.asyncAfter)
      + a('camunda:async', n.async) + a('camunda:exclusive', n.exclusive) + a('camunda:failedJobRetryTimeCycle', n.retryAttr);
    const inner: string[] = [];
    if (n.retry) {
      const [ns, v] = n.retry;
      inner.push(`<bpmn:extensionElements><${ns}:failedJobRetryTimeCycle>${et(v)}</${ns}:failedJobRetryTimeCycle></bpmn:extensionElements>`);
    }
    if (n.timer) inner.push(`<bpmn:timerEventDefinition${a('camunda:exclusive', n.exclusive)}><bpmn:${n.timer[0]}>${et(n.timer[1])}</bpmn:${n.timer[0]}></bpmn:timerEventDefinition>`);
    if (n.mi) inner.push(`<bpmn:multiInstanceLoopCharacteristics isSequential="${n.mi[0]}"${a('camunda:asyncBefore', n.mi[1])}>${n.mi[2] !== undefined ? `<bpmn:extensionElements><camunda:failedJobRetryTimeCycle>${et(n.mi[2])}</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>` : ''}</bpmn:multiInstanceLoopCharacteristics>`);
    body.push(`<bpmn:${n.type} id="n${i}"${attrs}>${inner.join('')}</bpmn:${n.type}>`);
    if (i > 0) body.push(`<bpmn:sequenceFlow id="f${i}" sourceRef="n${i - 1}" targetRef="n${i}"/>`);
  });
  if (d.parallelJoin) body.push('<bpmn:parallelGateway id="join"/><bpmn:sequenceFlow id="j0" sourceRef="n0" targetRef="join"/>' + `<bpmn:sequenceFlow id="j1" sourceRef="n${d.nodes.length - 1}" targetRef="join"/>`);
  return `<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:fox="http://www.camunda.com/fox" xmlns:activiti="http://activiti.org/bpmn" id="D" targetNamespace="x">`
    + `<bpmn:process id="P" isExecutable="true"${a('camunda:jobPriority', d.process)}>${body.join('\n')}</bpmn:process></bpmn:definitions>`;
}

test('every job attribute value drawn from generators (escaped and raw)', () => {
  fc.assert(fc.property(jobDoc, profileArb, (d, profile) => {
    const text = renderJobDoc(d);
    const findings = check(text, profile, 'generated job attributes');
    if (d.escape) assert.equal(findings.filter(f => f.code === 'xml-malformed').length, 0, 'escaped values keep the XML well-formed');
  }), { ...params, numRuns: RUNS * 3 });
});

test('quick fixes of generated documents can be applied, and the result lints again', () => {
  fc.assert(fc.property(jobDoc, d => {
    const text = renderJobDoc(d);
    for (const f of check(text, '7.24', 'fix source')) {
      for (const fix of f.fixes) check(applyEdits(text, fix.edits), '7.24', `after fix '${fix.title}' of ${f.code}`);
    }
  }), params);
});
