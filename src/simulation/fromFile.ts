/**
 * Building a simulation run from a file, exactly as `bpmn-job-lab simulate` does (the CLI's
 * `prepare`, reused, so the panel and the CLI can never disagree about a scenario): a scenario
 * `.json` with its deployments read relative to it, or a bare `.bpmn` with the default 3-node
 * cluster. PURE of vscode (Node fs only).
 */
import { basename, dirname } from 'node:path';
import { prepare, type PreparedRun } from '../cli/simulate';

export type { PreparedRun };

export interface RunSource {
  /** Shown in the panel title. */
  title: string;
  /** Absolute path of the scenario or BPMN file. */
  file: string;
  prepared: PreparedRun;
}

/** Reads and validates `file` (absolute). Errors carry the CLI's `<file>: <path>: <message>` text. */
export async function runSourceFromFile(file: string, overrides: { seed?: number } = {}): Promise<RunSource> {
  const prepared = await prepare(file, dirname(file), overrides);
  return { title: basename(file), file, prepared };
}

export function isScenarioFile(file: string): boolean {
  return /\.json$/i.test(file);
}
