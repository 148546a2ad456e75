/**
 * The editor webview's HTML with a strict Content Security Policy. PURE (no vscode): the provider
 * passes the webview's `cspSource` and the URIs it computed with `asWebviewUri`.
 *
 * - `default-src 'none'`; scripts only with the per-load nonce (no `unsafe-eval`, no inline handlers);
 * - styles: the bundle injects its CSS as `<style nonce>` elements; element.style assignments
 *   (CSSOM, used by bpmn-js and preact) are not governed by `style-src`;
 * - fonts and images only from the extension's dist folder (plus `data:` images for bpmn-js icons).
 */
import { webviewCsp, webviewHtml } from '../webviewPage';

export interface EditorHtmlOptions {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  /** Base URI of the dist folder, ending in `/`: the bundle resolves its font file against it. */
  distUri: string;
}

/** The shared webview CSP (src/webviewPage.ts). */
export const contentSecurityPolicy = webviewCsp;

export function editorHtml(o: EditorHtmlOptions): string {
  return webviewHtml({ title: 'BPMN Editor', cspSource: o.cspSource, nonce: o.nonce, scriptUri: o.scriptUri, appData: { 'dist-uri': o.distUri } });
}
