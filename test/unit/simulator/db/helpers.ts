// Shared fixtures for the simulator/db tests (not a test file itself).
import { JobTable, type JobInput } from '../../../../simulator/db/jobTable';
import { defaultAcquisitionConfig, selectNextJobsToExecute, type AcquisitionConfig } from '../../../../simulator/db/acquisition';


/** A fresh table holding `jobs` (in this order = database order). */
export async function tableWith(jobs: JobInput[]): Promise<JobTable> {
  const t = await JobTable.open();
  t.insertJobs(jobs);
  return t;
}

/** Ids the acquisition query returns for these jobs, config overrides and now (limit 100 unless given). */
export async function acquirable(jobs: JobInput[], cfg: Partial<AcquisitionConfig> = {}, now = 1000, limit = 100): Promise<string[]> {
  const t = await tableWith(jobs);
  try {
    return selectNextJobsToExecute(t, { ...defaultAcquisitionConfig(), ...cfg }, now, limit).rows.map(r => r.ID_);
  } finally {
    t.close();
  }
}

export function config(over: Partial<AcquisitionConfig> = {}): AcquisitionConfig {
  return { ...defaultAcquisitionConfig(), ...over };
}

