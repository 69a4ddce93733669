/**
 * The kiln daemon: a background process that keeps kiln loaded for one project and runs the
 * commands clients hand it (parse, compile, ls, lineage), one at a time, each as its own process would:
 * in the client's folder, with the client's environment, printing to the client's terminal.
 *
 * It keeps no project state between commands: each reads target/'s caches as a new process
 * does, so an answer from the daemon is the answer without it. What it saves is Node loading
 * kiln's modules and compiling its code afresh, most of a warm command's time.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DAEMON_COMMANDS, daemonDir, kilnBuildId, lineReader, logPathFor, socketPathFor, type CommandRequest, type DaemonStatus, type Reply, type Request } from './protocol.cjs';

export interface DaemonOptions {
  projectDir: string;
  /** Stop after this long without a command. */
  idleTimeoutMinutes: number;
}

const DIST_DIR = fileURLToPath(new URL('../../', import.meta.url));

function send(socket: Socket, reply: Reply): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
}

/** The folder for sockets, made private to this user: whoever can connect can run kiln here. */
function privateDaemonDir(): string {
  const dir = daemonDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = statSync(dir);
  if (typeof process.getuid === 'function' && (info.uid !== process.getuid() || (info.mode & 0o077) !== 0)) {
    throw new Error(`${dir} is not a private folder of this user; remove it and start the daemon again`);
  }
  return dir;
}

export async function serveDaemon(options: DaemonOptions): Promise<void> {
  const build = kilnBuildId(DIST_DIR);
  const { runCli, buildProgram } = await import('../main.js');
  // Load the commands the daemon answers now, not on the first command, and what a parse needs
  // besides (the parser, the Jinja engine, the validators): a cold compile of 1,000 models as the
  // first command took as long as in a process of its own.
  for (const command of DAEMON_COMMANDS) await buildProgram([command]);
  const { loadParseDependencies } = await import('../../compile/parseProject.js');
  await Promise.all([loadParseDependencies(), import('../../compile/session.js'), import('../../jinja/compat/index.js')]);

  privateDaemonDir();
  const socketPath = socketPathFor(options.projectDir);
  rmSync(socketPath, { force: true }); // `kiln daemon start` checked that no daemon answers on it
  const startedAt = new Date().toISOString();
  let commandsServed = 0;
  let queue = Promise.resolve();
  let idleTimer: NodeJS.Timeout | undefined;

  const exit = () => {
    server.close();
    rmSync(socketPath, { force: true });
    rmSync(logPathFor(options.projectDir), { force: true }); // kept only while it may explain a failed start
    process.exit(0);
  };
  // After the command running now, if any: a command is never cut off half-way.
  const stop = () => {
    rmSync(socketPath, { force: true }); // new commands run without the daemon from now on
    queue = queue.then(exit, exit);
  };
  const idleFromNow = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(stop, options.idleTimeoutMinutes * 60_000);
  };

  /** Hand the command back: the client runs it itself. */
  const handBack = (socket: Socket, why: string) => {
    send(socket, { stale: why });
    socket.end();
  };

  const runCommand = async (socket: Socket, request: CommandRequest) => {
    if (request.projectDir !== options.projectDir) return handBack(socket, `the daemon serves ${options.projectDir}, not ${request.projectDir}`);
    // A kiln rebuilt or reinstalled since the daemon started: a daemon whose own code changed on disk also stops.
    const rebuilt = kilnBuildId(DIST_DIR) !== build;
    if (request.build !== build || rebuilt) {
      handBack(socket, `the daemon runs kiln ${build}, the client is ${request.build}`);
      if (rebuilt) stop();
      return;
    }
    let restore: () => void;
    try {
      restore = actAsClientProcess(request, (reply) => send(socket, reply));
    } catch (error) {
      // The client's folder is gone, say: run there, the command reports it as it would anyway.
      return handBack(socket, `cannot act as the client: ${error instanceof Error ? error.message : String(error)}`);
    }
    let code = 2;
    try {
      code = await runCli(request.argv);
    } catch (error) {
      // runCli reports every error itself; this is the daemon's own failure, not the command's.
      process.stderr.write(`error: the kiln daemon failed: ${error instanceof Error ? error.message : String(error)}\n`);
    } finally {
      restore();
    }
    commandsServed++;
    send(socket, { exit: code });
    socket.end();
  };

  const status = (): DaemonStatus => ({
    pid: process.pid,
    projectDir: options.projectDir,
    startedAt,
    commandsServed,
    idleTimeoutMinutes: options.idleTimeoutMinutes,
    rssBytes: process.memoryUsage.rss(),
  });

  const server = createServer((socket) => {
    socket.on('error', () => undefined); // a client that went away: its command still finishes
    socket.on(
      'data',
      lineReader((message) => {
        const request = message as Request;
        if (request.kind === 'status') {
          send(socket, { status: status() });
          socket.end();
        } else if (request.kind === 'stop') {
          send(socket, { exit: 0 });
          socket.end(stop);
        } else {
          // One command at a time: each changes the process's folder and environment.
          clearTimeout(idleTimer);
          queue = queue.then(() => runCommand(socket, request)).catch(() => undefined).finally(idleFromNow);
        }
      }),
    );
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(socketPath, listening);
  });
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  idleFromNow();
  console.log(`kiln daemon ${process.pid} serving ${options.projectDir} on ${socketPath}`);
}

/**
 * Make this process look like the client's for one command: its folder, environment and
 * terminal, with everything written to stdout and stderr sent to the client. Returns the undo.
 */
function actAsClientProcess(request: CommandRequest, reply: (message: Reply) => void): () => void {
  const cwd = process.cwd();
  const env = { ...process.env };
  const replaceEnv = (next: Record<string, string | undefined>) => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    for (const [key, value] of Object.entries(next)) if (value !== undefined) process.env[key] = value;
  };
  process.chdir(request.cwd);
  replaceEnv(request.env);
  const relay = new OutputRelay(reply);
  const undoStdout = redirect(process.stdout, { isTTY: request.stdout.isTTY, columns: request.stdout.columns }, (text) => relay.write('stdout', text));
  const undoStderr = redirect(process.stderr, { isTTY: request.stderr.isTTY }, (text) => relay.write('stderr', text));
  return () => {
    relay.flush();
    undoStderr();
    undoStdout();
    replaceEnv(env);
    process.chdir(cwd);
  };
}

/**
 * The command's output on its way to the client, in order. Consecutive writes to one stream
 * go as one message: `kiln ls` of 30,000 nodes writes a line at a time.
 */
class OutputRelay {
  private pending: { stream: 'stdout' | 'stderr'; text: string } | undefined;
  private scheduled = false;

  constructor(private readonly reply: (message: Reply) => void) {}

  write(stream: 'stdout' | 'stderr', text: string): void {
    if (this.pending && this.pending.stream !== stream) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { stream, text };
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  flush(): void {
    if (!this.pending) return;
    const { stream, text } = this.pending;
    this.pending = undefined;
    this.reply(stream === 'stdout' ? { stdout: text } : { stderr: text });
  }
}

function redirect(stream: NodeJS.WriteStream, terminal: { isTTY: boolean; columns?: number }, write: (text: string) => void): () => void {
  const saved = (['write', 'isTTY', 'columns'] as const).map((key) => [key, Object.getOwnPropertyDescriptor(stream, key)] as const);
  Object.defineProperty(stream, 'isTTY', { value: terminal.isTTY, configurable: true, writable: true });
  Object.defineProperty(stream, 'columns', { value: terminal.columns, configurable: true, writable: true });
  Object.defineProperty(stream, 'write', {
    configurable: true,
    writable: true,
    value: (chunk: string | Uint8Array, ...rest: unknown[]) => {
      write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    },
  });
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(stream, key, descriptor);
      else delete (stream as unknown as Record<string, unknown>)[key];
    }
  };
}
