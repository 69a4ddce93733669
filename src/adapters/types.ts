/**
 * The adapter contract. An adapter is split in two, as in Kysely and Malloy:
 *  - `AdapterDialect`: pure and synchronous, runs on the main thread: quoting, casing,
 *    type names, capability flags and the SQL text of each materialization step.
 *  - `AdapterConnection`: owns the warehouse connection(s). It runs inside a worker
 *    thread (see bridge/) so that templates can call the warehouse synchronously
 *    while the runner calls it asynchronously; every method is async and every
 *    argument and result is structured-cloneable.
 * Capability flags and type guards decide behaviour; code outside an adapter never
 * tests `type === 'duckdb'`.
 */

export interface RelationRef {
  database: string;
  schema: string;
  identifier: string;
}

export type RelationType = 'table' | 'view' | 'materialized_view' | 'external' | 'cte';

export interface Relation extends RelationRef {
  type: RelationType;
}

export interface ColumnDescription {
  name: string;
  /** The warehouse's type name, as the warehouse spells it (e.g. `VARCHAR`, `DECIMAL(18,3)`). */
  dataType: string;
  nullable?: boolean;
}

/** A relation as the docs catalog shows it: its columns in order and the stats the warehouse keeps. */
export interface RelationDescription extends Relation {
  columns: (ColumnDescription & { comment?: string | null })[];
  comment: string | null;
  /** Rows, where the warehouse keeps a count (tables; views have none). */
  rowCount: number | null;
  bytes: number | null;
}

/**
 * The config of the node a relation is built for, for the warehouse's own table and view options
 * (BigQuery's partition_by, cluster_by and labels; Snowflake's transient, cluster_by and copy_grants).
 * Statements kiln makes for itself (working tables, state) pass none.
 */
export type RelationConfig = Readonly<Record<string, unknown>>;

export interface QueryResult {
  columns: ColumnDescription[];
  /** Rows as arrays, in column order; values are JSON-friendly (bigint → number when safe, dates → ISO strings). */
  rows: unknown[][];
  /** Rows inserted/updated/deleted where the warehouse reports it. */
  rowsAffected?: number;
  /** Bytes the statement processed (scanned), where the warehouse reports it (BigQuery's totalBytesProcessed). */
  bytesProcessed?: number;
  /** Bytes billed, where the warehouse bills by bytes (BigQuery's totalBytesBilled). */
  bytesBilled?: number;
  /** Slot milliseconds the statement used (BigQuery's totalSlotMs). */
  slotMs?: number;
  /** The warehouse's own id of the statement (Snowflake's query id, BigQuery's job id), to find it in the warehouse's history. */
  queryId?: string;
  /** A short status line from the warehouse ("OK", "INSERT 0 5", …). */
  message?: string;
}

export interface ExecuteOptions {
  /** Bound parameters ($1, ? … as the dialect's placeholder). */
  params?: unknown[];
  /**
   * Statements run on one connection in order; with `transaction` they are wrapped
   * in BEGIN/COMMIT (ROLLBACK on failure) where the warehouse supports it.
   */
  transaction?: boolean;
  /** Fetch rows (default true). Set false for DDL/DML to save a copy. */
  fetch?: boolean;
  /** Cap the number of rows fetched. */
  maxRows?: number;
  /** Tag used to cancel the statement later (e.g. the node's unique_id). */
  tag?: string;
  /** A label the warehouse keeps with the statement in its history (a model's `query_tag`: Snowflake's QUERY_TAG). */
  queryTag?: string;
}

export interface AdapterCapabilities {
  supportsMerge: boolean;
  supportsTransactions: boolean;
  /** Atomic table swap via rename inside a transaction. */
  supportsTransactionalDdl: boolean;
  supportsInsertOverwrite: boolean;
  supportsMaterializedViews: boolean;
  /** `CREATE OR REPLACE TABLE … AS` is atomic on this warehouse. */
  atomicCreateOrReplace: boolean;
  /** Native fast CSV loading from a local file (DuckDB's read_csv). */
  supportsLocalCsvLoad: boolean;
  /** `appendColumns` bulk-appends rows (DuckDB's Appender). */
  supportsBulkAppend: boolean;
  /** `openCursor`/`readCursor` stream a query's rows in batches. */
  supportsCursors: boolean;
  supportsConstraints: { notNull: boolean; primaryKey: boolean; unique: boolean; check: boolean; foreignKey: boolean };
  /** Identifiers fold to this case when unquoted. */
  identifierCase: 'lower' | 'upper' | 'preserve';
}

/** What a warehouse's own `adapter.*` template members may ask of the run. */
export interface TemplateMemberHost {
  /** A setting of the profile's target. */
  targetSetting(key: string): unknown;
  /** Whether a file exists, relative to the project. */
  fileExists(path: string): boolean;
  /** A template call's positional and keyword arguments, by parameter name. */
  bindArgs(args: unknown[], names: string[]): Record<string, unknown>;
}

/** Pure SQL building and naming rules for one warehouse. */
export interface AdapterDialect {
  readonly type: string;
  readonly capabilities: AdapterCapabilities;
  /** The warehouse's versions of dbt's macros (`<type>__dateadd` …), as Jinja source. */
  readonly macros?: string;
  /** The warehouse's own `adapter.*` members (dbt-duckdb's `adapter.external_root` …), added to dbt's. */
  templateMembers?(host: TemplateMemberHost): Record<string, unknown>;
  quoteIdentifier(identifier: string): string;
  /** A SQL string literal with the dialect's escaping. */
  quoteString(value: string): string;
  /** `"db"."schema"."name"` with the dialect's rules (database omitted where implicit). */
  renderRelation(relation: RelationRef, quoting?: Partial<Record<'database' | 'schema' | 'identifier', boolean>>): string;
  /** Normalise an unquoted identifier to the case the warehouse stores it in. */
  normalizeIdentifier(identifier: string): string;
  /** Type name for kiln's portable names: string, text, integer, bigint, float, numeric, boolean, timestamp, date, json. */
  typeName(portable: string): string;
  /** Current timestamp expression (for snapshots and monitoring). */
  currentTimestampSql(): string;
  createSchemaSql(database: string, schema: string): string;
  /** Drop a schema and everything in it. */
  dropSchemaSql(database: string, schema: string): string;
  /** A type name in one canonical spelling, so two spellings of a type compare equal (`int4` and `integer`). */
  canonicalTypeName(dataType: string): string;
  dropRelationSql(relation: Relation): string;
  renameRelationSql(from: Relation, toIdentifier: string): string;
  createTableAsSql(relation: RelationRef, selectSql: string, options?: { temporary?: boolean; contractColumns?: ColumnDescription[]; config?: RelationConfig }): string;
  createViewAsSql(relation: RelationRef, selectSql: string, options?: { config?: RelationConfig }): string;
  /** A new, empty table with these column definitions (`"id" INTEGER NOT NULL`, `PRIMARY KEY ("id")`), replacing one of the same name. */
  createTableSql(relation: RelationRef, definitions: string[], options?: { config?: RelationConfig }): string;
  /** `SELECT * FROM (sql) LIMIT 0`-style wrapper used for --empty and contract checks. */
  limitZeroSql(selectSql: string): string;
  hashSql(expression: string): string;
  concatSql(expressions: string[]): string;
  castSql(expression: string, typeName: string): string;
  /** `ALTER TABLE … ADD COLUMN`; `defaultSql` is the new column's default, if any. */
  addColumnSql(relation: RelationRef, column: ColumnDescription, defaultSql?: string): string;
  dropColumnSql(relation: RelationRef, column: string): string;
  /** Change a column's type in place. */
  alterColumnTypeSql(relation: RelationRef, column: string, dataType: string): string;
  /**
   * Delete the rows of `target` (aliased `DBT_INTERNAL_DEST` in `condition`) that match a row
   * of `source` (aliased `DBT_INTERNAL_SOURCE`); both are rendered relation names.
   */
  deleteMatchingSql(target: string, source: string, condition: string): string;
  /** `expression` truncated to `grain`: year, quarter, month, week, day or hour. */
  dateTruncSql(grain: string, expression: string): string;
  /** A timestamp literal from `YYYY-MM-DD HH:MM:SS` (UTC, no zone). */
  timestampLiteralSql(value: string): string;
  /**
   * `INSERT INTO target … selectSql`, columns matched by name, not position. `columns` (quoted)
   * are the select's columns where the caller knows them; a warehouse without a by-name
   * insert needs them.
   */
  insertByNameSql(target: string, selectSql: string, columns?: string[]): string;
  /**
   * The rows of query `left` not in query `right`, as multisets (a row twice in `left` and once in
   * `right` is left once): `EXCEPT ALL` where the warehouse has it. `columns` are quoted names.
   */
  exceptAllSql(left: string, right: string, columns: string[]): string;
  /** The column type of an embedding of `dimensions` floats (DuckDB: `FLOAT[384]`). */
  vectorTypeName(dimensions: number): string;
  /** How many floats the vector `expression` holds (for vector types that do not carry their length). */
  vectorLengthSql(expression: string): string;
}

/** Connection side; lives in a worker. All methods async. */
export interface AdapterConnection {
  open(): Promise<void>;
  execute(sql: string | string[], options?: ExecuteOptions): Promise<QueryResult[]>;
  listRelations(database: string, schema: string): Promise<Relation[]>;
  getColumns(relation: RelationRef): Promise<ColumnDescription[]>;
  listSchemas(database: string): Promise<string[]>;
  /** Columns and stats of many relations in a few queries, never one per relation; relations that do not exist are left out. */
  describeRelations(relations: RelationRef[]): Promise<RelationDescription[]>;
  /** Load a local CSV into `relation` natively, if `capabilities.supportsLocalCsvLoad`. */
  loadCsv?(relation: RelationRef, file: string, options: CsvLoadOptions): Promise<QueryResult>;
  /**
   * Append rows through a bulk path, if `capabilities.supportsBulkAppend`, given column by column
   * (`columns[c][r]`, in the table's column order: cheaper to build, to send across the bridge
   * and to load than one array per row). Fixed-size number arrays (`Float32Array`, `number[]`)
   * fill vector columns.
   */
  appendColumns?(relation: RelationRef, columns: unknown[][]): Promise<number>;
  /** Start a streaming read of `sql`, if `capabilities.supportsCursors`; rows come from `readCursor`. */
  openCursor?(sql: string, options?: { tag?: string }): Promise<CursorInfo>;
  /** The next rows of a cursor, about `maxRows` of them; an empty batch is the end and closes it. */
  readCursor?(cursor: string, maxRows: number): Promise<CursorBatch>;
  closeCursor?(cursor: string): Promise<void>;
  /** Cancel running statements (all, or those with `tag`). */
  cancel(tag?: string): Promise<void>;
  close(): Promise<void>;
}

export interface CursorInfo {
  id: string;
  columns: ColumnDescription[];
}

/** Rows of a cursor, column by column (cheaper to pass between threads than row arrays). */
export interface CursorBatch {
  rowCount: number;
  /** One array per column, each `rowCount` long, values as in `QueryResult.rows`. */
  columns: unknown[][];
}

export interface CsvLoadOptions {
  delimiter: string;
  /** Column name → warehouse type; unlisted columns are inferred. */
  columnTypes: Record<string, string>;
  quoteColumns: boolean;
  /** The first line names the columns (default true). */
  header?: boolean;
  /** Build under a temporary name and swap in atomically. */
  replace: boolean;
}

/** What a main-thread caller gets: the dialect plus the connection, async and sync. */
export interface Adapter {
  /** Quoting, names, capabilities and the SQL of each step, for this warehouse. */
  readonly dialect: AdapterDialect;
  /** Async connection calls (the runner). */
  readonly connection: AdapterConnection;
  /** Blocking connection calls (templates: run_query, adapter.get_columns_in_relation …). */
  readonly syncConnection: SyncAdapterConnection;
  close(): Promise<void>;
}

export type SyncAdapterConnection = {
  // NonNullable: without it the optional `loadCsv` maps to `never`.
  [K in Exclude<keyof AdapterConnection, 'open' | 'close' | 'cancel' | 'openCursor' | 'readCursor' | 'closeCursor' | 'describeRelations'>]-?: NonNullable<AdapterConnection[K]> extends (
    ...args: infer A
  ) => Promise<infer R>
    ? (...args: A) => R
    : never;
};

/** What an adapter package (built-in folder or `kiln-adapter-<type>`) exports. */
export interface ConnectionOptions {
  threads: number;
  projectRoot: string;
  /** How long to wait for another process that holds the database (a file lock), in seconds; 0 fails at once. */
  lockWaitSeconds?: number;
}

export interface AdapterModule {
  type: string;
  /**
   * The profile output as this adapter reads it: its defaults filled in (schema, database) and
   * paths resolved against the project root. Runs on the main thread, before anything reads the target.
   */
  normalizeTarget?(target: Record<string, unknown>, projectRoot: string): Record<string, unknown>;
  createDialect(target: Record<string, unknown>): AdapterDialect;
  /**
   * Runs inside the worker. May resolve asynchronously, so the module can load its
   * warehouse driver there (dynamic import) and the main thread never pays for it.
   */
  createConnection(target: Record<string, unknown>, options: ConnectionOptions): AdapterConnection | Promise<AdapterConnection>;
}
