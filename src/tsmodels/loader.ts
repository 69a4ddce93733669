/**
 * Loading a model module. `.ts` goes through kiln's module hooks (registered once per
 * process); the checksum in the URL makes an edited file load afresh in a long-lived
 * process (tests, watch mode) instead of from Node's module cache.
 */
import { register } from 'node:module';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KilnError } from '../errors.js';

export type ModelFunction = (context: unknown) => unknown;

let hooksRegistered = false;

function registerHooks(): void {
  if (hooksRegistered) return;
  register(new URL('./loaderHooks.js', import.meta.url));
  hooksRegistered = true;
}

/** The model function a module exports: `default`, or a function named `model`. */
export interface ModelFile {
  absPath: string;
  /** As shown to the user (relative to the project). */
  file: string;
  projectRoot: string;
}

export async function importModelFunction(model: ModelFile, checksum: string): Promise<ModelFunction> {
  const { absPath, file } = model;
  registerHooks();
  const url = `${pathToFileURL(absPath).href}?v=${checksum.slice(0, 16)}`;
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw errorInModel(error, model, 'failed to load');
  }
  const fn = typeof module['default'] === 'function' ? module['default'] : module['model'];
  if (typeof fn !== 'function') {
    throw new KilnError('the model exports no function', { file, hint: 'export the model as `export default async function (ctx) { … }` (or a function named `model`)' });
  }
  return fn as ModelFunction;
}

/**
 * A KilnError for an exception thrown by a model's code: the model's file and the line
 * of the innermost stack frame in the project's own files (the model or a module it imports).
 */
export function errorInModel(error: unknown, model: ModelFile, what = 'failed'): KilnError {
  const { absPath, file } = model;
  if (error instanceof KilnError) return error.file ? error : new KilnError(error.message, { file, hint: error.hint, cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const { innermost, inModel } = projectFrames(error, absPath, model.projectRoot);
  // Thrown in a module the model imports: say where, and give the model's own line too.
  const where = innermost && innermost.file !== absPath ? ` (in ${relative(model.projectRoot, innermost.file)}:${innermost.line})` : '';
  return new KilnError(`the model ${what}: ${message}${where}`, { file, line: inModel?.line, column: inModel?.column, cause: error });
}

interface Frame {
  file: string;
  line: number;
  column: number;
}

/** The innermost stack frame in the project's own files, and the innermost in the model's file. */
function projectFrames(error: unknown, absPath: string, projectRoot: string): { innermost?: Frame; inModel?: Frame } {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const projectDir = projectRoot.endsWith('/') ? projectRoot : `${projectRoot}/`;
  const frames: Frame[] = [];
  for (const match of stack.matchAll(/file:\/\/([^\s)?:]+)(?:\?[^\s):]*)?:(\d+):(\d+)/g)) {
    const path = decodeURIComponent(match[1]!);
    if (path.startsWith(projectDir) && !path.includes('/node_modules/')) frames.push({ file: path, line: Number(match[2]), column: Number(match[3]) });
  }
  return { innermost: frames[0], inModel: frames.find((frame) => frame.file === absPath) };
}
