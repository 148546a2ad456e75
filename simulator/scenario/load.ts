// Loading a scenario file: JSON text → validated Scenario, with the deployments' BPMN read through
// an injected reader (the core does no file I/O of its own; the CLI passes fs, the extension the
// workspace API, tests a map).
import { validateScenario, ScenarioValidationError } from './validate';
import type { Scenario } from './types';

export type ReadText = (relativePath: string) => string | Promise<string>;

export interface LoadedScenario {
  scenario: Scenario;
  /** BPMN XML per deployment id. */
  bpmn: Record<string, string>;
}

export function parseScenarioText(text: string): Scenario {
  let json: unknown;
  try { json = JSON.parse(text); } catch (e) {
    throw new ScenarioValidationError([{ path: '', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return validateScenario(json);
}

export async function loadScenario(text: string, readRelative?: ReadText): Promise<LoadedScenario> {
  const scenario = parseScenarioText(text);
  const bpmn: Record<string, string> = {};
  for (const [i, d] of scenario.deployments.entries()) {
    if (!readRelative) throw new ScenarioValidationError([{ path: `deployments[${i}].bpmn`, message: 'no file reader given to load BPMN' }]);
    try { bpmn[d.id] = await readRelative(d.bpmn); } catch (e) {
      throw new ScenarioValidationError([{ path: `deployments[${i}].bpmn`, message: `cannot read "${d.bpmn}": ${(e as Error).message}` }]);
    }
  }
  return { scenario, bpmn };
}
