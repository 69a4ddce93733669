/**
 * What the kiln client and the kiln daemon share: where a project's daemon listens, and the
 * messages they exchange. CommonJS, so the client in bin/kiln.cjs can load it without the
 * ES module machinery (it runs on every command, before anything else).
 *
 * One message per line, as JSON. The client sends one Request; the daemon answers with
 * Replies: output as it is written, then the exit code (or `stale`: run it yourself).
 */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The commands the daemon answers: they read the project and write target/, and run no model. */
export const DAEMON_COMMANDS: ReadonlySet<string> = new Set(['parse', 'compile', 'ls', 'list', 'lineage']);

export interface CommandRequest {
  kind: 'command';
  /** The project the client means (a daemon serves one). */
  projectDir: string;
  /** The kiln build the client belongs to: a daemon of another build answers `stale`. */
  build: string;
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { isTTY: boolean; columns?: number };
  stderr: { isTTY: boolean };
}

export type ControlRequest = { kind: 'status' } | { kind: 'stop' };

export type Request = CommandRequest | ControlRequest;

export interface DaemonStatus {
  pid: number;
  projectDir: string;
  startedAt: string;
  commandsServed: number;
  idleTimeoutMinutes: number;
  rssBytes: number;
}

export type Reply =
  | { stdout: string }
  | { stderr: string }
  | { exit: number }
  | { stale: string }
  | { status: DaemonStatus };

/** The folder of this user's daemon sockets and logs: private (0700), as the sockets accept commands. */
export function daemonDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return join(tmpdir(), `kiln-daemon-${uid}`);
}

/**
 * Where the daemon of a project listens. In the temporary folder, named by a hash of the
 * project's path: a socket path may not exceed about 100 bytes, and a project's may. FNV-1a,
 * not node:crypto, which alone takes longer to load than the rest of the client; the daemon
 * checks the project of every command, so two paths of one hash cannot be mixed up.
 */
export function socketPathFor(projectDir: string): string {
  const path = resolve(projectDir);
  let low = 0x811c9dc5;
  let high = 0x050c5d1f;
  for (let i = 0; i < path.length; i++) {
    low = Math.imul(low ^ path.charCodeAt(i), 0x01000193) >>> 0;
    high = Math.imul(high ^ path.charCodeAt(i), 0x01000193) >>> 0;
  }
  return join(daemonDir(), `${low.toString(16).padStart(8, '0')}${high.toString(16).padStart(8, '0')}.sock`);
}

export function logPathFor(projectDir: string): string {
  return socketPathFor(projectDir).replace(/\.sock$/, '.log');
}

/**
 * This kiln's build: where it is installed and when it was compiled. A daemon started by
 * another build (kiln upgraded or rebuilt since) must not answer for this one.
 */
export function kilnBuildId(distDir: string): string {
  let stamp = 0;
  try {
    stamp = statSync(join(distDir, '.tsbuildinfo')).mtimeMs;
  } catch {
    // not a tsc build folder: the path alone tells builds apart
  }
  return `${resolve(distDir)}@${stamp}`;
}

/** The project folder a command line names (`--project-dir`), else the current folder. */
export function projectDirOf(argv: readonly string[], cwd: string): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--project-dir' && i + 1 < argv.length) return resolve(cwd, argv[i + 1]!);
    if (arg.startsWith('--project-dir=')) return resolve(cwd, arg.slice('--project-dir='.length));
  }
  return resolve(cwd);
}

/** Splits a byte stream into lines of JSON. */
export function lineReader(onMessage: (message: unknown) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line) onMessage(JSON.parse(line));
    }
  };
}
