// The simulated BPMN process engine: public API.
export { ProcessEngine, DEFAULT_EPOCH_MS, type ProcessDefinition } from './engine';
export { evaluate } from './expr';
export { jobPriority, initialRetries, configuredRetries, timerDueDate } from './semantics';
export type * from './types';
