/**
 * Which input rows an incremental TypeScript model must process. kiln keeps, beside
 * the model's table, a state table of (input, key, version) for every input row it
 * has processed; a row's version is its `content_hash` column, else its `updated_at`,
 * else a hash of the whole row. At the start of a run the difference between an
 * input and the state (new or changed keys, and keys that disappeared) goes into a
 * delta table; the model reads the changed rows through it, and at the end kiln
 * deletes the output rows of every key in the delta, inserts the new output, and
 * moves the state forward, in one transaction with the output.
 */
import type { Adapter, ColumnDescription, Relation, RelationRef } from '../adapters/types.js';
import { emptyTableSql } from '../adapters/emptyTable.js';
import { KilnError } from '../errors.js';

export const STATE_SUFFIX = '__kiln_state';
export const DELTA_SUFFIX = '__kiln_delta';

// Control characters no real text holds: a field separator and a marker for NULL.
const SEPARATOR = '\u001f';
const NULL_MARKER = '\u0002';

export interface TrackedInput {
  /** `ref('stg_documents')`, `source('raw', 'docs')`: stored in the state table. */
  label: string;
  relation: RelationRef;
}

export interface ChangeTrackerOptions {
  adapter: Adapter;
  tag: string;
  state: Relation;
  delta: Relation;
  /** The column shared by inputs and output that says which input row an output row came from. */
  key: string | undefined;
  /** The model's table exists and this is no full refresh; the state table is read only then. */
  incremental: boolean;
  stateExists: boolean;
  file: string;
}

export class ChangeTracker {
  private readonly tracked = new Map<string, Promise<string | undefined>>();
  private deltaCreated: Promise<void> | undefined;

  constructor(private readonly options: ChangeTrackerOptions) {}

  /** True once some input asked for its changes: the run then moves the state forward. */
  get active(): boolean {
    return this.tracked.size > 0;
  }

  /** Without a previous state, every row is new: the model processes everything. */
  get replacesState(): boolean {
    return !this.options.incremental || !this.options.stateExists;
  }

  /** A SQL condition on the input's rows selecting the new and changed ones (undefined: all rows). */
  changedRowsFilter(input: TrackedInput): Promise<string | undefined> {
    let pending = this.tracked.get(input.label);
    if (!pending) {
      pending = this.track(input);
      this.tracked.set(input.label, pending);
    }
    return pending;
  }

  private async track(input: TrackedInput): Promise<string | undefined> {
    const { adapter, key, file } = this.options;
    const dialect = adapter.dialect;
    if (!key) {
      throw new KilnError(`${input.label}.changed() needs the model's unique_key: the column that ties output rows to the input row they came from`, {
        file,
        hint: "set unique_key in the model's config, e.g. export const config = { materialized: 'incremental', unique_key: 'doc_id' }",
      });
    }
    const columns = await adapter.connection.getColumns(input.relation);
    const keyColumn = columns.find((c) => c.name.toLowerCase() === key.toLowerCase());
    if (!keyColumn) {
      throw new KilnError(`unique_key '${key}' is not a column of ${input.label} (its columns: ${columns.map((c) => c.name).join(', ')})`, {
        file,
        hint: 'changed() matches input rows to output rows by the unique_key column, which both must have',
      });
    }
    await this.createDelta();
    const q = (name: string) => dialect.quoteIdentifier(name);
    const asText = (expression: string) => dialect.castSql(expression, dialect.typeName('string'));
    const inputSql = dialect.renderRelation(input.relation);
    const keySql = asText(q(keyColumn.name));
    const versionSql = versionExpression(adapter, columns);
    const label = dialect.quoteString(input.label);
    const delta = dialect.renderRelation(this.options.delta);
    const state = dialect.renderRelation(this.options.state);
    const statements = this.replacesState
      ? [`insert into ${delta} select ${label}, ${keySql}, ${versionSql}, false from ${inputSql}`]
      : [
          `insert into ${delta} select ${label}, i.kiln_key, i.kiln_version, false from (select ${keySql} as kiln_key, ${versionSql} as kiln_version from ${inputSql}) i
where not exists (select 1 from ${state} s where s.kiln_input = ${label} and s.kiln_key = i.kiln_key and s.kiln_version = i.kiln_version)`,
          `insert into ${delta} select distinct ${label}, s.kiln_key, cast(null as ${dialect.typeName('string')}), true from ${state} s
where s.kiln_input = ${label} and not exists (select 1 from ${inputSql} i where ${asText(`i.${q(keyColumn.name)}`)} = s.kiln_key)`,
        ];
    await adapter.connection.execute(statements, { fetch: false, tag: this.options.tag, transaction: false });
    if (this.replacesState) return undefined;
    return `${keySql} in (select d.kiln_key from ${delta} d where d.kiln_input = ${label} and not d.kiln_deleted)`;
  }

  private createDelta(): Promise<void> {
    return (this.deltaCreated ??= (async () => {
      const { adapter, delta, tag } = this.options;
      await adapter.connection.execute(emptyTableSql(adapter.dialect, delta, stateColumns(adapter, true)), { fetch: false, tag });
    })());
  }

  /** Keys whose output rows the run replaces (changed, new or gone), as a one-column SELECT. */
  affectedKeysSql(): string {
    return `select d.kiln_key from ${this.options.adapter.dialect.renderRelation(this.options.delta)} d`;
  }

  /** The statements that move the state to this run's inputs (run with the output, in its transaction). */
  stateSql(): string[] {
    const { adapter, state, delta } = this.options;
    const dialect = adapter.dialect;
    const stateSql = dialect.renderRelation(state);
    const deltaSql = dialect.renderRelation(delta);
    const current = `select kiln_input, kiln_key, kiln_version from ${deltaSql} where not kiln_deleted`;
    if (this.replacesState) return [dialect.createTableAsSql(state, current)];
    return [
      `delete from ${stateSql} where exists (select 1 from ${deltaSql} d where d.kiln_input = ${stateSql}.kiln_input and d.kiln_key = ${stateSql}.kiln_key)`,
      `insert into ${stateSql} ${current}`,
    ];
  }

  dropDeltaSql(): string {
    return this.options.adapter.dialect.dropRelationSql(this.options.delta);
  }
}

/** The state and delta tables' columns, named as the warehouse stores an unquoted name (the SQL here writes them unquoted). */
function stateColumns(adapter: Adapter, withDeleted: boolean): ColumnDescription[] {
  const { dialect } = adapter;
  const text = dialect.typeName('string');
  const columns = [
    { name: 'kiln_input', dataType: text },
    { name: 'kiln_key', dataType: text },
    { name: 'kiln_version', dataType: text },
    ...(withDeleted ? [{ name: 'kiln_deleted', dataType: dialect.typeName('boolean') }] : []),
  ];
  return columns.map((column) => ({ ...column, name: dialect.normalizeIdentifier(column.name) }));
}

/** An input row's version: its content hash, its update time, or a hash of all its values. */
function versionExpression(adapter: Adapter, columns: ColumnDescription[]): string {
  const dialect = adapter.dialect;
  const q = (name: string) => dialect.quoteIdentifier(name);
  const asText = (expression: string) => dialect.castSql(expression, dialect.typeName('string'));
  const named = (name: string) => columns.find((c) => c.name.toLowerCase() === name);
  const marker = named('content_hash') ?? named('updated_at');
  if (marker) return asText(q(marker.name));
  const parts = columns.flatMap((c, index) => [...(index ? [dialect.quoteString(SEPARATOR)] : []), `coalesce(${asText(q(c.name))}, ${dialect.quoteString(NULL_MARKER)})`]);
  return dialect.hashSql(dialect.concatSql(parts));
}
