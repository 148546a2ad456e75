// Types for what the webview bundle imports without typings of its own.
declare module '*.css' { const text: string; export default text; }
declare module '*.woff2' { const url: string; export default url; }
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: unknown;
  export const BpmnPropertiesProviderModule: unknown;
  export const CamundaPlatformPropertiesProviderModule: unknown;
}
declare module 'camunda-bpmn-js-behaviors/lib/camunda-platform' { const module: unknown; export default module; }
declare module 'camunda-bpmn-moddle/resources/camunda.json' { const descriptor: Record<string, unknown>; export default descriptor; }

/** The VS Code webview API (injected by VS Code, stubbed by the browser test). */
interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
