// The browser test's stand-in for VS Code's webview host: a tiny HTTP server on 127.0.0.1 serving
// dist/ and a page built with the extension's own `editorHtml()` (the real CSP), plus a stub
// `acquireVsCodeApi` (nonce script) that records posted messages and keeps setState in
// sessionStorage, and VS Code-like theme variables set through CSSOM.
import { createServer } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { randomBytes } from 'node:crypto';

const TYPES = { '.js': 'text/javascript', '.map': 'application/json', '.woff2': 'font/woff2', '.html': 'text/html', '.css': 'text/css' };

/** A few of VS Code's theme variables (Light Modern / Dark Modern values). */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-foreground': '#3b3b3b',
      '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace',
      '--vscode-sideBar-background': '#f8f8f8', '--vscode-panel-border': '#e5e5e5', '--vscode-widget-border': '#e5e5e5',
      '--vscode-editorWidget-background': '#f8f8f8', '--vscode-descriptionForeground': '#717171', '--vscode-focusBorder': '#005fb8',
      '--vscode-textLink-foreground': '#005fb8', '--vscode-errorForeground': '#f85149', '--vscode-editorError-foreground': '#e51400',
      '--vscode-editorWarning-foreground': '#bf8803', '--vscode-editorInfo-foreground': '#1a85ff', '--vscode-input-background': '#ffffff',
      '--vscode-input-border': '#cecece', '--vscode-badge-background': '#cccccc', '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-border': '#c8c8c8', '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-errorBorder': '#be1100', '--vscode-charts-purple': '#652d90',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc', '--vscode-foreground': '#cccccc',
      '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', '--vscode-editor-font-family': 'monospace',
      '--vscode-sideBar-background': '#181818', '--vscode-panel-border': '#2b2b2b', '--vscode-widget-border': '#313131',
      '--vscode-editorWidget-background': '#202020', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-focusBorder': '#0078d4',
      '--vscode-textLink-foreground': '#4daafc', '--vscode-errorForeground': '#f85149', '--vscode-editorError-foreground': '#f14c4c',
      '--vscode-editorWarning-foreground': '#cca700', '--vscode-editorInfo-foreground': '#3794ff', '--vscode-input-background': '#313131',
      '--vscode-input-border': '#3c3c3c', '--vscode-badge-background': '#616161', '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-border': '#454545', '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-errorBorder': '#be1100', '--vscode-charts-purple': '#b180d7',
    },
  },
};

function stubScript(theme) {
  return `
(function () {
  window.__posted = [];
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', function (e) {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, source: e.sourceFile + ':' + e.lineNumber });
  });
  // Which markup with inline style attributes the page parses (those attributes are what the CSP blocks).
  window.__inlineStyleMarkup = [];
  var inner = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  Object.defineProperty(Element.prototype, 'innerHTML', {
    configurable: true, get: inner.get,
    set: function (v) { if (/ style *=/.test(String(v))) window.__inlineStyleMarkup.push(String(v).slice(0, 160)); inner.set.call(this, v); },
  });
  var themes = ${JSON.stringify(THEMES)};
  window.__setTheme = function (name) {
    var t = themes[name];
    for (var k in t.vars) document.documentElement.style.setProperty(k, t.vars[k]);
    var apply = function () { document.body.classList.remove('vscode-light', 'vscode-dark'); document.body.classList.add(t.bodyClass); };
    if (document.body) apply(); else document.addEventListener('DOMContentLoaded', apply);
  };
  window.__setTheme(${JSON.stringify(theme)});
  var acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: function () { var s = sessionStorage.getItem('vscodeState'); return s ? JSON.parse(s) : undefined; },
      setState: function (s) { sessionStorage.setItem('vscodeState', JSON.stringify(s)); },
    };
  };
})();`;
}

/** Starts the server; `editorHtml` is src/editor/html.ts's function. */
export async function startServer({ root, editorHtml }) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    const origin = `http://127.0.0.1:${server.address().port}`;
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const nonce = randomBytes(18).toString('base64');
      const theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
      let html = editorHtml({ cspSource: origin, nonce, scriptUri: `${origin}/dist/webview-editor.js`, distUri: `${origin}/dist/` });
      // The stub goes first, with the same nonce (VS Code injects acquireVsCodeApi before any page script).
      html = html.replace('<div id="app"', `<script nonce="${nonce}">${stubScript(theme)}</script>\n<div id="app"`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (url.pathname.startsWith('/dist/')) {
      const file = normalize(join(root, url.pathname));
      if (file.startsWith(join(root, 'dist')) && existsSync(file)) {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' });
        res.end(readFileSync(file));
        return;
      }
    }
    res.writeHead(404); res.end('not found');
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, close: () => new Promise(r => server.close(r)) };
}
