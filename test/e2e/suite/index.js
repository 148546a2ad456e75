// Entry point the extension host calls (@vscode/test-electron convention): runs every
// test/e2e/suite/*.test.js with mocha (tdd ui) and writes the counts to $JOBLAB_E2E_RESULTS,
// which test/e2e/run.js prints as the run's last line.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

function run() {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000, reporter: 'spec' });
  // JOBLAB_E2E_ONLY=70-editor-model (comma-separated substrings) runs only the matching files, for local work.
  const only = (process.env.JOBLAB_E2E_ONLY || '').split(',').map(s => s.trim()).filter(Boolean);
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js') && (!only.length || only.some(o => f.includes(o)))) mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(failures => {
        const passed = runner.stats ? runner.stats.passes : mocha.suite.total() - failures;
        if (process.env.JOBLAB_E2E_RESULTS) {
          fs.writeFileSync(process.env.JOBLAB_E2E_RESULTS, JSON.stringify({ passed, failed: failures }));
        }
        console.log(`extension host: ${passed} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} tests failed.`));
        else if (passed === 0) reject(new Error('no test ran'));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}

module.exports = { run };
