#!/usr/bin/env node
// `npm run test:grammar`: TextMate grammar tests for syntaxes/bpmn.tmLanguage.json.
//   1. checks that the grammar JSON is up to date with its generator (syntaxes/generate.mjs);
//   2. runs vscode-tmgrammar-test (from node_modules) over test/grammar/*.bpmn and prints its output.
// Last line: "grammar: N passed, N failed", counting assertion lines (`<!-- ^^^ scope` /
// `<!--<--- scope`). An assertion line fails if the runner reports any failure on it; every
// assertion of a test file the runner could not parse or run counts as failed. A stale grammar
// counts as one extra failure. Exit code is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const grammar = 'syntaxes/bpmn.tmLanguage.json';
const testDir = 'test/grammar';

let failed = 0;
let passed = 0;

function finish() {
  console.log(`grammar: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

// 1. Generated grammar must match its source.
const gen = spawnSync(process.execPath, [join(root, 'syntaxes/generate.mjs'), '--check'], {
  cwd: root,
  encoding: 'utf8',
});
process.stdout.write(gen.stdout ?? '');
process.stderr.write(gen.stderr ?? '');
if (gen.status !== 0) {
  console.log('✖ grammar JSON is stale or the generator failed (see above)');
  failed += 1;
}

// 2. Collect the test files and count their assertion lines (same rules as the runner's parser:
//    the header's first word is the comment token; an assertion line is that token followed by
//    optional blanks and `^` or `<~*-+`).
const files = existsSync(join(root, testDir))
  ? readdirSync(join(root, testDir))
      .filter((f) => f.endsWith('.bpmn'))
      .sort()
      .map((f) => `${testDir}/${f}`)
  : [];
if (files.length === 0) {
  console.log(`✖ no test files in ${testDir}/`);
  failed += 1;
  finish();
}

// file -> Map(assertion line number -> { source: line number it checks, ranges: [[from, to)],
//                                        required: [scopes], prohibited: [scopes] })
// (line numbers 1-based, columns 0-based, as in the runner's parser)
const assertionLines = new Map();
for (const file of files) {
  const lines = readFileSync(join(root, file), 'utf8').split(/\r\n|\n/);
  const token = /^(\S+)\s+SYNTAX\s+TEST\b/.exec(lines[0] ?? '')?.[1];
  const found = new Map();
  let source = 1;
  lines.forEach((line, i) => {
    if (i === 0) return;
    const rest = token && line.startsWith(token) ? line.slice(token.length) : null;
    if (rest === null || !/^\s*(\^|<~*-+)/.test(rest)) {
      source = i + 1;
      return;
    }
    const ranges = [];
    const left = /^\s*<(~*)(-+)/.exec(rest);
    if (left) ranges.push([left[1].length, left[1].length + left[2].length]);
    else for (const m of line.matchAll(/\^+/g)) ranges.push([m.index, m.index + m[0].length]);
    // Required and prohibited scopes, to tell apart assertions that cover the same token.
    const [req = '', exc = ''] = rest.replace(/^\s*(<~*-+|[\^\s]+)/, '').split(/(?:^|\s)-(?:\s|$)/);
    const required = req.split(/\s+/).filter(Boolean);
    const prohibited = exc.split(/\s+/).filter(Boolean);
    found.set(i + 1, { source, ranges, required, prohibited });
  });
  assertionLines.set(file, found);
}
const countAssertions = () => [...assertionLines.values()].reduce((n, m) => n + m.size, 0);

// 3. Run vscode-tmgrammar-test. Resolve its CLI through its package.json so this works from any
//    install layout (local node_modules after `npm ci`, hoisted workspaces).
const require = createRequire(import.meta.url);
let cli;
try {
  const pkgPath = require.resolve('vscode-tmgrammar-test/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['vscode-tmgrammar-test'];
  cli = join(dirname(pkgPath), bin);
} catch (err) {
  console.log(`✖ vscode-tmgrammar-test is not installed (run \`npm ci\`): ${err.message}`);
  failed += countAssertions() || 1;
  finish();
}

// `--config` points at package.json explicitly so the runner also sees the contributed grammar,
// and `-g` names the grammar under test. Colours only when our own stdout is a terminal.
const run = spawnSync(
  process.execPath,
  [cli, '--config', 'package.json', '-g', grammar, ...files],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
  },
);
process.stdout.write(run.stdout ?? '');
process.stderr.write(run.stderr ?? '');
if (run.error) console.log(`✖ could not run vscode-tmgrammar-test: ${run.error.message}`);

// 4. Map the runner's report back onto assertion lines. The runner reports each failing token as
//    "at [file:L:S:E]:" with L = the checked source line and S..E its 1-based columns; the
//    assertion lines checking that source line over an overlapping range are the failed ones.
// eslint-disable-next-line no-control-regex
const plain = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.replace(/\u001b\[[0-9;]*m/g, '');
const failedAssertions = new Map(files.map((f) => [f, new Set()]));
const strayFailures = new Map(files.map((f) => [f, 0]));
const reportRe = /^\s*at \[(.+?):(\d+):(\d+):(\d+)\]:\n(?:.*\n){2}((?:\s*(?:missing required|prohibited) scopes: .*\n)*)/gm;
for (const m of plain.matchAll(reportRe)) {
  const [, file, line, s, e, reasons] = m;
  const found = assertionLines.get(file);
  if (!found) continue;
  const [from, to] = [Number(s) - 1, Number(e) - 1];
  const missing = /missing required scopes: (.*)/.exec(reasons)?.[1].trim().split(/\s+/) ?? [];
  const unexpected = /prohibited scopes: (.*)/.exec(reasons)?.[1].trim().split(/\s+/) ?? [];
  const candidates = [...found].filter(
    ([, a]) =>
      a.source === Number(line) &&
      a.ranges.some(([rf, rt]) => rf < Math.max(to, from + 1) && from < rt),
  );
  // Prefer the assertions whose scope lists explain the reported failure; if that does not
  // single any out, every overlapping assertion counts as failed.
  const explained = candidates.filter(
    ([, a]) =>
      missing.every((x) => a.required.includes(x)) &&
      unexpected.every((x) => a.prohibited.includes(x)),
  );
  for (const [assertionLine] of explained.length ? explained : candidates) {
    failedAssertions.get(file).add(assertionLine);
  }
  if (candidates.length === 0) strayFailures.set(file, strayFailures.get(file) + 1);
}
const okFiles = new Set();
const brokenFiles = new Set();
for (const file of files) {
  const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (new RegExp(`✓ ${esc} run successfuly`).test(plain)) okFiles.add(file);
  if (new RegExp(`(can't parse testcase: ${esc}\\s*$|testcase ${esc} aborted)`, 'm').test(plain)) {
    brokenFiles.add(file);
  }
}

let filesPassed = 0;
for (const file of files) {
  const total = assertionLines.get(file).size;
  const bad = failedAssertions.get(file).size;
  const stray = strayFailures.get(file);
  if (brokenFiles.has(file) || (!okFiles.has(file) && bad + stray === 0)) {
    // Not parsed, aborted, or no verdict at all: nothing in this file counts as passed.
    failed += total || 1;
    continue;
  }
  // A failure we cannot pin on an assertion line still has to fail the run.
  failed += bad + stray;
  passed += total - bad;
  if (bad + stray === 0 && okFiles.has(file)) filesPassed += 1;
}

if ((run.status ?? 1) !== 0 && failed === 0) {
  console.log(`✖ vscode-tmgrammar-test exited with ${run.status ?? run.signal}`);
  failed += 1;
}
console.log(
  `\n${files.length} test files (${filesPassed} clean), ` +
    `${countAssertions()} assertion lines ` +
    `in ${relative(root, join(root, testDir))}/`,
);
finish();
