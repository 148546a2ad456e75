// Playwright UI checks of the visual BPMN editor inside the real workbench (code-server + Debian
// Chromium), called by workbench.ui.js after its own checks, on the same workbench page.
//   1. open a diagram in the BPMN editor (the default editor for *.bpmn) through Quick Open; the
//      diagram SVG, the finding marker and the job badges show inside the webview frames
//      → test-results/e2e/editor-light.png
//   2. "Preferences: Color Theme" → "Dark Modern" from the command palette: the webview follows
//      (body.vscode-dark, canvas redrawn with the theme's colours) → editor-dark.png
//   3. the real properties panel: check "Before" under Asynchronous continuations of Task_ship, then
//      "Open as Text" (the webview's toolbar) shows the edited text; revert.
// The diagram is test/browser/fixtures/jobs.bpmn (it has BPMN DI; the workspace's jobs.bpmn has
// none, and bpmn-js shows no diagram without DI), copied into the workspace as jobs-diagram.bpmn
// for the run and removed afterwards. Every wait is on a fact in the DOM, never a fixed sleep.
'use strict';
const fs = require('fs');
const path = require('path');

const SHOTS = process.env.JOBLAB_E2E_SHOTS || path.resolve(__dirname, '../../../test-results/e2e');
const FIXTURE = path.resolve(__dirname, '../../browser/fixtures/jobs.bpmn');
const FILE = 'jobs-diagram.bpmn';
const T = 60000;

/** The editor webview's document: VS Code's outer webview iframe, then its #active-frame. */
const webview = page => page.frameLocator('iframe.webview.ready').first().frameLocator('#active-frame');

/**
 * Runs a workbench command through the command palette, choosing the entry labelled `label`. The
 * palette is opened from the title bar's command center (a click in the workbench DOM): keys typed
 * while the webview has focus do not all reach the workbench.
 */
async function palette(page, label) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const center = page.locator('.command-center .command-center-center').first();
  if (await center.isVisible()) await center.click();
  else await page.keyboard.press('F1');
  await input.waitFor({ timeout: T });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: T });
  await row.click();
}

/** Picks a colour theme through "Preferences: Color Theme"; waits until the workbench uses it. */
async function colorTheme(page, name, kind) {
  await palette(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(name);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
  await row.waitFor({ timeout: T });
  await row.click();
  await page.locator(`.monaco-workbench.${kind}`).waitFor({ timeout: T });
}

async function runEditorChecks({ page, check, expect, log, workspace, results }) {
  const file = workspace && path.join(workspace, FILE);
  if (!file) { results.push({ title: 'editor UI checks', ok: false, error: 'no workspace folder' }); return; }
  fs.copyFileSync(FIXTURE, file);
  const frame = webview(page);
  try {
    await check(results, 'BPMN editor shows the diagram with markers and badges in the workbench (light)', page, async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+p');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: T });
      await input.fill(FILE);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: T });
      await page.keyboard.press('Enter');
      await palette(page, 'View: Hide Panel');  // the Problems panel of the check before: more room for the diagram
      // The default editor for *.bpmn is the diagram: its SVG shapes render inside the webview frames.
      await frame.locator('#canvas svg [data-element-id="Task_charge"] .djs-visual rect').first().waitFor({ timeout: T });
      await frame.locator('.jl-marker[data-jl-for="Task_ship"]').waitFor({ timeout: T });
      await frame.locator('.jl-badge[data-jl-for="Task_charge"]').waitFor({ timeout: T });
      expect(await frame.locator('body.vscode-light').count() === 1, 'the webview body lacks vscode-light');
      const fill = await frame.locator('[data-element-id="Task_charge"] .djs-visual rect').first().evaluate(r => getComputedStyle(r).fill);
      log('light task fill:', fill);
      await page.screenshot({ path: path.join(SHOTS, 'editor-light.png') });
    });

    await check(results, 'BPMN editor follows the workbench to Dark Modern (dark screenshot)', page, async () => {
      const lightFill = await frame.locator('[data-element-id="Task_charge"] .djs-visual rect').first().evaluate(r => getComputedStyle(r).fill);
      await colorTheme(page, 'Dark Modern', 'vs-dark');
      await frame.locator('body.vscode-dark').waitFor({ timeout: T });
      // bpmn-js reads its colours at construction: the webview rebuilds the modeler and redraws.
      const task = frame.locator('[data-element-id="Task_charge"] .djs-visual rect').first();
      const end = Date.now() + T;
      let fill;
      while ((fill = await task.evaluate(r => getComputedStyle(r).fill).catch(() => lightFill)) === lightFill) {
        if (Date.now() > end) throw new Error(`the task fill stayed ${lightFill} after switching to dark`);
        await frame.locator('body').evaluate(() => new Promise(r => requestAnimationFrame(() => r())));
      }
      const bg = await frame.locator('body').evaluate(b => getComputedStyle(b).backgroundColor);
      const label = await frame.locator('[data-element-id="Task_charge"] .djs-visual text').first().evaluate(t => getComputedStyle(t).fill);
      log('dark task fill:', fill, 'body background:', bg, 'label fill:', label);
      const lum = c => { const m = /(\d+),\s*(\d+),\s*(\d+)/.exec(c); return m ? (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255 : NaN; };
      expect(lum(fill) < 0.35, `task fill ${fill} is not dark`);
      expect(lum(label) > 0.6, `label colour ${label} is not light (unreadable on dark)`);
      await frame.locator('.jl-marker[data-jl-for="Task_ship"]').waitFor({ timeout: T });
      await frame.locator('.jl-badge[data-jl-for="Task_charge"]').waitFor({ timeout: T });
      await page.screenshot({ path: path.join(SHOTS, 'editor-dark.png') });
    });

    await check(results, 'the properties panel makes Task_ship async; the text shows it', page, async () => {
      // Select the task on the canvas (a real click), open "Asynchronous continuations", check "Before".
      await frame.locator('[data-element-id="Task_ship"] .djs-hit').first().click();
      const group = frame.locator('[data-group-id="group-CamundaPlatform__AsynchronousContinuations"] .bio-properties-panel-group-header');
      await group.waitFor({ timeout: T });
      const box = frame.locator('#bio-properties-panel-asynchronousContinuationBefore');
      if (!(await box.isVisible())) await group.click();
      await box.waitFor({ state: 'visible', timeout: T });
      expect(!(await box.isChecked()), 'Task_ship is already async before');
      await box.check();
      // The edit reaches the TextDocument: the tab turns dirty.
      await page.locator('.tabs-container .tab.dirty', { hasText: FILE }).first().waitFor({ timeout: T });
      await page.screenshot({ path: path.join(SHOTS, 'editor-dark-async.png') });
      await frame.locator('#toolbar .jl-button', { hasText: 'Open as Text' }).click();
      const line = page.locator('.monaco-editor .view-line', { hasText: /id="Task_ship"/ }).first();
      await line.waitFor({ timeout: T });
      const text = await line.textContent();
      log('Task_ship line:', JSON.stringify(text));
      expect(/camunda:asyncBefore="true"/.test(text.replace(/\u00a0/g, ' ')), `the text of Task_ship lacks asyncBefore="true": ${text}`);
      await palette(page, 'File: Revert File');
      await page.locator('.tabs-container .tab.dirty', { hasText: FILE }).first().waitFor({ state: 'detached', timeout: T });
    });
  } finally {
    // Leave the workbench as it was: light theme, no fixture copy.
    await page.keyboard.press('Escape').catch(() => {});
    await colorTheme(page, 'Light Modern', 'vs').catch(e => log('could not switch back to Light Modern:', e.message));
    fs.rmSync(file, { force: true });
  }
}

module.exports = { runEditorChecks };
