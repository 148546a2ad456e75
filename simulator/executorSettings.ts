/**
 * A job executor's own settings, with the engine's property names (JobExecutor /
 * DefaultJobExecutor, camunda-reference.md §3.1). Shared by the scenario format, the `acquire`
 * CLI's node configuration and the backoff strategy.
 */
export interface JobExecutorSettings {
  maxJobsPerAcquisition: number;
  waitTimeInMillis: number;
  waitIncreaseFactor: number;
  maxWait: number;
  backoffTimeInMillis: number;
  maxBackoff: number;
  backoffDecreaseThreshold: number;
  lockTimeInMillis: number;
  corePoolSize: number;
  maxPoolSize: number;
  queueSize: number;
}
