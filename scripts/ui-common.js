// Shared Playwright + Debian Chromium helpers for the offline VS Code harness
// (scripts/vscode-server-shim.js and test/e2e/ui/*.js). No browser download: playwright-core
// drives the system Chromium.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launch headless Chromium with a fresh profile (Playwright refuses a raw --user-data-dir arg,
 * launchPersistentContext(dir) passes it itself). Returns { context, page, close }.
 */
async function launchBrowser({ profileDir, viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = require('playwright-core');
  const own = !profileDir;
  const dir = profileDir || fs.mkdtempSync(path.join(os.tmpdir(), 'jl-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, viewport, args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] || await context.newPage();
  const close = async () => {
    try { await context.close(); } catch { /* already gone */ }
    if (own) fs.rmSync(dir, { recursive: true, force: true });
  };
  return { context, page, close };
}

/** Poll `fn` until it returns a truthy value; throw `what` after `ms`. */
async function waitFor(fn, { ms = 30000, every = 100, what = 'condition' } = {}) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, every));
  }
}

module.exports = { launchBrowser, waitFor, CHROMIUM, CHROMIUM_ARGS };
