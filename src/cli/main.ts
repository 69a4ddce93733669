/**
 * The kiln command line: one file per command under commands/, wired here.
 * Exit codes: 0 success, 1 a run or test failed, 2 bad input or an internal error.
 */
import { Command, CommanderError, Help } from 'commander';
import { Output } from './output.js';
import { COMMANDS } from './commandTable.js';
import { KILN_VERSION } from '../version.js';
import { closeSessions } from './common.js';

/** Set by commands whose work ran but failed (a model or test error). */
export class ExitCode {
  static value = 0;
}

/** The registry, once a command started the warehouse worker ahead of need. */
let prewarmed: typeof import('../adapters/registry.js') | undefined;

/**
 * The program with the command `argv` names registered for real (its module loaded), and the
 * others as entries for the help listing only. With no command (or an unknown one), every
 * command is listed and none is loaded.
 */
export async function buildProgram(argv: string[] = []): Promise<Command> {
  const program = new Command('kiln')
    .description('kiln: SQL transformations for AI data pipelines, dbt-compatible')
    .version(KILN_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ subcommandTerm: (command) => COMMANDS.find((c) => c.names[0] === command.name())?.term ?? new Help().subcommandTerm(command) })
    .exitOverride();
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const named = words[0] === 'help' ? words[1] : words[0];
  const wanted = COMMANDS.find((c) => named !== undefined && c.names.includes(named));
  if (wanted) {
    // Only when asked to run, not for `help <command>` or --help.
    if (wanted.warehouse && words[0] !== 'help' && !argv.includes('--help') && !argv.includes('-h')) {
      prewarmed = await import('../adapters/registry.js');
      void prewarmed.prewarmWarehouse();
    }
    (await wanted.register())(program);
  } else {
    for (const entry of COMMANDS) program.command(entry.names[0]!).description(entry.description);
  }
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  ExitCode.value = 0;
  const program = await buildProgram(argv);
  const debug = argv.includes('--debug');
  const json = argv.includes('json') && argv.some((a) => a.startsWith('--log-format'));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.value;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    new Output(json ? 'json' : 'text', debug).error(error);
    return 2;
  } finally {
    await closeSessions();
    await prewarmed?.settleWarehouseWorker();
  }
}
