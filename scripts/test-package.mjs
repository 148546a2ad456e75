#!/usr/bin/env node
// Packaging check: what users install is what we test.
//   1. builds the .vsix from a clean copy of the tree (git's tracked + untracked-not-ignored files,
//      node_modules linked in) with `vsce package --no-dependencies` (its vscode:prepublish runs the
//      production build), so the working tree's dist/ is never touched;
//   2. lists the zip and checks it against an explicit allowlist: nothing else (no source maps, no
//      src/, test/, node_modules/) and nothing expected missing (every file package.json points at,
//      every rule doc, every example); checks the size budget;
//   3. runs the CLI from the unzipped package, outside any node_modules (the bundle is self-contained:
//      `lint` works and `simulate` finds sql-wasm.wasm beside dist/cli.js);
//   4. installs the .vsix into the cached code-server and smoke-tests the INSTALLED copy in the real
//      workbench (Debian Chromium): a .bpmn with an invalid priority opens in the diagram editor
//      (webview bundle and font load from the installed dist/) and the Problems panel lists
//      `job-priority-invalid` from "Job Lab".
// Screenshots: test-results/package/. The last line is `package: N passed, N failed`.
// Env: PACKAGE_MAX_BYTES (default 5 MB), KEEP_PACKAGE_TMP=1 keeps the temp folder.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { launchBrowser, waitFor } = require('./ui-common.js');
const { writeOfflineUserSettings } = require('./offline-settings.cjs');
const MAX_BYTES = Number(process.env.PACKAGE_MAX_BYTES || 5 * 1024 * 1024);
const SHOTS = path.join(ROOT, 'test-results', 'package');
const CS_BIN = process.env.CODE_SERVER || path.join(ROOT, '.vscode-test/code-server/node_modules/.bin/code-server');
const SMOKE_FIXTURE = path.join(ROOT, 'test/browser/fixtures/jobs.bpmn');  // has DI and camunda:jobPriority=" 7"
const T = 60000;

const t0 = Date.now();
const secs = () => ((Date.now() - t0) / 1000).toFixed(1);
const log = (...a) => console.log(`[package ${secs()}s]`, ...a);
let passed = 0, failed = 0;
const skipped = [];
async function check(title, fn) {
  try {
    await fn();
    passed++;
    console.log(`  ✔ ${title}`);
    return true;
  } catch (e) {
    failed++;
    console.log(`  ✘ ${title}\n      ${String(e && e.message || e).split('\n').slice(0, 12).join('\n      ')}`);
    return false;
  }
}
function assert(cond, message) { if (!cond) throw new Error(message); }
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  if (r.error) throw r.error;
  return r;
}
function done() {
  if (process.env.KEEP_PACKAGE_TMP !== '1') fs.rmSync(tmp, { recursive: true, force: true });
  else log('kept', tmp);
  if (skipped.length) log('skipped after an earlier failure:', skipped.join('; '));
  log(`done in ${secs()} s`);
  console.log(`package: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jl-pkg-'));
const vsix = path.join(tmp, 'bpmn-job-lab.vsix');
fs.mkdirSync(SHOTS, { recursive: true });
for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS, f));

// ---- 1. build the .vsix from a clean copy ------------------------------------------------------
const stage = path.join(tmp, 'stage');
const built = await check('vsce packages the extension (production build) from a clean copy of the tree', async () => {
  assert(fs.existsSync(path.join(ROOT, 'node_modules')), 'node_modules missing: run npm ci first');
  const ls = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  assert(ls.status === 0, `git ls-files failed: ${ls.stderr}`);
  let copied = 0;
  for (const rel of ls.stdout.split('\0').filter(Boolean)) {
    const from = path.join(ROOT, rel);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue;  // deleted but still in the index
    fs.mkdirSync(path.dirname(path.join(stage, rel)), { recursive: true });
    fs.copyFileSync(from, path.join(stage, rel));
    copied++;
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  log(`staged ${copied} files`);
  const vsce = path.join(ROOT, 'node_modules/.bin/vsce');
  const r = run(vsce, ['package', '--no-dependencies', '-o', vsix], { cwd: stage, env: { ...process.env, VSCE_STORE: path.join(tmp, 'vsce-store') } });
  assert(r.status === 0 && fs.existsSync(vsix), `vsce package failed (exit ${r.status}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  log((r.stdout.match(/Packaged:.*$/m) || [''])[0].trim());
});
if (!built) { skipped.push('everything after packaging'); done(); }

// ---- 2. contents and size ----------------------------------------------------------------------
if (!fs.existsSync('/usr/bin/unzip') && run('sh', ['-c', 'command -v unzip']).status !== 0) {
  log('installing Debian unzip');
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...a) => run(sudo[0] || 'apt-get', sudo.length ? [...sudo.slice(1), 'apt-get', ...a] : a, { env, stdio: 'inherit' });
  apt('update', '-qq');
  apt('install', '-y', '-qq', '--no-install-recommends', 'unzip');
}
const list = run('unzip', ['-Z1', vsix]).stdout.split('\n').filter(Boolean).sort();

/** The allowlist: every file in the package must match one of these. */
const ALLOWED = [
  /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/, /^extension\/readme\.md$/, /^extension\/changelog\.md$/, /^extension\/LICENSE\.txt$/,
  /^extension\/language-configuration\.json$/,
  /^extension\/syntaxes\/[^/]+\.json$/,
  /^extension\/dist\/(extension|cli|study-worker)\.js$/, /^extension\/dist\/sql-wasm\.wasm$/,
  /^extension\/dist\/webview-[a-z]+\.(js|css)$/, /^extension\/dist\/[^/]+\.(woff2|ttf)$/,
  /^extension\/docs\/rules\/[a-z0-9-]+\.md$/,
  /^extension\/docs\/scenarios\/[0-9]+-[a-z0-9-]+\.md$/,
  /^extension\/schemas\/[^/]+\.json$/,
  /^extension\/examples\/[^]+\.(bpmn|json|md)$/,
  /^extension\/media\/[^/]+\.(png|svg)$/,
];
const FORBIDDEN = [/\.map$/, /\.ts$/, /(^|\/)src\//, /(^|\/)test\//, /(^|\/)node_modules\//, /(^|\/)\.[^/]+$/, /\.vsix$/, /(^|\/)(bench|simulator|webview|scripts)\//];

await check('the package holds only allowlisted files (no source maps, src/, test/, node_modules/, dotfiles)', async () => {
  const unexpected = list.filter(f => !ALLOWED.some(re => re.test(f)) || FORBIDDEN.some(re => re.test(f)));
  assert(unexpected.length === 0, `unexpected files:\n${unexpected.join('\n')}`);
});

await check('the package holds every file the extension needs', async () => {
  const has = new Set(list);
  const pkg = JSON.parse(fs.readFileSync(path.join(stage, 'package.json'), 'utf8'));
  const rel = p => `extension/${path.posix.normalize(p.replace(/^\.\//, ''))}`;
  const required = [
    'extension/package.json', 'extension/readme.md', 'extension/LICENSE.txt',
    rel(pkg.main), rel(pkg.bin['bpmn-job-lab']),
    'extension/dist/sql-wasm.wasm', 'extension/dist/webview-editor.js', 'extension/dist/webview-simulator.js',
    ...pkg.contributes.languages.map(l => l.configuration).filter(Boolean).map(rel),
    ...pkg.contributes.grammars.map(g => rel(g.path)),
    ...pkg.contributes.jsonValidation.map(j => rel(j.url)),
  ];
  // Every rule doc and every example of the tree (the rule docs are linked from diagnostics).
  for (const dir of ['docs/rules', 'examples']) {
    const walk = d => fs.readdirSync(path.join(stage, d), { withFileTypes: true }).flatMap(e =>
      e.isDirectory() ? walk(path.posix.join(d, e.name)) : [`extension/${d}/${e.name}`]);
    required.push(...walk(dir));
  }
  // The study runner's worker (the extension and the CLI start it) and the cluster stories' pages (the example picker links them).
  required.push('extension/dist/study-worker.js');
  required.push(...fs.readdirSync(path.join(stage, 'docs/scenarios')).filter(n => /^\d+-.*\.md$/.test(n)).map(n => `extension/docs/scenarios/${n}`));
  const missing = [...new Set(required)].filter(f => !has.has(f));
  assert(missing.length === 0, `missing:\n${missing.join('\n')}`);
  assert(list.some(f => /^extension\/dist\/[^/]+\.woff2$/.test(f)), 'no icon font (dist/*.woff2) for the diagram editor');
  // The font the webview bundle references by its hashed name must be the one shipped.
  const unz = run('unzip', ['-p', vsix, 'extension/dist/webview-editor.js']);
  const fonts = [...new Set(unz.stdout.match(/bpmn-[A-Z0-9]+\.woff2/g) || [])];
  assert(fonts.length > 0 && fonts.every(f => has.has(`extension/dist/${f}`)), `webview-editor.js references ${fonts.join(', ') || 'no font'}; the package has ${list.filter(f => f.endsWith('.woff2')).join(', ')}`);
});

await check('the bundles are production builds (minified, no sourceMappingURL)', async () => {
  for (const f of ['extension.js', 'cli.js', 'webview-editor.js', 'webview-simulator.js']) {
    const js = run('unzip', ['-p', vsix, `extension/dist/${f}`]).stdout;
    assert(!/sourceMappingURL=/.test(js), `${f} points at a source map`);
    // esbuild's unminified output names every module in a `// path/to/file.ts` comment line.
    const moduleComments = js.match(/^\s*\/\/ (src|webview|simulator|node_modules)\/\S+$/gm) || [];
    assert(moduleComments.length === 0, `${f} is not minified: ${moduleComments.slice(0, 3).join(', ')}`);
    const lines = js.split('\n').length;
    assert(lines < js.length / 120, `${f} does not look minified (${lines} lines for ${js.length} chars)`);
  }
});

await check(`the package size is within the budget (${(MAX_BYTES / 1024 / 1024).toFixed(1)} MB)`, async () => {
  const size = fs.statSync(vsix).size;
  const info = run('unzip', ['-Zt', vsix]).stdout.trim();
  log(`vsix: ${(size / 1024 / 1024).toFixed(2)} MB compressed, ${list.length} files; ${info}`);
  assert(size <= MAX_BYTES, `${size} bytes > ${MAX_BYTES}`);
});

// ---- 3. the CLI from the unzipped package --------------------------------------------------------
const extracted = path.join(tmp, 'unzipped');   // under the OS temp dir: no node_modules in any ancestor
fs.mkdirSync(extracted);
run('unzip', ['-q', vsix, '-d', extracted]);
const cli = path.join(extracted, 'extension/dist/cli.js');
const cliCwd = path.join(tmp, 'cli-cwd');
fs.mkdirSync(cliCwd);
fs.copyFileSync(SMOKE_FIXTURE, path.join(cliCwd, 'smoke.bpmn'));

await check('the packaged CLI lints a file with no node_modules around (job-priority-invalid, exit 1)', async () => {
  const r = run(process.execPath, [cli, 'lint', 'smoke.bpmn', '--format', 'json'], { cwd: cliCwd, env: { ...process.env, NODE_PATH: '' } });
  assert(r.status === 1, `exit ${r.status} (1 = lint errors expected)\n${r.stderr.slice(0, 2000)}`);
  const findings = JSON.parse(r.stdout);
  const hit = findings.find(f => f.code === 'job-priority-invalid');
  assert(hit && hit.elementId === 'Task_ship', `no job-priority-invalid for Task_ship in ${r.stdout.slice(0, 500)}`);
});

await check('the packaged CLI simulates an example with the sql-wasm.wasm beside it', async () => {
  const scenario = path.join(extracted, 'extension/examples/order-cluster.json');
  assert(fs.existsSync(scenario), 'examples/order-cluster.json is not in the package');
  const r = run(process.execPath, [cli, 'simulate', scenario, '--format', 'json'], { cwd: cliCwd, env: { ...process.env, NODE_PATH: '' } });
  assert(r.status === 0, `exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
  const { summary } = JSON.parse(r.stdout);
  assert(summary && summary.jobsCompleted > 0, `no completed jobs: ${JSON.stringify(summary)}`);
  // Without the wasm the same run must fail: proof that it was the file beside cli.js that loaded.
  fs.renameSync(path.join(extracted, 'extension/dist/sql-wasm.wasm'), path.join(tmp, 'sql-wasm.wasm.away'));
  try {
    const r2 = run(process.execPath, [cli, 'simulate', scenario, '--format', 'json'], { cwd: cliCwd, env: { ...process.env, NODE_PATH: '' } });
    assert(r2.status !== 0, 'the simulation also ran without dist/sql-wasm.wasm: the bundle loaded a wasm from elsewhere');
  } finally {
    fs.renameSync(path.join(tmp, 'sql-wasm.wasm.away'), path.join(extracted, 'extension/dist/sql-wasm.wasm'));
  }
});

// ---- 4. install into code-server and smoke-test the installed copy ------------------------------
if (!fs.existsSync(CS_BIN) || !fs.existsSync(path.join(ROOT, '.vscode-test/code-server/node_modules/code-server/lib/vscode/node_modules.asar'))) {
  log('code-server missing: running scripts/install-code-server.sh');
  const r = run('bash', [path.join(ROOT, 'scripts/install-code-server.sh'), path.join(ROOT, '.vscode-test/code-server')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) { await check('code-server is installed', async () => { throw new Error('install-code-server.sh failed'); }); done(); }
}

const extDir = path.join(tmp, 'ext');
const userData = path.join(tmp, 'ud');
const csConfig = path.join(tmp, 'config.yaml');
fs.mkdirSync(extDir);
fs.writeFileSync(csConfig, '');
writeOfflineUserSettings(userData);
const csEnv = { ...process.env, EXTENSIONS_GALLERY: '{}' };

const installed = await check('code-server --install-extension installs the .vsix', async () => {
  const r = run(CS_BIN, ['--config', csConfig, '--user-data-dir', userData, '--extensions-dir', extDir, '--install-extension', vsix], { env: csEnv, timeout: 60000 });
  assert(r.status === 0, `exit ${r.status}\n${(r.stdout + r.stderr).slice(-2000)}`);
  const dirs = fs.readdirSync(extDir).filter(d => d.startsWith('bpmn-job-lab.bpmn-job-lab-'));
  assert(dirs.length === 1, `installed folders: ${fs.readdirSync(extDir).join(', ')}`);
  const inst = path.join(extDir, dirs[0]);
  for (const f of ['package.json', 'dist/extension.js', 'dist/webview-editor.js', 'dist/sql-wasm.wasm']) assert(fs.existsSync(path.join(inst, f)), `installed copy lacks ${f}`);
  assert(!fs.existsSync(path.join(inst, 'src')) && !fs.existsSync(path.join(inst, 'node_modules')), 'installed copy has src/ or node_modules/');
  log('installed into', inst);
});
if (!installed) { skipped.push('the workbench smoke test'); done(); }

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  s.on('error', rej);
});
const healthy = url => new Promise(res => http.get(url, r => { r.resume(); res(r.statusCode === 200); }).on('error', () => res(false)));

const ws = path.join(tmp, 'ws');
fs.mkdirSync(ws);
fs.copyFileSync(SMOKE_FIXTURE, path.join(ws, 'smoke.bpmn'));
const port = await freePort();
// No extensionDevelopmentPath anywhere: the only copy of the extension is the installed one.
const server = spawn(CS_BIN, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--config', csConfig,
  '--user-data-dir', userData, '--extensions-dir', extDir,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
{ stdio: ['ignore', 'pipe', 'pipe'], env: csEnv, detached: true });
let serverLog = '';
server.stdout.on('data', d => { serverLog += d; });
server.stderr.on('data', d => { serverLog += d; });
const stopServer = async () => {
  const group = sig => { try { process.kill(-server.pid, sig); return true; } catch { return false; } };
  group('SIGTERM');
  for (let i = 0; i < 30 && group(0); i++) await new Promise(r => setTimeout(r, 100));
  group('SIGKILL');
};
process.on('SIGINT', async () => { await stopServer(); process.exit(130); });

let browser;
try {
  await check('the installed extension activates in the real workbench: diagram editor and Problems panel show job-priority-invalid', async () => {
    await waitFor(() => healthy(`http://127.0.0.1:${port}/healthz`), { ms: 60000, every: 250, what: `code-server on port ${port}\n${serverLog.slice(-2000)}` });
    browser = await launchBrowser({ profileDir: path.join(tmp, 'chromium') });
    const { page } = browser;
    const pageErrors = [];
    page.on('pageerror', e => pageErrors.push(e.message));
    try {
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'smoke.bpmn' }).first().waitFor({ timeout: T });
      // Quick Open the file: the default editor for *.bpmn is the installed extension's diagram editor.
      await page.keyboard.press('Control+p');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: T });
      await input.fill('smoke.bpmn');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'smoke.bpmn' }).first().waitFor({ timeout: T });
      await page.keyboard.press('Enter');
      const frame = page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');
      await frame.locator('#canvas svg [data-element-id="Task_ship"] .djs-visual rect').first().waitFor({ timeout: T });
      await frame.locator('.jl-marker[data-jl-for="Task_ship"]').waitFor({ timeout: T });
      // The Problems panel, opened from the workbench (keys typed while the webview has focus do not all reach it).
      // The status bar's problems item is a click in the workbench DOM.
      const panel = page.locator('.markers-panel');
      await page.locator('[id="status.problems"]').first().click();
      await panel.waitFor({ timeout: T });
      const row = panel.locator('.monaco-list-row', { hasText: 'job-priority-invalid' }).first();
      await row.waitFor({ timeout: T });
      const text = await panel.innerText();
      log('problems:', JSON.stringify(text.slice(0, 300)));
      assert(text.includes('Job Lab'), 'the Problems panel lacks the source "Job Lab"');
      await page.screenshot({ path: path.join(SHOTS, 'installed-smoke.png') });
      assert(pageErrors.length === 0 || !pageErrors.some(m => /bpmn|job ?lab/i.test(m)), `page errors: ${pageErrors.join('\n')}`);
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, 'installed-smoke-failure.png') }).catch(() => {});
      throw e;
    }
  });
} finally {
  if (browser) await browser.close();
  await stopServer();
}
done();
