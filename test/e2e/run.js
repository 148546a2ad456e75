// Runs the e2e suite (test/e2e/suite) in a real VS Code with the standard @vscode/test-electron
// launcher. Online, test-electron downloads desktop VS Code as usual. Offline (scripts/test-e2e.sh)
// VSCODE_TEST_EXECUTABLE is scripts/vscode-server-shim.js, which runs the same suite in
// code-server's real extension host and afterwards the Playwright UI checks (test/e2e/ui).
//
// The last line printed is `e2e: N passed, N failed` (mocha counts from the extension host,
// written to a file named through extensionTestsEnv, plus the UI checks when the shim ran them).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '../..');
const WORKSPACE = path.join(__dirname, 'workspace');
const PRISTINE = path.join(__dirname, 'pristine');
const SHOTS = path.join(ROOT, 'test-results', 'e2e');

/** Put the fixture workspace back to its pristine copy (a crashed earlier run may have left edits). */
function restoreWorkspace() {
  for (const f of fs.readdirSync(PRISTINE)) fs.copyFileSync(path.join(PRISTINE, f), path.join(WORKSPACE, f));
  fs.rmSync(path.join(WORKSPACE, '.vscode'), { recursive: true, force: true });
}

(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const f of fs.readdirSync(SHOTS)) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS, f));
  restoreWorkspace();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jl-e2e-'));
  const resultsFile = path.join(tmp, 'mocha.json');
  const uiResultsFile = path.join(tmp, 'ui.json');
  const executable = process.env.VSCODE_TEST_EXECUTABLE || undefined;
  // JOBLAB_E2E_ONLY (a local filter of suite files, see suite/index.js) also leaves out the UI checks.
  const viaShim = !!executable && /vscode-server-shim/.test(executable) && !process.env.JOBLAB_E2E_ONLY;
  if (viaShim) {
    process.env.VSCODE_SHIM_UI = path.join(__dirname, 'ui', 'workbench.ui.js');
    process.env.VSCODE_SHIM_UI_RESULTS = uiResultsFile;
    process.env.VSCODE_SHIM_SCREENSHOT = path.join(SHOTS, 'workbench-after-tests.png');
  }
  let exitError;
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [WORKSPACE, '--disable-extensions'],
      extensionTestsEnv: {
        JOBLAB_E2E_RESULTS: resultsFile,
        JOBLAB_E2E_PRISTINE: PRISTINE,
        JOBLAB_E2E_SHOTS: SHOTS,
      },
    });
  } catch (err) {
    exitError = err;
  }
  restoreWorkspace();

  let passed = 0, failed = 0;
  const notes = [];
  if (fs.existsSync(resultsFile)) {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    passed += r.passed; failed += r.failed;
  } else {
    failed += 1; notes.push('the extension host wrote no mocha results');
  }
  if (viaShim) {
    if (fs.existsSync(uiResultsFile)) {
      const ui = JSON.parse(fs.readFileSync(uiResultsFile, 'utf8'));
      passed += ui.filter(r => r.ok).length; failed += ui.filter(r => !r.ok).length;
    } else {
      failed += 1; notes.push('the UI checks wrote no results');
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  if (exitError) {
    notes.push(`VS Code exited with failure: ${exitError && exitError.message || exitError}`);
    if (failed === 0) failed = 1;  // never report success for a failed run
  }
  for (const n of notes) console.error(`e2e: ${n}`);
  if (passed + failed === 0) { failed = 1; console.error('e2e: no test ran'); }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
})();
