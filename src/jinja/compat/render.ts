/**
 * Rendering entry points: a template string with a context, and a file of
 * macro definitions whose macros other templates (and TypeScript) call.
 */
import type { Environment } from 'nunjucks';
import { getCompiledTemplate, type CompiledTemplate } from './compile-template.js';
import { Frame } from './nunjucks-internals.js';
import { JinjaRenderContext } from './render-context.js';
import { jinjaRuntime } from './runtime/jinja-runtime.js';
import { toKilnError } from './template-errors.js';

function compileOrThrow(env: Environment, source: string, name: string): CompiledTemplate {
  try {
    return getCompiledTemplate(env, source, name);
  } catch (error) {
    throw toKilnError(error, { name, source, env });
  }
}

/** Runs a compiled template's root; returns its output and the context it filled. */
function runTemplate(env: Environment, compiled: CompiledTemplate, vars: Record<string, unknown>, name: string, source: string): { output: string; context: JinjaRenderContext } {
  const context = new JinjaRenderContext(vars, compiled.blocks, env, name);
  const frame = new Frame();
  frame.topLevel = true;
  let output = '';
  let failure: unknown;
  let failed = false;
  compiled.root(env, context, frame, jinjaRuntime, (error, result) => {
    if (error && !failed) {
      failed = true;
      failure = error;
    } else if (!error) output = result ?? '';
  });
  if (failed) throw toKilnError(failure, { name, source, env });
  return { output, context };
}

/**
 * Renders `source` synchronously with Jinja2 semantics. Compiled code is
 * cached by source text. Errors are KilnErrors located in `name`.
 */
export function renderTemplateString(
  env: Environment,
  source: string,
  context: Record<string, unknown> = {},
  options: { name: string },
): string {
  const compiled = compileOrThrow(env, source, options.name);
  return runTemplate(env, compiled, context, options.name, source).output;
}

/**
 * Compiles a file of `{% macro %}` definitions and returns its macros by
 * name. `context` is what the macro bodies see as template variables (kiln
 * passes the render context and the other macros); macros are cheap to
 * re-create per render because the compiled code is cached.
 */
export function loadMacrosFromSource(
  env: Environment,
  source: string,
  name: string,
  context: Record<string, unknown> = {},
): Record<string, Function> {
  const compiled = compileOrThrow(env, source, name);
  const filled = runTemplate(env, compiled, context, name, source).context;
  const macros: Record<string, Function> = {};
  for (const [key, value] of Object.entries(filled.getExported())) if (typeof value === 'function') macros[key] = value;
  // Jinja keeps `_name` macros out of imports, but dbt registers them like any other
  // (dbt_utils._is_relation): take the ones this source defined, not those passed in.
  for (const [key, value] of Object.entries(filled.getVariables() as Record<string, unknown>)) {
    if (key.startsWith('_') && typeof value === 'function' && value !== context[key]) macros[key] = value;
  }
  return macros;
}
