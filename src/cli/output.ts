/**
 * Terminal output: plain lines for people (`--log-format text`, the default) or one
 * JSON object per line for machines (`--log-format json`). Commands print through
 * this, never with console.log, so both formats stay complete.
 */
import { KilnError, KilnErrors } from '../errors.js';

export type LogFormat = 'text' | 'json';
export type Level = 'info' | 'warn' | 'error' | 'debug';

export class Output {
  constructor(
    readonly format: LogFormat = 'text',
    readonly debug = false,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  private emit(level: Level, message: string, data?: Record<string, unknown>): void {
    if (level === 'debug' && !this.debug) return;
    if (this.format === 'json') {
      this.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level, msg: message, ...(data ?? {}) })}\n`);
      return;
    }
    const stream = level === 'error' || level === 'warn' ? this.stderr : this.stdout;
    const prefix = level === 'warn' ? 'warning: ' : level === 'error' ? 'error: ' : '';
    stream.write(`${prefix}${message}\n`);
  }

  info(message: string, data?: Record<string, unknown>): void {
    this.emit('info', message, data);
  }
  warn(message: string, data?: Record<string, unknown>): void {
    this.emit('warn', message, data);
  }
  debugLog(message: string, data?: Record<string, unknown>): void {
    this.emit('debug', message, data);
  }
  /** Raw result text (compiled SQL, ls lines): stdout, unadorned in text mode. */
  result(text: string, data?: Record<string, unknown>): void {
    if (this.format === 'json') this.emit('info', text, { result: true, ...(data ?? {}) });
    else this.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
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
