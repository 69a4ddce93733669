/**
 * Turns whatever a template threw (a nunjucks parse/compile TemplateError,
 * a run-time JavaScript error, a stray `return()`) into a KilnError naming
 * the user's file and 1-based line, quoting that line, and hinting at the
 * fix where the cause is recognisable. No nunjucks stack or prefixes.
 */
import { closest } from 'fastest-levenshtein';
import type { Environment } from 'nunjucks';
import { KilnError } from '../../errors.js';
import type { CompileFailureDetails } from './compiler/jinja-compiler.js';
import { errorLocations } from './runtime/jinja-runtime.js';
import { MacroReturn } from './runtime/macros.js';

interface RawTemplateError {
  message?: string;
  lineno?: number;
  colno?: number;
  kilnHint?: string;
  kilnUnknown?: CompileFailureDetails;
  cause?: unknown;
}

const NUNJUCKS_PREFIX = /^(?:\w*[Pp]arse\w*|compile\w*|assertType|advanceAfterBlockEnd): /;

function excerptOf(source: string, line: number | undefined, column: number | undefined): string | undefined {
  if (!line) return undefined;
  const text = source.split(/\r\n|\r|\n/)[line - 1];
  if (text === undefined) return undefined;
  if (!column || column > text.length + 1) return text;
  return `${text}\n${' '.repeat(column - 1)}^`;
}

function suggestion(env: Environment | undefined, unknown: CompileFailureDetails): string {
  const table = (env as unknown as Record<string, Record<string, unknown>> | undefined)?.[unknown.kind === 'filter' ? 'filters' : 'tests'];
  const known = table ? Object.keys(table) : [];
  const near = known.length ? closest(unknown.name, known) : undefined;
  return near ? `did you mean '${near}'?` : `Jinja has no ${unknown.kind} of that name; to transform a value, write a macro`;
}

function hintFor(message: string, raw: RawTemplateError, env: Environment | undefined): string | undefined {
  if (raw.kilnHint) return raw.kilnHint;
  if (raw.kilnUnknown) return suggestion(env, raw.kilnUnknown);
  if (/expected variable end/.test(message)) return 'close the expression with }}';
  if (/expected block end/.test(message)) return 'close the tag with %}';
  if (/^'.*' is undefined$/.test(message)) return 'check the spelling, or define it before use (set, macro, import, or the render context)';
  if (/end of comment/.test(message)) return 'close the comment with #}';
  return undefined;
}

export interface TemplateErrorSource {
  /** The template's file name, as the user knows it. */
  name: string;
  source: string;
  env?: Environment;
}

export function toKilnError(error: unknown, where: TemplateErrorSource): KilnError {
  const located = typeof error === 'object' && error !== null ? errorLocations.get(error) : undefined;
  if (error instanceof KilnError && error.file) {
    // kiln's own errors (a missing var, a bad ref) know the file; the template knows the line.
    const sameFile = error.file === (located?.file ?? where.name);
    if (error.line !== undefined || !located?.line || !sameFile) return error;
    return new KilnError(error.message, { file: error.file, line: located.line, column: located.column, hint: error.hint, excerpt: excerptOf(where.source, located.line, located.column), cause: error });
  }
  const raw = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as RawTemplateError;
  if (error instanceof MacroReturn) {
    return new KilnError('return() was called outside of a macro', {
      file: where.name,
      line: located?.line,
      excerpt: excerptOf(where.source, located?.line, undefined),
      hint: 'return() ends a macro with a value; at the top level of a template, print the value instead',
    });
  }
  const file = located?.file ?? where.name;
  const line = located?.line ?? raw.lineno;
  const column = located ? located.column : raw.colno;
  let message = String(raw.message ?? error).replace(NUNJUCKS_PREFIX, '');
  if (error instanceof TypeError || error instanceof RangeError) message = `${error.name}: ${message}`;
  const fromOtherFile = located?.file !== undefined && located.file !== where.name;
  const hint = error instanceof KilnError && error.hint ? error.hint : hintFor(message, raw, where.env);
  return new KilnError(message, {
    file,
    line,
    column,
    hint,
    excerpt: fromOtherFile ? undefined : excerptOf(where.source, line, column),
    cause: error,
  });
}
