#!/usr/bin/env node
// Runs every plain-Node unit test (test/unit/**/*.test.ts) with node's test runner, TypeScript via tsx.
// Usage: node scripts/run-unit.mjs [substring-filter...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(relative(root, p));
  }
})(join(root, 'test/unit'));
const chosen = filters.length ? files.filter(f => filters.some(s => f.includes(s))) : files;
if (!chosen.length) { console.error('run-unit: no test files matched'); process.exit(2); }
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...chosen],
  { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
