/**
 * The simulator webview's HTML with a strict Content Security Policy. PURE (no vscode): the panel
 * passes the webview's `cspSource`, a nonce from a crypto RNG and the script URI from `asWebviewUri`.
 * `default-src 'none'`; scripts only with the nonce (no `unsafe-eval`, no inline handlers); styles
 * from the dist folder or nonce'd `<style>` elements the bundle adds; fonts from the dist folder.
 */
import { escapeHtmlAttr, webviewCsp } from '../webviewPage';

export interface SimulatorHtmlOptions { cspSource: string; nonce: string; scriptUri: string; distUri: string }

/** The shared webview CSP (src/webviewPage.ts). */
export const simulatorCsp = webviewCsp;

export function simulatorHtml(o: SimulatorHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtmlAttr(simulatorCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Job Lab: Simulator</title>
</head>
<body>
<div id="app" data-dist-uri="${escapeHtmlAttr(o.distUri)}" data-nonce="${escapeHtmlAttr(o.nonce)}"></div>
<script nonce="${escapeHtmlAttr(o.nonce)}" src="${escapeHtmlAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
