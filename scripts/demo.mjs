#!/usr/bin/env node
// `npm run demo` (after the build): lint the bundled example, then simulate a 3-node cluster
// running it and print a readable trace and summary. A non-zero lint exit does not stop the demo.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  console.error('demo: dist/cli.js is missing — run `npm run build` first (npm run demo builds it).');
  process.exit(2);
}
const rule = (title) => console.log(`\n${'='.repeat(78)}\n${title}\n${'='.repeat(78)}`);
const run = (args) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

rule('1. Lint examples/order-process.bpmn (the job attributes as the engine reads them)');
const lint = run(['lint', 'examples/order-process.bpmn']);
process.stdout.write(lint.stdout || '');
process.stdout.write(lint.stderr || '');
console.log(`(lint exit code ${lint.status}${lint.status === 1 ? ': findings of severity error' : ''}; the demo goes on)`);

rule('2. Simulate examples/order-cluster.json: 3 job executors, one job table, 4 orders');
const sim = run(['simulate', 'examples/order-cluster.json', '--format', 'text']);
const lines = (sim.stdout || '').split('\n');
// Keep the output to a few screens: idle acquisitions (nothing locked, no clash) are dropped.
const quiet = lines.filter(l => !/ acquired \[\] wait \d+ms$/.test(l));
process.stdout.write(quiet.join('\n'));
if (sim.stderr) process.stderr.write(sim.stderr);
console.log(`\n(${lines.length - quiet.length} idle acquisition lines omitted; full trace: node dist/cli.js simulate examples/order-cluster.json --format text)`);
process.exit(sim.status === 0 ? 0 : sim.status ?? 1);
