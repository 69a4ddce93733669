/**
 * Column lineage of one SELECT, from DuckDB's parse tree (see parseSelects.ts): for every
 * output column, the upstream (node, column) pairs it is made from and how (passthrough,
 * renamed, derived, aggregated), and the upstream columns the query filters, joins or
 * groups on. It follows CTEs, subqueries, joins, set operations, aliases, window functions,
 * lambdas and correlated subqueries, and expands `*`, `t.*`, `* exclude`/`replace`/`rename`
 * from the upstream columns the environment knows. What it cannot follow becomes a warning.
 */
import type { SqlTree } from './parseSelects.js';

export type ColumnEdgeKind = 'passthrough' | 'renamed' | 'derived' | 'aggregated';
export type ClauseEdgeKind = 'filter' | 'join' | 'group_by';
export type LineageKind = ColumnEdgeKind | ClauseEdgeKind;

export interface UpstreamColumn {
  node: string;
  /** null: the upstream node as a whole (its columns are unknown). */
  column: string | null;
}

export interface OutputColumn {
  name: string;
  from: (UpstreamColumn & { kind: ColumnEdgeKind })[];
}

export interface SelectLineage {
  columns: OutputColumn[];
  clauses: { node: string; column: string; kind: ClauseEdgeKind }[];
  /** Upstream nodes the query reads, whether or not a column could be traced to them. */
  reads: string[];
  warnings: string[];
  /** False when a `*` could not be expanded, so `columns` lists only some of the output. */
  complete: boolean;
}

export interface UpstreamRelation {
  node: string;
  /** Its columns in order, or null when not known (then columns are trusted as written). */
  columns: string[] | null;
  /**
   * For a table a node writes beside its own (a model's `<model>_embeddings`): which of the
   * node's columns each column comes from, and whether computed; null for none.
   */
  origins?: Record<string, { column: string; derived: boolean } | null>;
}

export interface LineageEnvironment {
  /** The node a table reference names, or null for a table kiln does not manage. */
  relation(reference: { catalog: string; schema: string; table: string }): UpstreamRelation | null;
  /** CTEs that stand for a node (an ephemeral model inlined by the compiler): lineage points at the node. */
  isNodeCte?(name: string): boolean;
  /** Tables that are no node but expected (kiln's own run history): read without lineage or warning. */
  isKnownTable?(reference: { catalog: string; schema: string; table: string }): boolean;
}

/** How far a value is from the upstream column: 0 as is, 1 computed from it, 2 aggregated. */
type Level = 0 | 1 | 2;
interface Source { node: string; column: string | null; level: Level }
interface Column { name: string; sources: Source[]; /** named by an alias or a column reference */ named: boolean }
interface Relation { alias: string; columns: Column[] | null; node?: string; hiddenFromStar?: Set<string> }
interface Scope { relations: Relation[]; parent?: Scope; ctes: Map<string, CteEntry>; lambdaParams?: Set<string>; aliases?: Map<string, Column> }
interface CteEntry { tree: SqlTree; aliases: string[]; resolved?: Column[]; resolving?: boolean; parent: Map<string, CteEntry> }

const AGGREGATES = new Set([
  'sum', 'count', 'count_star', 'avg', 'mean', 'min', 'max', 'any_value', 'arbitrary', 'first', 'last', 'string_agg', 'group_concat', 'listagg',
  'list', 'array_agg', 'median', 'mode', 'quantile', 'quantile_cont', 'quantile_disc', 'percentile_cont', 'percentile_disc', 'stddev', 'stddev_pop',
  'stddev_samp', 'variance', 'var_pop', 'var_samp', 'bool_and', 'bool_or', 'bit_and', 'bit_or', 'bit_xor', 'product', 'approx_count_distinct',
  'approx_quantile', 'arg_max', 'arg_min', 'argmax', 'argmin', 'max_by', 'min_by', 'histogram', 'entropy', 'kurtosis', 'skewness', 'corr',
  'covar_pop', 'covar_samp', 'regr_slope', 'regr_intercept', 'fsum', 'favg', 'sumkahan', 'count_if', 'countif', 'every', 'geomean', 'reservoir_quantile',
]);

/** Functions SQL calls without parentheses; the parser reads them as column names. */
const NILADIC = new Set(['current_timestamp', 'current_date', 'current_time', 'localtimestamp', 'localtime', 'current_user', 'session_user', 'user', 'current_role', 'current_catalog', 'current_schema']);

const lower = (s: string): string => s.toLowerCase();

export function lineageOfSelect(tree: SqlTree, environment: LineageEnvironment): SelectLineage {
  return new SelectResolver(environment).resolve(tree);
}

class SelectResolver {
  private readonly clauses = new Map<string, { node: string; column: string; kind: ClauseEdgeKind }>();
  private readonly reads = new Set<string>();
  private readonly warnings = new Set<string>();
  /** Set when a `*` could not be expanded: the output columns are then not all known. */
  private incomplete = false;

  constructor(private readonly environment: LineageEnvironment) {}

  resolve(tree: SqlTree): SelectLineage {
    const columns = this.query(tree, undefined, new Map());
    return {
      columns: columns.map((c) => ({ name: c.name, from: finalEdges(c) })),
      clauses: [...this.clauses.values()],
      reads: [...this.reads],
      warnings: [...this.warnings],
      complete: !this.incomplete,
    };
  }

  // ---- query nodes ----

  private query(tree: SqlTree, parent: Scope | undefined, outerCtes: Map<string, CteEntry>): Column[] {
    const ctes = this.cteScope(tree, outerCtes);
    switch (tree['type']) {
      case 'SELECT_NODE':
        return this.select(tree, parent, ctes);
      case 'SET_OPERATION_NODE':
      case 'RECURSIVE_CTE_NODE':
        return this.setOperation(tree, parent, ctes);
      default:
        this.warnings.add(`cannot read a ${String(tree['type']).toLowerCase()} query`);
        return [];
    }
  }

  private cteScope(tree: SqlTree, outer: Map<string, CteEntry>): Map<string, CteEntry> {
    const map = (tree['cte_map'] as { map?: { key: string; value: { query: { node: SqlTree }; aliases?: string[] } }[] } | undefined)?.map ?? [];
    if (map.length === 0) return outer;
    const scope = new Map(outer);
    // Each CTE sees the CTEs before it (and itself, for recursive ones).
    for (const { key, value } of map) scope.set(lower(key), { tree: value.query.node, aliases: value.aliases ?? [], parent: scope });
    return scope;
  }

  private setOperation(tree: SqlTree, parent: Scope | undefined, ctes: Map<string, CteEntry>): Column[] {
    const sides = ((tree['children'] as SqlTree[] | undefined) ?? [tree['left'] as SqlTree, tree['right'] as SqlTree]).filter(Boolean);
    const results = sides.map((side) => this.query(side, parent, ctes));
    const [first, ...rest] = results;
    if (!first) return [];
    const byName = tree['setop_type'] === 'UNION_BY_NAME';
    return first.map((column, index) => ({
      name: column.name,
      named: column.named,
      sources: mergeSources([column.sources, ...rest.map((r) => (byName ? r.find((c) => lower(c.name) === lower(column.name)) : r[index])?.sources ?? [])]),
    })).concat(byName ? rest.flat().filter((c) => !first.some((f) => lower(f.name) === lower(c.name))) : []);
  }

  private select(tree: SqlTree, parent: Scope | undefined, ctes: Map<string, CteEntry>): Column[] {
    const scope: Scope = { relations: [], parent, ctes };
    if (tree['from_table']) scope.relations = this.from(tree['from_table'] as SqlTree, scope);
    const items = (tree['select_list'] as SqlTree[]) ?? [];
    const columns: Column[] = [];
    scope.aliases = new Map();
    for (const item of items) {
      if (item['class'] === 'STAR' && !item['expr']) {
        for (const column of this.star(item, scope)) columns.push(column);
        continue;
      }
      const column = this.selectItem(item, scope);
      columns.push(column);
      if (item['alias']) scope.aliases.set(lower(String(item['alias'])), column);
    }
    this.clause(tree['where_clause'], scope, 'filter');
    this.clause(tree['having'], scope, 'filter');
    this.clause(tree['qualify'], scope, 'filter');
    for (const group of (tree['group_expressions'] as SqlTree[]) ?? []) {
      const position = positionalIndex(group);
      if (position !== null) {
        const column = columns[position - 1];
        if (column) this.addClauses(column.sources, 'group_by');
      } else this.clause(group, scope, 'group_by');
    }
    if (tree['aggregate_handling'] === 'FORCE_AGGREGATES') {
      // GROUP BY ALL: every output column that aggregates nothing is a grouping key.
      for (const column of columns) if (column.sources.every((s) => s.level < 2)) this.addClauses(column.sources, 'group_by');
    }
    return columns;
  }

  private selectItem(item: SqlTree, scope: Scope): Column {
    const alias = String(item['alias'] ?? '');
    if (item['class'] === 'COLUMN_REF') {
      const names = item['column_names'] as string[];
      const sources = this.columnRef(names, scope);
      return { name: alias || names[names.length - 1]!, sources, named: true };
    }
    const sources = this.expression(item, scope);
    return { name: alias || defaultName(item), sources, named: alias !== '' };
  }

  private star(item: SqlTree, scope: Scope): Column[] {
    const relationName = lower(String(item['relation_name'] ?? ''));
    if (item['columns']) {
      this.warnings.add('COLUMNS(…) expressions are not expanded');
      return [];
    }
    const excluded = new Set(starNames(item['exclude_list']).concat(starNames(item['qualified_exclude_list'])).map(lower));
    const replaced = new Map(((item['replace_list'] as { key: string; value: SqlTree }[]) ?? []).map((r) => [lower(r.key), r.value]));
    const renamed = new Map(((item['rename_list'] as { key: unknown; value: string }[]) ?? []).map((r) => [lower(starNames([r.key])[0] ?? ''), r.value]));
    const relations = relationName ? scope.relations.filter((r) => lower(r.alias) === relationName) : scope.relations;
    if (relationName && relations.length === 0) this.warnings.add(`'${relationName}.*' names no relation in its FROM clause`);
    const out: Column[] = [];
    for (const relation of relations) {
      if (!relation.columns) {
        this.incomplete = true;
        this.warnings.add(`'*' from ${relation.node ?? relation.alias}, whose columns are not known: build it (or run kiln docs generate) or declare its columns in YAML`);
        continue;
      }
      for (const column of relation.columns) {
        const key = lower(column.name);
        if (excluded.has(key) || (!relationName && relation.hiddenFromStar?.has(key))) continue;
        const replacement = replaced.get(key);
        const sources = replacement ? this.expression(replacement, scope) : column.sources;
        out.push({ name: renamed.get(key) ?? column.name, sources, named: true });
      }
    }
    return out;
  }

  // ---- FROM ----

  private from(ref: SqlTree, scope: Scope): Relation[] {
    switch (ref['type']) {
      case 'BASE_TABLE':
        return [this.baseTable(ref, scope)];
      case 'SUBQUERY': {
        const tree = (ref['subquery'] as { node: SqlTree }).node;
        // A derived table sees the outer query's CTEs but not its FROM (no LATERAL here).
        const columns = renameColumns(this.query(tree, scope.parent, scope.ctes), ref['column_name_alias']);
        return [{ alias: String(ref['alias'] ?? ''), columns }];
      }
      case 'JOIN': {
        const left = this.from(ref['left'] as SqlTree, scope);
        const right = this.from(ref['right'] as SqlTree, scope);
        const joined = [...left, ...right];
        const using = ((ref['using_columns'] as string[]) ?? []).map(lower);
        if (using.length > 0) {
          for (const name of using) for (const relation of joined) this.addClauses(columnOf(relation, name)?.sources ?? [], 'join');
          for (const relation of right) relation.hiddenFromStar = new Set([...(relation.hiddenFromStar ?? []), ...using]);
        }
        if (ref['condition']) this.clause(ref['condition'], { ...scope, relations: joined }, 'join');
        return joined;
      }
      case 'EXPRESSION_LIST': {
        const rows = (ref['values'] as SqlTree[][]) ?? [];
        const names = (ref['expected_names'] as string[]) ?? [];
        const width = rows[0]?.length ?? 0;
        const columns = Array.from({ length: width }, (_, i) => ({ name: names[i] ?? `col${i}`, sources: [] as Source[], named: true }));
        return [{ alias: String(ref['alias'] ?? 'valueslist'), columns: renameColumns(columns, ref['column_name_alias']) }];
      }
      case 'TABLE_FUNCTION': {
        const fn = ref['function'] as SqlTree;
        const sources = this.expression(fn, scope);
        const alias = String(ref['alias'] ?? fn['function_name'] ?? '');
        const names = (ref['column_name_alias'] as string[]) ?? [];
        if (names.length > 0) return [{ alias, columns: names.map((name) => ({ name, sources: raise(sources, 1), named: true })) }];
        this.warnings.add(`the columns of table function ${String(fn['function_name'])}() are not known`);
        return [{ alias, columns: null }];
      }
      case 'EMPTY':
        return [];
      default:
        this.warnings.add(`cannot read a ${String(ref['type']).toLowerCase()} in FROM`);
        return [{ alias: String(ref['alias'] ?? ''), columns: null }];
    }
  }

  private baseTable(ref: SqlTree, scope: Scope): Relation {
    const table = String(ref['table_name']);
    const schema = String(ref['schema_name'] ?? '');
    const catalog = String(ref['catalog_name'] ?? '');
    const alias = String(ref['alias'] || table);
    if (!schema && !catalog) {
      const cte = scope.ctes.get(lower(table));
      if (cte && !this.environment.isNodeCte?.(table)) return { alias, columns: renameColumns(this.cte(cte, scope), ref['column_name_alias']) };
    }
    const upstream = this.environment.relation({ catalog, schema, table });
    if (!upstream) {
      if (this.environment.isKnownTable?.({ catalog, schema, table })) return { alias, columns: null };
      this.warnings.add(`table ${[catalog, schema, table].filter(Boolean).join('.')} is not a node of the project`);
      return { alias, columns: null };
    }
    this.reads.add(upstream.node);
    const columns =
      upstream.columns?.map((name): Column => {
        const origin = upstream.origins ? upstream.origins[name] : { column: name, derived: false };
        return { name, sources: origin ? [{ node: upstream.node, column: origin.column, level: origin.derived ? 1 : 0 }] : [], named: true };
      }) ?? null;
    return { alias, node: upstream.node, columns: columns && renameColumns(columns, ref['column_name_alias']) };
  }

  private cte(entry: CteEntry, scope: Scope): Column[] {
    if (entry.resolved) return entry.resolved;
    if (entry.resolving) return []; // the recursive step of a recursive CTE: its anchor gives the columns
    entry.resolving = true;
    entry.resolved = renameColumns(this.query(entry.tree, scope.parent, entry.parent), entry.aliases);
    entry.resolving = false;
    return entry.resolved;
  }

  // ---- expressions ----

  private clause(tree: unknown, scope: Scope, kind: ClauseEdgeKind): void {
    if (tree) this.addClauses(this.expression(tree as SqlTree, scope), kind);
  }

  private addClauses(sources: Source[], kind: ClauseEdgeKind): void {
    for (const source of sources) {
      if (source.column === null) continue;
      this.clauses.set(`${kind}\0${source.node}\0${source.column}`, { node: source.node, column: source.column, kind });
    }
  }

  /** The upstream columns an expression reads, with how far each is from the value. */
  private expression(tree: SqlTree, scope: Scope): Source[] {
    const found: Source[][] = [];
    const visit = (value: unknown, inner: Scope, level: Level): void => {
      if (Array.isArray(value)) {
        for (const v of value) visit(v, inner, level);
        return;
      }
      if (!value || typeof value !== 'object') return;
      const node = value as SqlTree;
      switch (node['class']) {
        case 'COLUMN_REF': {
          const names = node['column_names'] as string[];
          if (inner.lambdaParams?.has(lower(names[0]!))) return;
          found.push(raise(this.columnRef(names, inner), level));
          return;
        }
        case 'SUBQUERY': {
          const columns = this.query((node['subquery'] as { node: SqlTree }).node, inner, inner.ctes);
          found.push(raise(columns.flatMap((c) => c.sources), Math.max(level, 1) as Level));
          if (node['child']) visit(node['child'], inner, level);
          return;
        }
        case 'LAMBDA': {
          const params = new Set(lambdaParameters(node['lhs']).map(lower));
          visit(node['expr'], { ...inner, lambdaParams: new Set([...(inner.lambdaParams ?? []), ...params]) }, Math.max(level, 1) as Level);
          return;
        }
        case 'STAR':
          if (node['expr']) visit(node['expr'], inner, level);
          return;
        case 'FUNCTION': {
          const name = lower(String(node['function_name'] ?? ''));
          const next = (AGGREGATES.has(name) ? 2 : Math.max(level, 1)) as Level;
          for (const [key, child] of Object.entries(node)) if (key !== 'class' && key !== 'type') visit(child, inner, next);
          return;
        }
        case 'WINDOW': {
          const aggregate = String(node['type']) === 'WINDOW_AGGREGATE' || AGGREGATES.has(lower(String(node['function_name'] ?? '')));
          for (const [key, child] of Object.entries(node)) {
            if (key === 'class' || key === 'type') continue;
            visit(child, inner, (key === 'children' && aggregate ? 2 : Math.max(level, 1)) as Level);
          }
          return;
        }
        default:
          for (const [key, child] of Object.entries(node)) {
            if (key === 'class' || key === 'type') continue;
            // Containers (ORDER BY entries, CASE branches) keep the level; operators and casts compute.
            visit(child, inner, node['class'] === undefined ? level : (Math.max(level, 1) as Level));
          }
      }
    };
    visit(tree, scope, tree['class'] === 'COLUMN_REF' ? 0 : 1);
    return mergeSources(found);
  }

  private columnRef(names: string[], scope: Scope): Source[] {
    for (let current: Scope | undefined = scope; current; current = current.parent) {
      const found = this.columnInScope(names, current);
      if (found) return found;
    }
    if (names.length === 1 && NILADIC.has(lower(names[0]!))) return [];
    this.warnings.add(`cannot tell where column '${names.join('.')}' comes from`);
    return [];
  }

  private columnInScope(names: string[], scope: Scope): Source[] | null {
    const [first, second] = names.map(lower);
    if (second !== undefined) {
      const relation = scope.relations.find((r) => lower(r.alias) === first);
      if (relation) return this.fromRelation(relation, names[1]!, names.length > 2);
      // schema.table.column
      const third = names[2] !== undefined ? lower(names[2]) : undefined;
      const qualified = third !== undefined ? scope.relations.find((r) => lower(r.alias) === second) : undefined;
      if (qualified) return this.fromRelation(qualified, names[2]!, names.length > 3);
    }
    const having = scope.relations.filter((r) => r.columns && columnOf(r, first!));
    if (having.length >= 1) return this.fromRelation(having[0]!, names[0]!, names.length > 1);
    const unknown = scope.relations.filter((r) => !r.columns);
    if (unknown.length === 1) return this.fromRelation(unknown[0]!, names[0]!, names.length > 1);
    const alias = scope.aliases?.get(first!);
    if (alias) return names.length > 1 ? raise(alias.sources, 1) : alias.sources;
    if (unknown.length > 1) {
      this.warnings.add(`column '${names[0]}' could come from ${unknown.map((r) => r.alias).join(' or ')}, whose columns are not known`);
      return [];
    }
    return null;
  }

  private fromRelation(relation: Relation, column: string, fieldAccess: boolean): Source[] {
    const level: Level = fieldAccess ? 1 : 0;
    if (relation.columns) {
      const found = columnOf(relation, column);
      if (!found) {
        this.warnings.add(`column '${column}' is not among the known columns of ${relation.node ?? relation.alias}`);
        return relation.node ? [{ node: relation.node, column, level }] : [];
      }
      return raise(found.sources, level);
    }
    return relation.node ? [{ node: relation.node, column, level }] : [];
  }
}

// ---- helpers ----

function columnOf(relation: Relation, name: string): Column | undefined {
  const key = lower(name);
  return relation.columns?.find((c) => lower(c.name) === key);
}

function raise(sources: Source[], level: Level): Source[] {
  return level === 0 ? sources : sources.map((s) => ({ ...s, level: Math.max(s.level, level) as Level }));
}

function mergeSources(lists: Source[][]): Source[] {
  const merged = new Map<string, Source>();
  for (const list of lists) {
    for (const source of list) {
      const key = `${source.node}\0${source.column}`;
      const seen = merged.get(key);
      if (!seen || seen.level < source.level) merged.set(key, source);
    }
  }
  return [...merged.values()];
}

function renameColumns(columns: Column[], aliases: unknown): Column[] {
  const names = Array.isArray(aliases) ? (aliases as string[]) : [];
  if (names.length === 0) return columns;
  return columns.map((c, i) => (names[i] ? { ...c, name: names[i]!, named: true } : c));
}

function finalEdges(column: Column): OutputColumn['from'] {
  return column.sources.map((s) => ({
    node: s.node,
    column: s.column,
    kind: s.level === 2 ? 'aggregated' : s.level === 1 ? 'derived' : s.column !== null && lower(s.column) !== lower(column.name) ? 'renamed' : 'passthrough',
  }));
}

function positionalIndex(tree: SqlTree): number | null {
  if (tree['class'] !== 'CONSTANT') return null;
  const value = (tree['value'] as { value?: unknown } | undefined)?.value;
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function starNames(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.map((entry) => {
    if (typeof entry === 'string') return entry;
    // Qualified names come as {column_names} or {catalog, schema, table, column}.
    const named = entry as { column_names?: string[]; column?: string } | null;
    return named?.column_names ? named.column_names[named.column_names.length - 1]! : String(named?.column ?? '');
  });
}

function lambdaParameters(lhs: unknown): string[] {
  if (!lhs || typeof lhs !== 'object') return [];
  const node = lhs as SqlTree;
  if (node['class'] === 'COLUMN_REF') return [(node['column_names'] as string[])[0]!];
  return Object.values(node).flatMap(lambdaParameters);
}

/** The name DuckDB gives an unaliased expression is its text; the function name stands in. */
function defaultName(item: SqlTree): string {
  const fn = item['function_name'];
  if (typeof fn === 'string') return fn === 'count_star' ? 'count_star()' : fn;
  if (item['class'] === 'CAST') {
    const child = item['child'] as SqlTree;
    if (child?.['class'] === 'COLUMN_REF') return (child['column_names'] as string[]).at(-1)!;
  }
  return String(item['class'] ?? 'expr').toLowerCase();
}
