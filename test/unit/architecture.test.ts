// The layering of style.md, as a test: the pure domain (src/bpmn) and the simulation core
// (simulator/) never import `vscode`, the webview or DOM code; simulator/ uses only src/bpmn from
// src/; webview/ imports only src/protocol and browser libraries; simulator/ owns time and
// randomness (no wall clock, no Math.random, no real timers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  (function walk(d: string) {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(p);
    }
  })(abs);
  return out;
}

/** Module specifiers of static imports, dynamic imports and requires. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

function resolvedDir(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(root, resolve(dirname(file), spec));
}

/** Comments and string literals removed, so that prose mentioning a forbidden name does not count. */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, '""');
}

test('src/bpmn and simulator never import vscode, webview or DOM code', () => {
  for (const f of [...sources('src/bpmn'), ...sources('simulator')]) {
    for (const spec of imports(f)) {
      assert.notEqual(spec, 'vscode', `${relative(root, f)} imports vscode`);
      const target = resolvedDir(f, spec);
      if (target) assert.ok(!target.startsWith('webview'), `${relative(root, f)} imports ${spec}`);
    }
    assert.doesNotMatch(code(f), /\b(document|window)\.\w/, `${relative(root, f)} uses the DOM`);
  }
});

test('simulator uses only src/bpmn from src/', () => {
  for (const f of sources('simulator')) {
    for (const spec of imports(f)) {
      const target = resolvedDir(f, spec);
      if (target?.startsWith('src')) assert.ok(target.startsWith(join('src', 'bpmn')), `${relative(root, f)} imports ${spec} (only src/bpmn is allowed)`);
    }
  }
});

test('src/bpmn does not import the simulator', () => {
  for (const f of sources('src/bpmn')) {
    for (const spec of imports(f)) {
      const target = resolvedDir(f, spec);
      if (target) assert.ok(!target.startsWith('simulator'), `${relative(root, f)} imports ${spec}`);
    }
  }
});

test('simulator owns time and randomness: no Date.now, new Date(), Math.random, real timers', () => {
  for (const f of sources('simulator')) {
    const c = code(f);
    for (const banned of [/\bDate\.now\s*\(/, /\bnew Date\s*\(\s*\)/, /\bMath\.random\s*\(/, /\bsetTimeout\s*\(/, /\bsetInterval\s*\(/, /\bsetImmediate\s*\(/, /\bperformance\.now\s*\(/]) {
      assert.doesNotMatch(c, banned, `${relative(root, f)} uses ${banned.source}`);
    }
  }
});

test('webview imports only src/protocol and packages', () => {
  for (const f of sources('webview')) {
    for (const spec of imports(f)) {
      const target = resolvedDir(f, spec);
      if (target && !target.startsWith('webview')) assert.ok(target.startsWith(join('src', 'protocol')), `${relative(root, f)} imports ${spec}`);
    }
  }
});

test('the check itself sees imports (guards against a silently empty scan)', () => {
  const all = [...sources('src/bpmn'), ...sources('simulator')];
  assert.ok(all.length > 0, 'no sources found');
  assert.ok(all.some(f => imports(f).length > 0), 'no imports found in any source: the scanner is broken');
});
