/**
 * The `adapter` object templates see. Warehouse calls go through the adapter's
 * synchronous connection (the worker bridge); at parse time (`execute` false)
 * they return empty results, as dbt's do.
 */
import { createHash } from 'node:crypto';
import { KilnError } from '../errors.js';
import type { Adapter, AdapterDialect, ColumnDescription, QueryResult } from '../adapters/types.js';
import { EPHEMERAL_PREFIX, Relation, RELATION_TYPE_NAMES, stripKeywords } from './relation.js';
import { ResultTable } from './resultTable.js';
import { convertAgateType } from './agateTypes.js';
import { numberPyformatPlaceholders } from './bindingPlaceholders.js';
import { makeTuple } from './compat/runtime/python-values.js';
import { bindArgsByName } from './compat/runtime/python-methods.js';

const STRING_TYPES = ['text', 'character varying', 'character', 'varchar'];
const FLOAT_TYPES = ['real', 'float4', 'float', 'double precision', 'float8', 'double'];
// dbt's base integer names, with DuckDB's (dbt-duckdb's DuckDBColumn): each warehouse's describe gives only its own.
const INTEGER_TYPES = ['smallint', 'integer', 'bigint', 'smallserial', 'serial', 'bigserial', 'int2', 'int4', 'int8', 'serial2', 'serial4', 'serial8', 'tinyint', 'hugeint', 'utinyint', 'usmallint', 'uinteger', 'ubigint', 'int1', 'short', 'int', 'signed', 'long'];
const NUMERIC_TYPES = ['numeric', 'decimal'];
const COLUMN_PARAMETERS = ['column', 'dtype', 'char_size', 'numeric_precision', 'numeric_scale'];

/**
 * dbt's `api.Column` (dbt-adapters base/column.py, with dbt-duckdb's struct fields): type
 * tests by exact type name, `data_type` with string size and numeric precision and scale.
 */
export class Column {
  constructor(
    readonly name: string,
    readonly dtype: string,
    readonly char_size: number | null = null,
    readonly numeric_precision: number | null = null,
    readonly numeric_scale: number | null = null,
  ) {}
  /** `api.Column(name, dtype, char_size=…, numeric_precision=…, numeric_scale=…)`, positions or keywords. */
  static fromCall(...args: unknown[]): Column {
    const a = bindArgsByName(args, COLUMN_PARAMETERS) as { column: string; dtype: string; char_size?: number | null; numeric_precision?: number | null; numeric_scale?: number | null };
    return new this(a.column, a.dtype, a.char_size ?? null, a.numeric_precision ?? null, a.numeric_scale ?? null);
  }
  get column(): string { return this.name; }
  get data_type(): string {
    if (this.is_string()) return (this.constructor as typeof Column).string_type(this.string_size());
    if (this.is_numeric()) return (this.constructor as typeof Column).numeric_type(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }
  get expanded_data_type(): string { return this.data_type; }
  /** How the warehouse quotes a column name: ANSI double quotes here, the dialect's in columnApi's class. */
  static quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  get quoted(): string { return (this.constructor as typeof Column).quoteIdentifier(this.name); }
  is_string(): boolean { return STRING_TYPES.includes(this.dtype.toLowerCase()); }
  is_number(): boolean { return this.is_integer() || this.is_numeric() || this.is_float(); }
  is_numeric(): boolean { return NUMERIC_TYPES.includes(this.dtype.toLowerCase()); }
  is_integer(): boolean { return INTEGER_TYPES.includes(this.dtype.toLowerCase()); }
  is_float(): boolean { return FLOAT_TYPES.includes(this.dtype.toLowerCase()); }
  is_struct(): boolean { return this.dtype.toLowerCase().startsWith('struct'); }
  string_size(): number {
    if (!this.is_string()) throw new KilnError('Called string_size() on non-string field!');
    return this.dtype === 'text' || this.char_size === null || this.char_size === undefined ? 256 : Number(this.char_size);
  }
  /** A string column that a wider string column could hold (dbt widens such columns instead of recreating them). */
  can_expand_to(...args: unknown[]): boolean {
    const other = bindArgsByName(args, ['other_column'])['other_column'] as Column;
    if (!this.is_string() || !other.is_string()) return false;
    return other.string_size() > this.string_size();
  }
  literal(value: unknown): string { return `${String(value)}::${this.data_type}`; }
  /** DuckDB's STRUCT(a INTEGER, b VARCHAR) as its fields, nested structs flattened to `parent.child` (dbt-duckdb). */
  get fields(): Column[] {
    const match = /^STRUCT\((.*)\)$/is.exec(this.dtype);
    if (!match) return [];
    const parts: string[] = [];
    let depth = 0;
    let current = '';
    for (const ch of match[1]!) {
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      if (ch === ',' && depth === 0) {
        parts.push(current.trim());
        current = '';
      } else current += ch;
    }
    parts.push(current.trim());
    const Cls = this.constructor as typeof Column;
    return parts.map((p) => {
      const space = p.indexOf(' ');
      return new Cls(p.slice(0, space), p.slice(space + 1));
    });
  }
  flatten(): Column[] {
    if (!this.is_struct()) return [this];
    const Cls = this.constructor as typeof Column;
    return this.fields.flatMap((f) => f.flatten().map((c) => new Cls(`${this.name}.${c.name}`, c.dtype, c.char_size, c.numeric_precision, c.numeric_scale)));
  }
  toString(): string { return `<Column ${this.name} (${this.dtype})>`; }
  static create(name: string, dtype: string): Column { return new this(name, dtype); }
  static string_type(size: number): string { return `character varying(${size})`; }
  static numeric_type(dtype: string, precision: unknown, scale: unknown): string {
    return precision === null || precision === undefined || scale === null || scale === undefined ? dtype : `${dtype}(${precision},${scale})`;
  }
  /** `api.Column.from_description('a', 'varchar(10)')`: the size or precision and scale read off the type. */
  static from_description(name: string, rawDataType: string): Column {
    const match = /^([^(]+)(\([^)]+\))?/.exec(rawDataType);
    if (!match) throw new KilnError(`Could not interpret data type "${rawDataType}"`);
    const [, dataType, sizeInfo] = match;
    let charSize: number | null = null;
    let precision: number | null = null;
    let scale: number | null = null;
    if (sizeInfo) {
      const parts = sizeInfo.slice(1, -1).split(',');
      const int = (text: string): number => {
        const n = Number(text.trim());
        if (!Number.isInteger(n)) throw new KilnError(`Could not interpret data_type "${rawDataType}": could not convert "${text}" to an integer`);
        return n;
      };
      if (parts.length === 1) charSize = int(parts[0]!);
      else if (parts.length === 2) [precision, scale] = [int(parts[0]!), int(parts[1]!)];
    }
    return new this(name, dataType!, charSize, precision, scale);
  }
}

/** dbt's `api.Column` for one warehouse: `translate_type` maps a portable type name to the warehouse's. */
export function columnApi(dialect: AdapterDialect): typeof Column {
  return class extends Column {
    static override quoteIdentifier = (name: string): string => dialect.quoteIdentifier(name);
    static translate_type(dtype: string): string {
      return dialect.typeName(dtype);
    }
  };
}

export interface AdapterObjectOptions {
  dialect: AdapterDialect;
  adapter: () => Adapter | undefined;
  executing: () => boolean;
  dispatch: (macroName: string, macroNamespace?: string) => (...args: unknown[]) => unknown;
  /** The directory seeds are read from, for get_csv_data-style helpers. */
  readFile: (path: string) => string;
  /** `api.Column` of this warehouse (columnApi), for the columns it returns. */
  Column: typeof Column;
  /** Print a warning (adapter.warn_once). */
  warn?: (message: string) => void;
  /** The project's `flags:` (dbt's behaviour flags are read from there). */
  projectFlags?: Record<string, unknown>;
  /** A setting of the profile's target (the adapter's own members read theirs, e.g. dbt-duckdb's external_root). */
  targetSetting?: (key: string) => unknown;
  /** Whether a file exists, relative to the project (dbt-duckdb's location_exists). */
  fileExists?: (path: string) => boolean;
  /** The project's `quoting:` config (adapter.quote_as_configured). */
  quoting?: Record<string, boolean>;
  /** What `adapter.config` shows of the project and profile. */
  config?: Record<string, unknown>;
  /** Told of each `adapter.add_query` statement, for the node's target/run/ file. */
  recordStatement?: (sql: string) => void;
}

/** How much of an `abridge_sql_log` statement is kept in the record (dbt logs 512 characters). */
const ABRIDGED_LENGTH = 512;

/**
 * What `adapter.add_query` returns in place of dbt's (connection, cursor): the connection's name
 * and state, and a DB-API-like cursor over the statement's result (rowcount, description,
 * fetchone/fetchmany/fetchall), so macros that read the cursor work.
 */
function addQueryResult(dialect: AdapterDialect, result: QueryResult | undefined): unknown[] {
  const rows = (result?.rows ?? []).map((row) => makeTuple([...row]));
  let next = 0;
  const take = (count: number) => rows.slice(next, (next = Math.min(rows.length, next + count)));
  const connection = { name: 'kiln', type: dialect.type, state: 'open', transaction_open: false };
  const cursor = {
    rowcount: result?.rowsAffected ?? (result?.columns.length ? rows.length : -1),
    description: (result?.columns ?? []).map((c) => makeTuple([c.name, c.dataType, null, null, null, null, null])),
    fetchone: () => take(1)[0] ?? null,
    fetchmany: (size?: number) => take(size ?? 1),
    fetchall: () => take(rows.length),
  };
  return makeTuple([connection, cursor]);
}

/**
 * dbt's `adapter.behavior`: each behaviour flag as `{setting, no_warn}`, off unless the project's
 * `flags:` turns it on (dbt's default for every flag it guards, e.g. enable_truthy_nulls_equals_macro).
 */
function behaviorFlags(projectFlags: Record<string, unknown>): Record<string, unknown> {
  const flag = (name: string) => {
    const setting = Boolean(projectFlags[name]);
    return { setting, no_warn: setting };
  };
  return new Proxy({}, {
    get: (_t, name) => (typeof name === 'string' ? flag(name) : undefined),
    has: (_t, name) => typeof name === 'string',
    // Templates read a dict's keys through its own properties.
    getOwnPropertyDescriptor: (_t, name) => (typeof name === 'string' ? { value: flag(name), enumerable: true, configurable: true, writable: false } : undefined),
  });
}

/** dbt's index config (`adapter.parse_index`): columns, unique, type, and `render(relation)`, the index's name. */
export interface IndexConfig {
  columns: string[];
  unique: boolean;
  type: string | null;
  render(relation: Relation): string;
}

interface RawConstraint {
  type: string;
  name?: string;
  expression?: string;
  columns?: string[];
  to?: string;
  to_columns?: string[];
}
interface RawColumn {
  name: string;
  data_type?: string;
  quote?: boolean;
  constraints?: RawConstraint[];
}

/** dbt's render_column_constraint: the column-level DDL of one constraint ('' for what the warehouse skips). */
function columnConstraint(c: RawConstraint): string {
  switch (c.type) {
    case 'not_null': return 'not null';
    case 'unique': return 'unique';
    case 'primary_key': return 'primary key';
    case 'check': return c.expression ? `check (${c.expression})` : '';
    case 'foreign_key': return c.expression ? `references ${c.expression}` : c.to ? `references ${c.to}${c.to_columns?.length ? ` (${c.to_columns.join(', ')})` : ''}` : '';
    case 'custom': return c.expression ?? '';
    default: return '';
  }
}

/** dbt's render_model_constraint: a table constraint, named when the config names it. */
function modelConstraint(c: RawConstraint): string {
  const prefix = c.name ? `constraint ${c.name} ` : '';
  const columns = (c.columns ?? []).join(', ');
  switch (c.type) {
    case 'check': return c.expression ? `${prefix}check (${c.expression})` : '';
    case 'unique': return `${prefix}unique (${columns})`;
    case 'primary_key': return `${prefix}primary key (${columns})`;
    case 'foreign_key': return c.expression ? `${prefix}foreign key (${columns}) references ${c.expression}` : c.to ? `${prefix}foreign key (${columns}) references ${c.to}${c.to_columns?.length ? ` (${c.to_columns.join(', ')})` : ''}` : '';
    case 'custom': return c.expression ?? '';
    default: return '';
  }
}

/** dbt's SnapshotTargetNotSnapshotTableError when the relation lacks one of the scd columns (named by the snapshot's config). */
function snapshotColumnsMissing(columns: Column[], columnNames: Record<string, string>, wanted: string[]): void {
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  const missing = wanted.map((c) => columnNames[c] ?? c).filter((c) => c && !names.has(c.toLowerCase()));
  if (missing.length) throw new KilnError(`Snapshot target is not a snapshot table (missing "${missing.join('", "')}")`);
}

/** `adapter.parse_index(raw)`: None for None; an error for what is not an index config, as dbt's IndexConfigError. */
export function parseIndex(raw: unknown): IndexConfig | null {
  if (raw === null || raw === undefined) return null;
  const index = (raw && typeof raw === 'object' ? stripKeywords(raw as Record<string, unknown>) : raw) as Record<string, unknown>;
  if (typeof index !== 'object' || Array.isArray(index)) throw new KilnError(`Invalid index config:\n  Got: ${JSON.stringify(raw)}\n  Expected a dictionary with at minimum a "columns" key`);
  const columns = index['columns'];
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
    throw new KilnError(`Could not parse index config: ${JSON.stringify(index)}: 'columns' must be a list of column names`);
  }
  const unique = Boolean(index['unique'] ?? false);
  const type = (index['type'] as string | undefined) ?? null;
  return {
    columns,
    unique,
    type,
    // dbt names an index by the md5 of its columns, relation, uniqueness and the time, so a rebuilt table gets a fresh one.
    render: (relation: Relation) => createHash('md5').update([...columns, relation.render(), unique ? 'True' : 'False', new Date().toISOString()].join('_')).digest('hex'),
  };
}

function catalogNotFound(name: unknown): KilnError {
  return new KilnError(`catalog not found: '${String(name)}' (kiln has no catalog integrations to choose from)`, {
    hint: 'kiln reads no catalogs.yml; drop the catalog_name (or catalog) config to build the relation in the warehouse as usual',
  });
}

export function createAdapterObject(options: AdapterObjectOptions): Record<string, unknown> {
  const { dialect } = options;
  const live = (): Adapter | undefined => (options.executing() ? options.adapter() : undefined);
  const relationOf = (r: Relation): Relation => r;
  const warned = new Set<string>();
  const columnsIn = (relation: Relation): Column[] => {
    const adapter = live();
    if (!adapter || !relation) return [];
    return adapter.syncConnection.getColumns(relation).map((c: ColumnDescription) => new options.Column(c.name, c.dataType));
  };
  const getRelation = (database: string, schema: string, identifier: string): Relation | null => {
    const adapter = live();
    if (!adapter) return null;
    const norm = (s: string): string => dialect.normalizeIdentifier(s ?? '');
    const found = adapter.syncConnection
      .listRelations(database, schema)
      .find((r) => norm(r.identifier) === norm(identifier) && norm(r.schema) === norm(schema));
    return found ? new Relation(dialect, found) : null;
  };
  return {
    type: () => dialect.type,
    // dispatch('name', 'namespace'), dispatch('name', macro_namespace='…') or all by keyword.
    dispatch: (first: string | Record<string, unknown>, second?: { macro_namespace?: string } | string) => {
      const keywords = [first, second].find((a): a is Record<string, unknown> => !!a && typeof a === 'object');
      const k = keywords ? (stripKeywords(keywords) as { macro_name?: string; macro_namespace?: string }) : {};
      const name = typeof first === 'string' ? first : String(k.macro_name);
      const ns = typeof second === 'string' ? second : k.macro_namespace;
      return options.dispatch(name, ns);
    },
    behavior: behaviorFlags(options.projectFlags ?? {}),
    config: options.config ?? {},
    /** kiln's statements commit on their own: `adapter.commit()` has nothing left to do. */
    commit: () => '',
    quote: (identifier: string) => {
      // A missing name (a list of strings given where columns were expected) would otherwise fail deep in the dialect.
      if (identifier === undefined) throw new KilnError('adapter.quote() was given no name to quote', { hint: 'pass a column or relation name; for a list of columns, map(attribute="name") needs Column objects, not strings' });
      return dialect.quoteIdentifier(String(identifier));
    },
    // The project's quoting: config decides, per part (database, schema, identifier); quoted by default.
    quote_as_configured: (identifier: string, quoteKey: string) => (options.quoting?.[quoteKey] === false ? identifier : dialect.quoteIdentifier(identifier)),
    // dbt's: a boolean decides, none quotes, anything else is a config error.
    quote_seed_column: (column: string, quote?: unknown) => {
      if (quote !== undefined && quote !== null && typeof quote !== 'boolean') {
        throw new KilnError(`The seed configuration value of "quote_columns" has an invalid type <class '${pythonTypeName(quote)}'>`, { hint: 'set quote_columns to true or false' });
      }
      return quote === false ? column : dialect.quoteIdentifier(column);
    },
    get_relation: (...args: unknown[]) => {
      const [a, b, c] = args;
      const kw = (args.find((x) => x && typeof x === 'object' && '__keywords' in (x as object)) ?? {}) as Record<string, string>;
      return getRelation(String(kw['database'] ?? a ?? ''), String(kw['schema'] ?? b ?? ''), String(kw['identifier'] ?? c ?? ''));
    },
    load_relation: (relation: Relation) => (relation ? getRelation(relation.database, relation.schema, relation.identifier) : null),
    get_columns_in_relation: (relation: Relation) => columnsIn(relationOf(relation)),
    get_columns_in_table: (schema: string, identifier: string) => columnsIn(new Relation(dialect, { schema, identifier })),
    /** Columns of a query's result (dbt reads the cursor's description): names and the warehouse's types. */
    get_column_schema_from_query: (sql: string) => {
      const adapter = live();
      if (!adapter) return [];
      const [result] = adapter.syncConnection.execute(String(sql), { fetch: true });
      return (result?.columns ?? []).map((c) => new options.Column(c.name, c.dataType));
    },
    /** Columns a relation answers to that its description omits (BigQuery's _PARTITIONTIME …); none here. */
    get_pseudocolumns_for_relation: () => [],
    warn_once: (message: string) => {
      const text = String(message);
      if (!warned.has(text)) {
        warned.add(text);
        options.warn?.(text);
      }
      return '';
    },
    parse_index: (raw: unknown) => parseIndex(raw),
    /** The placeholder seeds' inserts bind values with (dbt-duckdb: `?`; Postgres drivers: `%s`). */
    get_binding_char: () => (dialect.type === 'duckdb' ? '?' : '%s'),
    /** dbt's hard_deletes config: ignore, invalidate or new_record (invalidate_hard_deletes=true is the old spelling of invalidate). */
    get_hard_deletes_behavior: (config: { get?: (key: string) => unknown } | Record<string, unknown>) => {
      const get = (key: string): unknown => (typeof (config as { get?: unknown }).get === 'function' ? (config as { get: (k: string) => unknown }).get(key) : (config as Record<string, unknown>)[key]);
      const configured = get('hard_deletes');
      if (configured) return String(configured);
      return get('invalidate_hard_deletes') ? 'invalidate' : 'ignore';
    },
    // dbt's contract DDL: `name type constraint…` per column, and the model's table constraints.
    render_raw_columns_constraints: (...args: unknown[]) => {
      const raw = (bindArgsByName(args, ['raw_columns'])['raw_columns'] ?? {}) as Record<string, RawColumn>;
      return Object.values(raw).map((c) => [`${c.quote ? dialect.quoteIdentifier(c.name) : c.name} ${c.data_type ?? ''}`.trim(), ...(c.constraints ?? []).map(columnConstraint).filter(Boolean)].join(' '));
    },
    render_raw_model_constraints: (...args: unknown[]) => {
      const raw = (bindArgsByName(args, ['raw_constraints'])['raw_constraints'] ?? []) as RawConstraint[];
      return raw.map(modelConstraint).filter(Boolean);
    },
    /** dbt's: string columns of `to` widened to what `from` holds (alter_column_type with the wider string type). */
    expand_target_column_types: (from: Relation, to: Relation) => {
      const target = new Map(columnsIn(to).map((c) => [c.name, c]));
      for (const reference of columnsIn(from)) {
        const column = target.get(reference.name);
        if (column && column.can_expand_to(reference)) options.dispatch('alter_column_type', 'dbt')(to, reference.name, options.Column.string_type(reference.string_size()));
      }
      return '';
    },
    /** dbt's check that a snapshot's target has its scd columns (dbt_is_deleted too for hard_deletes: new_record). */
    valid_snapshot_target: (relation: Relation, columnNames?: Record<string, string>) => {
      snapshotColumnsMissing(columnsIn(relation), stripKeywords(columnNames ?? {}), ['dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to']);
      return '';
    },
    assert_valid_snapshot_target_given_strategy: (relation: Relation, columnNames: Record<string, string>, strategy: Record<string, unknown>) => {
      const columns = columnsIn(relation);
      const names = stripKeywords(columnNames ?? {});
      snapshotColumnsMissing(columns, names, ['dbt_scd_id', 'dbt_valid_from', 'dbt_valid_to']);
      if (strategy && (strategy as { hard_deletes?: unknown }).hard_deletes === 'new_record') snapshotColumnsMissing(columns, names, ['dbt_is_deleted']);
      return '';
    },
    // kiln keeps no relation cache: dbt's cache hooks have nothing to record.
    cache_added: () => '',
    cache_dropped: () => '',
    cache_renamed: () => '',
    ...(dialect.templateMembers?.({
      targetSetting: (key) => options.targetSetting?.(key),
      fileExists: (path) => options.fileExists?.(path) ?? false,
      bindArgs: bindArgsByName,
    }) ?? {}),
    get_missing_columns: (from: Relation, to: Relation) => {
      const target = new Set(columnsIn(to).map((c) => c.name.toLowerCase()));
      return columnsIn(from).filter((c) => !target.has(c.name.toLowerCase()));
    },
    list_relations_without_caching: (schemaRelation: Relation) => {
      const adapter = live();
      if (!adapter) return [];
      return adapter.syncConnection.listRelations(schemaRelation.database, schemaRelation.schema).map((r) => new Relation(dialect, r));
    },
    list_schemas: (database: string) => live()?.syncConnection.listSchemas(database) ?? [],
    check_schema_exists: (database: string, schema: string) =>
      (live()?.syncConnection.listSchemas(database) ?? []).some((s) => s.toLowerCase() === String(schema).toLowerCase()),
    create_schema: (relation: Relation) => {
      live()?.syncConnection.execute(dialect.createSchemaSql(relation.database, relation.schema), { fetch: false });
      return '';
    },
    drop_schema: (relation: Relation) => {
      live()?.syncConnection.execute(dialect.dropSchemaSql(relation.database, relation.schema), { fetch: false });
      return '';
    },
    drop_relation: (relation: Relation) => {
      if (relation) live()?.syncConnection.execute(dialect.dropRelationSql({ ...relation, type: relation.type ?? 'table' }), { fetch: false });
      return '';
    },
    rename_relation: (from: Relation, to: Relation) => {
      live()?.syncConnection.execute(dialect.renameRelationSql({ ...from, type: from.type ?? 'table' }, to.identifier), { fetch: false });
      return '';
    },
    truncate_relation: (relation: Relation) => {
      live()?.syncConnection.execute(`delete from ${relation.render()} where true`, { fetch: false }); // BigQuery refuses a DELETE without WHERE
      return '';
    },
    already_exists: (schema: string, identifier: string) => getRelation('', schema, identifier) !== null,
    execute: (sql: string, kwargs?: { fetch?: boolean; auto_begin?: boolean }) => {
      const adapter = live();
      const fetch = stripKeywords(kwargs ?? {}).fetch === true;
      if (!adapter) return [{ _message: 'OK', rows_affected: -1 }, ResultTable.empty()];
      const [result] = adapter.syncConnection.execute(sql, { fetch });
      return [{ _message: result?.message ?? 'OK', rows_affected: result?.rowsAffected ?? -1, code: 'OK' }, result ? new ResultTable(result) : ResultTable.empty()];
    },
    /**
     * dbt's add_query(sql, auto_begin, bindings, abridge_sql_log): the statement runs at once with
     * its bindings as bound parameters, in `?` or `%s` placeholders (kiln's statements commit on
     * their own, so auto_begin has nothing to open); abridge_sql_log shortens what the run file
     * records of it.
     */
    add_query: (...args: unknown[]) => {
      const a = bindArgsByName(args, ['sql', 'auto_begin', 'bindings', 'abridge_sql_log']);
      const sql = String(a['sql'] ?? '');
      const bindings = a['bindings'] ?? null;
      if (bindings !== null && !Array.isArray(bindings)) {
        throw new KilnError(`adapter.add_query: bindings must be a list of values, one per placeholder (${dialect.type === 'duckdb' ? '?' : '%s'}), got ${typeof bindings}`, {
          hint: 'pass bindings=[value, …] in the order of the placeholders in the SQL',
        });
      }
      const adapter = live();
      if (!adapter) return addQueryResult(dialect, undefined);
      options.recordStatement?.(a['abridge_sql_log'] && sql.length > ABRIDGED_LENGTH ? `${sql.slice(0, ABRIDGED_LENGTH)} ...` : sql);
      // `%s` placeholders (dbt's default binding char) become the numbered ones kiln's connections take.
      const statement = bindings ? numberPyformatPlaceholders(sql) : sql;
      const [result] = adapter.syncConnection.execute(statement, { fetch: true, ...(bindings ? { params: [...bindings] } : {}) });
      return addQueryResult(dialect, result);
    },
    /** dbt's test-suite helper: run `sql` and return the first row (fetch='one'), all rows ('all') as tuples, or nothing. */
    run_sql_for_tests: (...args: unknown[]) => {
      const a = bindArgsByName(args, ['sql', 'fetch', 'conn']);
      const adapter = live();
      if (!adapter) return null;
      const [result] = adapter.syncConnection.execute(String(a['sql'] ?? ''), { fetch: a['fetch'] === 'one' || a['fetch'] === 'all' });
      const rows = (result?.rows ?? []).map((row) => makeTuple([...row]));
      if (a['fetch'] === 'one') return rows[0] ?? null;
      return a['fetch'] === 'all' ? rows : null;
    },
    // kiln has no catalog integrations (dbt's catalogs.yml), so no name finds one.
    get_catalog_integration: (name: unknown) => {
      throw catalogNotFound(name);
    },
    /** None unless the node names a catalog (catalog_name, or the older catalog), which then has to exist. */
    build_catalog_relation: (node: unknown) => {
      const config = (node as { config?: Record<string, unknown> } | null)?.config;
      const catalog = config?.['catalog_name'] ?? config?.['catalog'];
      if (!catalog) return null;
      throw catalogNotFound(catalog);
    },
    // BigQuery's partition metadata; at parse time an empty table, as dbt's.
    get_partitions_metadata: () => {
      if (!options.executing()) return ResultTable.empty();
      throw new KilnError('`get_partitions_metadata` is not implemented for this adapter!', { hint: 'it reads BigQuery partition metadata; query the warehouse with run_query instead' });
    },
    get_csv_data: (path: string) => options.readFile(path),
    convert_type: (...args: unknown[]) => {
      const a = bindArgsByName(args, ['agate_table', 'col_idx']);
      return convertAgateType(a['agate_table'], Number(a['col_idx']), dialect);
    },
    // dbt's base version: {privilege: [grantee, …]} from a show-grants table's grantee and privilege_type columns.
    standardize_grants_dict: (grants: unknown) => {
      if (!(grants instanceof ResultTable)) return grants ?? {};
      const out: Record<string, string[]> = {};
      for (const row of grants.rows) {
        const privilege = String(row['privilege_type']);
        (out[privilege] ??= []).push(String(row['grantee']));
      }
      return out;
    },
    get_incremental_strategy_macro: () => {
      throw new KilnError('adapter.get_incremental_strategy_macro is not supported in templates', {
        hint: 'kiln runs incremental strategies natively; set `incremental_strategy` in the model config',
      });
    },
    Relation: { create: (kwargs: Record<string, string>) => createRelation(dialect, kwargs) },
    Column,
  };
}

export function createRelation(dialect: AdapterDialect, kwargs: Record<string, unknown>): Relation {
  const k = stripKeywords(kwargs);
  return new Relation(
    dialect,
    {
      database: (k['database'] as string) ?? '',
      schema: (k['schema'] as string) ?? '',
      identifier: (k['identifier'] as string) ?? (k['name'] as string) ?? '',
      type: (k['type'] as Relation['type']) ?? null,
    },
    { quote: (k['quote_policy'] as Record<string, boolean> | undefined) ?? {}, include: (k['include_policy'] as Record<string, boolean> | undefined) ?? {} },
  );
}

/** Python's name for the type of a template value, as dbt's messages print it. */
function pythonTypeName(value: unknown): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'dict' : typeof value;
}

/** `api.Relation`: create, create_from (a node's relation), add_ephemeral_prefix, and dbt's type names (`api.Relation.MaterializedView`). */
export function relationApi(dialect: AdapterDialect): Record<string, unknown> {
  const methods: Record<string, (...args: unknown[]) => unknown> = {
    create: (kwargs) => createRelation(dialect, kwargs as Record<string, unknown>),
    create_from: (_config, node) => {
      const n = node as { database?: string; schema?: string; alias?: string; identifier?: string; name?: string; resource_type?: string };
      return createRelation(dialect, { database: n.database, schema: n.schema, identifier: n.resource_type === 'source' ? n.identifier : n.alias ?? n.name });
    },
    add_ephemeral_prefix: (name) => `${EPHEMERAL_PREFIX}${name}`,
    /** The snapshot's scd id inputs: the unique key (or keys), then updated_at. */
    scd_args: (primaryKey, updatedAt) => [...(Array.isArray(primaryKey) ? primaryKey : [primaryKey]), updatedAt],
    /** A relation type by name, as dbt's RelationType enum reads it. */
    get_relation_type: (name) => {
      const type = String(name);
      if (!Object.values(RELATION_TYPE_NAMES).includes(type)) throw new KilnError(`'${type}' is not a valid RelationType`);
      return type;
    },
  };
  return { ...RELATION_TYPE_NAMES, ...methods };
}
