// The error every resource limit of a run ends with (limits.maxEvents, limits.maxVirtualTime,
// limits.maxTransactionSteps): its own module so the process engine can throw it without importing
// the runtime.
export class SimulationLimitError extends Error {
  constructor(message: string) { super(message); this.name = 'SimulationLimitError'; }
}
