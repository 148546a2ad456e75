/**
 * What every webview page of the extension shares: one Content-Security-Policy (style.md habit 4:
 * `default-src 'none'`, scripts only with a per-load nonce, styles and fonts only from the
 * extension's dist folder or nonce'd style elements, no `unsafe-eval`, no remote URLs), the nonce
 * itself from a crypto RNG, and attribute escaping for values put into the HTML.
 */
import { randomBytes } from 'node:crypto';

export function webviewCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

/** A fresh nonce for one page load (144 random bits). */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Escapes a value for use inside a double-quoted HTML attribute. */
export function escapeHtmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export interface WebviewHtmlOptions {
  title: string;
  cspSource: string;
  nonce: string;
  /** The bundle, from `asWebviewUri`; loaded with the nonce. */
  scriptUri: string;
  /** `data-*` attributes of the `#app` element the bundle mounts into (values are escaped). */
  appData: Record<string, string>;
}

/** The one page shape of both webviews: the CSP meta, `#app` with its data attributes, the nonce'd bundle. */
export function webviewHtml(o: WebviewHtmlOptions): string {
  const data = Object.entries(o.appData).map(([k, v]) => ` data-${k}="${escapeHtmlAttr(v)}"`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtmlAttr(webviewCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtmlAttr(o.title)}</title>
</head>
<body>
<div id="app"${data}></div>
<script nonce="${escapeHtmlAttr(o.nonce)}" src="${escapeHtmlAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
