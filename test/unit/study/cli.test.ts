// `bpmn-job-lab study` (issue #7): the four formats and the CLI contract (exit 2 with a clear message
// on bad input, never a stack trace, stdout clean for json/csv).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { studyCharts, studyCsv, studyHtml, studyText, studyVerdicts, STUDY_CSV_COLUMNS } from '../../../src/simulation/studyReport';
import { progressWriter } from '../../../src/cli/study';
import type { StudyPoint, StudyResult } from '../../../simulator/study/types';

const root = join(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/reliability');

async function cli(argv: string[], cwd = root): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: s => { out.push(s); }, stderr: s => { err.push(s); }, cwd });
  const r = { code, out: out.join(''), err: err.join('') };
  assert.doesNotMatch(r.err, /^ {4}at /m, `stack trace on stderr for ${argv.join(' ')}:\n${r.err}`);
  return r;
}

const small = ['study', 'examples/order-cluster.json', '--nodes', '1..2', '--threads', '1,3', '--parallelism', '2'];

test('study --format json: the StudyResult with one point per (nodes, threads), nothing else on stdout', async () => {
  const r = await cli([...small, '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.err, '', 'no progress output without a terminal or --progress');
  const res = JSON.parse(r.out) as StudyResult;
  assert.equal(res.scenario.name, 'order-cluster.json');
  assert.equal(res.profile, 'camunda');
  assert.deepEqual(res.options.nodes, [1, 2]);
  assert.deepEqual(res.options.threads, [1, 3]);
  assert.deepEqual(res.points.map(p => [p.threads, p.nodes]), [[1, 1], [1, 2], [3, 1], [3, 2]]);
  for (const p of res.points) {
    for (const k of ['makespanMs', 'throughput', 'acceleration', 'idealAcceleration', 'efficiency', 'clashesPerJob', 'idleMs', 'backoffMs', 'dbUtilisation', 'wallMs'] as const) assert.ok(k in p, k);
    assert.equal(p.idealAcceleration, p.nodes);
  }
  assert.equal(res.points[0].acceleration, 1);
  assert.ok(res.notes.length >= 3);
  assert.equal(res.execution.mode, 'workers');
});

test('study --format csv: a header and one row per point, columns as documented', async () => {
  const r = await cli([...small, '--format', 'csv', '--profile', 'jbpm3']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\r\n');
  assert.equal(lines[0], STUDY_CSV_COLUMNS.join(','));
  assert.equal(lines.length, 5);
  const row = Object.fromEntries(lines[0].split(',').map((c, i) => [c, lines[2].split(',')[i]]));
  assert.equal(row.nodes, '2');
  assert.equal(row.threads, '1');
  assert.equal(row.idealAcceleration, '2');
  assert.match(row.makespanMs, /^\d+$/);
});

test('study --progress: plain progress lines on stderr, the report alone on stdout', async () => {
  const r = await cli([...small, '--progress', '--in-process']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.err.trimEnd().split('\n').map(l => l.replace(/ \(.*/, '')), ['study: 1/4 points', 'study: 2/4 points', 'study: 3/4 points', 'study: 4/4 points']);
  assert.match(r.out, /^Scaling study: order-cluster\.json \(profile camunda, seed 2, until 300000 ms\)/);
  assert.match(r.out, /threads +nodes +makespan ms +jobs\/s +accel +ideal/);
  assert.match(r.out, /^ {2}threads 1: best .*×/m);
  assert.match(r.out, /^ {2}threads 3: /m);
  assert.match(r.out, /ran 4 points in-process/);
});

test('progress bar on a terminal: one line rewritten with \\r, a newline at the end', () => {
  const out: string[] = [];
  const p = progressWriter(s => out.push(s), true);
  p.update(1, 4, 'nodes=1 threads=1');
  p.update(4, 4, 'nodes=2 threads=3');
  p.end();
  assert.match(out[0], /^\r\[######\.{18}\] 1\/4 points {2}nodes=1 threads=1/);
  assert.match(out[1], /^\r\[#{24}\] 4\/4 points/);
  assert.equal(out[2], '\n');
});

function fakeResult(): StudyResult {
  const pt = (nodes: number, threads: number, makespanMs: number, acceleration: number | null): StudyPoint => ({
    nodes, threads, makespanMs, virtualTimeMs: makespanMs, jobsCreated: 10, jobsCompleted: 10, lockClashes: nodes - 1, commitClashes: 0, incidents: 0,
    idleMs: 5, backoffMs: 0, dbUtilisation: 0.25, dbWaitMs: 0, finished: nodes < 4, steps: 1, throughput: 10_000 / makespanMs,
    acceleration, idealAcceleration: nodes, efficiency: acceleration === null ? null : acceleration / nodes, clashesPerJob: (nodes - 1) / 10, wallMs: null,
  });
  return {
    scenario: { name: 'x </script><b>', path: 'x.json' }, profile: 'camunda',
    options: { nodes: [1, 2, 4], threads: [10, 1], seed: 1, until: null }, baselineNodes: 1,
    points: [pt(1, 10, 1000, 1), pt(2, 10, 520, 1.9231), pt(4, 10, 500, 2), pt(1, 1, 4000, 1), pt(2, 1, 2000, 2), pt(4, 1, 1000, 4)],
    notes: ['a note with <angle> brackets'], execution: { mode: 'in-process', parallelism: 1 }, elapsedMs: null,
  };
}

test('studyCharts: acceleration over nodes with the ideal line, throughput over ascending threads', () => {
  const c = studyCharts(fakeResult());
  assert.deepEqual(c.acceleration.x, [1, 2, 4]);
  // thread lines in the order the study asked for them, then the ideal line (the panel draws the same data)
  assert.deepEqual(c.acceleration.series.map(s => s.label), ['10 threads', '1 thread', 'ideal']);
  assert.deepEqual(c.acceleration.series[2].values, [1, 2, 4]);
  assert.ok(c.acceleration.series[2].ideal);
  assert.deepEqual(c.acceleration.series[0].values, [1, 1.9231, 2]);
  assert.deepEqual(c.throughput.x, [1, 10]);
  assert.deepEqual(c.throughput.series.map(s => s.label), ['1 node', '2 nodes', '4 nodes']);
  assert.deepEqual(c.throughput.series[2].values, [10, 20]);
});

test('verdicts: best acceleration, the node count that already reaches 95% of it, clashes, unfinished points', () => {
  const v = studyVerdicts(fakeResult());
  assert.equal(v[0], 'threads 10: best 2.00× at 4 nodes (ideal 4×, efficiency 50%); 2 nodes already reach 95% of that; clashes/job 0.00 → 0.30; 1 point did not finish before \'until\'');
  assert.match(v[1], /^threads 1: best 4\.00× at 4 nodes \(ideal 4×, efficiency 100%\); clashes\/job/);
  assert.match(studyText(fakeResult()), /4\/4 points|10\/10 cut/);
  assert.equal(studyCsv(fakeResult()).split('\r\n')[1].split(',')[STUDY_CSV_COLUMNS.indexOf('acceleration')], '1');
});

test('HTML report: self-contained (uPlot inline, no external resources), both charts\' data, escaped text, CSP hashes', () => {
  const html = studyHtml(fakeResult());
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /var uPlot=/, 'uPlot inlined');
  assert.match(html, /\.uplot\b/, 'uPlot CSS inlined');
  assert.doesNotMatch(html, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i, 'no external src/href');
  assert.doesNotMatch(html, /url\(\s*["']?(?:https?:)?\/\//i, 'no external CSS url()');
  assert.doesNotMatch(html, /@import/);
  assert.doesNotMatch(html, /<b>/, 'scenario name escaped');
  assert.equal(html.match(/<\/script>/g)!.length, 4, 'the name cannot close a script element');
  assert.match(html, /a note with &lt;angle&gt; brackets/);
  const json = JSON.parse(/<script type="application\/json" id="study-charts">([\s\S]*?)<\/script>/.exec(html)![1]);
  assert.deepEqual(json, JSON.parse(JSON.stringify(studyCharts(fakeResult()))));
  assert.ok(html.includes('id="chart-acceleration"') && html.includes('id="chart-throughput"'));
  // Every inline executable script is allowed by its hash and nothing else is.
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1].replace(/&#39;|&quot;/g, '\'');
  assert.match(csp, /default-src 'none'/);
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(m => m[1]);
  assert.equal(scripts.length, 2);
  for (const s of scripts) assert.ok(csp.includes(`'sha256-${createHash('sha256').update(s).digest('base64')}'`), 'script hash in CSP');
});

test('study --format html from the CLI: both charts\' data for the real points', async () => {
  const r = await cli([...small, '--format', 'html']);
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(/id="study-charts">([\s\S]*?)<\/script>/.exec(r.out)![1]);
  assert.deepEqual(json.acceleration.x, [1, 2]);
  assert.deepEqual(json.throughput.x, [1, 3]);
  assert.equal(json.acceleration.series.length, 3);
});

test('study: bad input exits 2 with a clear message and no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [['study'], /usage: bpmn-job-lab study <scenario\.json \| file\.bpmn>/],
    [['study', 'a.json', 'b.json'], /usage: bpmn-job-lab study/],
    [['study', 'examples/order-cluster.json', '--nodes', '0..3'], /--nodes: range '0\.\.3' must go up from a number ≥ 1/],
    [['study', 'examples/order-cluster.json', '--threads', '1,five'], /--threads: 'five' is not a whole number/],
    [['study', 'examples/order-cluster.json', '--nodes', '1..999'], /--nodes: 999 is more than the study allows \(64\)/],
    [['study', 'examples/order-cluster.json', '--profile', 'zeebe'], /--profile must be one of camunda, jbpm3 \(got 'zeebe'\)/],
    [['study', 'examples/order-cluster.json', '--format', 'xml'], /--format must be one of text, json, csv, html/],
    [['study', 'examples/order-cluster.json', '--until', 'soon'], /--until must be an ISO 8601 duration/],
    [['study', 'examples/order-cluster.json', '--parallelism', '0'], /--parallelism must be an integer >= 1/],
    [['study', 'examples/order-cluster.json', '--nodes'], /option '--nodes' needs a value/],
    [['study', 'examples/order-cluster.json', '--node', '2'], /unknown option '--node'/],
    [['study', join(fixtures, 'nope.json')], /cannot read '.*nope\.json': no such file or directory/],
    [['study', join(fixtures, 'unknown-field.json')], /unknown-field\.json: untill: unknown key \(did you mean "until"\?\)/],
    [['study', join(fixtures, 'empty.bpmn')], /empty\.bpmn: not a BPMN 2\.0 file/],
    [['study', join(fixtures, 'cyclic.bpmn')], /loop without a wait state/],
  ];
  for (const [argv, re] of cases) {
    const r = await cli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: exit ${r.code}, ${r.err}`);
    assert.match(r.err, /^bpmn-job-lab study: /);
    assert.match(r.err, re, argv.join(' '));
    assert.equal(r.out, '');
  }
});

test('study: a point that hits a simulation limit names the point, exit 2', async () => {
  const r = await cli(['study', join(fixtures, 'limit-events.json'), '--nodes', '1', '--threads', '1']);
  assert.equal(r.code, 2);
  assert.match(r.err, /point nodes=1 threads=1: simulation stopped/);
});

test('the usage text lists the study command', async () => {
  const r = await cli(['--help']);
  assert.match(r.out, /bpmn-job-lab study <scenario\.json \| file\.bpmn> \[--nodes 1\.\.8\] \[--threads 1,5,10,20\]/);
});
