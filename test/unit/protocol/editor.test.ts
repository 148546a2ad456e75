// The editor's message protocol: the hand-written validators accept every well-formed message
// and reject malformed ones (the host drops those), plus the pure helpers of src/editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMessage, validateHostMessage, validateWebviewMessage, MAX_TEXT_LENGTH } from '../../../src/protocol/editor';
import { applyReplacement, minimalReplacement } from '../../../src/editor/textDiff';
import { initialDiagram } from '../../../src/editor/initialDiagram';
import { contentSecurityPolicy, editorHtml } from '../../../src/editor/html';

const finding = { code: 'job-priority-invalid', severity: 'error', message: 'bad', elementId: 'Task_1', attribute: 'camunda:jobPriority', line: 3 };
const badge = { elementId: 'Task_1', asyncBefore: true, asyncAfter: false, jobs: [{ kind: 'async-before', priority: '5', prioritySource: 'process', exclusive: true }] };

test('valid webview messages are accepted', () => {
  const good: unknown[] = [
    { type: 'ready' },
    { type: 'edit', text: '<x/>', baseVersion: 3 },
    { type: 'imported', version: 2, ok: true, millis: 12.5, elementCount: 7 },
    { type: 'imported', version: 2, ok: false, millis: 1, elementCount: 7, error: { message: 'unclosed tag', line: 4 } },
    { type: 'imported', version: 2, ok: false, millis: 1, elementCount: 0, error: { message: 'no line' } },
    { type: 'rendered', version: 2, findingsShown: 1, badgesShown: 0, badgesVisible: false },
    { type: 'undo' }, { type: 'redo' }, { type: 'openAsText' },
    { type: 'revealRange', elementId: 'Task_1' },
    { type: 'revealRange', elementId: 'Task_1', code: 'retry-cycle-invalid' },
    { type: 'error', message: 'boom' },
    { type: 'testResult', requestId: 1, ok: true },
    { type: 'testResult', requestId: 1, ok: false, error: 'no element' },
  ];
  for (const m of good) {
    const r = validateWebviewMessage(m);
    assert.ok(r.ok, `${JSON.stringify(m)}: ${!r.ok && r.error}`);
    assert.deepEqual(r.ok && r.msg, m);
  }
});

test('malformed webview messages are rejected with a reason', () => {
  const bad: [unknown, RegExp][] = [
    [null, /object/], [42, /object/], ['ready', /object/], [[{ type: 'ready' }], /object/],
    [{}, /type must be a string/], [{ type: 7 }, /type must be a string/],
    [{ type: 'explode' }, /unknown message type 'explode'/],
    [{ type: '__proto__' }, /unknown message type/], [{ type: 'toString' }, /unknown message type/],
    [{ type: 'edit', text: '<x/>' }, /baseVersion/],
    [{ type: 'edit', text: 5, baseVersion: 1 }, /text must be a string/],
    [{ type: 'edit', text: '', baseVersion: -1 }, /baseVersion must be an integer/],
    [{ type: 'edit', text: '', baseVersion: 1.5 }, /baseVersion/],
    [{ type: 'edit', text: '', baseVersion: Number.NaN }, /baseVersion/],
    [{ type: 'edit', text: '', baseVersion: 1, extra: true }, /unknown field 'extra'/],
    [{ type: 'revealRange', elementId: '' }, /elementId must not be empty/],
    [{ type: 'revealRange', elementId: 'x'.repeat(5000) }, /too long/],
    [{ type: 'imported', version: 1, ok: 'yes', millis: 1, elementCount: 1 }, /ok must be a boolean/],
    [{ type: 'imported', version: 1, ok: false, millis: -1, elementCount: 1 }, /millis/],
    [{ type: 'imported', version: 1, ok: false, millis: 1, elementCount: 1, error: { message: 'x', line: 0 } }, /line/],
    [{ type: 'imported', version: 1, ok: false, millis: 1, elementCount: 1, error: 'x' }, /error must be an object/],
    [{ type: 'undo', now: true }, /unknown field/],
    [{ type: 'testResult', requestId: '1', ok: true }, /requestId/],
  ];
  for (const [m, re] of bad) {
    const r = validateWebviewMessage(m);
    assert.equal(r.ok, false, `${JSON.stringify(m)} should be rejected`);
    assert.match(!r.ok ? r.error : '', re);
  }
});

test('oversized document text is rejected', () => {
  const r = validateWebviewMessage({ type: 'edit', text: 'x'.repeat(MAX_TEXT_LENGTH + 1), baseVersion: 1 });
  assert.equal(r.ok, false);
});

test('host messages: valid accepted, malformed rejected', () => {
  const good: unknown[] = [
    { type: 'init', text: '', version: 1, findings: [finding], badges: [badge], theme: 'dark' },
    { type: 'update', text: '<a/>', version: 2 },
    { type: 'synced', version: 3 },
    { type: 'findings', version: 3, findings: [] },
    { type: 'badges', version: 3, badges: [badge] },
    { type: 'theme', kind: 'high-contrast' },
    { type: 'toggleBadges' },
    { type: 'testToggleAsync', requestId: 4, elementId: 'Task_1' },
  ];
  for (const m of good) assert.ok(validateHostMessage(m).ok, JSON.stringify(m));
  const bad: unknown[] = [
    { type: 'init', text: '', version: 1, findings: [{ ...finding, severity: 'fatal' }], badges: [], theme: 'dark' },
    { type: 'init', text: '', version: 1, findings: [], badges: [{ ...badge, jobs: [{ kind: 'x' }] }], theme: 'dark' },
    { type: 'init', text: '', version: 1, findings: [], badges: [], theme: 'purple' },
    { type: 'findings', version: 1, findings: 'none' },
    { type: 'edit', text: '', baseVersion: 1 },  // a webview message is not a host message
  ];
  for (const m of bad) assert.equal(validateHostMessage(m).ok, false, JSON.stringify(m));
});

test('describeMessage never logs whole documents', () => {
  const d = describeMessage({ type: 'edit', text: 'x'.repeat(1000), baseVersion: 3 });
  assert.equal(d, 'edit text=<1000 chars> baseVersion=3');
});

test('minimalReplacement keeps common prefix and suffix', () => {
  const cases: [string, string][] = [
    ['abc', 'abc'], ['', 'abc'], ['abc', ''], ['abcdef', 'abXYef'], ['aaaa', 'aaaaa'], ['aaaaa', 'aaaa'],
    ['<a x="1"/>', '<a x="2"/>'], ['x😀y', 'x😁y'], ['😀', '😀😀'], ['ab\r\ncd', 'ab\ncd'],
  ];
  for (const [a, b] of cases) {
    const r = minimalReplacement(a, b);
    assert.equal(applyReplacement(a, r), b, `${a} -> ${b}`);
    if (a === b) assert.equal(r, undefined);
  }
  assert.deepEqual(minimalReplacement('abcdef', 'abXYef'), { start: 2, end: 4, text: 'XY' });
  // never splits a surrogate pair: the replaced text is whole code points
  const r = minimalReplacement('x😀y', 'x😁y')!;
  assert.equal(r.text, '😁');
  assert.equal(r.start, 1);
});

test('minimalReplacement: random texts round-trip', () => {
  let seed = 7;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const alphabet = ['a', 'b', '<', '>', '\n', '😀', 'é'];
  const word = () => Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join('');
  for (let i = 0; i < 500; i++) {
    const a = word(), b = word();
    assert.equal(applyReplacement(a, minimalReplacement(a, b)), b);
  }
});

test('initial diagram is a Camunda 7 process with a start event and DI', () => {
  const xml = initialDiagram('ab12');
  assert.match(xml, /<bpmn:process id="Process_ab12" isExecutable="true">/);
  assert.match(xml, /<bpmn:startEvent id="StartEvent_1" \/>/);
  assert.match(xml, /bpmnElement="StartEvent_1"/);
  assert.match(xml, /xmlns:camunda="http:\/\/camunda.org\/schema\/1.0\/bpmn"/);
  assert.match(initialDiagram('"><x'), /id="Process_x"/);
});

test('CSP is strict: nonce scripts, no unsafe-*, fonts and styles from the webview source', () => {
  const csp = contentSecurityPolicy('https://res.example', 'N0nce');
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N0nce'/);
  assert.match(csp, /font-src https:\/\/res.example(;|$)/);
  assert.doesNotMatch(csp, /unsafe/);
  const html = editorHtml({ cspSource: 'https://res.example', nonce: 'N0nce', scriptUri: 'https://res.example/dist/webview-editor.js', distUri: 'https://res.example/dist/' });
  assert.match(html, /<script nonce="N0nce" src="https:\/\/res.example\/dist\/webview-editor.js"><\/script>/);
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline handlers');
  assert.doesNotMatch(html, /style=/, 'no inline styles');
  assert.equal((html.match(/<script/g) ?? []).length, 1);
});
