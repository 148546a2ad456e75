// The lint / explain / explain-value command modules, called directly with a captured io.
// (Kept next to the rule tests because the CLI is the rules' other front end.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { run as lintRun } from '../../../../src/cli/lint';
import { run as explainRun, runExplainValue } from '../../../../src/cli/explain';

const fixtures = join(__dirname, '../../../fixtures/bpmn');
function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => { out.push(s); }, stderr: (s: string) => { err.push(s); }, cwd: fixtures } };
}

test('lint text: file:line:col severity code message, 1-based; exit 1 on errors', async () => {
  const c = io();
  assert.equal(await lintRun(['prefixes.bpmn'], c.io), 1);
  const lines = c.out.join('').trim().split('\n');
  assert.match(lines[0], /^prefixes\.bpmn:11:25 warning legacy-async camunda:async is deprecated/);
  assert.ok(lines.some(l => /^prefixes\.bpmn:11:\d+ error job-priority-invalid Value ' 5' for attribute 'jobPriority' is not a valid number/.test(l)));
  assert.deepEqual(c.err, []);
});

test('lint: exit 0 for warnings only and for clean files', async () => {
  const c = io();
  assert.equal(await lintRun(['clean.bpmn', 'parallel-join.bpmn'], c.io), 0);
  assert.equal(c.out.join('').trim().split('\n').length, 2);
});

test('lint json: 0-based ranges, hint → info, element and attribute', async () => {
  const c = io();
  assert.equal(await lintRun(['timers.bpmn', '--format', 'json'], c.io), 1);
  const findings = JSON.parse(c.out.join(''));
  assert.deepEqual(findings.map((f: { code: string }) => f.code), ['job-priority-invalid', 'retry-cycle-invalid']);
  assert.deepEqual(findings[0], {
    file: 'timers.bpmn', code: 'job-priority-invalid', severity: 'error', message: findings[0].message,
    range: { start: { line: 17, character: 64 }, end: { line: 17, character: 67 } }, elementId: 'Wait', attribute: 'camunda:jobPriority',
  });
});

test('lint a directory recursively; sarif 2.1.0 with rules and locations', async () => {
  const c = io();
  assert.equal(await lintRun(['.', '--format', 'sarif'], c.io), 1);
  const sarif = JSON.parse(c.out.join(''));
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'bpmn-job-lab');
  assert.ok(run.tool.driver.rules.some((r: { id: string }) => r.id === 'retry-cycle-invalid'));
  const files = new Set(run.results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri));
  assert.deepEqual([...files].sort(), ['malformed.bpmn', 'multi-instance.bpmn', 'parallel-join.bpmn', 'prefixes.bpmn', 'subprocess.bpmn', 'timers.bpmn']);
  const r0 = run.results.find((r: { ruleId: string }) => r.ruleId === 'job-priority-invalid');
  assert.equal(r0.level, 'error');
  assert.ok(r0.locations[0].physicalLocation.region.startLine >= 1);
  assert.equal(run.tool.driver.rules[r0.ruleIndex].id, 'job-priority-invalid');
});

test('lint --engine legacy is accepted; usage and I/O errors exit 2 with a message naming the file', async () => {
  let c = io();
  assert.equal(await lintRun(['clean.bpmn', '--engine', 'legacy'], c.io), 0);
  c = io();
  assert.equal(await lintRun(['missing.bpmn'], c.io), 2);
  assert.match(c.err.join(''), /cannot read 'missing\.bpmn': no such file or directory/);
  assert.doesNotMatch(c.err.join(''), /\n\s+at /);
  c = io();
  assert.equal(await lintRun([], c.io), 2);
  c = io();
  assert.equal(await lintRun(['clean.bpmn', '--format', 'xml'], c.io), 2);
  assert.match(c.err.join(''), /--format must be one of text, json, sarif/);
  c = io();
  assert.equal(await lintRun(['clean.bpmn', '--engine', '7.0'], c.io), 2);
});

test('explain: json and text, --element, unknown element', async () => {
  let c = io();
  assert.equal(await explainRun(['clean.bpmn', '--format', 'json', '--element', 'Charge'], c.io), 0);
  const json = JSON.parse(c.out.join(''));
  assert.equal(json[0].elementId, 'Charge');
  assert.equal(json[0].jobs[0].retries.created, 5);
  c = io();
  assert.equal(await explainRun(['clean.bpmn', '--engine', 'legacy'], c.io), 0);
  assert.match(c.out.join(''), /Charge \(serviceTask, "Charge card"\)\n {2}async-before job of Charge: handler async-continuation, type message, exclusive yes\n {4}priority 20 from activity/);
  assert.match(c.out.join(''), /retries 3 at creation, 5 executions, custom strategy; retried after 5 min/);
  c = io();
  assert.equal(await explainRun(['clean.bpmn', '--element', 'Nope'], c.io), 2);
  assert.match(c.err.join(''), /no flow node with id 'Nope'/);
  c = io();
  assert.equal(await explainRun(['nope.bpmn'], c.io), 2);
  assert.match(c.err.join(''), /cannot read 'nope\.bpmn'/);
});

test('explain-value: json and text', async () => {
  let c = io();
  assert.equal(await runExplainValue(['jobPriority', '9999999999', '--format', 'json'], c.io), 0);
  const r = JSON.parse(c.out.join(''));
  assert.equal(r.deploys, false);
  assert.equal(r.error, "Value '9999999999' for attribute 'jobPriority' is not a valid number");
  c = io();
  assert.equal(await runExplainValue(['failedJobRetryTimeCycle', 'R5/PT5M', '--engine', 'legacy'], c.io), 0);
  assert.match(c.out.join(''), /retries at job creation: 3/);
  c = io();
  assert.equal(await runExplainValue(['priority', '5'], c.io), 2);
  assert.match(c.err.join(''), /jobPriority or failedJobRetryTimeCycle/);
});
