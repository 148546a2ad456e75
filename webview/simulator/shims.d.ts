// Types for what the simulator webview bundle imports without typings of its own.
declare module '*.css' { const text: string; export default text; }
declare module 'bpmn-js/lib/NavigatedViewer';

/** The VS Code webview API (injected by VS Code, stubbed by the browser test). */
interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
