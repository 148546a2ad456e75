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

/** The engine's defaults (JobExecutor, DefaultJobExecutor; camunda-reference.md §3.1). */
export const DEFAULT_JOB_EXECUTOR_SETTINGS: Readonly<JobExecutorSettings> = Object.freeze({
  maxJobsPerAcquisition: 3,
  waitTimeInMillis: 5000,
  waitIncreaseFactor: 2,
  maxWait: 60000,
  backoffTimeInMillis: 0,
  maxBackoff: 0,
  backoffDecreaseThreshold: 100,
  lockTimeInMillis: 300000,
  corePoolSize: 3,
  maxPoolSize: 10,
  queueSize: 3,
});
