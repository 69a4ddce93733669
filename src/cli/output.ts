/**
 * Terminal output: plain lines for people (`--log-format text`, the default) or one
 * JSON object per line for machines (`--log-format json`). Commands print through
 * this, never with console.log, so both formats stay complete.
 */
import { KilnError, KilnErrors } from '../errors.js';
import { redact } from '../secrets.js';

export type LogFormat = 'text' | 'json';
export type Level = 'info' | 'warn' | 'error' | 'debug';

export class Output {
  /** The live status line (TTY only), redrawn under the lines printed above it. */
  private statusText = '';
  /** When the status line was last drawn on its own: a fast run changes it far more often than anyone can read. */
  private statusDrawnAt = 0;

  constructor(
    readonly format: LogFormat = 'text',
    readonly debug = false,
    stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stdout,
    stderr: NodeJS.WritableStream = process.stderr,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.stdout = redacting(stdout);
    this.stderr = redacting(stderr);
  }

  private readonly stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  private readonly stderr: NodeJS.WritableStream;

  /** A live status line suits a person at a terminal: not CI logs, pipes or JSON. */
  get live(): boolean {
    return this.format === 'text' && Boolean(this.stdout.isTTY) && !this.env['CI'];
  }

  /** Show `text` on the status line (a no-op where output is not live). */
  status(text: string): void {
    if (!this.live) return;
    const width = Math.max(20, (this.stdout.columns ?? 80) - 1);
    const first = !this.statusText;
    this.statusText = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    // Redrawn at most 20 times a second; printed lines redraw it anyway.
    const now = performance.now();
    if (!first && now - this.statusDrawnAt < 50) return;
    this.statusDrawnAt = now;
    this.stdout.write(`\r\x1b[2K${this.statusText}`);
  }

  /** Remove the status line for good (end of a run). */
  clearStatus(): void {
    if (!this.statusText) return;
    this.stdout.write('\r\x1b[2K');
    this.statusText = '';
  }

  private emit(level: Level, message: string, data?: Record<string, unknown>): void {
    if (level === 'debug' && !this.debug) return;
    if (this.format === 'json') {
      this.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level, msg: message, ...(data ?? {}) })}\n`);
      return;
    }
    const stream = level === 'error' || level === 'warn' ? this.stderr : this.stdout;
    const prefix = level === 'warn' ? 'warning: ' : level === 'error' ? 'error: ' : '';
    if (this.statusText && stream === this.stdout) {
      // One write: clear the status line, print the line, draw the status line under it.
      this.stdout.write(`\r\x1b[2K${prefix}${message}\n${this.statusText}`);
      return;
    }
    if (this.statusText) this.stdout.write('\r\x1b[2K');
    stream.write(`${prefix}${message}\n`);
    if (this.statusText) this.stdout.write(this.statusText);
  }

  info(message: string, data?: Record<string, unknown>): void {
    this.emit('info', message, data);
  }
  warn(message: string, data?: Record<string, unknown>): void {
    this.emit('warn', message, data);
  }
  /** A failure the run goes on after (a node's error): printed as an error, the run not stopped. */
  problem(message: string, data?: Record<string, unknown>): void {
    this.emit('error', message, data);
  }
  debugLog(message: string, data?: Record<string, unknown>): void {
    this.emit('debug', message, data);
  }
  /** Raw result text (compiled SQL, ls lines): stdout, unadorned in text mode. */
  result(text: string, data?: Record<string, unknown>): void {
    if (this.format === 'json') this.emit('info', text, { result: true, ...(data ?? {}) });
    else this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** Many result lines (`ls` of a big project): one write in text mode, not one per line. */
  results(lines: string[]): void {
    if (this.format === 'json') for (const line of lines) this.result(line);
    else if (lines.length) this.stdout.write(`${lines.join('\n')}\n`);
  }

  error(error: unknown): void {
    if (error instanceof KilnError) {
      const list = error instanceof KilnErrors ? error.errors : [error];
      for (const e of list) {
        if (this.format === 'json') this.emit('error', e.message, { file: e.file, line: e.line, column: e.column, hint: e.hint });
        else this.stderr.write(`error: ${e.format()}\n`);
      }
      if (this.debug && error.stack) this.stderr.write(`${error.stack}\n`);
      return;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    if (this.format === 'json') this.emit('error', err.message, { internal: true });
    else this.stderr.write(`error: internal error: ${err.message}\n  hint: this is a bug in kiln; rerun with --debug for the stack trace and report it\n`);
    if (this.debug && err.stack) this.stderr.write(`${err.stack}\n`);
  }
}

/** The stream with every secret kiln knows replaced in what is written to it: errors from the warehouse echo statements. */
function redacting<T extends NodeJS.WritableStream>(stream: T): T {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return (chunk: unknown, ...rest: unknown[]) => (target.write as (...args: unknown[]) => boolean).call(target, typeof chunk === 'string' ? redact(chunk) : chunk, ...rest);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
