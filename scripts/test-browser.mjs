#!/usr/bin/env node
// Real-browser tests of the webviews (test/browser/*.browser.mjs) in Debian Chromium through
// playwright-core (installed with apt-get when missing). Builds the bundles first with esbuild.mjs. The last line is
// `browser: N passed, N failed` (summed over the test files).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) { console.log('browser: 0 passed, 1 failed  (the build failed)'); process.exit(1); }
// Debian's Chromium (no browser download: playwright-core drives the system one).
if (!existsSync(process.env.CHROMIUM ?? '/usr/bin/chromium')) {
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => spawnSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['apt-get', 'update', '-qq']).status !== 0 || apt(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation']).status !== 0) {
    console.log('browser: 0 passed, 1 failed  (could not install Debian chromium)'); process.exit(1);
  }
}
let passed = 0, failed = 0;
for (const f of readdirSync(join(root, 'test/browser')).filter(n => n.endsWith('.browser.mjs')).sort()) {
  const r = spawnSync(process.execPath, [join('test/browser', f)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
  const out = r.stdout ?? '';
  process.stdout.write(out.split('\n').filter(l => !/^browser: \d+ passed/.test(l)).join('\n'));
  const m = [...out.matchAll(/^browser: (\d+) passed, (\d+) failed/gm)].pop();
  if (m) { passed += +m[1]; failed += +m[2]; }
  if (!m || (r.status !== 0 && +m[2] === 0)) { failed += 1; console.log(`\n${f}: exited with ${r.status ?? r.signal} without a result line`); }
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
