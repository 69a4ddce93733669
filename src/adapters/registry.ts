/**
 * Finds the adapter for a target's `type` and starts it: the dialect on the main
 * thread, the connection in a bridge worker. Adapters are looked up first among the
 * built-in folders (`src/adapters/<type>/index.ts`, compiled to
 * `dist/adapters/<type>/index.js`), then as an installed npm package
 * `kiln-adapter-<type>`, resolved from the project root.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KilnError } from '../errors.js';
import { runtimeModuleUrl } from './bridge/runtime-module-url.js';
import type { Adapter, AdapterModule } from './types.js';

// The worker bridge loads only when a connection starts: commands that only read the project
// (`ls`, `compile` without introspection) resolve the adapter here without paying for it.
const bridge = () => Promise.all([import('./bridge/adapter-worker.js'), import('./bridged-adapter.js')]);

export interface AdapterTarget {
  type: string;
  [key: string]: unknown;
}

export interface CreateAdapterOptions {
  threads: number;
  projectRoot: string;
  lockWaitSeconds?: number;
}

export const ADAPTER_PACKAGE_PREFIX = 'kiln-adapter-';

/** Start the warehouse worker ahead of need, preloading DuckDB's driver (the default target's). */
export async function prewarmWarehouse(): Promise<void> {
  const [{ prewarmAdapterWorker }] = await bridge();
  prewarmAdapterWorker(runtimeModuleUrl('./duckdb/connection.js', import.meta.url).href);
}

/** Before exiting: let a prewarmed worker no command took finish its preload (settleSpareWorker). */
export async function settleWarehouseWorker(): Promise<void> {
  const [{ settleSpareWorker }] = await bridge();
  settleSpareWorker();
}

export async function createAdapter(target: AdapterTarget, options: CreateAdapterOptions): Promise<Adapter> {
  const located = locateAdapterModule(target.type, options.projectRoot);
  const module = await loadAdapterModule(located.mainThreadUrl, target.type);
  const dialect = module.createDialect(target);
  const [{ startAdapterWorker }, { BridgedAdapter }] = await bridge();
  const worker = await startAdapterWorker({
    moduleUrl: located.workerUrl,
    target: { ...target },
    threads: options.threads,
    projectRoot: options.projectRoot,
    lockWaitSeconds: options.lockWaitSeconds,
  });
  return new BridgedAdapter(dialect, worker);
}

interface LocatedAdapterModule {
  /** What the main thread imports (may be TypeScript when running under vitest). */
  mainThreadUrl: string;
  /** What the worker imports: always compiled JavaScript. */
  workerUrl: string;
}

const ADAPTER_TYPE = /^[a-z0-9][a-z0-9_-]*$/i;

export function locateAdapterModule(type: string, projectRoot: string): LocatedAdapterModule {
  if (typeof type !== 'string' || !ADAPTER_TYPE.test(type)) {
    throw new KilnError(`"${String(type)}" is not a valid adapter type.`, { hint: `Known adapter types: ${builtInAdapterTypes().join(', ')}.` });
  }
  if (builtInAdapterTypes().includes(type)) {
    // From sources (vitest) the main thread imports index.ts; the worker always gets compiled JS.
    const mainThreadUrl = new URL(`./${type}/index${path.extname(import.meta.url)}`, import.meta.url).href;
    return { mainThreadUrl, workerUrl: runtimeModuleUrl(`./${type}/index.js`, import.meta.url).href };
  }
  const installed = resolveInstalledPackage(`${ADAPTER_PACKAGE_PREFIX}${type}`, projectRoot);
  if (installed) return { mainThreadUrl: installed, workerUrl: installed };
  throw new KilnError(`No adapter for target type "${type}".`, {
    hint: `Built-in adapters: ${builtInAdapterTypes().join(', ')}. For another warehouse, install its adapter: npm install ${ADAPTER_PACKAGE_PREFIX}${type}`,
  });
}

/** Folders beside this file holding an adapter entry point (`<type>/index.ts` or `.js`). */
export function builtInAdapterTypes(): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const extension = path.extname(fileURLToPath(import.meta.url));
  return readdirSync(here, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(here, entry.name, `index${extension}`)))
    .map((entry) => entry.name)
    .sort();
}

/** The entry file URL of an npm package installed for the project, or undefined. */
function resolveInstalledPackage(packageName: string, projectRoot: string): string | undefined {
  const require = createRequire(path.join(path.resolve(projectRoot), 'package.json'));
  try {
    return pathToFileURL(require.resolve(packageName)).href;
  } catch {
    // ESM-only packages have no `require` export: read their package.json instead.
  }
  const packageDir = findPackageDir(packageName, path.resolve(projectRoot));
  if (!packageDir) return undefined;
  const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  return pathToFileURL(path.join(packageDir, esmEntry(manifest))).href;
}

function findPackageDir(packageName: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', packageName);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function esmEntry(manifest: Record<string, unknown>): string {
  const exported = manifest.exports;
  const root = typeof exported === 'object' && exported !== null && '.' in exported ? (exported as Record<string, unknown>)['.'] : exported;
  if (typeof root === 'string') return root;
  if (typeof root === 'object' && root !== null) {
    const conditions = root as Record<string, unknown>;
    for (const condition of ['import', 'node', 'default']) {
      if (typeof conditions[condition] === 'string') return conditions[condition] as string;
    }
  }
  if (typeof manifest.module === 'string') return manifest.module;
  if (typeof manifest.main === 'string') return manifest.main;
  return 'index.js';
}

async function loadAdapterModule(url: string, type: string): Promise<AdapterModule> {
  let loaded: Partial<AdapterModule> & { default?: Partial<AdapterModule> };
  try {
    loaded = (await import(url)) as typeof loaded;
  } catch (error) {
    throw new KilnError(`Could not load the adapter for "${type}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const module = typeof loaded.createDialect === 'function' ? loaded : loaded.default;
  if (!module || typeof module.createDialect !== 'function' || typeof module.createConnection !== 'function') {
    throw new KilnError(`The adapter for "${type}" (${url}) does not export createDialect() and createConnection().`);
  }
  return module as AdapterModule;
}
