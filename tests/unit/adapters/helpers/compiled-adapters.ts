/**
 * The bridge worker is a real worker thread, so it loads compiled JavaScript from
 * dist/ even when vitest runs the suite from the TypeScript sources. `npm test`
 * builds dist/ with tsc first; for a bare `npx vitest run`, this brings the adapter
 * files in dist/ up to date (transpile only, no type check) when a source is newer.
 */
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SRC = path.join(REPO_ROOT, 'src');
const DIST = path.join(REPO_ROOT, 'dist');

/** Sources the worker needs at runtime: the adapters and the error family they throw. */
function workerSources(): string[] {
  const found: string[] = [path.join(SRC, 'errors.ts')];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
    }
  };
  walk(path.join(SRC, 'adapters'));
  return found;
}

function modifiedTime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

export function ensureAdaptersCompiled(): void {
  for (const source of workerSources()) {
    const output = path.join(DIST, path.relative(SRC, source)).replace(/\.ts$/, '.js');
    if (modifiedTime(output) >= modifiedTime(source)) continue;
    const { outputText } = ts.transpileModule(ts.sys.readFile(source) ?? '', {
      fileName: source,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    mkdirSync(path.dirname(output), { recursive: true });
    // Write then rename: test files run in parallel and may both refresh the same file.
    const partial = `${output}.${process.pid}.tmp`;
    writeFileSync(partial, outputText);
    renameSync(partial, output);
  }
}
