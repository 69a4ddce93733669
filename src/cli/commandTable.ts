/**
 * Every command's name, help line and module. main.ts loads only the module of the command
 * being run (a command's module pulls in the parser, the Jinja engine or the warehouse), so
 * `kiln --version`, `--help` and `init` start without them.
 */
import type { Command } from 'commander';

export interface CommandEntry {
  /** The command and its aliases; every command the module registers. */
  names: string[];
  /** How the top-level help lists it. */
  term: string;
  description: string;
  /** Runs SQL: the warehouse worker starts while the command loads. */
  warehouse?: boolean;
  register: () => Promise<(program: Command) => void>;
}

const execution = async () => (await import('./commands/execution.js')).registerExecutionCommands;
const runsSql = { warehouse: true, register: execution };

export const COMMANDS: CommandEntry[] = [
  { names: ['parse'], term: 'parse [options]', description: 'read the project and write target/manifest.json', register: async () => (await import('./commands/parse.js')).registerParse },
  { names: ['compile'], term: 'compile [options]', description: 'render every selected node to SQL under target/compiled/ (or print one query with --inline)', register: async () => (await import('./commands/compile.js')).registerCompile },
  { names: ['ls', 'list'], term: 'ls|list [options]', description: 'list the nodes the selection picks', register: async () => (await import('./commands/ls.js')).registerLs },
  { names: ['lineage'], term: 'lineage [options] <node>', description: 'show where a model or column comes from and what is made from it', register: async () => (await import('./commands/lineage.js')).registerLineage },
  { names: ['docs'], term: 'docs', description: 'write the catalog and a static docs site with column lineage (generate), or serve it (serve)', register: async () => (await import('./commands/docs.js')).registerDocs },
  { names: ['init'], term: 'init [options] <name>', description: 'create a new project that builds out of the box on embedded DuckDB', register: async () => (await import('./commands/init.js')).registerInit },
  { names: ['daemon'], term: 'daemon', description: 'keep kiln loaded in a background process for the project, so parse, compile, ls and lineage answer sooner', register: async () => (await import('./commands/daemon.js')).registerDaemon },
  { names: ['clean'], term: 'clean [options]', description: "delete the project's clean-targets (target/ by default)", register: async () => (await import('./commands/clean.js')).registerClean },
  { names: ['debug'], term: 'debug [options]', description: 'show the resolved project and profile, and check the connection', warehouse: true, register: async () => (await import('./commands/debug.js')).registerDebug },
  { names: ['run'], term: 'run [options]', description: 'build the selected models in the warehouse', ...runsSql },
  { names: ['seed'], term: 'seed [options]', description: 'load the selected CSV seeds into the warehouse', ...runsSql },
  { names: ['snapshot'], term: 'snapshot [options]', description: 'record changes of the selected snapshots', ...runsSql },
  { names: ['test'], term: 'test [options]', description: 'run the selected data tests', ...runsSql },
  { names: ['build'], term: 'build [options]', description: 'seed, run, snapshot and test the selected nodes in graph order', ...runsSql },
  { names: ['show'], term: 'show [options]', description: 'run a model or an inline query and print the first rows', ...runsSql },
  { names: ['run-operation'], term: 'run-operation [options] <macro>', description: 'call a macro against the warehouse', ...runsSql },
  { names: ['retry'], term: 'retry [options]', description: 'run again what errored or was skipped in the last run_results.json', ...runsSql },
  { names: ['source'], term: 'source', description: 'commands on sources (see: kiln source freshness)', warehouse: true, register: async () => (await import('./commands/sourceFreshness.js')).registerSourceFreshness },
];

/** A command's one-line description, for the module that registers it. */
export function describe(name: string): string {
  const entry = COMMANDS.find((c) => c.names.includes(name));
  if (!entry) throw new Error(`no command '${name}' in the command table`);
  return entry.description;
}
