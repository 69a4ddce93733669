/**
 * Node module hooks (registered with `module.register`) that let a model import `.ts`
 * files with no build step: `.ts`/`.mts` files are stripped of types by sucrase when
 * loaded, and a relative import written the TypeScript way (`./chunker.js` or
 * `./chunker` for `chunker.ts`) finds the `.ts` file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'sucrase';

interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;
type NextLoad = (url: string, context: unknown) => Promise<{ format: string; source?: string | Buffer | null; shortCircuit?: boolean }>;

const TYPESCRIPT = /\.(ts|mts)$/;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; format?: string | null; shortCircuit?: boolean }> {
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  if (relative && context.parentURL?.startsWith('file:') && TYPESCRIPT.test(fileURLToPath(context.parentURL))) {
    const base = new URL(specifier, context.parentURL);
    for (const candidate of typeScriptCandidates(base)) {
      if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, format: 'module', shortCircuit: true };
    }
  }
  return next(specifier, context);
}

/** `x.js` → `x.ts`; `x` → `x.ts`, `x/index.ts`; an existing file as written wins (checked by Node after). */
function typeScriptCandidates(url: URL): URL[] {
  if (existsSync(fileURLToPath(url)) && !url.pathname.endsWith('/')) return [url];
  const path = url.pathname;
  if (path.endsWith('.js')) return [new URL(`${path.slice(0, -3)}.ts${url.search}`, url)];
  if (path.endsWith('.mjs')) return [new URL(`${path.slice(0, -4)}.mts${url.search}`, url)];
  if (/\.[a-z]+$/i.test(path)) return [];
  return [new URL(`${path}.ts${url.search}`, url), new URL(`${path}/index.ts${url.search}`, url)];
}

export async function load(url: string, context: unknown, next: NextLoad): Promise<{ format: string; source?: string | Buffer | null; shortCircuit?: boolean }> {
  if (url.startsWith('file:') && TYPESCRIPT.test(new URL(url).pathname)) {
    const file = fileURLToPath(url);
    const code = await readFile(file, 'utf8');
    const { code: javascript } = transform(code, { transforms: ['typescript'], filePath: file, disableESTransforms: true });
    return { format: 'module', source: javascript, shortCircuit: true };
  }
  return next(url, context);
}
