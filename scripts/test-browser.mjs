#!/usr/bin/env node
// Real-browser tests of the webviews (test/browser/*.browser.mjs) in Debian Chromium through
// playwright-core. Builds the bundles first with esbuild.mjs. The last line is
// `browser: N passed, N failed` (summed over the test files).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  // Keep the webview tests useful while another bundle's build is broken: build only the webview
  // bundles, with the options esbuild.mjs uses for them. Loudly, so nobody mistakes this for a green build.
  console.log('test-browser: WARNING: `node esbuild.mjs` failed; building only the webview bundles for these tests');
  const esbuild = await import('esbuild');
  const { existsSync } = await import('node:fs');
  for (const name of readdirSync(join(root, 'webview'))) {
    const entry = join(root, 'webview', name, 'main.ts');
    if (!existsSync(entry)) continue;
    await esbuild.build({
      bundle: true, sourcemap: 'linked', logLevel: 'warning', external: ['vscode'], entryPoints: [entry],
      outfile: join(root, 'dist', `webview-${name}.js`), platform: 'browser', format: 'iife', target: 'es2022',
      loader: { '.css': 'text', '.ttf': 'file', '.woff2': 'file' },
    });
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
