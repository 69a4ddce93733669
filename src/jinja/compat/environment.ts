/**
 * Environments that render like Jinja2 (and dbt): `createJinjaEnvironment`
 * builds one with dbt's defaults; `installJinjaCompat` upgrades an existing
 * nunjucks Environment in place (idempotent). Only the given environment
 * changes: its filters, tests and globals, its loaders (wrapped so templates
 * it loads for include/import/extends go through kiln's compiler) and its
 * `renderString`. No nunjucks module or prototype is modified.
 */
import type { Environment, ILoader } from 'nunjucks';
import { compileJinjaTemplate } from './compile-template.js';
import { JINJA_FILTERS } from './jinja-filters.js';
import { JINJA_GLOBALS } from './jinja-globals.js';
import { JINJA_TESTS } from './jinja-tests.js';
import { renderTemplateString } from './render.js';
import { NunjucksEnvironment } from './nunjucks-internals.js';

const INSTALLED = Symbol.for('kiln.jinjaCompat');

export interface JinjaEnvironmentOptions {
  loader?: ILoader | null;
  autoescape?: false;
}

interface LoaderSource {
  src: unknown;
  path: string;
  noCache?: boolean;
}

interface SyncLoader {
  getSource(name: string): LoaderSource | null;
  isRelative?(name: string): boolean;
  resolve?(from: string, to: string): string;
  async?: boolean;
  cache?: Record<string, unknown>;
}

/** Serves precompiled (Jinja-compiled) code to nunjucks's Template instead of raw source. */
function wrapLoader(env: Environment, loader: SyncLoader): SyncLoader {
  if (loader.async) throw new Error('kiln templates need a synchronous nunjucks loader');
  const wrapped: SyncLoader = {
    cache: {},
    getSource(name: string) {
      const info = loader.getSource(name);
      if (!info || typeof info.src !== 'string') return info;
      return { ...info, src: { type: 'code', obj: compileJinjaTemplate(env, info.src, info.path).code } };
    },
  };
  if (loader.isRelative) wrapped.isRelative = (name) => loader.isRelative!(name);
  if (loader.resolve) wrapped.resolve = (from, to) => loader.resolve!(from, to);
  return wrapped;
}

export function installJinjaCompat(env: Environment): Environment {
  const target = env as unknown as Record<PropertyKey, unknown> & { loaders: SyncLoader[] };
  if (target[INSTALLED]) return env;
  target[INSTALLED] = true;
  for (const [name, filter] of Object.entries(JINJA_FILTERS)) env.addFilter(name, filter as (...args: unknown[]) => unknown);
  const withTests = env as unknown as { addTest(name: string, test: Function): void };
  for (const [name, test] of Object.entries(JINJA_TESTS)) withTests.addTest(name, test);
  for (const [name, value] of Object.entries(JINJA_GLOBALS)) env.addGlobal(name, value);
  target.loaders = target.loaders.map((loader) => wrapLoader(env, loader));
  target.renderString = (source: string, context?: object, opts?: unknown, cb?: unknown): string | void => {
    const callback = (typeof opts === 'function' ? opts : cb) as ((err: unknown, out?: string) => void) | undefined;
    const name = (typeof opts === 'object' && opts !== null && (opts as { path?: string }).path) || '<string>';
    try {
      const out = renderTemplateString(env, source, (context ?? {}) as Record<string, unknown>, { name });
      if (!callback) return out;
      callback(null, out);
    } catch (error) {
      if (!callback) throw error;
      callback(error);
    }
  };
  return env;
}

/** A nunjucks Environment configured like dbt's Jinja environment, with every compat feature. */
export function createJinjaEnvironment(options: JinjaEnvironmentOptions = {}): Environment {
  const env = new NunjucksEnvironment(options.loader ? [options.loader] : [], {
    autoescape: options.autoescape ?? false,
    throwOnUndefined: false,
    trimBlocks: false,
    lstripBlocks: false,
  });
  return installJinjaCompat(env);
}
