/**
 * The one error family users read. Every failure caused by the user's project
 * (bad YAML, a template error, a missing ref, a failed query) is a KilnError:
 * a message, the file and line where known, and a hint saying how to fix it.
 * The CLI prints it without a stack trace (unless --debug) and exits non-zero.
 */
export interface KilnErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  /** A short quote of the offending construct, shown under the message. */
  excerpt?: string;
  cause?: unknown;
}

export class KilnError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  readonly excerpt?: string;

  constructor(message: string, details: KilnErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'KilnError';
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
    this.hint = details.hint;
    this.excerpt = details.excerpt;
  }

  /** `file:line:col` where known, else the empty string. */
  get location(): string {
    if (!this.file) return '';
    let where = this.file;
    if (this.line !== undefined) where += `:${this.line}`;
    if (this.line !== undefined && this.column !== undefined) where += `:${this.column}`;
    return where;
  }

  /** The text the CLI prints. */
  format(): string {
    const lines: string[] = [];
    const where = this.location;
    lines.push(where ? `${where}: ${this.message}` : this.message);
    if (this.excerpt) lines.push(...this.excerpt.split('\n').map((l) => `    ${l}`));
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

/** Several independent problems found in one pass (e.g. every bad YAML key). */
export class KilnErrors extends KilnError {
  readonly errors: KilnError[];
  constructor(errors: KilnError[]) {
    super(errors.length === 1 ? errors[0]!.message : `${errors.length} problems found`, {
      file: errors.length === 1 ? errors[0]!.file : undefined,
      line: errors.length === 1 ? errors[0]!.line : undefined,
    });
    this.name = 'KilnErrors';
    this.errors = errors;
  }
  override format(): string {
    return this.errors.map((e) => e.format()).join('\n');
  }
}

export function isKilnError(value: unknown): value is KilnError {
  return value instanceof KilnError;
}
