/**
 * TypeScript → JavaScript for models, with sucrase: types are stripped, nothing is
 * type-checked, and line numbers stay the same, so a stack trace or a syntax error
 * points at the user's own line.
 */
import { createRequire } from 'node:module';
import { KilnError } from '../errors.js';

/** sucrase is loaded on first use: a project without TypeScript models never pays for it. */
let sucrase: typeof import('sucrase') | undefined;
function transform(...args: Parameters<typeof import('sucrase').transform>): ReturnType<typeof import('sucrase').transform> {
  sucrase ??= createRequire(import.meta.url)('sucrase') as typeof import('sucrase');
  return sucrase.transform(...args);
}

/** Files kiln loads as TypeScript (`.mjs` is plain JavaScript and passes through). */
export function isTypeScriptFile(path: string): boolean {
  return /\.(ts|mts)$/.test(path) && !/\.d\.(m?)ts$/.test(path);
}

export function transpileModel(code: string, file: string): string {
  if (!isTypeScriptFile(file)) return code;
  try {
    return transform(code, { transforms: ['typescript'], filePath: file, disableESTransforms: true }).code;
  } catch (error) {
    // sucrase's columns count from 1.
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = (error as Error).message.replace(/^Error transforming [^:]+: /, '').replace(/\s*\(\d+:\d+\)$/, '');
    throw new KilnError(`TypeScript syntax error: ${message}`, { file, line: loc?.line, column: loc?.column, excerpt: loc ? excerptAt(code, loc.line) : undefined });
  }
}

export function excerptAt(code: string, line: number): string | undefined {
  const text = code.split('\n')[line - 1];
  return text === undefined ? undefined : text.trim();
}
