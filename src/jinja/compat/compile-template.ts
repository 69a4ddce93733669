/**
 * Template source → render functions, through kiln's Jinja parser and
 * compiler. Compiling is the expensive step (a project has thousands of
 * templates), so compiled templates are cached per environment by source
 * text: identical sources share one compilation. An environment can also be
 * given a TemplateCodeStore, which keeps the generated JavaScript between
 * runs (kiln's lives in target/), so a later run skips parsing the template.
 */
import { createHash } from 'node:crypto';
import type { Environment } from 'nunjucks';
import { JinjaCompiler } from './compiler/jinja-compiler.js';
import { njLib, njTransformer, type NjNode } from './nunjucks-internals.js';
import { parseJinja } from './parser/jinja-parser.js';
import { jinjaRuntime } from './runtime/jinja-runtime.js';

export type RenderFunction = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, out?: string) => void) => void;

export interface CompiledTemplate {
  root: RenderFunction;
  blocks: Record<string, RenderFunction>;
  /** What nunjucks's Template accepts as precompiled code (`{ type: 'code', obj }`). */
  code: Record<string, RenderFunction>;
}

/**
 * Jinja2's lexer normalises newlines to "\n" and, with the default
 * keep_trailing_newline=False that dbt uses, drops one trailing newline.
 */
export function normalizeJinjaSource(source: string): string {
  const text = source.includes('\r') ? source.replace(/\r\n?/g, '\n') : source;
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

export function compileJinjaTemplate(env: Environment, source: string, name: string | undefined): CompiledTemplate {
  const store = codeStores.get(env);
  const key = store && templateKey(source, name);
  const saved = key === undefined ? undefined : store!.get(key);
  if (saved !== undefined) return instantiate(saved);
  const generated = generateTemplateCode(env, source, name);
  const compiled = instantiate(generated);
  if (key !== undefined) store!.set(key, generated);
  return compiled;
}

/** The JavaScript source of a template's render functions (what nunjucks's compiler emits). */
function generateTemplateCode(env: Environment, source: string, name: string | undefined): string {
  const envInternals = env as unknown as { extensionsList: NjNode[]; asyncFilters: string[]; opts: Record<string, unknown> };
  const extensions = envInternals.extensionsList ?? [];
  let text = normalizeJinjaSource(source);
  for (const extension of extensions) if (typeof extension.preprocess === 'function') text = extension.preprocess(text);
  const parsed = parseJinja(text, extensions, envInternals.opts);
  const ast = needsTransform(text, envInternals.asyncFilters, extensions) ? njTransformer.transform(parsed, envInternals.asyncFilters, name) : parsed;
  const compiler = new JinjaCompiler(name, false);
  compiler.env = env;
  compiler.compile(ast);
  return compiler.getCode();
}

function instantiate(generated: string): CompiledTemplate {
  let code: Record<string, RenderFunction>;
  try {
    code = new Function('jinjaRuntime', generated)(jinjaRuntime);
  } catch (error) {
    // Generated code that JavaScript rejects, e.g. {% break %} inside a {% set %} block.
    throw new njLib.TemplateError(`template could not be compiled: ${(error as Error).message}`);
  }
  const blocks: Record<string, RenderFunction> = {};
  for (const key of Object.keys(code)) if (key.startsWith('b_')) blocks[key.slice(2)] = code[key]!;
  return { root: code.root!, blocks, code };
}

/** Generated code kept between runs, by template (its name is in the code, for error positions). */
export interface TemplateCodeStore {
  get(key: string): string | undefined;
  set(key: string, code: string): void;
}

const codeStores = new WeakMap<Environment, TemplateCodeStore>();

/**
 * Keep `env`'s generated template code in `store`. The store must be one for this build of kiln
 * and this environment's set-up (kiln's is keyed on its build and always sets environments up alike).
 */
export function useTemplateCodeStore(env: Environment, store: TemplateCodeStore): void {
  codeStores.set(env, store);
}

function templateKey(source: string, name: string | undefined): string {
  return createHash('sha1').update(name ?? '').update('\0').update(source).digest('base64');
}

/**
 * nunjucks's transform pass only rewrites async filters and extensions, the async
 * loop tags, and `super()` in blocks; for any other template it returns the tree as
 * it was, so it is skipped (about a tenth of compiling a template).
 */
function needsTransform(text: string, asyncFilters: string[], extensions: NjNode[]): boolean {
  if (asyncFilters.length > 0 || extensions.length > 0) return true;
  return /\b(?:block|asyncEach|asyncAll|ifAsync)\b/.test(text);
}

const caches = new WeakMap<Environment, Map<string, CompiledTemplate>>();

/** The compiled template for `source`, compiling it on first sight. */
export function getCompiledTemplate(env: Environment, source: string, name: string | undefined): CompiledTemplate {
  let cache = caches.get(env);
  if (!cache) caches.set(env, (cache = new Map()));
  let compiled = cache.get(source);
  if (!compiled) {
    compiled = compileJinjaTemplate(env, source, name);
    cache.set(source, compiled);
  }
  return compiled;
}

/** Forgets compiled templates, e.g. after filters or extensions changed. */
export function clearCompiledTemplates(env: Environment): void {
  caches.delete(env);
}
