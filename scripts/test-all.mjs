#!/usr/bin/env node
// `npm test`: every layer, fastest first (style.md habit 9), with one closing count line.
//   1. type-check (tsc --noEmit)      2. build (esbuild bundles)      3. unit tests (plain Node)
//   4. grammar tests (TextMate)       5. webviews in a real browser (Debian Chromium)
//   6. the .vsix: file list, size, self-contained CLI, smoke test of the installed copy
//   7. end-to-end in a real VS Code (code-server + Chromium)
// Set SKIP_E2E=1 to leave out step 7 locally (CI never sets it). The last line is
// "N passed, N failed", summed over the layers that report counts.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'build', cmd: ['node', 'esbuild.mjs'] },
  { name: 'unit', cmd: ['node', 'scripts/run-unit.mjs'], counts: nodeTestCounts },
  { name: 'grammar', cmd: ['node', 'scripts/test-grammar.mjs'], counts: out => prefixedCounts(out, 'grammar') },
  { name: 'browser', cmd: ['node', 'scripts/test-browser.mjs'], counts: out => prefixedCounts(out, 'browser') },
  { name: 'package', cmd: ['node', 'scripts/test-package.mjs'], counts: out => prefixedCounts(out, 'package') },
  { name: 'e2e', cmd: ['bash', 'scripts/test-e2e.sh'], counts: out => prefixedCounts(out, 'e2e'), skip: process.env.SKIP_E2E === '1' },
];

function nodeTestCounts(out) {
  const pass = [...out.matchAll(/^[ℹ#] pass (\d+)$/gm)].pop();
  const fail = [...out.matchAll(/^[ℹ#] fail (\d+)$/gm)].pop();
  return pass && fail ? { passed: +pass[1], failed: +fail[1] } : undefined;
}
function prefixedCounts(out, prefix) {
  const m = [...out.matchAll(new RegExp(`^${prefix}: (\\d+) passed, (\\d+) failed`, 'gm'))].pop();
  return m ? { passed: +m[1], failed: +m[2] } : undefined;
}

function run(cmd) {
  return new Promise(resolve => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', d => { out += d; process.stdout.write(d); });
    child.stderr.on('data', d => { out += d; process.stderr.write(d); });
    child.on('close', code => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0, failed = 0;
const report = [];
for (const s of stages) {
  if (s.skip) { report.push(`${s.name}: skipped (SKIP_E2E=1)`); continue; }
  console.log(`\n=== ${s.name}: ${s.cmd.join(' ')}`);
  const t0 = Date.now();
  const { code, out } = await run(s.cmd);
  const c = s.counts?.(out);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (c) { passed += c.passed; failed += c.failed; }
  if (code !== 0) {
    // A stage that failed without reporting a failed test still counts as one failure.
    if (!c || c.failed === 0) failed += 1;
    report.push(`${s.name}: FAILED (exit ${code}) in ${secs}s${c ? ` — ${c.passed} passed, ${c.failed} failed` : ''}`);
  } else if (s.counts && !c) {
    failed += 1;
    report.push(`${s.name}: FAILED — ran but reported no test counts`);
  } else {
    if (!s.counts) passed += 1;
    report.push(`${s.name}: ok in ${secs}s${c ? ` — ${c.passed} passed` : ''}`);
  }
}
console.log('\n=== summary');
for (const line of report) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
