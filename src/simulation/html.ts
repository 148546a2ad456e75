/**
 * The simulator webview's HTML with a strict Content Security Policy. PURE (no vscode): the panel
 * passes the webview's `cspSource`, a nonce from a crypto RNG and the script URI from `asWebviewUri`.
 * `default-src 'none'`; scripts only with the nonce (no `unsafe-eval`, no inline handlers); styles
 * from the dist folder or nonce'd `<style>` elements the bundle adds; fonts from the dist folder.
 */
import { webviewCsp, webviewHtml } from '../webviewPage';

export interface SimulatorHtmlOptions { cspSource: string; nonce: string; scriptUri: string; distUri: string }

/** The shared webview CSP (src/webviewPage.ts). */
export const simulatorCsp = webviewCsp;

export function simulatorHtml(o: SimulatorHtmlOptions): string {
  return webviewHtml({ title: 'Job Lab: Simulator', cspSource: o.cspSource, nonce: o.nonce, scriptUri: o.scriptUri, appData: { 'dist-uri': o.distUri, nonce: o.nonce } });
}
