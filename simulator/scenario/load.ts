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
    const message = (e as Error).message;
    // Node 20 reports only an offset ("at position 43"): turn it into a line and column (1-based).
    const at = /position (\d+)/.exec(message);
    const where = at ? (() => {
      const before = text.slice(0, Number(at[1]));
      const line = before.split(/\r\n|\r|\n/).length;
      const column = before.length - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
      return ` at line ${line}, column ${column}`;
    })() : '';
    throw new ScenarioValidationError([{ path: '', message: `not valid JSON${where}: ${message}. Fix the JSON syntax there (a missing comma, quote or bracket is the usual cause).` }]);
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
