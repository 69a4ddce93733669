/**
 * Jinja2 compatibility for nunjucks: render dbt-style templates exactly as
 * Jinja2 3.1 does. See environment.ts (setup), render.ts (entry points),
 * runtime/macros.ts (value-returning macros and calling macros from TS).
 */
export { createJinjaEnvironment, installJinjaCompat, type JinjaEnvironmentOptions } from './environment.js';
export { renderTemplateString, loadMacrosFromSource } from './render.js';
export { callMacro, callWithKwargs, MacroReturn, type JinjaMacro } from './runtime/macros.js';
export { clearCompiledTemplates, useTemplateCodeStore, type TemplateCodeStore } from './compile-template.js';
export { JinjaNamespace, makeTuple, isTuple, pyStr, pyRepr } from './runtime/python-values.js';
