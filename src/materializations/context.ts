/**
 * What every materialization gets: the node, the adapter, the compiler, the run's
 * flags, and a cache of the relations that exist in the warehouse.
 */
import type { Adapter, ColumnDescription, QueryResult, Relation as AdapterRelation, RelationRef } from '../adapters/types.js';
import type { NodeCompiler, CompileOptions } from '../compile/compileNode.js';
import { Relation } from '../jinja/relation.js';
import type { JinjaRuntime } from '../jinja/runtime.js';
import type { ManifestNode, SourceDefinition } from '../project/nodes.js';

export interface RunFlags {
  fullRefresh: boolean;
  empty: boolean;
  eventTimeStart?: string;
  eventTimeEnd?: string;
}

export interface MaterializationResult {
  /** `created table main.orders`, `INSERT 12`, … */
  message: string;
  rowsAffected?: number;
  /** Every statement run, in order (written to target/run/). */
  sql: string[];
  /** The compiled SELECT (run_results compiled_code). */
  compiledCode?: string;
  relationName?: string;
  /** Statuses other than success (a test's pass/warn/fail). */
  status?: 'success' | 'pass' | 'warn' | 'fail' | 'error';
  failures?: number | null;
  /** Set by the embedding post-hook. */
  embedding?: import('../artifacts/runResults.js').EmbeddingResponse;
}

/**
 * What a node's statements cost, summed over them: the warehouse's own figures, where it
 * reports them (bytes and slot time on BigQuery; query ids on Snowflake and BigQuery).
 */
export class StatementCost {
  bytesProcessed?: number;
  bytesBilled?: number;
  slotMs?: number;
  /** The last statement's id, as dbt's adapter_response.query_id. */
  queryId?: string;
  statements = 0;

  add(results: readonly QueryResult[]): void {
    for (const r of results) {
      this.statements++;
      if (r.bytesProcessed !== undefined) this.bytesProcessed = (this.bytesProcessed ?? 0) + r.bytesProcessed;
      if (r.bytesBilled !== undefined) this.bytesBilled = (this.bytesBilled ?? 0) + r.bytesBilled;
      if (r.slotMs !== undefined) this.slotMs = (this.slotMs ?? 0) + r.slotMs;
      if (r.queryId !== undefined) this.queryId = r.queryId;
    }
  }
}

/** Relations per schema, listed once per run and updated as nodes build. */
export class RelationCache {
  private readonly schemas = new Map<string, Promise<Map<string, AdapterRelation>>>();
  constructor(private readonly adapter: Adapter) {}

  private key(database: string, schema: string): string {
    return `${database.toLowerCase()}.${schema.toLowerCase()}`;
  }

  private list(database: string, schema: string): Promise<Map<string, AdapterRelation>> {
    const key = this.key(database, schema);
    let entry = this.schemas.get(key);
    if (!entry) {
      entry = this.adapter.connection.listRelations(database, schema).then((relations) => new Map(relations.map((r) => [r.identifier.toLowerCase(), r])));
      this.schemas.set(key, entry);
    }
    return entry;
  }

  async get(ref: RelationRef): Promise<AdapterRelation | undefined> {
    return (await this.list(ref.database, ref.schema)).get(ref.identifier.toLowerCase());
  }

  async set(relation: AdapterRelation): Promise<void> {
    (await this.list(relation.database, relation.schema)).set(relation.identifier.toLowerCase(), relation);
  }

  async delete(ref: RelationRef): Promise<void> {
    (await this.list(ref.database, ref.schema)).delete(ref.identifier.toLowerCase());
  }

  /** Forget a schema (after a custom materialization may have changed it). */
  invalidate(ref: RelationRef): void {
    this.schemas.delete(this.key(ref.database, ref.schema));
  }
}

/** Lines a node reports while it runs: a model's own log lines, and progress of long steps. */
export interface NodeReporter {
  log(message: string): void;
  /** The current state of a long step (`embedding 1,200 of 5,000 rows`); replaces the previous one. */
  progress(message: string): void;
}

const SILENT: NodeReporter = { log: () => {}, progress: () => {} };

export class MaterializationContext {
  /** Set by the runner to show a node's lines in the run's output. */
  reporter: NodeReporter = SILENT;
  /** The warehouse's cost of what this node ran. */
  readonly cost = new StatementCost();

  constructor(
    readonly node: ManifestNode,
    readonly adapter: Adapter,
    readonly compiler: NodeCompiler,
    readonly runtime: JinjaRuntime,
    readonly flags: RunFlags,
    readonly relations: RelationCache,
    /** Tag for cancelling this node's statements. */
    readonly tag: string,
  ) {}

  /** The node's `query_tag` config, for warehouses that label statements (Snowflake). */
  get queryTag(): string | undefined {
    const tag = this.node.config['query_tag'];
    return typeof tag === 'string' && tag ? tag : undefined;
  }

  get dialect() {
    return this.adapter.dialect;
  }

  get target(): AdapterRelation {
    const relation = this.compiler.relationOf(this.node);
    return { database: relation.database, schema: relation.schema, identifier: relation.identifier, type: relation.type ?? 'table' };
  }

  render(relation: RelationRef): string {
    return this.dialect.renderRelation(relation);
  }

  /** Is a full refresh asked for this node (flag, unless `full_refresh: false`; or `full_refresh: true`)? */
  get fullRefresh(): boolean {
    const configured = this.node.config['full_refresh'];
    if (configured === true) return true;
    if (configured === false) return false;
    return this.flags.fullRefresh;
  }

  /** Compile the node (or `code`) for execution; --empty wraps every ref/source in `limit 0`. */
  compile(options: Partial<CompileOptions> = {}): string {
    const relationFor = this.flags.empty
      ? (_parent: ManifestNode | SourceDefinition, relation: Relation) => withOptions(this.dialect, relation, { limit: 0 })
      : options.relationFor;
    const compiled = this.compiler.compile(this.node, { mode: 'execute', ...options, relationFor });
    return compiled.sql;
  }

  async execute(sql: string | string[], options: { transaction?: boolean; fetch?: boolean; maxRows?: number } = {}): Promise<QueryResult[]> {
    const results = await this.adapter.connection.execute(sql, { fetch: false, ...options, tag: this.tag, queryTag: this.queryTag });
    this.cost.add(results);
    return results;
  }

  /** The columns a SELECT produces, without running it for real. */
  async queryColumns(selectSql: string): Promise<ColumnDescription[]> {
    const results = await this.adapter.connection.execute(this.dialect.limitZeroSql(selectSql), { fetch: true, tag: this.tag, queryTag: this.queryTag });
    this.cost.add(results);
    return results[0]?.columns ?? [];
  }
}

/** A copy of `relation` with a limit or an event-time filter (keeps its quoting). */
export function withOptions(dialect: Adapter['dialect'], relation: Relation, options: { limit?: number; eventTimeFilter?: Relation['event_time_filter'] }): Relation {
  return new Relation(
    dialect,
    { database: relation.database, schema: relation.schema, identifier: relation.identifier, type: relation.type },
    {
      include: relation.include_policy,
      quote: relation.quote_policy,
      cteName: relation.cte_name,
      limit: options.limit ?? relation.limit,
      eventTimeFilter: options.eventTimeFilter ?? relation.event_time_filter,
    },
  );
}

export function relationLabel(relation: RelationRef): string {
  return relation.schema ? `${relation.schema}.${relation.identifier}` : relation.identifier;
}

export function sumRows(results: QueryResult[]): number | undefined {
  let total: number | undefined;
  for (const r of results) if (r.rowsAffected !== undefined) total = (total ?? 0) + r.rowsAffected;
  return total;
}
