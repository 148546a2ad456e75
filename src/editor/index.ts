export { BpmnEditorProvider, EDITOR_VIEW_TYPE } from './bpmnEditorProvider';
export type { EditorStateSnapshot } from './bpmnEditorProvider';
export type { EditorAnalyzer, EditorAnalysis } from './analysis';
