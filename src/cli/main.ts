/**
 * The kiln command line: one file per command under commands/, wired here.
 * Exit codes: 0 success, 1 a run or test failed, 2 bad input or an internal error.
 */
import { Command, CommanderError } from 'commander';
import { Output } from './output.js';
import { registerClean } from './commands/clean.js';
import { registerCompile } from './commands/compile.js';
import { registerDebug } from './commands/debug.js';
import { registerInit } from './commands/init.js';
import { registerLs } from './commands/ls.js';
import { registerParse } from './commands/parse.js';
import { registerExecutionCommands } from './commands/execution.js';
import { registerSourceFreshness } from './commands/sourceFreshness.js';
import { KILN_VERSION } from '../version.js';
import { closeSessions } from './common.js';


/** Set by commands whose work ran but failed (a model or test error). */
export class ExitCode {
  static value = 0;
}

export function buildProgram(): Command {
  const program = new Command('kiln')
    .description('kiln: SQL transformations for AI data pipelines, dbt-compatible')
    .version(KILN_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerParse(program);
  registerCompile(program);
  registerLs(program);
  registerInit(program);
  registerClean(program);
  registerDebug(program);
  registerExecutionCommands(program);
  registerSourceFreshness(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  ExitCode.value = 0;
  const program = buildProgram();
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
  }
}
