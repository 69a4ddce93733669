/**
 * Renders Jinja inside profiles.yml values before any project context exists:
 * only `env_var()` (and `var()` of command-line vars) are available, as in dbt.
 */
import { envVar } from './envVar.js';
import { createJinjaEnvironment, renderTemplateString } from './compat/index.js';

export function createConfigStringRenderer(cliVars: () => Record<string, unknown> = () => ({})): (text: string, file: string) => string {
  const env = createJinjaEnvironment();
  return (text, file) => {
    const context = {
      env_var: (name: string, fallback?: unknown) => envVar(name, fallback, file),
      var: (name: string, fallback?: unknown) => cliVars()[name] ?? fallback ?? null,
    };
    return renderTemplateString(env, text, context, { name: file });
  };
}
