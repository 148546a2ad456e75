/**
 * The simulator webview's HTML with a strict Content Security Policy. PURE (no vscode): the panel
 * passes the webview's `cspSource`, a nonce from a crypto RNG and the script URI from `asWebviewUri`.
 * `default-src 'none'`; scripts only with the nonce (no `unsafe-eval`, no inline handlers); styles
 * from the dist folder or nonce'd `<style>` elements the bundle adds; fonts from the dist folder.
 */
export interface SimulatorHtmlOptions { cspSource: string; nonce: string; scriptUri: string; distUri: string }

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function simulatorCsp(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function simulatorHtml(o: SimulatorHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(simulatorCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Job Lab: Simulator</title>
</head>
<body>
<div id="app" data-dist-uri="${escapeAttr(o.distUri)}" data-nonce="${escapeAttr(o.nonce)}"></div>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
