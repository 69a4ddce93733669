/**
 * Renders Jinja inside profiles.yml values before any project context exists:
 * only `env_var()` (and `var()` of command-line vars) are available, as in dbt.
 */
import { KilnError } from '../errors.js';
import { createJinjaEnvironment, renderTemplateString } from './compat/index.js';

export function createConfigStringRenderer(cliVars: () => Record<string, unknown> = () => ({})): (text: string, file: string) => string {
  const env = createJinjaEnvironment();
  return (text, file) => {
    const context = {
      env_var: (name: string, fallback?: unknown) => {
        const value = process.env[name];
        if (value !== undefined) return value;
        if (fallback !== undefined) return fallback;
        throw new KilnError(`env var '${name}' is not set and env_var() was given no default`, { file, hint: `export ${name}=… or write env_var('${name}', 'default')` });
      },
      var: (name: string, fallback?: unknown) => cliVars()[name] ?? fallback ?? null,
    };
    return renderTemplateString(env, text, context, { name: file });
  };
}
