/** What a CLI command may touch: output streams and the working directory (tests pass their own). */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
}

/** A usage or input error: the CLI prints the message (no stack trace) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) { super(message); }
}

export function usageText(): string {
  return `bpmn-job-lab — validate Camunda 7 job attributes and simulate job-executor clusters

Usage:
  bpmn-job-lab lint <file|dir>... [--format text|json|sarif] [--engine 7.24|legacy]
  bpmn-job-lab explain <file> [--element ID] [--engine 7.24|legacy] [--format json|text]
  bpmn-job-lab explain-value jobPriority|failedJobRetryTimeCycle "<value>" [--engine 7.24|legacy] [--format json|text]
  bpmn-job-lab simulate <scenario.json | file.bpmn> [--seed N] [--nodes N] [--until ISO-duration] [--format text|json|jsonl]
  bpmn-job-lab acquire <snapshot.json> --now <ms|ISO> [--node-config <json>] [--format json|text]
  bpmn-job-lab study <scenario.json | file.bpmn> [--nodes 1..8] [--threads 1,5,10,20] [--profile camunda|jbpm3] [--format text|json|csv|html]

Exit codes: 0 ok, 1 lint errors found, 2 usage or input error.
`;
}

/**
 * Minimal option parser: `--name value`, `--name=value` and boolean `--flag`s. Unknown options
 * are an error naming the option and the allowed ones.
 */
export function parseArgs(args: string[], spec: { values?: string[]; flags?: string[] }): { positional: string[]; options: Record<string, string>; flags: Set<string> } {
  const values = new Set(spec.values ?? []);
  const flagNames = new Set(spec.flags ?? []);
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { positional.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('--') || a === '-') { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (flagNames.has(name)) { flags.add(name); continue; }
    if (!values.has(name)) {
      const allowed = [...values, ...flagNames].map(n => `--${n}`).join(', ') || 'none';
      throw new CliError(`unknown option '--${name}' (allowed: ${allowed})`);
    }
    const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
    if (v === undefined) throw new CliError(`option '--${name}' needs a value`);
    options[name] = v;
  }
  return { positional, options, flags };
}

export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
}
