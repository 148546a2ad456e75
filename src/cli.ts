/**
 * `bpmn-job-lab` command line. Each subcommand lives in src/cli/<name>.ts and exports
 * `run(args, io) => Promise<exitCode>`; this file only dispatches and guarantees the contract:
 * exit 2 on usage or I/O errors with a clear message, never a stack trace.
 */
import { usageText, type CliIo } from './cli/io';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  lint: () => import('./cli/lint'),
  explain: () => import('./cli/explain'),
  'explain-value': () => import('./cli/explain').then(m => ({ run: m.runExplainValue })),
  simulate: () => import('./cli/simulate'),
  acquire: () => import('./cli/acquire'),
  study: () => import('./cli/study'),
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usageText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${process.env.BPMN_JOB_LAB_VERSION ?? '0.1.0'}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`bpmn-job-lab: unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}. Run 'bpmn-job-lab --help'.\n`);
    return 2;
  }
  try {
    const mod = await load();
    return await mod.run(rest, io);
  } catch (e) {
    const err = e as Error & { exitCode?: number };
    io.stderr(`bpmn-job-lab ${name}: ${err.message ?? String(e)}\n`);
    if (process.env.BPMN_JOB_LAB_DEBUG) io.stderr(`${err.stack}\n`);
    return err.exitCode ?? 2;
  }
}

if (require.main === module) {
  const io: CliIo = {
    stdout: s => { process.stdout.write(s); },
    stderr: s => { process.stderr.write(s); },
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(code => { process.exitCode = code; });
}
