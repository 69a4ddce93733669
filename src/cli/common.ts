/** Flags every command takes, and the helpers commands share to act on them. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readRunResults } from '../artifacts/runResults.js';
import { KilnError } from '../errors.js';
import type { OpenedProject, SessionOptions } from '../compile/openProject.js';
import type { Session } from '../compile/session.js';
import type * as Selection from '../graph/selection/index.js';
import type { Manifest } from '../project/nodes.js';
import { Output, type LogFormat } from './output.js';

export interface GlobalOptions {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars?: string;
  threads?: string;
  select?: string[];
  exclude?: string[];
  selector?: string;
  state?: string;
  logFormat?: LogFormat;
  debug?: boolean;
  fullRefresh?: boolean;
  empty?: boolean;
  partialParse?: boolean;
  wait?: string;
}

export function addGlobalOptions(command: Command, options: { selection?: boolean } = {}): Command {
  command
    .option('--project-dir <dir>', 'the project folder (default: the current folder)')
    .option('--profiles-dir <dir>', 'where profiles.yml is (default: $KILN_PROFILES_DIR, the project folder, ~/.kiln)')
    .option('-t, --target <name>', 'the profile output to use')
    .option('--vars <yaml>', "variables as YAML or JSON, e.g. '{start: 2024-01-01}'")
    .option('--threads <n>', 'how many nodes to run at once')
    .option('--log-format <format>', 'text or json', 'text')
    .option('--no-partial-parse', 'parse every file again, ignoring target/partial_parse.json')
    .option('--wait <seconds>', 'wait this long for another process using the same DuckDB file (default 0: fail at once)')
    .option('--debug', 'print stack traces and debug logs');
  if (options.selection) {
    command
      .option('-s, --select <criteria...>', 'nodes to include (dbt selection syntax)')
      .option('--exclude <criteria...>', 'nodes to leave out')
      .option('--selector <name>', 'a named selector from selectors.yml')
      .option('--state <dir>', 'a folder with a previous manifest.json, for state: selection');
  }
  return command;
}

export function outputFor(options: GlobalOptions): Output {
  const format = options.logFormat ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new KilnError(`--log-format must be 'text' or 'json', got '${format}'`);
  }
  return new Output(format, Boolean(options.debug));
}

/** What selection needs of a session: the project and its manifest. */
export type ManifestView = OpenedProject & { manifest: Manifest };

/** Sessions this invocation opened: their connections are closed when the command ends, however it ends. */
const openSessions: Session[] = [];

export async function closeSessions(): Promise<void> {
  for (const session of openSessions.splice(0)) {
    session.templateCode?.save();
    session.compiledSql?.save((id) => id in session.manifest.nodes);
    await session.adapter?.then((adapter) => adapter.close(), () => undefined);
  }
}

/** `connect`: the command will run SQL, so the connection starts while the project parses. */
export async function sessionFor(options: GlobalOptions, output: Output, flags: Record<string, unknown> = {}, connect = false, opened?: OpenedProject): Promise<Session> {
  // Loaded here, not at the top: `kiln --version`, `--help` and `init` never parse a project.
  const [{ openSession }, selection] = await Promise.all([import('../compile/session.js'), import('../graph/selection/index.js')]);
  selectionModule = selection;
  const session = await openSession({ ...sessionOptions(options, output, flags), connect }, opened);
  openSessions.push(session);
  for (const warning of session.parse.warnings) output.warn(warning);
  return session;
}

/** The project and the manifest the last parse saved, if it still holds (openProject), with the selection code loaded. */
export async function projectFor(options: GlobalOptions, output: Output, flags: Record<string, unknown> = {}): Promise<OpenedProject> {
  const [{ openProject }, selection] = await Promise.all([import('../compile/openProject.js'), import('../graph/selection/index.js')]);
  selectionModule = selection;
  return openProject(sessionOptions(options, output, flags));
}

/**
 * The manifest alone, for commands that read it without rendering or running anything (`ls`):
 * the one the last parse saved when nothing changed since, which needs neither Jinja nor the
 * parser; otherwise a full session's.
 */
export async function manifestFor(options: GlobalOptions, output: Output, flags: Record<string, unknown> = {}): Promise<ManifestView> {
  const opened = await projectFor(options, output, flags);
  const saved = opened.saved?.snapshot;
  if (!saved) return sessionFor(options, output, flags, false, opened);
  for (const warning of saved.warnings) output.warn(warning);
  return { ...opened, manifest: saved.manifest };
}

function sessionOptions(options: GlobalOptions, output: Output, flags: Record<string, unknown>): SessionOptions {
  const threads = options.threads === undefined ? undefined : Number(options.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new KilnError(`--threads must be a whole number of 1 or more, got '${options.threads}'`);
  }
  return {
    lockWaitSeconds: lockWaitSeconds(options),
    projectDir: options.projectDir,
    profilesDir: options.profilesDir,
    target: options.target,
    vars: options.vars,
    threads,
    // Every command gives the flags templates may read the same defaults: they are part of what a
    // parse is keyed on, so `kiln build` and `kiln ls` share the saved manifest.
    flags: { FULL_REFRESH: Boolean(options.fullRefresh), EMPTY: Boolean(options.empty), ...flags },
    partialParse: options.partialParse !== false,
    log: (message, level) => (level === 'warn' ? output.warn(message) : level === 'info' ? output.info(message) : output.debugLog(message)),
  };
}

/** `--wait` in seconds (0 when not given). */
export function lockWaitSeconds(options: GlobalOptions): number {
  if (options.wait === undefined) return 0;
  const seconds = Number(options.wait);
  if (!Number.isFinite(seconds) || seconds < 0) throw new KilnError(`--wait must be a number of seconds (0 or more), got '${options.wait}'`);
  return seconds;
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new KilnError(`${what} not found: ${path}`, { hint: 'run a command that writes it first, or point --state at the right folder' });
  return JSON.parse(readFileSync(path, 'utf8'));
}

let selectionModule: typeof Selection | undefined;

/** The selected unique ids, restricted to `resourceTypes` (after sessionFor, which loads the selection code). */
export function selectedIds(session: ManifestView, options: GlobalOptions, output: Output, resourceTypes?: string[]): Set<string> {
  const { parseSelectorsFile, selectNodesWithWarnings } = selectionModule!;
  const selectors = session.project.selectors ? parseSelectorsFile(String(session.project.selectors), 'selectors.yml') : undefined;
  const stateManifest = options.state ? (readJson(join(options.state, 'manifest.json'), 'state manifest') as Manifest) : undefined;
  const previousResults = readRunResults(options.state ?? session.targetDir);
  const { selected, warnings } = selectNodesWithWarnings({
    manifest: session.manifest,
    select: options.select,
    exclude: options.exclude,
    selector: options.selector,
    selectors,
    state: stateManifest,
    previousResults,
    rootPackage: session.project.config.name,
    resourceTypes,
  });
  for (const warning of warnings) output.warn(warning);
  return selected;
}
