/**
 * Rows a TypeScript model produces → a table. The columns are the model's YAML columns
 * where they give a data_type, else inferred from the first rows (whole numbers →
 * bigint, other numbers → float, strings, booleans, Dates → timestamp, number arrays
 * → the warehouse's vector type, objects → json). Rows are buffered column by column
 * and go in through the adapter's bulk path in large batches (each append is a commit,
 * so fewer is faster), one batch in flight while the model computes the next.
 */
import type { Adapter, ColumnDescription, RelationRef } from '../adapters/types.js';
import { KilnError } from '../errors.js';
import type { ColumnInfo } from '../project/nodes.js';
import { emptyTableSql } from '../adapters/emptyTable.js';
import type { Row } from './types.js';

/** A batch holds about this many values (a vector counts as its length), within the row bounds below. */
const FLUSH_CELLS = 2_000_000;
const MIN_FLUSH_ROWS = 1_000;
const MAX_FLUSH_ROWS = 100_000;
/** Rows looked at to infer a column's type. */
const INFER_ROWS = 1_000;

export interface RowWriterOptions {
  adapter: Adapter;
  tag: string;
  relation: RelationRef;
  /** The model's YAML columns. */
  declared: ColumnInfo[];
  /** With an enforced contract, the rows must have exactly the declared columns. */
  contract: boolean;
  file: string;
  /** Statements to create the table instead of a plain CREATE (contract constraints). */
  createSql?: (columns: ColumnDescription[]) => string[];
}

export class RowWriter {
  /** Buffered values, column by column. */
  private buffer: unknown[][] = [];
  private buffered = 0;
  private flushRows = MAX_FLUSH_ROWS;
  private pending: Row[] = [];
  private columns: ColumnDescription[] | undefined;
  private names: string[] = [];
  private known = new Set<string>();
  private inFlight: Promise<void> = Promise.resolve();
  private written = 0;
  readonly sql: string[] = [];

  constructor(private readonly options: RowWriterOptions) {}

  get rowCount(): number {
    return this.written + this.buffered + this.pending.length;
  }

  /** The table's columns, once known (after the first rows, or from a contract). */
  get tableColumns(): ColumnDescription[] | undefined {
    return this.columns;
  }

  async write(row: Row): Promise<void> {
    await this.writeAll([row]);
  }

  /** Rows of a batch the model yielded; waits only when a full buffer must wait for the append before it. */
  async writeAll(rows: readonly Row[]): Promise<void> {
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        throw new KilnError(`the model produced ${Array.isArray(row) ? 'an array inside a batch' : typeof row} where a row (an object of column values) was expected`, { file: this.options.file });
      }
      if (!this.columns) {
        this.pending.push(row);
        if (this.pending.length >= INFER_ROWS) await this.start();
        continue;
      }
      this.push(row);
      if (this.buffered >= this.flushRows) await this.flush();
    }
  }

  /** Append what is buffered and wait for every append; creates the table if rows or declared types allow. */
  async finish(): Promise<{ rows: number; columns: ColumnDescription[] | undefined }> {
    if (!this.columns && (this.pending.length || this.declaredTypes().length)) await this.start();
    await this.flush();
    await this.inFlight;
    return { rows: this.written, columns: this.columns };
  }

  private declaredTypes(): ColumnInfo[] {
    return this.options.declared.filter((c) => c.data_type);
  }

  private async start(): Promise<void> {
    const { adapter, relation, tag } = this.options;
    const inferred = this.inferColumns(this.pending);
    this.columns = inferred.map((c) => c.column);
    this.names = inferred.map((c) => c.key);
    this.known = new Set(this.names);
    const create = this.options.createSql?.(this.columns) ?? [emptyTableSql(adapter.dialect, relation, this.columns)];
    await adapter.connection.execute(create, { fetch: false, tag });
    this.sql.push(...create);
    const cellsPerRow = cellsIn(this.pending[0], this.names);
    this.flushRows = Math.min(MAX_FLUSH_ROWS, Math.max(MIN_FLUSH_ROWS, Math.floor(FLUSH_CELLS / cellsPerRow)));
    this.buffer = this.emptyBuffer();
    const rows = this.pending;
    this.pending = [];
    for (const row of rows) this.push(row);
  }

  private push(row: Row): void {
    for (const key in row) {
      if (!this.known.has(key)) {
        throw new KilnError(`the model produced a row with column '${key}', which its first rows did not have (columns: ${this.names.join(', ')})`, {
          file: this.options.file,
          hint: "give every row the same keys (null for a missing value), or declare the columns in the model's YAML",
        });
      }
    }
    const { names, buffer } = this;
    for (let column = 0; column < names.length; column++) buffer[column]!.push(row[names[column]!] ?? null);
    this.buffered++;
  }

  private emptyBuffer(): unknown[][] {
    return this.names.map(() => []);
  }

  private async flush(): Promise<void> {
    if (!this.buffered) return;
    const columns = this.buffer;
    const count = this.buffered;
    this.buffer = this.emptyBuffer();
    this.buffered = 0;
    const { adapter, relation } = this.options;
    await this.inFlight;
    this.inFlight = this.append(adapter, relation, columns, count);
    this.inFlight.catch(() => {}); // reported by the next await of inFlight
  }

  private async append(adapter: Adapter, relation: RelationRef, columns: unknown[][], count: number): Promise<void> {
    try {
      if (adapter.dialect.capabilities.supportsBulkAppend && adapter.connection.appendColumns) await adapter.connection.appendColumns(relation, columns);
      else await adapter.connection.execute(insertValuesSql(adapter, relation, this.columns!.map((c) => c.name), columns, count), { fetch: false, tag: this.options.tag });
      this.written += count;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new KilnError(`could not write the model's rows: ${message}`, { file: this.options.file, hint: "declare the column's data_type in the model's YAML if kiln inferred it from the first rows", cause: error });
    }
  }

  /**
   * Each row key and the column that stores it: the key as the warehouse stores an unquoted name
   * (upper case on Snowflake), as a SQL model's column would be, unless its YAML says `quote: true`.
   */
  private inferColumns(sample: Row[]): { key: string; column: ColumnDescription }[] {
    const { adapter, file, contract } = this.options;
    const dialect = adapter.dialect;
    const declared = new Map(this.options.declared.map((c) => [c.name, c]));
    const names: string[] = [];
    const seen = new Set<string>();
    if (contract) for (const column of this.options.declared) (seen.add(column.name), names.push(column.name));
    for (const row of sample) for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), names.push(key));
    // No rows to look at: the table still gets the columns the YAML types, so downstream models and tests can read it.
    if (!sample.length) for (const column of this.declaredTypes()) if (!seen.has(column.name)) (seen.add(column.name), names.push(column.name));
    if (contract) {
      const extra = names.filter((n) => !declared.has(n));
      if (extra.length) throw new KilnError(`the model's rows have columns its contract does not declare: ${extra.join(', ')}`, { file, hint: "declare them in the model's YAML, or drop them from the rows" });
    }
    const stored = (name: string) => (declared.get(name)?.quote ? name : dialect.normalizeIdentifier(name));
    return names.map((name) => {
      const type = declared.get(name)?.data_type;
      if (type) return { key: name, column: { name: stored(name), dataType: dialect.typeName(type) } };
      if (contract) throw new KilnError(`column '${name}' has an enforced contract but no data_type`, { file, hint: 'give every column a data_type in the model YAML' });
      return { key: name, column: { name: stored(name), dataType: inferType(adapter, name, sample, file) } };
    });
  }
}

/** Values in a row, counting an array (a vector) as its length. */
function cellsIn(row: Row | undefined, names: string[]): number {
  let cells = 0;
  for (const name of names) {
    const value = row?.[name];
    cells += Array.isArray(value) || ArrayBuffer.isView(value) ? Math.max(1, (value as ArrayLike<unknown>).length) : 1;
  }
  return Math.max(1, cells);
}

function inferType(adapter: Adapter, name: string, rows: Row[], file: string): string {
  const dialect = adapter.dialect;
  const kinds = new Set<string>();
  let vectorLength: number | undefined;
  for (const row of rows) {
    const value = row[name];
    if (value === null || value === undefined) continue;
    if (typeof value === 'number') kinds.add(Number.isInteger(value) ? 'bigint' : 'float');
    else if (typeof value === 'bigint') kinds.add('bigint');
    else if (typeof value === 'string') kinds.add('string');
    else if (typeof value === 'boolean') kinds.add('boolean');
    else if (value instanceof Date) kinds.add('timestamp');
    else if (value instanceof Float32Array || value instanceof Float64Array || (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number'))) {
      kinds.add('vector');
      const length = (value as ArrayLike<number>).length;
      if (vectorLength !== undefined && vectorLength !== length) kinds.add('json');
      vectorLength = length;
    } else kinds.add('json');
  }
  if (kinds.size === 2 && kinds.has('bigint') && kinds.has('float')) return dialect.typeName('float');
  // Number arrays beside other objects (or of several lengths) are plain JSON.
  if (kinds.has('json') && kinds.has('vector')) kinds.delete('vector');
  if (kinds.size > 1) {
    throw new KilnError(`column '${name}' holds values of different kinds in the model's first rows (${[...kinds].join(', ')})`, {
      file,
      hint: `give the column one kind of value, or declare its data_type in the model's YAML`,
    });
  }
  const [kind = 'string'] = kinds;
  if (kind === 'vector') return dialect.vectorTypeName(vectorLength!);
  return dialect.typeName(kind);
}

/** The fallback for adapters without a bulk path: INSERT … VALUES with literals quoted by the dialect. */
function insertValuesSql(adapter: Adapter, relation: RelationRef, names: string[], columns: unknown[][], count: number): string {
  const dialect = adapter.dialect;
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return 'null';
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value instanceof Date) return dialect.quoteString(value.toISOString());
    return dialect.quoteString(typeof value === 'string' ? value : JSON.stringify(ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value));
  };
  const rows = Array.from({ length: count }, (_, row) => `(${columns.map((values) => literal(values[row])).join(', ')})`);
  return `insert into ${dialect.renderRelation(relation)} (${names.map((n) => dialect.quoteIdentifier(n)).join(', ')}) values\n${rows.join(',\n')}`;
}
