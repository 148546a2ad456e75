/**
 * Theme colours for the canvas, read from VS Code's CSS variables. bpmn-js takes its default
 * colours at construction (`bpmnRenderer.defaultFillColor` …), so a theme change rebuilds the
 * modeler (see main.ts); everything else follows the variables through CSS.
 */
export interface CanvasColors {
  defaultFillColor: string;
  defaultStrokeColor: string;
  defaultLabelColor: string;
}

export type BodyTheme = 'vscode-light' | 'vscode-dark' | 'vscode-high-contrast' | 'vscode-high-contrast-light';

function cssVar(name: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim();
}

export function bodyTheme(): BodyTheme {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'vscode-high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'vscode-high-contrast';
  if (c.contains('vscode-dark')) return 'vscode-dark';
  return 'vscode-light';
}

export function canvasColors(): CanvasColors {
  const dark = bodyTheme() === 'vscode-dark' || bodyTheme() === 'vscode-high-contrast';
  const background = cssVar('--vscode-editor-background') || (dark ? '#1e1e1e' : '#ffffff');
  const foreground = cssVar('--vscode-editor-foreground') || (dark ? '#d4d4d4' : '#1f1f1f');
  return { defaultFillColor: background, defaultStrokeColor: foreground, defaultLabelColor: foreground };
}

/** A key that changes whenever the canvas would have to be redrawn with other colours. */
export function themeKey(): string {
  const c = canvasColors();
  return `${bodyTheme()}|${c.defaultFillColor}|${c.defaultStrokeColor}`;
}

/** Calls `onChange` when VS Code switches theme (body class or the variables in its style attribute). */
export function watchTheme(onChange: () => void): () => void {
  let last = themeKey();
  const observer = new MutationObserver(() => {
    const now = themeKey();
    if (now !== last) { last = now; onChange(); }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
