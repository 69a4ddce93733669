/**
 * Stage "compile": render a node with the run-time context (`execute` true) and
 * inline the ephemeral models it refers to as CTEs, with stable names
 * (`__dbt__cte__<model>`), nested ephemerals included, each once, parents first.
 */
import { KilnError } from '../errors.js';
import type { RelationType } from '../adapters/types.js';
import type { Manifest, ManifestNode, RefCall, SourceDefinition } from '../project/nodes.js';
import { callWithKwargs } from '../jinja/compat/index.js';
import { EPHEMERAL_PREFIX, Relation } from '../jinja/relation.js';
import { readRelationCall, renderStatically } from '../jinja/staticScan.js';
import type { JinjaRuntime, RenderBindings, RenderMode } from '../jinja/runtime.js';
import { typescriptCompiled, type CompiledCache, type ResolvedRef } from './compiledCache.js';
import { RefResolver, resolveSourceId } from './linkManifest.js';
import { renderNestedJinja } from './nestedJinja.js';

export interface CompileOptions {
  /** Does the node's relation already exist as an incremental target (and no full refresh)? */
  isIncremental?: (node: ManifestNode) => boolean;
  mode?: RenderMode;
  /** Extra names for the render (test kwargs, materialization context). */
  extra?: Record<string, unknown>;
  /** Rewrite a parent's relation (unit tests swap in fixtures; --empty adds `limit 0`). */
  relationFor?: (node: ManifestNode | SourceDefinition, relation: Relation) => Relation;
  /** Render SQL other than the node's raw code (snapshot bodies, hooks). */
  code?: string;
}

export interface CompiledNode {
  sql: string;
  ctes: { id: string; sql: string }[];
}

const MATERIALIZED_TYPE: Record<string, RelationType> = { view: 'view', table: 'table', incremental: 'table', seed: 'table', snapshot: 'table', materialized_view: 'materialized_view' };

/** A string that is one `{{ expression }}` and nothing else. */
const SINGLE_EXPRESSION = /^\s*\{\{((?:(?!\}\}|\{\{|\{%)[\s\S])*)\}\}\s*$/;
const WHERE_SUBQUERY = /^\s*get_where_subquery\s*\(([\s\S]*)\)\s*$/;

export function cteName(node: ManifestNode): string {
  return `${EPHEMERAL_PREFIX}${node.name}`;
}

export class NodeCompiler {
  private readonly resolver: RefResolver;
  /** The ref()/source() calls of the compile being recorded for the cache, with what they resolved to. */
  private resolvedRefs: ResolvedRef[] | undefined;

  constructor(
    readonly manifest: Manifest,
    readonly runtime: JinjaRuntime,
    rootPackage: string,
    /** Compiled SQL of earlier runs, reused while its inputs are unchanged. */
    private readonly cache?: CompiledCache,
  ) {
    this.resolver = new RefResolver(manifest, rootPackage);
  }

  relationOf(node: ManifestNode): Relation {
    const type = MATERIALIZED_TYPE[node.config.materialized] ?? 'table';
    return new Relation(this.runtime.dialect, { database: node.database, schema: node.schema, identifier: node.alias, type });
  }

  sourceRelation(source: SourceDefinition): Relation {
    const quote = { database: source.quoting['database'] ?? true, schema: source.quoting['schema'] ?? true, identifier: source.quoting['identifier'] ?? true };
    return new Relation(this.runtime.dialect, { database: source.database, schema: source.schema, identifier: source.identifier, type: 'table' }, { quote });
  }

  /** The bindings for rendering `node`; `ephemerals` collects the ephemeral models it touches. */
  bindings(node: ManifestNode, options: CompileOptions, ephemerals: ManifestNode[]): RenderBindings {
    return {
      this: this.relationOf(node),
      ref: (call: RefCall) => {
        const target = this.resolver.resolve(call, node);
        if (target.config.materialized === 'ephemeral') {
          if (!ephemerals.includes(target)) ephemerals.push(target);
          return new Relation(this.runtime.dialect, { identifier: target.name, type: 'cte' }, { cteName: cteName(target) });
        }
        const relation = this.relationOf(target);
        this.resolvedRefs?.push(['ref', JSON.stringify(call), relation.render()]);
        return options.relationFor ? options.relationFor(target, relation) : relation;
      },
      source: (sourceName: string, tableName: string) => {
        const source = this.manifest.sources[this.sourceId(node, sourceName, tableName)]!;
        const relation = this.sourceRelation(source);
        this.resolvedRefs?.push(['source', sourceName, tableName, relation.render()]);
        return options.relationFor ? options.relationFor(source, relation) : relation;
      },
      isIncremental: () => options.isIncremental?.(node) ?? false,
      extra: options.extra,
    };
  }

  compile(node: ManifestNode, options: CompileOptions = {}): CompiledNode {
    // Only a node's own SQL, rendered as it is, is kept: extra names and swapped relations (unit tests, --empty) are not.
    const cache = options.code === undefined && !options.extra && !options.relationFor ? this.cache : undefined;
    const mode = options.mode ?? 'compile';
    // A TypeScript model is no template: its "compiled code" is the JavaScript kiln runs.
    if (node.language === 'typescript' && options.code === undefined) {
      cache?.noteServed(node.unique_id, mode, false);
      return typescriptCompiled(node);
    }
    if (!cache) return this.compileFresh(node, options);
    const key = cache.keyOf(node);
    const saved = cache.lookup(node.unique_id, mode, key);
    if (saved && this.stillResolve(node, saved.refs)) {
      cache.noteServed(node.unique_id, mode, true);
      return { sql: saved.sql, ctes: [] };
    }
    const outer = this.resolvedRefs;
    const refs: ResolvedRef[] = (this.resolvedRefs = []);
    try {
      const { value: compiled, repeatable } = this.runtime.checkRepeatable(() => this.compileFresh(node, options));
      if (repeatable && !compiled.ctes.length) cache.store(node.unique_id, mode, key, refs, compiled.sql);
      return compiled;
    } finally {
      this.resolvedRefs = outer;
    }
  }

  /** Whether each recorded ref()/source() call still resolves to the same relation. */
  private stillResolve(node: ManifestNode, refs: ResolvedRef[]): boolean {
    try {
      return refs.every(([kind, a, b, c]) => {
        if (kind === 'source') return this.sourceRelation(this.manifest.sources[this.sourceId(node, a!, b!)]!).render() === c;
        const target = this.resolver.resolve(JSON.parse(a!) as RefCall, node);
        return target.config.materialized !== 'ephemeral' && this.relationOf(target).render() === b;
      });
    } catch {
      return false; // a ref that no longer resolves: compiling again reports it
    }
  }

  private sourceId(node: ManifestNode, sourceName: string, tableName: string): string {
    return resolveSourceId(this.manifest, [sourceName, tableName], node, this.resolver.sources);
  }

  private compileFresh(node: ManifestNode, options: CompileOptions): CompiledNode {
    const ephemerals: ManifestNode[] = [];
    let code = options.code ?? node.raw_code;
    if (node.test_metadata && options.code === undefined) {
      // Call the test macro with its keyword arguments directly rather than through a `**` splat.
      const kwargs = this.testKwargs(node, options, ephemerals);
      const macro = this.testMacro(node);
      options = { ...options, extra: { ...options.extra, _dbt_generic_test_kwargs: kwargs, __kiln_generic_test: () => callWithKwargs(macro, [], kwargs) } };
      code = '{{ __kiln_generic_test() }}';
    }
    const sql = this.render(node, options, ephemerals, code);
    const ctes = this.compileEphemerals(ephemerals, options, new Set([node.unique_id]));
    return { sql: injectCtes(sql, ctes), ctes };
  }

  /**
   * A generic test's arguments as its macro receives them: `model` is rendered
   * (`{{ get_where_subquery(ref('orders')) }}` → a relation), strings holding
   * Jinja are rendered, and a bare `ref(...)`/`source(...)` (relationships' `to:`)
   * is evaluated, as dbt does.
   */
  private testKwargs(node: ManifestNode, options: CompileOptions, ephemerals: ManifestNode[]): Record<string, unknown> {
    const kwargs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.test_metadata!.kwargs)) {
      // Strings inside lists and maps hold Jinja too (`compare_columns: ["{{ 'a' if … }}"]`).
      if (typeof value !== 'string') kwargs[key] = renderNestedJinja(value, (text) => this.render(node, options, ephemerals, text));
      else if (SINGLE_EXPRESSION.test(value)) kwargs[key] = this.evaluate(node, options, ephemerals, SINGLE_EXPRESSION.exec(value)![1]!);
      else if (value.includes('{{') || value.includes('{%')) kwargs[key] = this.render(node, options, ephemerals, value);
      else if (/^\s*(ref|source)\s*\(/.test(value)) kwargs[key] = this.evaluate(node, options, ephemerals, value);
      else kwargs[key] = value;
    }
    return kwargs;
  }

  private testMacro(node: ManifestNode): (...args: unknown[]) => unknown {
    const { name, namespace } = node.test_metadata!;
    const macroName = `test_${name}`;
    if (namespace) return this.runtime.callable(namespace, macroName);
    const found = this.runtime.findMacro(macroName, node.package_name);
    if (!found) throw new KilnError(`no generic test named '${name}'`, { file: node.original_file_path });
    return found.fn;
  }

  /**
   * The value of one Jinja expression, not its text, as dbt's native rendering of test
   * arguments gives it: `model` arrives as the Relation get_where_subquery returns.
   */
  private evaluate(node: ManifestNode, options: CompileOptions, ephemerals: ManifestNode[], expression: string): unknown {
    // The shapes kiln writes itself (`get_where_subquery(ref('orders'))`, relationships' `ref('x')`)
    // resolve their relation here, so every test renders one shared template, compiled once,
    // rather than a template of its own (2,000 tests: about 0.3 s).
    if (this.runtime.staticPathAllowed) {
      const wrapped = WHERE_SUBQUERY.exec(expression);
      const call = readRelationCall(wrapped ? wrapped[1]! : expression);
      if (call) {
        const bindings = this.bindings(node, options, ephemerals);
        const relation = call.kind === 'ref' ? bindings.ref!(call.call) : bindings.source!(...call.source);
        if (!wrapped) return relation;
        return this.evaluate(node, { ...options, extra: { ...options.extra, __kiln_relation: relation } }, ephemerals, 'get_where_subquery(__kiln_relation)');
      }
    }
    let value: unknown;
    const keep = (v: unknown): string => {
      value = v;
      return '';
    };
    this.render(node, { ...options, extra: { ...options.extra, __kiln_keep: keep } }, ephemerals, `{% do __kiln_keep(${expression}) %}`);
    return value;
  }

  private render(node: ManifestNode, options: CompileOptions, ephemerals: ManifestNode[], code: string): string {
    const bindings = this.bindings(node, options, ephemerals);
    if (this.runtime.staticPathAllowed) {
      const sql = renderStatically(code, {
        ref: (call) => bindings.ref!(call).render(),
        source: (sourceName, tableName) => bindings.source!(sourceName, tableName).render(),
        this: () => bindings.this!.render(),
      });
      if (sql !== undefined) return sql;
    }
    return this.runtime.render(code, {
      mode: options.mode ?? 'compile',
      file: node.original_file_path,
      node,
      bindings,
    }).sql;
  }

  /** Each ephemeral once, its own ephemeral parents before it. */
  private compileEphemerals(direct: ManifestNode[], options: CompileOptions, visiting: Set<string>): { id: string; sql: string }[] {
    const out: { id: string; sql: string }[] = [];
    const seen = new Set<string>();
    const visit = (node: ManifestNode): void => {
      if (seen.has(node.unique_id)) return;
      if (visiting.has(node.unique_id)) {
        throw new KilnError(`ephemeral model '${node.name}' refers to itself through other ephemeral models`, { file: node.original_file_path });
      }
      visiting.add(node.unique_id);
      const nested: ManifestNode[] = [];
      const sql = this.render(node, { ...options, extra: undefined }, nested, node.raw_code);
      for (const parent of nested) visit(parent);
      visiting.delete(node.unique_id);
      seen.add(node.unique_id);
      out.push({ id: node.unique_id, sql: `${cteName(node)} as (\n${sql.trim()}\n)` });
    };
    for (const node of direct) visit(node);
    return out;
  }
}

/** Skip leading whitespace and SQL comments. */
function firstTokenOffset(sql: string): number {
  let i = 0;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

/** Put CTEs in front of a query, merging with its own WITH clause if it has one. */
export function injectCtes(sql: string, ctes: { sql: string }[]): string {
  if (!ctes.length) return sql;
  const body = ctes.map((c) => c.sql).join(',\n');
  const start = firstTokenOffset(sql);
  const leading = /^with\b(\s+recursive\b)?/i.exec(sql.slice(start));
  if (leading) {
    const after = start + leading[0].length;
    return `${sql.slice(0, after)} ${body},\n${sql.slice(after).replace(/^\s+/, '')}`;
  }
  return `${sql.slice(0, start)}with ${body}\n${sql.slice(start)}`;
}
