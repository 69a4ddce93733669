/** Run one SQL text on one DuckDB connection and shape the answer as a kiln `QueryResult`. */
import type { DuckDBConnection, DuckDBMaterializedResult, DuckDBResult, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { duckdb } from './driver.js';
import { KilnError } from '../../errors.js';
import type { ColumnDescription, QueryResult } from '../types.js';
import { toPlainValue } from './result-values.js';

const { ResultReturnType, StatementType } = duckdb;
type StatementType = import('@duckdb/node-api').StatementType;

export interface RunStatementOptions {
  params?: unknown[];
  /** Convert and return rows (default true). */
  fetch?: boolean;
  maxRows?: number;
}

export async function runStatement(connection: DuckDBConnection, sql: string, options: RunStatementOptions = {}): Promise<QueryResult> {
  const values = options.params?.map(toDuckDbParam);
  if (options.maxRows !== undefined && options.fetch !== false) {
    // Stream, so a capped read of a big result does not materialize all of it.
    const reader = await connection.streamAndReadUntil(sql, options.maxRows, values);
    const rows = (reader.convertRows(toPlainValue) as unknown[][]).slice(0, options.maxRows);
    return { columns: describeColumns(reader), rows, ...readerChangeSummary(reader, rows) };
  }
  // A materialized result's chunks are read synchronously: one async hop per statement.
  const result = await connection.run(sql, values);
  const rows = options.fetch === false ? [] : materializedRows(result);
  return { columns: describeColumns(result), rows, ...changeSummary(result) };
}

function materializedRows(result: DuckDBMaterializedResult): unknown[][] {
  const rows: unknown[][] = [];
  for (let index = 0; index < result.chunkCount; index++) {
    for (const row of result.getChunk(index).convertRows(toPlainValue)) rows.push(row);
  }
  return rows;
}

function describeColumns(result: DuckDBResult | DuckDBResultReader): ColumnDescription[] {
  const columns: ColumnDescription[] = [];
  for (let index = 0; index < result.columnCount; index++) {
    columns.push({ name: result.columnName(index), dataType: result.columnType(index).toString() });
  }
  return columns;
}

/** DML reports changed rows; `CREATE TABLE … AS` reports its row count in a `Count` column. */
function changeSummary(result: DuckDBMaterializedResult): Pick<QueryResult, 'rowsAffected' | 'message'> {
  if (result.returnType === ResultReturnType.CHANGED_ROWS) return summary(result.statementType, result.rowsChanged);
  if (isCreateWithCount(result) && result.chunkCount > 0) return summary(result.statementType, countFrom(result.getChunk(0).getRows()));
  return summary(result.statementType, undefined);
}

function readerChangeSummary(reader: DuckDBResultReader, rows: unknown[][]): Pick<QueryResult, 'rowsAffected' | 'message'> {
  if (reader.returnType === ResultReturnType.CHANGED_ROWS) return summary(reader.statementType, reader.rowsChanged);
  if (isCreateWithCount(reader)) return summary(reader.statementType, countFrom(rows));
  return summary(reader.statementType, undefined);
}

function isCreateWithCount(result: DuckDBResult | DuckDBResultReader): boolean {
  return result.statementType === StatementType.CREATE && result.columnCount === 1 && result.columnName(0) === 'Count';
}

function countFrom(rows: unknown[][]): number | undefined {
  const value = rows[0]?.[0];
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : undefined;
}

function summary(statementType: StatementType, rowsAffected: number | undefined): Pick<QueryResult, 'rowsAffected' | 'message'> {
  const verb = StatementType[statementType] ?? 'OK';
  return rowsAffected === undefined ? { message: verb } : { rowsAffected, message: `${verb} ${rowsAffected}` };
}

/** Bound parameters: primitives as themselves (whole numbers as BIGINT), dates as ISO strings. */
function toDuckDbParam(value: unknown, index: number): DuckDBValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return value.toISOString();
  throw new KilnError(`Query parameter ${index + 1} is a ${typeof value}; only strings, numbers, booleans, dates and null can be bound.`);
}
