#!/usr/bin/env node
// A stand-in for a desktop VS Code executable, for @vscode/test-electron's `vscodeExecutablePath`
// on machines where no Electron build of VS Code can be downloaded (see test/e2e/run.js).
//
// It accepts the command line test-electron passes to Code:
//   [workspace] --extensionDevelopmentPath=DIR... --extensionTestsPath=PATH [--user-data-dir=...]
//   [--extensions-dir=...] [--no-sandbox --disable-gpu-sandbox --disable-updates --skip-welcome ...]
// and instead
//   1. starts code-server (the real VS Code 1.100.3 server, Node extension host) on 127.0.0.1,
//   2. opens its workbench in headless Debian Chromium (playwright-core) with the `payload` URL
//      parameters VS Code's own web integration tests use, so the workbench runs the extension tests
//      in the server's extension host; test output is streamed through `codeAutomationLog`, and
//      `codeAutomationExit` delivers the extension host's exit code,
//   3. optionally (VSCODE_SHIM_UI) opens a second workbench window on the same server with the
//      extension under development loaded and runs Playwright UI checks against it,
//   4. ends code-server's whole process group and exits with the tests' result.
//
// env: CODE_SERVER              code-server launcher (default <repo>/.vscode-test/code-server/node_modules/.bin/code-server)
//      CHROMIUM                 browser executable (default /usr/bin/chromium)
//      VSCODE_SHIM_TIMEOUT_MS   overall timeout (default 300000)
//      VSCODE_SHIM_SCREENSHOT   write a screenshot of the test workbench here when the tests end
//      VSCODE_SHIM_UI           a module exporting `async run({ page, openWorkbench, workspace, log })`
//                               returning [{ title, ok, error? }] (see test/e2e/ui/workbench.ui.js)
//      VSCODE_SHIM_UI_RESULTS   where to write those results as JSON
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');
const { launchBrowser } = require('./ui-common');
const { writeOfflineUserSettings } = require('./offline-settings.cjs');

// ---- a VS Code-style command line -----------------------------------------------------------
const opts = { dev: [], tests: undefined, positional: [], ignored: [], extensionsDir: undefined };
const TAKES_VALUE = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'folder-uri', 'file-uri', 'locale']);
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (!a.startsWith('--')) { opts.positional.push(a); continue; }
  let [k, v] = a.slice(2).split(/=(.*)/s);
  if (v === undefined && TAKES_VALUE.has(k)) v = argv[++i];
  switch (k) {
    case 'extensionDevelopmentPath': opts.dev.push(path.resolve(v)); break;
    case 'extensionTestsPath': opts.tests = path.resolve(v); break;
    case 'extensions-dir': opts.extensionsDir = path.resolve(v); break;
    case 'version': console.log('1.100.3\ncode-server-shim\nx64'); process.exit(0); break;
    default: opts.ignored.push(a);
  }
}
if (!opts.tests || !opts.dev.length) {
  console.error('vscode-server-shim: need --extensionDevelopmentPath and --extensionTestsPath');
  process.exit(2);
}
const codeServer = process.env.CODE_SERVER || path.resolve(__dirname, '../.vscode-test/code-server/node_modules/.bin/code-server');
const timeoutMs = Number(process.env.VSCODE_SHIM_TIMEOUT_MS || 300000);
if (!fs.existsSync(codeServer)) {
  console.error(`vscode-server-shim: no code-server at ${codeServer} (run scripts/install-code-server.sh)`);
  process.exit(2);
}

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  s.on('error', rej);
});
const healthy = url => new Promise(res => http.get(url, r => { r.resume(); res(r.statusCode === 200); }).on('error', () => res(false)));
const sleep = ms => new Promise(r => setTimeout(r, ms));

(async () => {
  if (opts.ignored.length) console.log('[shim] ignoring', opts.ignored.join(' '));
  // Short temp dir: code-server puts a unix socket in user-data-dir (108-char path limit).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jl-shim-'));
  const userData = path.join(tmp, 'ud');
  writeOfflineUserSettings(userData);
  fs.writeFileSync(path.join(tmp, 'config.yaml'), '');
  const extensionsDir = opts.extensionsDir || path.join(tmp, 'ext');
  fs.mkdirSync(extensionsDir, { recursive: true }); // a missing dir makes the server's extension scan fail
  const port = await freePort();
  const server = spawn(codeServer, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--config', path.join(tmp, 'config.yaml'),
    '--user-data-dir', userData, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    // The env reaches the remote extension host, so test-electron's extensionTestsEnv reaches the tests.
    // EXTENSIONS_GALLERY={} turns off code-server's Open VSX lookups. detached: own process group.
    { stdio: ['ignore', 'pipe', 'pipe'], env: { EXTENSIONS_GALLERY: '{}', ...process.env }, detached: true });
  let serverLog = '';
  server.stdout.on('data', d => { serverLog += d; });
  server.stderr.on('data', d => { serverLog += d; });

  let browser;
  let finished = false;
  const finish = async (code) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    if (browser) await browser.close();
    const group = sig => { try { process.kill(-server.pid, sig); return true; } catch { return false; } };
    group('SIGTERM');
    for (let i = 0; i < 30 && group(0); i++) await sleep(100);
    group('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  };
  const timer = setTimeout(() => { console.error(`[shim] TIMEOUT after ${timeoutMs} ms\n${serverLog.slice(-4000)}`); finish(1); }, timeoutMs);
  server.on('exit', c => { if (!finished) { console.error(`[shim] code-server exited (${c})\n${serverLog}`); finish(1); } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => finish(130));

  let up = false;
  for (let i = 0; i < 240 && !(up = await healthy(`http://127.0.0.1:${port}/healthz`)); i++) await sleep(250);
  if (!up) { console.error(`[shim] code-server did not start\n${serverLog}`); return finish(1); }

  browser = await launchBrowser({ profileDir: path.join(tmp, 'chromium') });
  const { page, context } = browser;
  page.on('pageerror', e => console.error('[shim] page error:', e.message));
  page.on('crash', () => { console.error('[shim] page crashed'); finish(1); });

  const authority = `127.0.0.1:${port}`;
  const remote = p => `vscode-remote://${authority}${encodeURI(p)}`;
  const ws = opts.positional[0] && path.resolve(opts.positional[0]);
  const target = !ws ? 'ew=true' : ws.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(ws)}` : `folder=${encodeURIComponent(ws)}`;
  const devPayload = opts.dev.map(d => ['extensionDevelopmentPath', remote(d)]);
  const workbenchUrl = payload => `http://${authority}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  /** A second workbench window (same server) with the extension under development but no tests. */
  const openWorkbench = async () => {
    const p = await context.newPage();
    p.on('pageerror', e => console.error('[shim:ui] page error:', e.message));
    await p.goto(workbenchUrl([...devPayload, ['skipWelcome', 'true']]));
    return p;
  };

  const runUi = async () => {
    const mod = process.env.VSCODE_SHIM_UI;
    if (!mod) return 0;
    let results;
    try {
      results = await require(path.resolve(mod)).run({ openWorkbench, workspace: ws, log: (...a) => console.log('[ui]', ...a) });
    } catch (e) {
      results = [{ title: 'ui checks', ok: false, error: String(e && e.stack || e) }];
    }
    for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} [ui] ${r.title}${r.ok ? '' : `\n      ${r.error}`}`);
    if (process.env.VSCODE_SHIM_UI_RESULTS) fs.writeFileSync(process.env.VSCODE_SHIM_UI_RESULTS, JSON.stringify(results, null, 1));
    return results.every(r => r.ok) ? 0 : 1;
  };

  // The web workbench calls these when it runs extension tests (VS Code's test/integration/browser).
  await page.exposeFunction('codeAutomationLog', (type, args) => (console[type] || console.log)(...args));
  // Answer the workbench at once, then do the rest outside its call.
  let exiting = false;
  await page.exposeFunction('codeAutomationExit', (code) => {
    if (exiting) return;
    exiting = true;
    setImmediate(async () => {
      if (process.env.VSCODE_SHIM_SCREENSHOT) await page.screenshot({ path: process.env.VSCODE_SHIM_SCREENSHOT }).catch(() => {});
      const ui = await runUi();
      await finish(code || ui);
    });
  });
  await page.goto(workbenchUrl([...devPayload, ['extensionTestsPath', remote(opts.tests)], ['enableProposedApi', ''], ['skipWelcome', 'true']]));
})().catch(e => { console.error('[shim]', e); process.exit(1); });
