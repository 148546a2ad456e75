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
