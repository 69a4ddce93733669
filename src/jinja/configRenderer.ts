/**
 * Renders Jinja inside profiles.yml values before any project context exists:
 * only `env_var()` (and `var()` of command-line vars) are available, as in dbt.
 * The Jinja engine loads only when a value holds Jinja (call the loader through withLazyModules).
 */
import { ModuleNotLoaded } from '../lazyModules.js';
import { envVar } from './envVar.js';

type JinjaCompat = typeof import('./compat/index.js');
let jinja: JinjaCompat | undefined;
const loadJinja = async (): Promise<JinjaCompat> => (jinja ??= await import('./compat/index.js'));

export function createConfigStringRenderer(cliVars: () => Record<string, unknown> = () => ({})): (text: string, file: string) => string {
  let env: ReturnType<JinjaCompat['createJinjaEnvironment']> | undefined;
  return (text, file) => {
    if (!jinja) throw new ModuleNotLoaded('the Jinja engine', loadJinja);
    env ??= jinja.createJinjaEnvironment();
    const context = {
      env_var: (name: string, fallback?: unknown) => envVar(name, fallback, file),
      var: (name: string, fallback?: unknown) => cliVars()[name] ?? fallback ?? null,
    };
    return jinja.renderTemplateString(env, text, context, { name: file });
  };
}
