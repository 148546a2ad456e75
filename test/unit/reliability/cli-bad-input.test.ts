// Bad files for the CLI (issue #8): `main(argv, io)` in-process with captured output. Every bad
// input must end with exit code 2 (or 1 for lint errors), a message naming the file (and the JSON
// path where there is one) and NEVER a stack trace; nothing may hang or exhaust the heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';

const fixtures = join(__dirname, '../../fixtures/reliability');

async function cli(argv: string[], cwd = fixtures, budgetMs = 10_000): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const t0 = performance.now();
  const code = await main(argv, { stdout: s => { out.push(s); }, stderr: s => { err.push(s); }, cwd });
  const ms = performance.now() - t0;
  assert.ok(ms < budgetMs, `${argv.join(' ')} took ${ms.toFixed(0)} ms`);
  const r = { code, out: out.join(''), err: err.join('') };
  assert.doesNotMatch(r.err, /^ {4}at /m, `stack trace on stderr for ${argv.join(' ')}:\n${r.err}`);
  assert.doesNotMatch(r.out, /^ {4}at /m, `stack trace on stdout for ${argv.join(' ')}`);
  return r;
}

// ---- simulate: scenario files ----------------------------------------------------------------------

test('simulate: broken JSON names the file and the error position', async () => {
  const r = await cli(['simulate', 'syntax-error.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /syntax-error\.json/);
  assert.match(r.err, /not valid JSON/);
  assert.match(r.err, /position \d+|line \d+/);
});

test('simulate: broken JSON reports line and column', async () => {
  const r = await cli(['simulate', 'syntax-error.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /syntax-error\.json:4:3|syntax-error\.json.*line 4.*column 3/);
});

test('simulate: unknown fields are rejected with a did-you-mean, at their JSON path', async () => {
  const r = await cli(['simulate', 'unknown-field.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown-field\.json: untill: unknown key \(did you mean "until"\?\)/);
  assert.match(r.err, /unknown-field\.json: nodes\[0\]\.config\.lockTimeInMilis: unknown key \(did you mean "lockTimeInMillis"\?\)/);
});

test('simulate: wrong types are listed one per line with their paths', async () => {
  const r = await cli(['simulate', 'wrong-types.json']);
  assert.equal(r.code, 2);
  for (const re of [/wrong-types\.json: seed: expected an integer, got "one"/, /nodes\[0\]\.config\.waitTimeInMillis: expected a non-negative integer, got "5s"/,
    /nodes\[0\]\.config\.corePoolSize: expected a non-negative integer, got -1/, /load\[0\]\.instances: expected a non-negative integer, got 2\.5/, /engine\.profile: expected one of "7\.24", "legacy", got 7\.24/]) {
    assert.match(r.err, re);
  }
});

test('simulate: a missing BPMN of a deployment names the deployment path and the file', async () => {
  const r = await cli(['simulate', 'missing-bpmn.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /missing-bpmn\.json: deployments\[0\]\.bpmn: cannot read "does-not-exist\.bpmn"/);
});

test('simulate: missing scenario, a directory, an empty file, a non-BPMN file', async () => {
  let r = await cli(['simulate', 'nope.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read 'nope\.json': no such file or directory/);
  r = await cli(['simulate', 'no-bpmn']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read 'no-bpmn': is a directory/);
  r = await cli(['simulate', 'empty.bpmn']);
  assert.equal(r.code, 2);
  assert.match(r.err, /empty\.bpmn: not a BPMN 2\.0 file/);
  r = await cli(['simulate', 'no-bpmn/readme.txt']);
  assert.equal(r.code, 2);
  assert.match(r.err, /readme\.txt: \(root\): not valid JSON/);
});

test('simulate: a cyclic BPMN (loop without wait state) stops with a clear message instead of hanging', async () => {
  let r = await cli(['simulate', 'cyclic.bpmn']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cyclic\.bpmn: process 'loop': the sequence flows again → spin → again loop without a wait state/);
  r = await cli(['simulate', 'cyclic.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cyclic\.json: deployments\[0\]\.bpmn \(cyclic\.bpmn\): process 'loop': the sequence flows again → spin → again loop/);
});

test('simulate: a loop with a wait state or an exit is simulated normally (bounded by until)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmn-job-lab-'));
  try {
    const bpmn = (attrs: string, exit: boolean) => `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">
<bpmn:process id="loop" isExecutable="true"><bpmn:startEvent id="start"/><bpmn:exclusiveGateway id="again"/><bpmn:scriptTask id="spin"${attrs}/><bpmn:endEvent id="end"/>
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="again"/><bpmn:sequenceFlow id="f3" sourceRef="again" targetRef="spin"/><bpmn:sequenceFlow id="f4" sourceRef="spin" targetRef="again"/>
${exit ? '<bpmn:sequenceFlow id="f5" sourceRef="again" targetRef="end"/>' : ''}</bpmn:process></bpmn:definitions>`;
    writeFileSync(join(dir, 'async-loop.bpmn'), bpmn(' camunda:asyncBefore="true"', false));
    writeFileSync(join(dir, 'exit-loop.bpmn'), bpmn('', true));
    let r = await cli(['simulate', 'async-loop.bpmn', '--until', 'PT2S', '--format', 'json'], dir, 30_000);
    assert.equal(r.code, 0, r.err);
    assert.ok(JSON.parse(r.out).summary.jobsCompleted > 10);
    r = await cli(['simulate', 'exit-loop.bpmn', '--until', 'PT10S', '--format', 'json'], dir, 30_000);
    assert.equal(r.code, 0, r.err);
    // the same loop whose exit has weight 0 loops for certain
    writeFileSync(join(dir, 's.json'), JSON.stringify({ seed: 1, nodes: [{ id: 'n' }], deployments: [{ id: 'd', bpmn: 'exit-loop.bpmn' }], load: [{ processDefinitionKey: 'loop', instances: 1 }], activities: { again: { weights: { f5: 0 } } } }));
    r = await cli(['simulate', 's.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /s\.json: deployments\[0\]\.bpmn \(exit-loop\.bpmn\): process 'loop': the sequence flows again → spin → again loop without a wait state/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('simulate: huge scenarios hit a size limit with a path-precise message (no heap exhaustion)', async () => {
  let r = await cli(['simulate', 'huge-instances.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /huge-instances\.json: load\[0\]\.instances: 1000000000 instances .*exceed the limit of 1000000 instance starts per run/);
  r = await cli(['simulate', 'huge-nodes.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /huge-nodes\.json: nodes\[0\]\.count: 1000000000 nodes .*exceed the limit of 1000 nodes/);
  r = await cli(['simulate', 'huge-connections.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /huge-connections\.json: engine\.dbConnections: 1000000000 exceeds the limit/);
  r = await cli(['simulate', 'billing.bpmn', '--nodes', '1000000000']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--nodes must be an integer >= 1 and <= 1000 \(got '1000000000'\)/);
});

test('simulate: resource limits (maxEvents, maxVirtualTime) exit 2 naming the limit', async () => {
  let r = await cli(['simulate', 'limit-events.json']);
  assert.equal(r.code, 2);
  assert.match(r.err, /bpmn-job-lab simulate: simulation stopped: more than limits\.maxEvents = 10 events were processed/);
  r = await cli(['simulate', 'limit-time.json', '--format', 'jsonl']);
  assert.equal(r.code, 2);
  assert.match(r.err, /simulation stopped: virtual time \d+ ms passed limits\.maxVirtualTime = 5000 ms/);
});

test('simulate: bad options', async () => {
  for (const argv of [['simulate'], ['simulate', 'limit-events.json', '--seed', 'x'], ['simulate', 'limit-events.json', '--until', 'soon'], ['simulate', 'limit-events.json', '--format', 'xml'], ['simulate', 'limit-events.json', '--bogus']]) {
    const r = await cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, /^bpmn-job-lab simulate: /);
  }
});

// ---- lint -----------------------------------------------------------------------------------------

test('lint: a missing file or directory exits 2 naming it', async () => {
  let r = await cli(['lint', 'nope.bpmn']);
  assert.equal(r.code, 2);
  assert.match(r.err, /bpmn-job-lab lint: cannot read 'nope\.bpmn': no such file or directory/);
  r = await cli(['lint', 'no-such-dir/']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read 'no-such-dir\/': no such file or directory/);
});

test('lint: a directory without .bpmn files lints nothing and exits 0', async () => {
  const r = await cli(['lint', 'no-bpmn', '--format', 'json']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out), []);
  assert.equal(r.err, '');
});

test('lint: an empty file, binary garbage and lone surrogates give one xml-malformed error each, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmn-job-lab-'));
  try {
    let x = 12345;
    const garbage = Buffer.alloc(64 * 1024, 0).map(() => { x = (x * 1103515245 + 12345) & 0x7fffffff; return x >> 16 & 0xff; });
    writeFileSync(join(dir, 'garbage.bpmn'), garbage);
    writeFileSync(join(dir, 'nul.bpmn'), Buffer.alloc(4096, 0));
    writeFileSync(join(dir, 'surrogates.bpmn'), '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="\uD800"/></bpmn:definitions\uDC00', 'utf16le');
    writeFileSync(join(dir, 'empty.bpmn'), '');
    const r = await cli(['lint', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.out) as { file: string; code: string }[];
    for (const f of ['empty.bpmn', 'garbage.bpmn', 'nul.bpmn', 'surrogates.bpmn']) {
      assert.equal(findings.filter(x => x.file === f && x.code === 'xml-malformed').length, 1, f);
    }
    const sarif = await cli(['lint', '.', '--format', 'sarif'], dir);
    assert.equal(sarif.code, 1);
    assert.equal(JSON.parse(sarif.out).version, '2.1.0');
    const text = await cli(['lint', 'garbage.bpmn'], dir);
    assert.match(text.out, /^garbage\.bpmn:\d+:\d+ error xml-malformed /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('lint the fixtures of this suite: empty.bpmn is malformed, cyclic.bpmn lints', async () => {
  const r = await cli(['lint', 'empty.bpmn', 'cyclic.bpmn', '--format', 'json']);
  assert.equal(r.code, 1);
  const findings = JSON.parse(r.out) as { file: string; code: string }[];
  assert.deepEqual(findings.filter(f => f.file === 'empty.bpmn').map(f => f.code), ['xml-malformed']);
});

// ---- the other commands ---------------------------------------------------------------------------

test('explain / acquire / unknown commands: bad input exits 2 without a stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [['explain', 'nope.bpmn'], /nope\.bpmn/],
    [['explain', 'no-bpmn'], /no-bpmn/],
    [['explain', 'billing.bpmn', '--element', 'nope'], /nope/],
    [['acquire', 'nope.json', '--now', '0'], /nope\.json/],
    [['acquire', 'syntax-error.json', '--now', '0'], /syntax-error\.json/],
    [['acquire', 'billing.bpmn', '--now', '0'], /billing\.bpmn/],
    [['explain-value', 'jobPriority'], /./],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(argv);
    assert.ok(r.code === 2 || r.code === 1, `${argv.join(' ')} → ${r.code}`);
    assert.match(r.err, re, argv.join(' '));
  }
});
