/**
 * The dbt context for templates, at parse time and at run time.
 *
 * One nunjucks Environment serves the whole invocation. Its globals are a proxy
 * that resolves names against the render in progress (`this`, `model`, `config`,
 * `ref` …), then kiln's Jinja globals, then macros — looked up from the package of
 * the macro or node being rendered (own package, root project, kiln's internal
 * macros), then package namespaces (`dbt_utils.star`). Rendering is synchronous,
 * so "the render in progress" is a stack of frames on this object.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Environment } from 'nunjucks';
import type { Adapter, AdapterDialect } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import type { ManifestNode, RefCall } from '../project/nodes.js';
import { mergeConfig } from '../project/configMerge.js';
import { didYouMean } from '../project/suggest.js';
import type { ConfigMap, Project } from '../project/types.js';
import { createAdapterObject, columnApi, Column, relationApi } from './adapterObject.js';
import { callWithKwargs, createJinjaEnvironment, renderTemplateString, useTemplateCodeStore, type TemplateCodeStore } from './compat/index.js';
import { bindArgsByName } from './compat/runtime/python-methods.js';
import { makeSet, makeTuple, pyIterate } from './compat/runtime/python-values.js';
import { exceptionsContext } from './exceptionsContext.js';
import { envVar } from './envVar.js';
import { INTERNAL_PACKAGE, internalMacroFiles } from './internalMacros.js';
import { MacroRegistry, type MacroFunction } from './macroRegistry.js';
import { PyDateTime, pythonModules } from './pythonModules.js';
import { Relation, stripKeywords } from './relation.js';
import { ResultTable, statementResult, type StatementResult } from './resultTable.js';
import { KILN_VERSION } from '../version.js';
import { ModuleNotLoaded } from '../lazyModules.js';
import { toKilnError } from './compat/template-errors.js';
import { adapterMacroRemoved, functionUnsupported, macroStackView, resolveMetric, validationObject } from './contextMembers.js';
import { yamlLibrary } from '../project/schemas/yamlLibrary.js';
import { redact } from '../secrets.js';
import { WarehouseNeeded } from './warehouseNeeded.js';

export type RenderMode = 'parse' | 'compile' | 'execute';

/** dbt's flags that kiln's commands do not set, at dbt's defaults. */
const FLAG_DEFAULTS: Record<string, unknown> = {
  FULL_REFRESH: false, STORE_FAILURES: false, WHICH: 'compile', EMPTY: false, WARN_ERROR: false, WARN_ERROR_OPTIONS: {}, FAIL_FAST: false,
  DEBUG: false, LOG_FORMAT: 'default', QUIET: false, PARTIAL_PARSE: true, USE_COLORS: true, PRINTER_WIDTH: 80, STATIC_PARSER: true,
  WRITE_JSON: true, INTROSPECT: true, VERSION_CHECK: true, SEND_ANONYMOUS_USAGE_STATS: false, CACHE_SELECTED_ONLY: false,
  INDIRECT_SELECTION: 'eager', TARGET_PATH: null, PROFILES_DIR: null, LOG_PATH: null, SELECT: null, EXCLUDE: null,
  EVENT_TIME_START: null, EVENT_TIME_END: null, INVOCATION_COMMAND: null,
};

/** zip's arguments: the iterables, and `default=` (dbt's zip returns it for what is not iterable). */
function zipArgs(args: unknown[]): { lists: unknown[]; fallback: unknown } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && '__keywords' in (last as object)) return { lists: args.slice(0, -1), fallback: (stripKeywords(last as { default?: unknown }).default ?? null) };
  return { lists: args, fallback: null };
}

/** Python's zip: tuples, as long as the shortest iterable; TypeError for what is not iterable. */
function zipLists(lists: unknown[]): unknown[] {
  const arrays = lists.map((l) => [...pyIterate(l)]);
  const n = arrays.length ? Math.min(...arrays.map((l) => l.length)) : 0;
  return Array.from({ length: n }, (_, i) => makeTuple(arrays.map((l) => l[i])));
}

/** json.dumps with Python's defaults: `, ` and `: ` separators, non-ASCII escaped, optional sorted keys. */
function pythonJson(value: unknown, sortKeys: boolean): string {
  const text = (v: string): string => JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const dump = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN';
    if (typeof v === 'bigint') return String(v);
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return `[${v.map(dump).join(', ')}]`;
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const entries = Object.entries(v as Record<string, unknown>).filter(([k]) => k !== '__keywords');
      if (sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${text(k)}: ${dump(x)}`).join(', ')}}`;
    }
    throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
  };
  return dump(value);
}

/** What the compile layer supplies for one render: how names resolve for this node. */
export interface RenderBindings {
  ref?: (call: RefCall) => Relation;
  source?: (sourceName: string, tableName: string) => Relation;
  this?: Relation | null;
  isIncremental?: () => boolean;
  /** Config from the project file and property YAML, before in-file `config()` calls. */
  baseConfig?: ConfigMap;
  /** Extra names (materialization context: sql, pre_hooks …; test context: model, column_name …). */
  extra?: Record<string, unknown>;
}

export interface RenderCapture {
  refs: RefCall[];
  sources: [string, string][];
  config: ConfigMap;
  macros: Set<string>;
}

interface Frame {
  mode: RenderMode;
  node?: ManifestNode;
  file: string;
  bindings: RenderBindings;
  capture: RenderCapture;
}

export interface FrameOptions {
  mode: RenderMode;
  file: string;
  node?: ManifestNode;
  bindings?: RenderBindings;
  packageName?: string;
}

export interface RuntimeOptions {
  project: Project;
  dialect: AdapterDialect;
  flags?: Record<string, unknown>;
  invocationId?: string;
  runStartedAt?: Date;
  log?: (message: string, level: 'info' | 'debug' | 'warn') => void;
  /** Where compiled template code is kept between runs. */
  templateCode?: TemplateCodeStore;
}

const DBT_NAMESPACE_CONTEXT = ['run_query', 'statement', 'noop_statement', 'load_result', 'store_result', 'is_incremental', 'should_full_refresh', 'should_store_failures', 'log', 'print'];

/**
 * Context names whose value depends only on what a compiled-output cache keys a node on (the node,
 * the project's macros, vars and target, and the relations it refers to), and that have no side
 * effect. Rendering any other name (env_var, run_started_at, graph, log, run_query …), or reaching
 * the warehouse, a file or a warning, makes a render unrepeatable: its output is not reused.
 * Unknown names count as unrepeatable, so a new context member is safe until classified here.
 */
export const REPEATABLE_NAMES: ReadonlySet<string> = new Set([
  // values
  'target', 'project_name', 'dbt_version', 'kiln_version', 'project_root', 'target_path', 'thread_id', 'execute', 'this', 'model', 'database', 'schema',
  // functions of their arguments and the node
  'api', 'zip', 'zip_strict', 'set', 'set_strict', 'tojson', 'fromjson', 'toyaml', 'fromyaml', 'local_md5', 'diff_of_two_dicts', 'return', 'namespace', 'dict', 'range', 'cycler', 'joiner',
  'config', 'ref', 'source', 'builtins', 'var', 'context', 'sql_now', 'try_or_compiler_error', 'render', 'quote',
  // of the node's config and the flags, which are part of the environment
  'should_full_refresh', 'should_store_failures', 'env', 'column', 'validation',
  // objects whose warehouse calls, file reads and warnings mark the render themselves
  'adapter', 'exceptions',
]);


/**
 * Config values dbt derives rather than stores: a snapshot's `snapshot_table_column_names` is the
 * default meta column names with `snapshot_meta_column_names` over them (what custom snapshot
 * materializations and the snapshot helper macros read).
 */
function derivedConfig(key: string, config: ConfigMap, node: ManifestNode | undefined): unknown {
  if (key !== 'snapshot_table_column_names') return undefined;
  const renamed = config['snapshot_meta_column_names'] as Record<string, string | null> | undefined;
  if (node?.resource_type !== 'snapshot' && !renamed) return undefined;
  const names: Record<string, string> = {};
  for (const meta of ['dbt_valid_to', 'dbt_valid_from', 'dbt_scd_id', 'dbt_updated_at', 'dbt_is_deleted']) names[meta] = renamed?.[meta] ?? meta;
  return names;
}

export class JinjaRuntime {
  readonly env: Environment;
  readonly registry: MacroRegistry;
  readonly project: Project;
  readonly dialect: AdapterDialect;
  adapter: Adapter | undefined;
  graph: Record<string, unknown> = { nodes: {}, sources: {}, exposures: {}, metrics: {}, semantic_models: {}, saved_queries: {}, groups: {} };
  docs: Map<string, string> = new Map();
  results: unknown[] = [];
  selectedResources: string[] = [];
  private readonly frames: Frame[] = [];
  private readonly packageStack: string[] = [];
  /** The unique ids of the macros being called, outermost first (dbt's context_macro_stack). */
  private readonly macroCallStack: string[] = [];
  private readonly statements = new Map<string, StatementResult>();
  private readonly contextValues: Record<string, (frame: Frame) => unknown>;
  private readonly staticValues: Record<string, unknown>;
  private readonly namespaces = new Map<string, Record<string, unknown>>();
  private readonly options: RuntimeOptions;
  private readonly dispatchOrder: Map<string, string[]>;
  /** Cleared by anything that makes the renders inside `checkRepeatable` unrepeatable (see REPEATABLE_NAMES). */
  private repeatable = true;

  constructor(options: RuntimeOptions) {
    this.options = options;
    this.project = options.project;
    this.dialect = options.dialect;
    this.env = createJinjaEnvironment();
    if (options.templateCode) useTemplateCodeStore(this.env, options.templateCode);
    const random = this.env.getFilter('random');
    this.env.addFilter('random', (...args: unknown[]) => (this.unrepeatable(), random(...args)));
    this.registry = new MacroRegistry(this.env);
    for (const file of internalMacroFiles(this.dialect)) this.registry.addFile(INTERNAL_PACKAGE, file);
    this.dispatchOrder = new Map(this.project.config.dispatch.map((d) => [d.macro_namespace, d.search_order]));
    this.staticValues = this.buildStaticValues();
    this.contextValues = { ...this.buildContextValues(), ...this.buildLesserContextValues() };
    this.installGlobalsProxy();
  }

  // ------------------------------------------------------------- repeatability

  /**
   * Run `fn` and say whether its renders were repeatable: they depended only on their node, the
   * project and the relations their refs resolved to (see REPEATABLE_NAMES). An enclosing check
   * sees this one's result too.
   */
  checkRepeatable<T>(fn: () => T): { value: T; repeatable: boolean } {
    const outer = this.repeatable;
    this.repeatable = true;
    try {
      const value = fn();
      return { value, repeatable: this.repeatable };
    } finally {
      this.repeatable = outer && this.repeatable;
    }
  }

  private unrepeatable(): void {
    this.repeatable = false;
  }

  /** A warning a template raised (exceptions.warn, adapter.warn_once): printed on every run, so the render is not kept. */
  private templateWarning(message: string): void {
    this.unrepeatable();
    this.options.log?.(message, 'warn');
  }

  // ---------------------------------------------------------------- rendering

  /** Render `source` (a node's SQL, a hook, a config string) in a frame. */
  render(source: string, options: FrameOptions): { sql: string; capture: RenderCapture } {
    return this.withFrame(options, (frame) => ({ sql: renderTemplateString(this.env, source, {}, { name: options.file }), capture: frame.capture }));
  }

  /** Run `fn` inside a frame (renders, and macros called from TypeScript). */
  withFrame<T>(options: FrameOptions, fn: (frame: Frame) => T): T {
    const frame: Frame = {
      mode: options.mode,
      node: options.node,
      file: options.file,
      bindings: options.bindings ?? {},
      capture: { refs: [], sources: [], config: {}, macros: new Set() },
    };
    this.frames.push(frame);
    this.packageStack.push(options.packageName ?? options.node?.package_name ?? this.project.config.name);
    try {
      return fn(frame);
    } catch (error) {
      // A macro called from TypeScript (generate_schema_name, a materialization) failed: say where, as a render's errors do.
      if (error instanceof KilnError || error instanceof ModuleNotLoaded) throw error;
      throw toKilnError(error, { name: options.file, source: '', env: this.env });
    } finally {
      this.frames.pop();
      this.packageStack.pop();
    }
  }

  /** The innermost render in progress, if any. */
  private get currentFrame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  // ------------------------------------------------------------------ macros

  /** Find a macro as an unqualified call from `fromPackage` sees it. */
  findMacro(name: string, fromPackage: string): { packageName: string; fn: MacroFunction } | undefined {
    for (const pkg of [fromPackage, this.project.config.name, INTERNAL_PACKAGE]) {
      const macro = this.registry.get(pkg, name);
      if (macro) return { packageName: pkg, fn: this.callable(pkg, name) };
    }
    return undefined;
  }

  /**
   * The static fast path reads `ref`/`source`/`config` calls off the text; that is only
   * sound while no package redefines them as macros.
   */
  get staticPathAllowed(): boolean {
    this._staticPathAllowed ??= !this.registry.packages().some((p) => ['ref', 'source', 'config'].some((n) => this.registry.has(p, n)));
    return this._staticPathAllowed;
  }
  private _staticPathAllowed: boolean | undefined;

  /** Does any package other than kiln's internal one define `name`? */
  isOverridden(name: string, fromPackage?: string): boolean {
    return this.registry.has(fromPackage ?? this.project.config.name, name) || this.registry.has(this.project.config.name, name);
  }

  /** A function that calls the macro with its package on the lookup stack. */
  callable(packageName: string, name: string): MacroFunction {
    const macro = this.registry.get(packageName, name);
    if (!macro) throw new KilnError(`macro '${packageName}.${name}' not found`);
    const runtime = this;
    return function macroCall(this: unknown, ...args: unknown[]) {
      const fn = runtime.registry.compile(macro, {});
      runtime.currentFrame?.capture.macros.add(macro.definition.unique_id);
      runtime.packageStack.push(packageName);
      runtime.macroCallStack.push(macro.definition.unique_id);
      try {
        return fn.apply(this, args);
      } finally {
        runtime.packageStack.pop();
        runtime.macroCallStack.pop();
      }
    };
  }

  /** Call a macro from TypeScript with positional and keyword arguments. */
  callMacro(packageName: string, name: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
    return callWithKwargs(this.callable(packageName, name), args, kwargs);
  }

  /** `adapter.dispatch('name', 'namespace')`: the adapter-specific implementation, else default__. */
  dispatch(macroName: string, macroNamespace?: string): MacroFunction {
    const fromPackage = this.packageStack[this.packageStack.length - 1] ?? this.project.config.name;
    const searchOrder = macroNamespace
      ? this.dispatchOrder.get(macroNamespace) ?? [this.project.config.name, macroNamespace]
      : [this.project.config.name, fromPackage];
    const packages = [...new Set([...searchOrder, INTERNAL_PACKAGE])];
    // Package by package in search order, and within a package the adapter's own implementation first (dbt's order).
    for (const pkg of packages) {
      for (const prefix of [this.dialect.type, 'default']) {
        const name = `${prefix}__${macroName}`;
        if (this.registry.has(pkg, name)) return this.callable(pkg, name);
      }
    }
    for (const pkg of packages) if (this.registry.has(pkg, macroName)) return this.callable(pkg, macroName);
    throw new KilnError(`adapter.dispatch found no implementation of '${macroName}'${macroNamespace ? ` in namespace '${macroNamespace}'` : ''}`, {
      file: this.currentFrame?.file,
      hint: `define a macro named '${this.dialect.type}__${macroName}' or 'default__${macroName}' (searched packages: ${packages.join(', ')})`,
    });
  }

  private namespace(packageName: string): Record<string, unknown> {
    let ns = this.namespaces.get(packageName);
    if (!ns) {
      ns = {};
      for (const name of this.registry.namesIn(packageName)) {
        Object.defineProperty(ns, name, { get: () => this.callable(packageName, name), enumerable: true });
      }
      // dbt's namespace also holds the context functions packages call as `dbt.run_query(…)`.
      if (packageName === INTERNAL_PACKAGE) {
        for (const name of DBT_NAMESPACE_CONTEXT) {
          if (name in ns) continue;
          Object.defineProperty(ns, name, { get: () => (this.currentFrame ? this.watched(name, this.contextValues[name]?.(this.currentFrame)) : undefined), enumerable: true });
        }
      }
      this.namespaces.set(packageName, ns);
    }
    return ns;
  }

  // ----------------------------------------------------------------- globals

  private installGlobalsProxy(): void {
    const base = (this.env as unknown as { globals: Record<string, unknown> }).globals;
    const resolveName = (name: string): unknown => {
      const frame = this.currentFrame;
      const extra = frame?.bindings.extra;
      if (extra && name in extra) return extra[name];
      const fromPackage = this.packageStack[this.packageStack.length - 1] ?? this.project.config.name;
      const contextValue = this.contextValues[name];
      // As in dbt, a macro of the project, or of the package being rendered, masks the context member
      // of its name (`{% macro ref(name) %}` around `builtins.ref`); kiln's own macros never do.
      if ((name in this.contextValues || name in this.staticValues) && this.isOverridden(name, fromPackage)) return this.findMacro(name, fromPackage)!.fn;
      if (contextValue && frame) return this.watched(name, contextValue(frame));
      if (name in this.staticValues) return this.watched(name, this.staticValues[name]);
      if (name in base) return this.watched(name, base[name]);
      const macro = this.findMacro(name, fromPackage);
      if (macro) return macro.fn;
      if (name === 'dbt' || name === 'kiln') return this.namespace(INTERNAL_PACKAGE);
      if (this.registry.packages().includes(name)) return this.namespace(name);
      this.unrepeatable(); // a name that is not defined now may be later
      return undefined;
    };
    (this.env as unknown as { globals: object }).globals = new Proxy(base, {
      has: (_t, name) => typeof name === 'string' && resolveName(name) !== undefined,
      get: (_t, name) => (typeof name === 'string' ? resolveName(name) : undefined),
    });
    // dbt's `context`: the render's names as a mapping (`'snapshot_x_strategy' in context`, `context[package]`).
    const names = (name: string | symbol): unknown => (typeof name === 'string' ? resolveName(name) : undefined);
    this.contextMapping = new Proxy({}, {
      has: (_t, name) => names(name) !== undefined,
      get: (_t, name) => names(name),
      getOwnPropertyDescriptor: (_t, name) => {
        const value = names(name);
        return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
      },
    });
  }

  private contextMapping: object = {};

  private watched(name: string, value: unknown): unknown {
    if (!REPEATABLE_NAMES.has(name)) this.unrepeatable();
    return value;
  }

  private targetObject(): Record<string, unknown> {
    const { target, profileName } = this.project.profile;
    const masked = Object.fromEntries(Object.entries(target).filter(([k]) => !/password|token|secret|private_key|keyfile_json/i.test(k)));
    return { ...masked, profile_name: profileName, target_name: target.name, name: target.name, type: target.type, schema: target.schema, database: target.database, threads: target.threads };
  }

  private buildStaticValues(): Record<string, unknown> {
    const dialect = this.dialect;
    // Aware, in UTC, as dbt's (`2026-12-06 22:40:00.123000+00:00`).
    const runStartedAt = new PyDateTime(this.options.runStartedAt ?? new Date(), false, 'UTC');
    const log = this.options.log ?? (() => undefined);
    // dbt's flags with their defaults, then what this invocation set.
    const flags = { ...FLAG_DEFAULTS, THREADS: this.project.profile.target.threads ?? null, ...(this.options.flags ?? {}) };
    return {
      target: this.targetObject(),
      project_name: this.project.config.name,
      flags,
      // dbt's invocation_args_dict: the invocation's arguments by their lower-case names.
      invocation_args_dict: Object.fromEntries(Object.entries(flags).map(([k, v]) => [k.toLowerCase(), v])),
      thread_id: 'MainThread',
      // dbt's DBT_ENV_CUSTOM_ENV_ variables, by the rest of their names.
      dbt_metadata_envs: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DBT_ENV_CUSTOM_ENV_')).map(([k, v]) => [k.slice('DBT_ENV_CUSTOM_ENV_'.length), v])),
      invocation_id: this.options.invocationId ?? '',
      run_started_at: runStartedAt,
      modules: pythonModules,
      dbt_version: '1.9.0',
      kiln_version: KILN_VERSION,
      // kiln's own: absolute paths, so SQL that writes files (COPY … TO) does not depend on the working directory.
      project_root: this.project.root,
      target_path: resolve(this.project.root, this.project.config.targetPath),
      env_var: (name: string, fallback?: unknown) => envVar(name, fallback, this.currentFrame?.file),
      log: (message: unknown, info?: unknown) => {
        const i = typeof info === 'object' && info ? stripKeywords(info as { info?: boolean }).info : info;
        log(String(message), i ? 'info' : 'debug');
        return '';
      },
      print: (message: unknown) => {
        process.stdout.write(`${redact(String(message))}\n`);
        return '';
      },
      exceptions: exceptionsContext(
        (message) => {
          const frame = this.currentFrame;
          throw new KilnError(message, { file: frame?.node?.original_file_path ?? frame?.file });
        },
        (message) => this.templateWarning(message),
      ),
      api: { Relation: relationApi(dialect), Column: this.columnClass },
      // dbt's zip gives its default (None) for what is not iterable; zip_strict raises.
      zip: (...args: unknown[]) => {
        const { lists, fallback } = zipArgs(args);
        try {
          return zipLists(lists);
        } catch {
          return fallback;
        }
      },
      zip_strict: (...args: unknown[]) => zipLists(zipArgs(args).lists),
      // Python sets: unordered equality, `{…}` printing, set methods. dbt's set() gives None for what is not iterable; set_strict raises.
      set: (items: unknown = []) => {
        try {
          return makeSet(pyIterate(items));
        } catch {
          return null;
        }
      },
      set_strict: (items: unknown = []) => makeSet(pyIterate(items)),
      // json.dumps: Python's separators and ASCII escapes, sort_keys, and the default for what JSON cannot hold.
      tojson: (...args: unknown[]) => {
        const { value, default: fallback, sort_keys: sortKeys } = bindArgsByName(args, ['value', 'default', 'sort_keys']);
        try {
          return pythonJson(value, Boolean(sortKeys));
        } catch {
          return fallback ?? null;
        }
      },
      fromjson: (text: string, fallback: unknown = null) => {
        try {
          return JSON.parse(text);
        } catch {
          return fallback;
        }
      },
      // yaml.safe_dump's layout: sequences not indented under their key; sort_keys when asked.
      toyaml: (...args: unknown[]) => {
        const { value, default: fallback, sort_keys: sortKeys } = bindArgsByName(args, ['value', 'default', 'sort_keys']);
        try {
          return yamlLibrary().stringify(value, { indentSeq: false, sortMapEntries: Boolean(sortKeys) });
        } catch {
          return fallback ?? null;
        }
      },
      fromyaml: (...args: unknown[]) => {
        const { value, default: fallback } = bindArgsByName(args, ['value', 'default']);
        try {
          return yamlLibrary().parse(String(value));
        } catch {
          return fallback ?? null;
        }
      },
      local_md5: (text: string) => createHash('md5').update(String(text)).digest('hex'),
      // dbt's: keys and values compared casefolded; a key missing from b keeps all of a's values.
      diff_of_two_dicts: (a: Record<string, unknown[]>, b: Record<string, unknown[]>) => {
        const fold = (d: Record<string, unknown[]>) => Object.fromEntries(Object.entries(d ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
        const [fa, fb] = [fold(a), fold(b)];
        const out: Record<string, unknown[]> = {};
        for (const [k, v] of Object.entries(fa)) {
          if (!(k in fb)) {
            out[k] = v;
            continue;
          }
          const other = new Set((fb[k] ?? []).map((x) => String(x).toLowerCase()));
          const diff = [...new Set(v.map((x) => String(x).toLowerCase()))].filter((x) => !other.has(x));
          if (diff.length) out[k] = diff;
        }
        return out;
      },
    };
  }

  /** dbt's lesser context members: metric(), function(), validation, the deprecated adapter_macro, … */
  private buildLesserContextValues(): Record<string, (frame: Frame) => unknown> {
    const fileOf = (f: Frame) => f.node?.original_file_path ?? f.file;
    const log = this.options.log ?? (() => undefined);
    return {
      metric: (f) => (...args: unknown[]) => resolveMetric(args, (this.graph['metrics'] ?? {}) as Record<string, unknown>, f.mode === 'parse', fileOf(f)),
      function: (f) => functionUnsupported(() => fileOf(f)),
      // Set in dbt only under --defer/--state with a deferred node; kiln does not defer.
      defer_relation: (f) => (f.node ? null : undefined),
      context_macro_stack: () => macroStackView(this.macroCallStack),
      column: () => this.columnClass,
      // dbt's `env` is the target, under an older name.
      env: () => this.targetObject(),
      validation: (f) => validationObject(() => fileOf(f)),
      adapter_macro: (f) => adapterMacroRemoved(() => fileOf(f)),
      // The statement results stored so far in this render, by name (load_result reads the same).
      _sql_results: () => Object.fromEntries(this.statements),
      // dbt defines debug() only when DBT_MACRO_DEBUGGING is set, to stop in a debugger; kiln has none to enter, so it logs where it was called.
      ...(process.env['DBT_MACRO_DEBUGGING'] ? { debug: (f: Frame) => () => (log(`debug() called in ${f.file}`, 'debug'), '') } : {}),
    };
  }

  private buildContextValues(): Record<string, (frame: Frame) => unknown> {
    const dialect = this.dialect;
    return {
      execute: (f) => f.mode !== 'parse',
      // At parse time dbt's `this` is already the node's relation (macros such as make_temp_relation(this) run then too).
      this: (f) => f.bindings.this ?? (f.mode === 'parse' && f.node ? this.parseTimeThis(f.node) : null),
      model: (f) => f.node ?? null,
      config: (f) => this.configObject(f),
      ref: (f) => (...args: unknown[]) => this.ref(f, args),
      // dbt's builtins: the context's own ref, source and config, for a package that overrides them and calls through.
      builtins: (f) => ({ ref: (...args: unknown[]) => this.ref(f, args), source: (...args: unknown[]) => this.source(f, args), config: this.configObject(f) }),
      source: (f) => (...args: unknown[]) => this.source(f, args),
      var: (f) => this.varFunction(f),
      is_incremental: (f) => () => f.bindings.isIncremental?.() ?? false,
      should_full_refresh: (f) => () => this.configOrFlag(f, 'full_refresh', 'FULL_REFRESH'),
      should_store_failures: (f) => () => this.configOrFlag(f, 'store_failures', 'STORE_FAILURES'),
      // dbt 1.11's graph has functions (UDFs); kiln has none to list.
      context: () => this.contextMapping,
      // dbt's sql_now: the warehouse's current-timestamp SQL (dbt-duckdb: now()), here the dispatched current_timestamp macro.
      sql_now: () => this.dispatch('current_timestamp', 'dbt')(),
      // on-run-end: the schemas (and database/schema pairs) of the relations this run selected, as dbt lists them.
      schemas: () => [...new Set(this.selectedRelationParts().map(([, schema]) => schema))],
      database_schemas: () => {
        const seen = new Map<string, unknown>();
        for (const [database, schema] of this.selectedRelationParts()) seen.set(`${database}.${schema}`, makeTuple([database, schema]));
        return [...seen.values()];
      },
      graph: () => {
        if (!('functions' in this.graph)) this.graph['functions'] = {};
        return this.graph;
      },
      results: () => this.results,
      selected_resources: () => this.selectedResources,
      database: () => this.project.profile.target.database,
      schema: (f) => f.node?.schema ?? this.project.profile.target.schema,
      adapter: () => this.adapterObject,
      run_query: (f) => (sql: string) => {
        const adapter = f.mode === 'parse' ? undefined : this.warehouse();
        if (!adapter) return ResultTable.empty();
        const [result] = adapter.syncConnection.execute(String(sql), { fetch: true });
        return new ResultTable(result ?? { columns: [], rows: [] });
      },
      statement: (f) => (...args: unknown[]) => this.statement(f, args),
      load_result: () => (name: string) => this.statements.get(name) ?? null,
      // dbt's statement macro calls store_result(name, response=…, agate_table=…); keywords and positions both work.
      store_result: () => (...args: unknown[]) => {
        const { name, response, agate_table: table } = bindArgsByName(args, ['name', 'response', 'agate_table']) as { name: string; response: unknown; agate_table?: ResultTable };
        this.storeStatement(name, response, table);
        return '';
      },
      store_raw_result: () => (...args: unknown[]) => {
        const a = bindArgsByName(args, ['name', 'message', 'code', 'rows_affected', 'agate_table']) as { name: string; message?: string; code?: string; rows_affected?: number; agate_table?: ResultTable };
        this.storeStatement(a.name, { _message: a.message ?? null, code: a.code ?? null, rows_affected: a.rows_affected ?? null }, a.agate_table);
        return '';
      },
      noop_statement: () => (...args: unknown[]) => {
        const a = bindArgsByName(args, ['name', 'message', 'code', 'rows_affected', 'res']) as { name?: string; message?: string; code?: string; rows_affected?: number; res?: unknown };
        if (a.name) this.storeStatement(a.name, { _message: a.message ?? null, code: a.code ?? null, rows_affected: a.rows_affected ?? null }, a.res instanceof ResultTable ? a.res : undefined);
        return '';
      },
      // dbt's try_or_compiler_error(message, func, *args): func(*args), or a compiler error with the message if it raises.
      try_or_compiler_error: (f) => (message: unknown, fn: unknown, ...args: unknown[]) => {
        try {
          return (fn as (...a: unknown[]) => unknown)(...args);
        } catch {
          throw new KilnError(String(message), { file: f.node?.original_file_path ?? f.file });
        }
      },
      // `render(text)`: a string rendered with the current context (run_hooks renders each hook's SQL this way).
      render: (f) => (text: unknown) => renderTemplateString(this.env, String(text ?? ''), {}, { name: f.file }),
      doc: (f) => (name: string, maybeName?: string) => {
        const key = maybeName ? `${name}.${maybeName}` : name;
        const found = this.docs.get(key) ?? this.docs.get(`${this.project.config.name}.${key}`) ?? [...this.docs.entries()].find(([k]) => k.endsWith(`.${key}`))?.[1];
        if (found === undefined) {
          throw new KilnError(`doc('${key}') names no {% docs %} block`, {
            file: f.node?.original_file_path ?? f.file,
            hint: didYouMean(key, [...this.docs.keys()].map((k) => k.split('.').pop()!)) || 'define it in a .md file: {% docs name %}…{% enddocs %}',
          });
        }
        return found;
      },
      quote: () => (identifier: string) => dialect.quoteIdentifier(identifier),
    };
  }

  /**
   * The connection for a template's warehouse call. Commands that compile without one
   * (compile, lineage) set `connectOnDemand`: the first such call then throws
   * WarehouseNeeded, the command connects and compiles the node again, so projects that
   * never query the warehouse while compiling never start it.
   */
  private warehouse(): Adapter | undefined {
    this.unrepeatable();
    if (this.warehouseDeferred || (!this.adapter && this.connectOnDemand)) throw new WarehouseNeeded();
    return this.adapter;
  }

  connectOnDemand = false;
  /** Set around a render that must not reach the warehouse yet (post hooks rendered ahead of the build). */
  warehouseDeferred = false;

  private _columnClass: typeof Column | undefined;
  private get columnClass(): typeof Column {
    return (this._columnClass ??= columnApi(this.dialect));
  }

  private _adapterObject: Record<string, unknown> | undefined;
  private get adapterObject(): Record<string, unknown> {
    this._adapterObject ??= createAdapterObject({
      dialect: this.dialect,
      adapter: () => this.warehouse(),
      executing: () => this.currentFrame?.mode !== 'parse',
      dispatch: (name, ns) => this.dispatch(name, ns),
      readFile: (path) => {
        this.unrepeatable();
        return readFileSync(resolve(this.project.root, path), 'utf8');
      },
      Column: this.columnClass,
      warn: (message) => this.templateWarning(message),
      projectFlags: this.project.config.flags ?? {},
      quoting: this.project.config.quoting,
      targetSetting: (key) => (this.project.profile.target as Record<string, unknown>)[key],
      fileExists: (path) => {
        this.unrepeatable();
        return existsSync(resolve(this.project.root, path));
      },
      recordStatement: (sql) => (this.currentFrame?.bindings.extra?.['__onStatement'] as ((name: string, sql: string) => void) | undefined)?.('add_query', sql),
      config: {
        project_name: this.project.config.name,
        profile_name: this.project.profile.profileName,
        target_name: this.project.profile.target.name,
        threads: this.project.profile.target.threads,
        credentials: this.targetObject(),
        vars: this.project.config.vars,
        quoting: this.project.config.quoting,
      },
    });
    return this._adapterObject;
  }

  // ------------------------------------------------------- context functions

  /** (database, schema) of each selected node that builds a relation. */
  private selectedRelationParts(): [string, string][] {
    const nodes = (this.graph['nodes'] ?? {}) as Record<string, { resource_type?: string; database?: string; schema?: string; config?: { materialized?: string } }>;
    return this.selectedResources
      .map((id) => nodes[id])
      .filter((n): n is NonNullable<typeof n> => !!n && ['model', 'seed', 'snapshot'].includes(String(n.resource_type)) && n.config?.materialized !== 'ephemeral')
      .map((n) => [String(n.database ?? ''), String(n.schema ?? '')]);
  }

  /** The relation a node will build, from what parsing knows so far (its database, schema and alias may be refined later). */
  private parseTimeThis(node: ManifestNode): Relation {
    const target = this.project.profile.target;
    return new Relation(this.dialect, { database: node.database || target.database, schema: node.schema || target.schema, identifier: node.alias || node.name });
  }

  /** The node's config value when set, else the run's flag (dbt's should_full_refresh / should_store_failures). */
  private configOrFlag(frame: Frame, configKey: string, flag: string): boolean {
    const configured = frame.node?.config[configKey];
    if (configured !== undefined && configured !== null) return Boolean(configured);
    return Boolean((this.staticValues['flags'] as Record<string, unknown>)[flag]);
  }

  private ref(frame: Frame, rawArgs: unknown[]): Relation {
    const kwargs = (rawArgs.length && rawArgs[rawArgs.length - 1] && typeof rawArgs[rawArgs.length - 1] === 'object' && '__keywords' in (rawArgs[rawArgs.length - 1] as object)
      ? stripKeywords(rawArgs.pop() as Record<string, unknown>)
      : {}) as Record<string, unknown>;
    const args = rawArgs.map(String);
    if (args.length < 1 || args.length > 2) {
      throw new KilnError(`ref() takes one or two arguments (model name, or package and model name), got ${args.length}`, { file: frame.node?.original_file_path ?? frame.file });
    }
    const call: RefCall = args.length === 2 ? { package: args[0], name: args[1]! } : { name: args[0]! };
    const version = kwargs['version'] ?? kwargs['v'];
    if (version !== undefined && version !== null) call.version = version as string | number;
    frame.capture.refs.push(call);
    if (frame.bindings.ref) return frame.bindings.ref(call);
    const target = this.project.profile.target;
    return new Relation(this.dialect, { database: target.database, schema: target.schema, identifier: call.name });
  }

  private source(frame: Frame, rawArgs: unknown[]): Relation {
    const args = rawArgs.filter((a) => !(a && typeof a === 'object')).map(String);
    if (args.length !== 2) {
      throw new KilnError(`source() takes two arguments (source name and table name), got ${args.length}`, { file: frame.node?.original_file_path ?? frame.file, hint: "e.g. {{ source('raw', 'orders') }}" });
    }
    frame.capture.sources.push([args[0]!, args[1]!]);
    if (frame.bindings.source) return frame.bindings.source(args[0]!, args[1]!);
    const target = this.project.profile.target;
    return new Relation(this.dialect, { database: target.database, schema: args[0], identifier: args[1] });
  }

  private configObject(frame: Frame): unknown {
    const current = (): ConfigMap => mergeConfig(frame.node?.config ?? frame.bindings.baseConfig ?? {}, frame.capture.config);
    const config = (...args: unknown[]) => {
      const kwargs = args.length ? stripKeywords(args[args.length - 1] as Record<string, unknown>) : {};
      if (args.length && typeof args[0] === 'object' && !('__keywords' in (args[0] as object))) Object.assign(kwargs, args[0]);
      frame.capture.config = mergeConfig(frame.capture.config, kwargs);
      return '';
    };
    const get = (key: string, fallback?: unknown) => {
      const fb = fallback && typeof fallback === 'object' && '__keywords' in (fallback as object) ? (stripKeywords(fallback as Record<string, unknown>)['default'] ?? null) : fallback;
      const value = current()[key] ?? derivedConfig(key, current(), frame.node);
      return value === undefined || value === null ? (fb ?? null) : value;
    };
    return Object.assign(config, {
      get,
      require: (key: string) => {
        const value = current()[key];
        if (value === undefined || value === null) {
          throw new KilnError(`config '${key}' is required here but not set`, {
            file: frame.node?.original_file_path ?? frame.file,
            hint: `set it with {{ config(${key}=…) }} or in the project file`,
          });
        }
        return value;
      },
      set: (key: string, value: unknown) => {
        frame.capture.config = mergeConfig(frame.capture.config, { [key]: value });
        return '';
      },
      persist_relation_docs: () => Boolean((current()['persist_docs'] as { relation?: boolean } | undefined)?.relation),
      persist_column_docs: () => Boolean((current()['persist_docs'] as { columns?: boolean } | undefined)?.columns),
      // dbt ≥ 1.10: meta keys through config.
      meta_get: (key: string, fallback: unknown = null) => ((current()['meta'] as Record<string, unknown> | undefined) ?? {})[key] ?? fallback,
      meta_require: (key: string) => {
        const value = ((current()['meta'] as Record<string, unknown> | undefined) ?? {})[key];
        if (value === undefined || value === null) throw new KilnError(`meta key '${key}' is required here but not set`, { file: frame.node?.original_file_path ?? frame.file, hint: `set it under meta: in the config` });
        return value;
      },
      model: frame.node,
    });
  }

  private varFunction(frame: Frame): (name: string, fallback?: unknown) => unknown {
    const packageName = frame.node?.package_name ?? this.packageStack[this.packageStack.length - 1] ?? this.project.config.name;
    const overrides = frame.bindings.extra?.['__vars'] as Record<string, unknown> | undefined;
    const lookup = (name: string): unknown => {
      // A unit test's `overrides.vars` are its inputs: they win even over --vars.
      if (overrides && name in overrides) return overrides[name];
      if (name in this.project.cliVars) return this.project.cliVars[name];
      return this.lookupProjectVar(packageName, name);
    };
    const varFn = (name: string, ...rest: unknown[]): unknown => {
      const value = lookup(name);
      if (value !== undefined) return typeof value === 'string' && value.includes('{{') ? this.renderString(value, frame.file) : value;
      if (rest.length) return rest[0];
      throw new KilnError(`required var '${name}' is not set`, {
        file: frame.node?.original_file_path ?? frame.file,
        hint: `define it under 'vars:' in ${this.project.config.file}, pass --vars '{${name}: …}', or give a default: var('${name}', 'default')`,
      });
    };
    return Object.assign(varFn, { has_var: (name: string) => lookup(name) !== undefined });
  }

  /** A var as `var(name)` sees it from `packageName` (command line, then project files); undefined if unset. */
  varValue(packageName: string, name: string): unknown {
    if (name in this.project.cliVars) return this.project.cliVars[name];
    return this.lookupProjectVar(packageName, name);
  }

  private lookupProjectVar(packageName: string, name: string): unknown {
    const rootVars = this.project.config.vars;
    const scoped = rootVars[packageName];
    if (scoped && typeof scoped === 'object' && !Array.isArray(scoped) && name in (scoped as object)) return (scoped as Record<string, unknown>)[name];
    if (name in rootVars && !(this.registry.packages().includes(name) && typeof rootVars[name] === 'object')) return rootVars[name];
    const pkg = this.project.packages.find((p) => p.name === packageName);
    if (pkg && !pkg.isRoot) {
      const own = pkg.config.vars;
      const ownScoped = own[packageName];
      if (ownScoped && typeof ownScoped === 'object' && name in (ownScoped as object)) return (ownScoped as Record<string, unknown>)[name];
      if (name in own) return own[name];
    }
    return undefined;
  }

  /** `{% call statement('main', fetch_result=True) %}…{% endcall %}` */
  private statement(frame: Frame, args: unknown[]): string {
    const kwargsIndex = args.findIndex((a) => a && typeof a === 'object' && '__keywords' in (a as object));
    const kwargs = kwargsIndex >= 0 ? (stripKeywords(args[kwargsIndex] as Record<string, unknown>) as Record<string, unknown>) : {};
    const positional = kwargsIndex >= 0 ? args.slice(0, kwargsIndex) : args;
    const name = String(kwargs['name'] ?? positional[0] ?? 'statement');
    const fetch = Boolean(kwargs['fetch_result'] ?? positional[1] ?? false);
    const caller = kwargs['caller'] as (() => unknown) | undefined;
    const sql = caller ? String(caller()) : '';
    const adapter = frame.mode === 'parse' ? undefined : this.warehouse();
    if (!adapter) return '';
    const onStatement = frame.bindings.extra?.['__onStatement'] as ((name: string, sql: string) => void) | undefined;
    onStatement?.(name, sql);
    const [result] = adapter.syncConnection.execute(sql, { fetch });
    this.statements.set(name, statementResult(result));
    return '';
  }

  private storeStatement(name: string, response: unknown, table: ResultTable | undefined): void {
    this.statements.set(name, { response: response as StatementResult['response'], data: table?.rows ?? [], table: table ?? ResultTable.empty() });
  }

  /** Render a config value (`"{{ target.name }}"`) outside any node. */
  renderString(text: string, file: string, mode: RenderMode = 'parse'): string {
    return this.render(text, { mode, file }).sql;
  }
}
