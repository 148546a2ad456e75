// The webviews' Content Security Policy, checked on the HTML the extension really generates: both
// webviews (BPMN editor, simulator) are rendered as the providers render them, with a fake webview
// (cspSource 'vscode-resource:', asWebviewUri = identity on the dist folder), and the CSP meta is
// parsed directive by directive. Also: the exported run report (a file, no scripts at all), and the
// providers' webview options (scripts on, local resources only from dist/), read from their source
// because the providers need the `vscode` module, which plain Node does not have.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { editorHtml } from '../../../src/editor/html';
import { simulatorHtml } from '../../../src/simulation/html';
import { reportHtml } from '../../../src/simulation/report';

const root = resolve(__dirname, '../../..');

/** A fake webview, as VS Code's would answer: cspSource and an identity asWebviewUri. */
const fakeWebview = {
  cspSource: 'vscode-resource:',
  asWebviewUri: (u: string) => u,
};
const DIST = 'vscode-resource:/ext/dist/';
/** What the providers compute (a random base64 nonce of 18 bytes). */
const NONCE = 'q1w2E3r4T5y6U7i8O9p0AsDf';

function render(kind: 'editor' | 'simulator'): string {
  const o = {
    cspSource: fakeWebview.cspSource,
    nonce: NONCE,
    scriptUri: fakeWebview.asWebviewUri(`${DIST}webview-${kind}.js`),
    distUri: fakeWebview.asWebviewUri(DIST),
  };
  return kind === 'editor' ? editorHtml(o) : simulatorHtml(o);
}

/** The attribute names of every start tag (values are double-quoted; an escaped value has no `"`). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>"']+(?:="[^"]*")?)*)\s*\/?>/g)) {
    for (const a of tag[2].matchAll(/\s+([^\s=>"']+)(?:="[^"]*")?/g)) names.push(a[1].toLowerCase());
  }
  return names;
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The CSP of the (single) CSP meta element, as directive -> source list. */
function parseCsp(html: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
  assert.equal(metas.length, 1, 'exactly one CSP meta element');
  // The meta must come before any element that loads something (a CSP only governs what follows it).
  const metaAt = metas[0].index!;
  for (const tag of ['<script', '<link', '<style', '<img', '<iframe']) {
    const at = html.toLowerCase().indexOf(tag);
    assert.ok(at < 0 || at > metaAt, `${tag} before the CSP meta`);
  }
  const csp = new Map<string, string[]>();
  for (const part of unescape(metas[0][1]).split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    assert.ok(!csp.has(name.toLowerCase()), `directive ${name} given twice`);
    csp.set(name.toLowerCase(), sources);
  }
  return csp;
}

for (const kind of ['editor', 'simulator'] as const) {
  test(`${kind} webview: default-src 'none', scripts only by nonce, nothing unsafe`, () => {
    const html = render(kind);
    const csp = parseCsp(html);
    assert.deepEqual(csp.get('default-src'), [`'none'`]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${NONCE}'`], 'script-src is exactly the nonce');
    for (const [name, sources] of csp) {
      for (const s of sources) {
        assert.ok(!/^'unsafe-(eval|inline|hashes)'$|^'wasm-unsafe-eval'$/.test(s), `${name} allows ${s}`);
        assert.ok(!/^(\*|https?:|data:|blob:|http:\/\/|https:\/\/)/.test(s) || (s === 'data:' && name === 'img-src'),
          `${name} allows the remote/wide source ${s}`);
        assert.ok(['vscode-resource:', 'data:', `'none'`, `'self'`].includes(s) || /^'nonce-[A-Za-z0-9+/=]+'$/.test(s), `${name}: unexpected source ${s}`);
      }
    }
    // No directive that could load scripts or frames from elsewhere, and no fallback that widens default-src.
    for (const d of ['script-src-elem', 'script-src-attr', 'connect-src', 'frame-src', 'child-src', 'worker-src', 'object-src']) {
      assert.ok(!csp.has(d), `unexpected directive ${d}`);
    }
    // Fonts and styles from the webview's own resources (plus nonce'd <style> elements) only.
    assert.deepEqual(csp.get('font-src'), ['vscode-resource:']);
    assert.deepEqual(csp.get('style-src'), ['vscode-resource:', `'nonce-${NONCE}'`]);
  });

  test(`${kind} webview: one nonce'd script from dist/, no inline code or handlers`, () => {
    const html = render(kind);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.equal(scripts.length, 1, 'one script element');
    const [, attrs, body] = scripts[0];
    assert.equal(body.trim(), '', 'no inline script');
    assert.match(attrs, new RegExp(`\\snonce="${NONCE}"`));
    assert.match(attrs, new RegExp(`\\ssrc="${DIST.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}webview-${kind}\\.js"`));
    const attrs2 = attributeNames(html);
    assert.ok(attrs2.length > 5, `attributes parsed: ${attrs2}`);
    assert.deepEqual(attrs2.filter(a => /^on/.test(a)), [], 'no on*= event handler attributes');
    assert.ok(!attrs2.includes('style'), 'no inline style attributes');
    assert.doesNotMatch(html, /javascript:/i, 'no javascript: URLs');
    assert.doesNotMatch(html, /<(iframe|object|embed|base|link)\b/i, 'no frames, plugins, <base> or <link>');
    assert.doesNotMatch(html, /https?:\/\//i, 'no http(s) URL anywhere');
  });

  test(`${kind} webview: the nonce is escaped, not injectable`, () => {
    const o = { cspSource: 'vscode-resource:', nonce: `x" onload="alert(1)`, scriptUri: `${DIST}a.js"><script>alert(1)</script>`, distUri: DIST };
    const html = kind === 'editor' ? editorHtml(o) : simulatorHtml(o);
    assert.deepEqual(attributeNames(html).filter(a => /^on/.test(a)), [], 'the nonce did not become an attribute');
    assert.equal((html.match(/<script/gi) ?? []).length, 1, 'the script URI did not open a second script');
  });
}

test('both providers: scripts enabled, local resources only from the dist folder, a fresh crypto nonce', () => {
  for (const file of ['src/editor/bpmnEditorProvider.ts', 'src/simulation/panel.ts']) {
    const src = readFileSync(resolve(root, file), 'utf8');
    const options = [...src.matchAll(/\{\s*enableScripts:\s*true,\s*localResourceRoots:\s*\[([^\]]*)\]\s*\}/g)];
    assert.ok(options.length >= 1, `${file}: webview options with enableScripts and localResourceRoots`);
    for (const o of options) assert.equal(o[1].trim(), 'dist', `${file}: localResourceRoots is [dist]`);
    const distDefs = [...src.matchAll(/const dist = (.*);/g)].map(m => m[1].trim());
    assert.ok(distDefs.length >= 1, `${file}: defines dist`);
    for (const d of distDefs) assert.match(d, /^vscode\.Uri\.joinPath\((this\.extensionUri|context\.extensionUri), 'dist'\)$/, `${file}: dist is <extension>/dist`);
    // Every webview option set in the file is one of the checked ones (no second, wider root).
    const roots = (src.match(/localResourceRoots/g) ?? []).length;
    assert.equal(roots, options.length, `${file}: every localResourceRoots is [dist]`);
    assert.doesNotMatch(src, /enableCommandUris\s*:\s*true/, `${file}: command URIs stay off`);
    // The nonce: a fresh one per page load, from the shared helper (checked below) or crypto directly.
    const nonces = [...src.matchAll(/nonce(?::|\s*=)\s*([^,;\n]+)/g)].map(m => m[1].trim()).filter(v => v !== 'nonce');
    assert.ok(nonces.length >= 1, `${file}: sets a nonce`);
    for (const n of nonces) assert.match(n, /^(newNonce\(\)|randomBytes\(1[6-9]|[2-9]\d\)\.toString\('base64'\))$/, `${file}: the nonce ${n} is not a fresh crypto nonce`);
    assert.doesNotMatch(src, /Math\.random/, `${file}: no Math.random`);
  }
});

test('the shared nonce: 144 crypto-random bits, base64, different on every call', async () => {
  const { newNonce, webviewCsp } = await import('../../../src/webviewPage');
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const n = newNonce();
    assert.match(n, /^[A-Za-z0-9+/]{24}$/);
    seen.add(n);
  }
  assert.equal(seen.size, 1000);
  assert.match(readFileSync(resolve(root, 'src/webviewPage.ts'), 'utf8'), /return randomBytes\(18\)\.toString\('base64'\)/);
  assert.ok(!/unsafe/.test(webviewCsp('vscode-resource:', 'n')));
});

test('the exported run report runs no script at all', () => {
  const html = reportHtml({
    title: 'r <script>alert(1)</script>',
    scenario: { seed: 1, nodes: [{ id: 'n1' }], engine: { jobExecutorAcquireByPriority: false, jobExecutorPreferTimerJobs: false, jobExecutorAcquireByDueDate: false } } as never,
    summary: { virtualTimeMs: 0, makespanMs: 0, jobsCreated: 0, jobsCompleted: 0, executions: 0, acquisitions: 0, lockClashes: 0, executionOptimisticLockingFailures: 0, duplicateExecutions: 0, incidents: 0, rejectedBatches: 0, throughputPerSecond: 0, perNode: {} } as never,
    trace: [],
    traceHash: 'h',
  });
  const csp = parseCsp(html);
  assert.deepEqual(csp.get('default-src'), [`'none'`]);
  assert.ok(!csp.has('script-src'), 'no script-src: default-src none blocks every script');
  for (const [, sources] of csp) assert.ok(!sources.includes(`'unsafe-eval'`));
  assert.doesNotMatch(html, /<script/i, 'the title is escaped, no script element');
  assert.deepEqual(attributeNames(html).filter(a => /^on/.test(a)), []);
});
