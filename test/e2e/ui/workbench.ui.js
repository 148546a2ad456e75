// Playwright UI checks of the real workbench (code-server + Debian Chromium), run by
// scripts/vscode-server-shim.js right after the extension-host suite, against the same server,
// in a second workbench window with the extension under development loaded.
//   1. open test/e2e/workspace/jobs.bpmn as text; the Problems panel lists our diagnostics
//   2. hovering `camunda:jobPriority` of ChargeCard shows the precedence hover
//   3. the visual BPMN editor: light and Dark Modern screenshots, the properties panel (editor.ui.js)
// Screenshots: test-results/e2e/ui-problems.png, ui-hover.png, editor-light.png, editor-dark.png,
// editor-dark-async.png (ui-failure-*.png on failure).
// Every wait is on a fact in the DOM (waitFor on a locator), never a fixed sleep.
'use strict';
const path = require('path');
const { runEditorChecks } = require('./editor.ui');

const SHOTS = process.env.JOBLAB_E2E_SHOTS || path.resolve(__dirname, '../../../test-results/e2e');
const T = 60000;

async function check(results, title, page, fn) {
  try {
    await fn();
    results.push({ title, ok: true });
  } catch (e) {
    results.push({ title, ok: false, error: String(e && e.message || e).split('\n').slice(0, 6).join('\n') });
    const name = title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: path.join(SHOTS, `ui-failure-${name}.png`) }).catch(() => {});
  }
}

function expect(cond, message) { if (!cond) throw new Error(message); }

async function run({ openWorkbench, workspace, log }) {
  const results = [];
  const page = await openWorkbench();
  try {
    await check(results, 'workbench opens the fixture workspace', page, async () => {
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'jobs.bpmn' }).first().waitFor({ timeout: T });
    });

    await check(results, 'Problems panel lists the Job Lab diagnostics of jobs.bpmn', page, async () => {
      // Open the file as text: the explorer's "Open With..." → "Text Editor" (the diagram editor is
      // the default for *.bpmn), then focus the Problems panel.
      // The context menu sometimes swallows the first click while it is still laying out; try again
      // (on the fact that the quick pick appeared, not on time).
      const textEditorChoice = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Text Editor' }).first();
      for (let attempt = 1; ; attempt++) {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'jobs.bpmn' }).first().click({ button: 'right' });
        const openWith = page.locator('.context-view .action-item', { hasText: 'Open With...' }).first();
        await openWith.waitFor({ timeout: T });
        await openWith.hover();
        await openWith.click();
        const shown = await textEditorChoice.waitFor({ timeout: 5000 }).then(() => true, () => false);
        if (shown) break;
        if (attempt >= 4) throw new Error('the Open With... quick pick did not appear after 4 attempts');
        await page.keyboard.press('Escape');
      }
      await textEditorChoice.click();
      await page.locator('.monaco-editor .view-lines', { hasText: 'bpmn:definitions' }).first().waitFor({ timeout: T });
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.locator('.monaco-list-row', { hasText: 'legacy-async' }).first().waitFor({ timeout: T });
      await panel.locator('.monaco-list-row', { hasText: 'retry-cycle-invalid' }).first().waitFor({ timeout: T });
      const text = await panel.innerText();
      log('problems:', JSON.stringify(text.slice(0, 400)));
      for (const code of ['job-priority-invalid', 'job-priority-no-job', 'legacy-async', 'retry-cycle-invalid', 'retry-cycle-ignored', 'async-value-not-boolean']) {
        expect(text.includes(code), `Problems panel lacks ${code}`);
      }
      expect(text.includes('Job Lab'), 'Problems panel lacks the source "Job Lab"');
      await page.screenshot({ path: path.join(SHOTS, 'ui-problems.png') });
    });

    await check(results, 'hover on camunda:jobPriority explains precedence', page, async () => {
      await page.keyboard.press('Escape');
      // Go to the ChargeCard line with the editor's own "go to line" so the token is rendered.
      const editorText = page.locator('.monaco-editor .view-lines').first();
      await editorText.click();
      await page.keyboard.press('Control+g');
      await page.keyboard.type('8');
      await page.keyboard.press('Enter');
      const line = page.locator('.monaco-editor .view-line', { hasText: 'ChargeCard' }).filter({ hasText: 'jobPriority' }).first();
      await line.waitFor({ timeout: T });
      const token = line.locator('span > span', { hasText: /jobPriority/ }).first();
      await token.waitFor({ timeout: T });
      await token.hover();
      const hover = page.locator('.monaco-hover:visible', { hasText: /job.definition/i }).first();
      await hover.waitFor({ timeout: T });
      const text = await hover.innerText();
      log('hover:', JSON.stringify(text.slice(0, 400)));
      expect(/process/i.test(text) && /default\b[\s|*`]*0\b/i.test(text), 'hover lacks the precedence levels (process, default 0)');
      expect(text.includes('jobExecutorAcquireByPriority'), 'hover lacks jobExecutorAcquireByPriority');
      await page.screenshot({ path: path.join(SHOTS, 'ui-hover.png') });
    });

    await runEditorChecks({ page, check, expect, log, workspace, results });
  } finally {
    await page.close().catch(() => {});
  }
  return results;
}

module.exports = { run };
