// One build script, one bundle per runtime (style.md habit 5). Type-checking is separate: `npm run typecheck`.
//   dist/extension.js  VS Code extension host (cjs, `vscode` external)
//   dist/cli.js        the `bpmn-job-lab` command line (cjs, node shebang)
//   dist/sql-wasm.wasm sql.js engine, loaded with locateFile by simulator/db/jobTable.ts
// Flags: --production (minify, no sourcemaps), --watch
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(require.resolve('sql.js')), 'sql-wasm.wasm'), 'dist/sql-wasm.wasm');

// uPlot's browser build and CSS as constants for the study's self-contained HTML report (src/simulation/studyReport.ts).
const uplotDir = join(dirname(require.resolve('uplot/package.json')), 'dist');
const uplotDefine = {
  __JOBLAB_UPLOT_JS__: JSON.stringify(readFileSync(join(uplotDir, 'uPlot.iife.min.js'), 'utf8')),
  __JOBLAB_UPLOT_CSS__: JSON.stringify(readFileSync(join(uplotDir, 'uPlot.min.css'), 'utf8')),
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // sql.js probes for these node built-ins; the bundle runs in node, keep them external.
  external: ['vscode'],
};

const targets = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node18', define: uplotDefine },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node18',
    banner: { js: '#!/usr/bin/env node' }, define: uplotDefine },
  // The scaling study's worker thread (simulator/study/pool.ts starts it from beside cli.js / extension.js).
  { ...common, entryPoints: ['simulator/study/worker.ts'], outfile: 'dist/study-worker.js', platform: 'node', format: 'cjs', target: 'node18' },
];
// Webview bundles (browser, iife) are added here as webview/<name>/main.ts appear.
if (existsSync('webview')) {
  for (const name of readdirSync('webview')) {
    const entry = join('webview', name, 'main.ts');
    if (existsSync(entry)) targets.push({ ...common, entryPoints: [entry], outfile: `dist/webview-${name}.js`, platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'text', '.ttf': 'file', '.woff2': 'file' } });
  }
}

if (watch) {
  for (const t of targets) (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map(t => esbuild.build(t)));
}
