// Public surface of the simulation core (pure: no vscode, no wall clock, no Math.random, no timers).
export { createSimulation, SimulationLimitError } from './simulation';
export type { Simulation, SimulationDeps, SimulationSnapshot, Summary, Checkpoint, MachineView } from './simulation';
export type { ProcessEngineHooks, HookContext, NewJob, JobExecutionResult, ExecutionPlan } from './hooks';
export { literalHooks } from './hooks';
export { validateScenario, checkScenario, ScenarioValidationError, toMillis, didYouMean } from './scenario/validate';
export type { ScenarioError } from './scenario/validate';
export { loadScenario, parseScenarioText } from './scenario/load';
export type { LoadedScenario, ReadText } from './scenario/load';
export * from './scenario/types';
export { TraceRecorder, traceHash, toJsonl, Sha256 } from './trace';
export type { TraceEvent, TraceKind } from './trace';
export { EventQueue } from './time/eventQueue';
export { Prng, RandomStream } from './random/prng';
export * as backoff from './executor/backoffStrategy';
export { ThreadPool, DEFAULT_POOL_CONFIG } from './executor/threadPool';
export { acquisitionMachine } from './machines/acquisitionMachine';
export { workerMachine } from './machines/workerMachine';
export { nodeMachine } from './machines/nodeMachine';
