/**
 * Worker threads run plain JavaScript, so a module they load must be a compiled
 * `.js` file. Running compiled (`dist/…`) every module already is one. Running from
 * TypeScript sources (vitest imports `src/…ts`), the same module is taken from its
 * compiled mirror under `dist/`, which `npm run build` produces.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KilnError } from '../../errors.js';

/**
 * The `.js` file a worker can load for `relativePath` (written as in an ESM import,
 * e.g. `./worker.js`) resolved from `fromModuleUrl` (the caller's `import.meta.url`).
 */
export function runtimeModuleUrl(relativePath: string, fromModuleUrl: string): URL {
  const besideCaller = new URL(relativePath, fromModuleUrl);
  if (!fromModuleUrl.endsWith('.ts')) return besideCaller;
  const compiled = compiledMirror(fileURLToPath(besideCaller));
  if (!compiled || !existsSync(compiled)) {
    throw new KilnError(`Cannot find the compiled JavaScript for ${fileURLToPath(besideCaller)}.`, {
      hint: 'Run `npm run build` so that dist/ holds the compiled adapters the worker thread loads.',
    });
  }
  return pathToFileURL(compiled);
}

/** `<root>/src/a/b.js` → `<root>/dist/a/b.js` (the last `src` folder on the path). */
function compiledMirror(sourcePath: string): string | undefined {
  const normalized = sourcePath.replaceAll('\\', '/');
  const at = normalized.lastIndexOf('/src/');
  if (at < 0) return undefined;
  return `${normalized.slice(0, at)}/dist/${normalized.slice(at + '/src/'.length)}`;
}
