// TEMPORARY shim written by the lead engineer to unblock integration testing of the
// rest of kiln. The compat-layer owner: replace this whole file with the real one.
import nunjucks from 'nunjucks';
import { KilnError } from '../../errors.js';

export function createJinjaEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  nunjucks.installJinjaCompat();
  env.addGlobal('return', (v: unknown) => v);
  return env;
}

const cache = new Map<string, nunjucks.Template>();
export function renderTemplateString(env: nunjucks.Environment, source: string, context: object, options: { name: string }): string {
  try {
    let t = cache.get(source);
    if (!t) {
      t = new nunjucks.Template(source, env, options.name, true);
      cache.set(source, t);
    }
    return t.render(context);
  } catch (e) {
    if (e instanceof KilnError) throw e;
    throw new KilnError(String((e as Error).message), { file: options.name });
  }
}

export function loadMacrosFromSource(env: nunjucks.Environment, source: string, name: string, context: object): Record<string, unknown> {
  const t = new nunjucks.Template(source, env, name, true);
  let out: Record<string, unknown> = {};
  (t as unknown as { getExported(ctx: object, cb: (e: unknown, r: Record<string, unknown>) => void): void }).getExported(context, (e, r) => {
    if (e) throw e;
    out = r;
  });
  return out;
}

export function callWithKwargs(fn: (...a: unknown[]) => unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  return Object.keys(kwargs).length ? fn(...args, { ...kwargs, __keywords: true }) : fn(...args);
}
