/**
 * `kiln daemon start|stop|status`: a background process that keeps kiln loaded for a
 * project, so `kiln parse`, `compile`, `ls` and `lineage` there skip Node loading kiln (see daemon/).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe } from '../commandTable.js';
import { KilnError } from '../../errors.js';
import { askDaemon } from '../daemon/client.cjs';
import { daemonDir, logPathFor, socketPathFor, type DaemonStatus } from '../daemon/protocol.cjs';
import { addGlobalOptions, outputFor, type GlobalOptions } from '../common.js';
import type { Output } from '../output.js';

interface StartOptions extends GlobalOptions {
  idleTimeout?: string;
}

const ENTRY = fileURLToPath(new URL('../daemon/entry.js', import.meta.url));

/** The project folder the command names (--project-dir), else the current one. */
function rootOf(options: GlobalOptions): string {
  return resolve(options.projectDir ?? process.cwd());
}

function projectRoot(options: GlobalOptions): string {
  const root = rootOf(options);
  if (!existsSync(join(root, 'project.yml')) && !existsSync(join(root, 'dbt_project.yml'))) {
    throw new KilnError(`no project.yml or dbt_project.yml in ${root}`, { hint: 'run kiln daemon in a project folder, or pass --project-dir' });
  }
  return root;
}

/** Poll `check` every `everyMs` until it gives a value or `limitMs` pass (or `giveUp` says so). */
async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, everyMs: number, limitMs: number, giveUp = () => false): Promise<T | undefined> {
  for (const started = performance.now(); performance.now() - started < limitMs && !giveUp(); ) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((wait) => setTimeout(wait, everyMs));
  }
  return undefined;
}

async function statusOf(root: string): Promise<DaemonStatus | undefined> {
  const reply = await askDaemon(socketPathFor(root), { kind: 'status' });
  return reply && 'status' in reply ? reply.status : undefined;
}

function describeStatus(status: DaemonStatus): string {
  const mb = (status.rssBytes / 2 ** 20).toFixed(0);
  return `kiln daemon ${status.pid} serves ${status.projectDir}: ${status.commandsServed} commands since ${status.startedAt}, ${mb} MB, stops after ${status.idleTimeoutMinutes} idle minutes`;
}

async function startDaemon(root: string, idleTimeoutMinutes: number, output: Output): Promise<void> {
  if (process.platform === 'win32') throw new KilnError('kiln daemon listens on a Unix socket, so it runs on Linux and macOS only', { hint: 'on Windows, run commands without it' });
  const running = await statusOf(root);
  if (running) {
    output.info(`already running: ${describeStatus(running)}`, { pid: running.pid });
    return;
  }
  mkdirSync(daemonDir(), { recursive: true, mode: 0o700 });
  const logPath = logPathFor(root);
  const log = openSync(logPath, 'w');
  const child = spawn(process.execPath, [ENTRY, root, String(idleTimeoutMinutes)], {
    cwd: root,
    detached: true,
    stdio: ['ignore', log, log],
    // As bin/kiln.cjs sets it for a command run without the daemon.
    env: { ...process.env, UV_THREADPOOL_SIZE: process.env['UV_THREADPOOL_SIZE'] ?? '16' },
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  // Ready once it answers; it loads kiln first, which takes a moment.
  const status = await waitFor(() => statusOf(root), 50, 30_000, () => exited);
  if (status) {
    output.info(describeStatus(status), { pid: status.pid, socket: socketPathFor(root) });
    return;
  }
  if (!exited) child.kill();
  throw new KilnError(`the kiln daemon did not start${existsSync(logPath) ? `: ${readFileSync(logPath, 'utf8').trim()}` : ''}`, { file: logPath });
}

export function registerDaemon(program: Command): void {
  const daemon = program.command('daemon').description(describe('daemon'));

  const start = daemon
    .command('start')
    .description('start the daemon for the project (in the background)')
    .option('--idle-timeout <minutes>', 'stop after this many minutes without a command', '60');
  addGlobalOptions(start).action(async (options: StartOptions) => {
    const minutes = Number(options.idleTimeout);
    if (!(minutes > 0)) throw new KilnError(`--idle-timeout must be a positive number of minutes, got '${options.idleTimeout}'`);
    await startDaemon(projectRoot(options), minutes, outputFor(options));
  });

  addGlobalOptions(daemon.command('status').description("show whether the project's daemon runs")).action(async (options: GlobalOptions) => {
    const output = outputFor(options);
    const root = rootOf(options);
    const status = await statusOf(root);
    if (status) output.info(describeStatus(status), { ...status });
    else output.info(`no kiln daemon serves ${root}`, { running: false });
  });

  addGlobalOptions(daemon.command('stop').description("stop the project's daemon")).action(async (options: GlobalOptions) => {
    const output = outputFor(options);
    const root = rootOf(options);
    const socketPath = socketPathFor(root);
    const reply = await askDaemon(socketPath, { kind: 'stop' });
    if (!reply) return output.info(`no kiln daemon serves ${root}`);
    // Gone once its socket is: a command run right after this one runs without it.
    await waitFor(() => (existsSync(socketPath) ? undefined : true), 20, 5_000);
    output.info(`stopped the kiln daemon of ${root}`);
  });
}
