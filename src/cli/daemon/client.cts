/**
 * The client half of `kiln daemon`: hands a command to the project's daemon, if one runs,
 * and relays its output and exit code. Loaded by bin/kiln.cjs before any of the CLI, so a
 * command the daemon answers costs Node's start-up, one connection and the work itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DAEMON_COMMANDS, kilnBuildId, lineReader, projectDirOf, socketPathFor, type CommandRequest, type ControlRequest, type Reply } from './protocol.cjs';

/** node:net loads only once a daemon's socket is there: most commands find none. */
function connectTo(socketPath: string): import('node:net').Socket {
  return (require('node:net') as typeof import('node:net')).connect(socketPath);
}

/**
 * Run `argv` in the project's daemon. Resolves to the exit code, or to undefined when no
 * daemon can answer (none runs, it is gone, or it is of another kiln build): the caller then
 * runs the command itself.
 */
export function runInDaemon(argv: string[]): Promise<number | undefined> | undefined {
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (!command || !DAEMON_COMMANDS.has(command) || process.env['KILN_NO_DAEMON']) return undefined;
  const projectDir = projectDirOf(argv, process.cwd());
  const socketPath = socketPathFor(projectDir);
  if (!existsSync(socketPath)) return undefined;
  const request: CommandRequest = {
    kind: 'command',
    projectDir,
    build: kilnBuildId(join(__dirname, '..', '..')),
    argv,
    cwd: process.cwd(),
    env: process.env,
    stdout: { isTTY: Boolean(process.stdout.isTTY), columns: process.stdout.columns },
    stderr: { isTTY: Boolean(process.stderr.isTTY) },
  };
  return new Promise((settle) => {
    let relayed = false;
    let settled = false;
    const finish = (code: number | undefined) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      settle(code);
    };
    const socket = connectTo(socketPath);
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on(
      'data',
      lineReader((message) => {
        const reply = message as Reply;
        if ('stdout' in reply) process.stdout.write(reply.stdout);
        else if ('stderr' in reply) process.stderr.write(reply.stderr);
        else if ('exit' in reply) return finish(reply.exit);
        else if ('stale' in reply) return finish(undefined);
        relayed = true;
      }),
    );
    // A socket left by a daemon that was killed refuses the connection: run without it. A daemon
    // that died half-way through the command has printed part of it: say so rather than run twice.
    const lost = () => {
      if (settled) return;
      if (!relayed) return finish(undefined);
      process.stderr.write('error: the kiln daemon stopped before the command finished; run it again (KILN_NO_DAEMON=1 runs it without the daemon)\n');
      finish(2);
    };
    socket.on('error', lost);
    socket.on('close', lost);
  });
}

/** Send a status or stop request to the daemon on `socketPath`: its first reply, or undefined when none answers. */
export function askDaemon(socketPath: string, request: ControlRequest): Promise<Reply | undefined> {
  return new Promise((settle) => {
    if (!existsSync(socketPath)) return settle(undefined);
    const socket = connectTo(socketPath);
    const finish = (reply: Reply | undefined) => {
      socket.destroy();
      settle(reply);
    };
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', lineReader((message) => finish(message as Reply)));
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
  });
}
